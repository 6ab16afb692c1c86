// The transparent churn model: documented factors, each adding a fixed
// weight to the log-odds of churn when it holds for a customer, and the
// plain-word reasons, churn stage and next best action that follow from
// them (docs/analytics.md, "Churn").
//
//   risk = 1 / (1 + exp(-(kRuleBase + sum of the weights of the factors
//                          that hold)))
//
// Service causes weigh too: a complaint resolved late or left overdue, and a
// satisfaction rating of 1 or 2 (the service the customer got).
// Causes (what the business can act on: controllable) and lifecycle
// (uncontrollable) factors carry the weights of the CRM literature's
// ordering: a complaint most, then buying from one category, getting no
// discount, using one channel, being new; the weights are the logs of the
// risk ratios the literature reports (2.5, 2, 1.6, 1.5). Symptoms (overdue
// on the customer's own rhythm, falling orders, a low P(alive)) say that
// churn is under way rather than why.
#ifndef VAFA_ANALYTICS_CHURN_CHURN_RULES_H_
#define VAFA_ANALYTICS_CHURN_CHURN_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/churn/churn_features.h"

namespace vafa::analytics::churn {

enum class ReasonKind { kCause, kLifecycle, kSymptom };

struct ChurnFactor {
  std::string_view code;  // stable: stored and translated by the UI
  double weight;          // on the log-odds
  ReasonKind kind;
  bool controllable;
  int feature;  // the feature whose value the reason cites
};

// All factors, heaviest first within each kind.
const std::vector<ChurnFactor>& ChurnFactors();
inline constexpr double kRuleBase = -2.2;

struct Reason {
  int factor = 0;   // index into ChurnFactors()
  float value = 0;  // the cited feature's value for this customer
};

// The factors that hold for one customer's feature row, by weight
// (heaviest first).
std::vector<Reason> RuleReasons(const float* row);
// The rule model's log-odds for a feature row (NaN without an order), and
// its uncalibrated risk 1 / (1 + exp(-log-odds)); ChurnResult holds the
// risk calibrated on the training rows (calibration.h).
double RuleLogOdds(const float* row);
double RuleRisk(const float* row);

// "complaint:1;one_category:4" (code:value, heaviest first).
std::string FormatReasons(const std::vector<Reason>& reasons);
// English words for a reason, naming the value ("bought from one category
// only, in 4 orders").
std::string DescribeReason(const Reason& reason);

// Bands follow the expected value at risk (risk x the customer's value),
// not the risk alone: customers ranked by value at risk, highest first, are
// high while the value at risk of those ranked above them is under half of
// the total, medium while it is under 80%, low after (the last fifth of the
// value at risk, spread over many small customers). Customers with no value
// at risk are low. So "high" is the few whose loss would cost most, however
// high everyone's probability is.
enum class RiskBand { kLow, kMedium, kHigh };
inline constexpr double kHighValueAtRiskShare = 0.5;
inline constexpr double kMediumValueAtRiskShare = 0.8;
// One band per entry of `value_at_risk` (NaN or <= 0: low).
std::vector<RiskBand> BandsByValueAtRisk(
    const std::vector<double>& value_at_risk);
std::string_view RiskBandName(RiskBand band);

// Where an at-risk customer stands on the way out, from their own rhythm:
//   awareness  - still buying on time, but a cause or a falling trend shows
//   search     - overdue 1.5-2.5 times their usual gap, or falling orders
//   evaluation - overdue 2.5-4 times
//   transfer   - overdue more than 4 times (one-time buyers: silent for
//                more than half the window)
//   settled    - no purchase for the whole window: settled elsewhere
// "" for a customer in the low band who is not settled.
std::string_view ChurnStage(const float* row, RiskBand band, int window_days);

// The next best action for an at-risk customer and the share of the value
// at risk it is expected to keep (documented defaults):
//   service_follow_up (an unresolved or recent complaint) 0.30,
//   call (high value, no cause to act on) 0.20, discount (never had one)
//   0.15, offer (one category or channel: cross-sell) 0.10.
struct RetentionAction {
  std::string_view action;  // "" for the low band
  double save_rate = 0;
};
RetentionAction NextBestAction(const std::vector<Reason>& reasons,
                               RiskBand band, bool high_value);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CHURN_RULES_H_
