// Campaign members with planted response and uplift drivers and the truth
// kept, to measure the response and uplift models against what is known.
//
// Each member has the features vafa keeps at a draw (kFeatureNames) and one
// of four planted kinds, which depend on the features:
//   - persuadable: buys far more often when treated (slipping customers who
//     answered campaigns before: 1 to 3 times their own purchase rhythm
//     since the last order, at least one past response);
//   - put off: buys less when treated (an open complaint, or six or more
//     messages in the last 90 days);
//   - sure thing / lost cause: the message changes little; how often they
//     buy follows frequency and recency.
// The true uplift P(buy | treated) - P(buy | held out) of every member is
// kept, so a model's ranking can be compared with the oracle's. Responding
// to the message (treated members only) follows past responses, channel,
// frequency and fatigue.
#ifndef VAFA_ANALYTICS_RESPONSE_PLANTED_CAMPAIGNS_H_
#define VAFA_ANALYTICS_RESPONSE_PLANTED_CAMPAIGNS_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace vafa::analytics::response {

inline constexpr std::array<std::string_view, 9> kFeatureNames = {
    "recency_days",    "orders_last_year", "mean_order_value",
    "tenure_days",     "past_responses",   "messages_last_90_days",
    "open_complaints", "channel_sms",      "recency_over_rhythm"};

enum class PlantedKind : uint8_t { kPersuadable, kPutOff, kUnmoved };

struct PlantedMembers {
  int64_t rows = 0;
  int cols = static_cast<int>(kFeatureNames.size());
  std::vector<float> x;  // row-major
  std::vector<uint8_t> treated, responded, bought;
  std::vector<double> true_uplift;    // per member
  std::vector<double> true_response;  // P(respond | treated)
  std::vector<PlantedKind> kind;
};

struct PlantOptions {
  int64_t members = 100000;
  double treated_share = 0.8;  // the rest held out as control
  uint64_t seed = 1;
};

PlantedMembers PlantCampaignMembers(const PlantOptions& options);

// The demo workspace's planted truth for a campaign member, from their
// features at the draw (a row in draw_features.h's kDrawFeatureNames
// order), on top of whatever the member buys anyway:
//   - put off: an open complaint, or two or more messages in the 90 days
//     before the draw; treated, they lose half their planted purchase;
//   - persuadable: 1 to 3 times their own purchase rhythm since the last
//     order and at least one past response; treated, +0.3;
//   - unmoved: the message changes nothing.
// The planted purchase, held out, follows orders in the last year and
// recency in rhythms; responding (treated members) follows past responses,
// channel, orders in the last year and recent messages.
struct DrawTruth {
  PlantedKind kind = PlantedKind::kUnmoved;
  double buy_held_out = 0, buy_treated = 0;  // planted purchase
  double respond = 0;                        // P(respond | treated)
  double uplift() const { return buy_treated - buy_held_out; }
};
DrawTruth PlantedTruthAtDraw(const float* draw_row);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_PLANTED_CAMPAIGNS_H_
