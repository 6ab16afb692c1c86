// The members of a workspace's finished campaigns as rows to learn from:
// each member's features as they stood at the campaign's draw, and what
// happened after it (docs/analytics.md, "Campaign response and uplift").
//
// Features as of the draw: a campaign drawn on day D reads orders and
// complaints up to D - 1 (the churn features at snapshot D - 1, so a
// purchase or complaint on the draw day or later changes nothing), RFM
// scores among the customers who had bought by then, and the customer's
// memberships of campaigns drawn before D (past responses recorded before
// D, messages received in the 90 days before D). The first nine columns
// are the planted generator's (planted_campaigns.h), in its order.
//
// Outcomes, read after the draw: bought (an order on a day in the outcome
// window [first, last], both groups), revenue (their net spend in the
// window, minor units), responded and converted (recorded against treated
// members; a control member never responds).
//
// Pure: the caller loads the log, the complaints and the campaigns. Cost:
// one churn feature build per distinct draw day, plus O(members log
// members) for the campaign history.
//
// The loyalty tier (the last column) is the tier the programme's rules give
// for the year before the draw: spend of the log's orders on days D - 365
// to D - 1, or the points earned on those days by the loyalty records
// (earn entries dated then), by the programme's tier basis, as
// services/loyalty/points.h's TierFor places a customer. It is the tier's
// position (0 for the first), NaN for a customer with no loyalty record
// dated before D (not in the programme yet) or a workspace with no tiers.
#ifndef VAFA_ANALYTICS_RESPONSE_DRAW_FEATURES_H_
#define VAFA_ANALYTICS_RESPONSE_DRAW_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analytics/churn/churn_features.h"
#include "analytics/transaction_log.h"

namespace vafa::analytics::response {

inline constexpr std::array<std::string_view, 19> kDrawFeatureNames = {
    "recency_days",    "orders_last_year",  "mean_order_value",
    "tenure_days",     "past_responses",    "messages_last_90_days",
    "open_complaints", "channel_sms",       "recency_over_rhythm",
    "rfm_recency",     "rfm_frequency",     "rfm_monetary",
    "orders",          "revenue",           "complaints",
    "past_messages",   "probability_alive", "expected_purchases",
    "loyalty_tier"};
inline constexpr int kDrawFeatureCount =
    static_cast<int>(kDrawFeatureNames.size());

// A drawn campaign. Members of every drawn campaign count in the history
// of later draws; only those of campaigns marked `learn` (finished, of the
// type asked for) become rows.
struct DrawnCampaign {
  int64_t id = 0;
  bool learn = true;
  DayNumber draw_day = 0;
  DayNumber window_first = 0, window_last = 0;  // the outcome window
  std::string channel;
  std::string goal;
};

struct DrawnMember {
  int32_t campaign = 0;     // index into the campaigns
  int64_t customer_id = 0;  // the store's
  int32_t customer = -1;    // index into the log; -1: no order in it
  bool control = false;
  DayNumber responded_day = churn::kNever;
  DayNumber converted_day = churn::kNever;
};

struct CampaignMemberRows {
  int64_t rows = 0;
  int cols = kDrawFeatureCount;
  std::vector<float> x;  // row-major, NaN for no value
  std::vector<int32_t> campaign;
  std::vector<int64_t> customer_id;
  std::vector<uint8_t> treated, responded, converted, bought;
  std::vector<int64_t> revenue;  // minor units, net, in the window
  float at(int64_t row, int feature) const {
    return x[static_cast<size_t>(row) * cols + feature];
  }
};

// The loyalty programme's tiers and each customer's loyalty records, as
// far as the tier at a past day needs them.
struct LoyaltyRecords {
  bool tier_by_points = false;  // else by spend
  // Each tier's minimum spend (minor units) or points, in the programme's
  // order (ascending; the first is 0). Empty: no tiers, no tier feature.
  std::vector<int64_t> tier_minimum;
  struct Account {
    DayNumber first_day = churn::kNever;  // of the customer's first record
    std::vector<std::pair<DayNumber, int64_t>> earned;  // (day, points)
  };
  std::unordered_map<int64_t, Account> accounts;  // by customer id
};

// The tier position of the customer `customer_id` (log index `customer`,
// -1 when not in the log) as it stood at the end of `day`; NaN when they had
// no loyalty record by then or there are no tiers.
float LoyaltyTierAt(const TransactionLog& log, const LoyaltyRecords& loyalty,
                    int64_t customer_id, int32_t customer, DayNumber day);

// One row per member of a `learn` campaign, in the members' order. `p_alive`
// may be empty (those two columns are then NaN).
CampaignMemberRows BuildCampaignMemberRows(
    const TransactionLog& log, const churn::ComplaintLog& complaints,
    const std::vector<DrawnCampaign>& campaigns,
    const std::vector<DrawnMember>& members,
    const churn::ProbabilityAliveFunction& p_alive,
    const LoyaltyRecords& loyalty, int threads = 0);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_DRAW_FEATURES_H_
