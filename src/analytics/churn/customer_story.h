// One story per customer: the rule that says how a customer's RFM segment,
// P(alive) and churn risk fit together, as a kind and the numbers a
// sentence cites. The words are the UI's, in each language (web/src/i18n,
// "story.*"); the API returns this (docs/analytics.md, "One story per
// customer").
//
// The rule, in order:
//   too_early  - first purchase fewer than `window_days` before the churn
//                run's day and fewer than three purchase days: one gap is
//                not a rhythm, and a whole churn window has not passed
//                since they came, so no risk is judged (the models learned
//                on customers with that much history);
//   steady     - churn risk under one half and P(alive) at least one half
//                (or unknown): both models see an active customer;
//   alive_but_at_risk - risk at least one half although P(alive) is at
//                least one half: the purchase model counts purchases, the
//                churn model reads the signs (the overdue gap, a complaint);
//   fading     - risk at least one half and P(alive) under one half: both
//                models see them leaving;
//   quiet      - risk under one half and P(alive) under one half: the
//                purchase model doubts them, the churn model does not.
// `cites_gap` is set when the last gap is at least twice the usual one, so
// the sentence names both ("their last gap is 5x their usual 4 days").
// A pure function; no state.
#ifndef VAFA_ANALYTICS_CHURN_CUSTOMER_STORY_H_
#define VAFA_ANALYTICS_CHURN_CUSTOMER_STORY_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace vafa::analytics::churn {

struct CustomerStoryInput {
  std::string segment;  // the RFM segment, "" when not scored
  double p_alive = std::numeric_limits<double>::quiet_NaN();
  double churn_risk = std::numeric_limits<double>::quiet_NaN();
  int64_t purchase_days = 0;     // days with a purchase (refunds not counted)
  int64_t days_since_first = 0;  // at the churn run's day
  int64_t days_since_last = 0;
  int window_days = 365;  // the churn run's window
};

enum class StoryKind { kTooEarly, kSteady, kAliveButAtRisk, kFading, kQuiet };

struct CustomerStory {
  StoryKind kind = StoryKind::kSteady;
  double usual_gap_days = 0;  // mean days between purchase days; 0: one day
  double gap_ratio = 0;       // days since last / usual gap; 0: one day
  bool cites_gap = false;
};

// The kind of sentence for one customer and its derived numbers. Needs
// churn_risk; a NaN risk gives too_early (nothing judged).
CustomerStory TellCustomerStory(const CustomerStoryInput& input);

// "too_early", "steady", "alive_but_at_risk", "fading", "quiet".
std::string_view StoryKindName(StoryKind kind);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CUSTOMER_STORY_H_
