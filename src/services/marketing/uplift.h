// A campaign's figures (docs/marketing.md): response and conversion rates
// as recorded, and, when a control group was held out, the uplift measured
// honestly on what both groups bought in the campaign's window, with its
// 95% interval and a two-proportion z test, the incremental revenue and
// the return on the campaign's cost.
#ifndef VAFA_SERVICES_MARKETING_UPLIFT_H_
#define VAFA_SERVICES_MARKETING_UPLIFT_H_

#include <cstdint>

namespace vafa::services::marketing {

struct GroupOutcome {
  int64_t members = 0;
  int64_t responded = 0;               // recorded responses (treatment only)
  int64_t converted = 0;               // recorded conversions (treatment only)
  int64_t recorded_revenue_minor = 0;  // with the conversions
  int64_t buyers = 0;                  // bought in the window
  int64_t new_buyers = 0;              // ... having never bought before it
  int64_t never_bought = 0;          // members with no order before the window
  int64_t window_revenue_minor = 0;  // everything they bought in the window
  // The sum over members of the square of what each bought in the window,
  // for the spread of spend (0 when not measured: no revenue interval).
  double window_revenue_squares = 0;
};

struct CampaignFigures {
  // NaN where a rate has no members to be a rate of.
  double response_rate = 0;    // responded / treatment members
  double conversion_rate = 0;  // converted / treatment members
  double buy_rate_treatment = 0;
  double buy_rate_control = 0;
  double acquisition_rate = 0;  // new buyers / members who never bought
  bool has_control = false;
  double uplift = 0;      // buy rate treatment - control
  double uplift_low = 0;  // 95% interval (unpooled standard error)
  double uplift_high = 0;
  double p_value = 1;  // two-sided, pooled two-proportion z test
  double revenue_per_member_treatment = 0;
  double revenue_per_member_control = 0;
  // (revenue per member treatment - control) x treatment members; without
  // a control group, the recorded revenue of the conversions.
  double incremental_revenue_minor = 0;
  // Its 95% interval with a control group whose spread was measured:
  // (difference of the mean spend per member +- 1.96 standard errors,
  // Welch's sqrt(s_t^2 / n_t + s_c^2 / n_c)) x treatment members; NaN
  // otherwise.
  double incremental_revenue_low_minor = 0;
  double incremental_revenue_high_minor = 0;
  double roi = 0;  // (incremental revenue - cost) / cost; NaN at no cost
};

CampaignFigures ComputeCampaignFigures(const GroupOutcome& treatment,
                                       const GroupOutcome& control,
                                       int64_t cost_minor);

}  // namespace vafa::services::marketing

#endif  // VAFA_SERVICES_MARKETING_UPLIFT_H_
