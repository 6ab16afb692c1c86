// The audiences a new campaign can be drawn from, chosen on the scores a
// response run stored (pipeline/response_training.h), and what to expect of
// one before sending (docs/analytics.md, "Audiences"):
//   predicted responders: the highest P(respond | sent);
//   persuadable: the highest predicted uplift, positive only;
//   do not disturb: negative predicted uplift, the most negative first
//     (customers whom a message drives away: an audience to leave out).
//
// Expected responders: the sum of the members' P(respond | sent); its 95%
// interval is that sum +- 1.96 sqrt(sum p (1 - p)), the members' answers
// taken as independent Bernoulli draws (normal approximation), clipped to
// [0, size].
// Expected incremental buyers: what the chosen uplift model's ranking
// achieved on the held-out campaigns. Each member is placed in the decile
// of predicted uplift their rank among all scored customers falls in
// (floor(10 rank / N), highest first) and counts that holdout decile's
// measured uplift (treated buy rate - held-out buy rate); the variance of
// the sum is sum over deciles of (members in it)^2 times the decile's
// sampling variance tr (1 - tr) / n_t + cr (1 - cr) / n_c, and the 95%
// interval +- 1.96 standard deviations. A decile the holdout left without
// treated or without held-out members counts as no uplift.
// Expected incremental revenue: incremental buyers (and their interval)
// times the mean net spend in the outcome window of the treated members
// who bought; the spread of spend is not in the interval.
// Pure functions; O(N log N) in the scored customers.
#ifndef VAFA_ANALYTICS_RESPONSE_AUDIENCE_ESTIMATE_H_
#define VAFA_ANALYTICS_RESPONSE_AUDIENCE_ESTIMATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::response {

enum class Audience { kPredictedResponders, kPersuadable, kDoNotDisturb };

// "predicted_responders", "persuadable", "do_not_disturb".
std::string_view AudienceName(Audience audience);
std::optional<Audience> ParseAudience(std::string_view name);

// One entry per scored customer.
struct ScoredCustomers {
  std::vector<int64_t> customer_id;
  std::vector<double> respond;  // P(respond | sent)
  std::vector<double> uplift;   // predicted uplift
};

// A decile of the chosen uplift model on the holdout.
struct HoldoutUpliftDecile {
  int64_t treated = 0, control = 0;
  double treated_rate = 0, control_rate = 0;  // NaN: no members
};

struct Expectation {
  double value = 0, low = 0, high = 0;
};

struct AudienceEstimate {
  Audience audience = Audience::kPredictedResponders;
  int64_t available = 0;  // the most customers the audience holds
  int64_t size = 0;
  // The score of the last member taken (P(respond) for predicted
  // responders, predicted uplift otherwise); NaN when the audience is empty.
  double boundary_score = 0;
  std::vector<int64_t> members;  // customer ids, in the audience's order
  Expectation responders, incremental_buyers, incremental_revenue;
};

// `size` 0: the default, the top `default_share` of the scored customers
// for predicted responders and persuadable (fewer when fewer have a
// positive uplift), every negative uplift for do not disturb. A size over
// what the audience holds is refused naming "size".
Result<AudienceEstimate> EstimateAudience(
    const ScoredCustomers& scored,
    const std::array<HoldoutUpliftDecile, 10>& deciles, Audience audience,
    int64_t size, double default_share, double spend_per_buyer);

// What to expect of a campaign sent to these customers (a drawn campaign's
// treated members), computed as for an audience over the members that were
// scored: each scored member's P(respond | sent) and their uplift decile's
// holdout uplift (the decile of their rank among all scored customers).
// Members without scores (no purchase by the run) count in neither figure;
// `scored_members` says how many had them.
struct MemberEstimate {
  int64_t members = 0, scored_members = 0;
  Expectation responders, incremental_buyers, incremental_revenue;
};
MemberEstimate EstimateMembers(
    const ScoredCustomers& scored,
    const std::array<HoldoutUpliftDecile, 10>& deciles,
    const std::vector<int64_t>& member_ids, double spend_per_buyer);

// Whether `actual` lies in the expectation's interval (ends included);
// false for a NaN.
bool WithinInterval(const Expectation& expected, double actual);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_AUDIENCE_ESTIMATE_H_
