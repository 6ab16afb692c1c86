#include "services/marketing/uplift.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vafa::services::marketing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Rate(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole)
                   : kNaN;
}

// The sample variance of what each of a group's members spent.
double SpendVariance(const GroupOutcome& group) {
  if (group.members < 2) return 0;
  const auto n = static_cast<double>(group.members);
  const double mean = static_cast<double>(group.window_revenue_minor) / n;
  return std::max(0.0,
                  (group.window_revenue_squares - n * mean * mean) / (n - 1));
}

}  // namespace

CampaignFigures ComputeCampaignFigures(const GroupOutcome& treatment,
                                       const GroupOutcome& control,
                                       int64_t cost_minor) {
  CampaignFigures f;
  f.response_rate = Rate(treatment.responded, treatment.members);
  f.conversion_rate = Rate(treatment.converted, treatment.members);
  f.buy_rate_treatment = Rate(treatment.buyers, treatment.members);
  f.buy_rate_control = Rate(control.buyers, control.members);
  f.acquisition_rate = Rate(treatment.new_buyers, treatment.never_bought);
  f.revenue_per_member_treatment =
      treatment.members > 0
          ? static_cast<double>(treatment.window_revenue_minor) /
                static_cast<double>(treatment.members)
          : kNaN;
  f.revenue_per_member_control =
      control.members > 0 ? static_cast<double>(control.window_revenue_minor) /
                                static_cast<double>(control.members)
                          : kNaN;
  f.has_control = control.members > 0 && treatment.members > 0;
  if (f.has_control) {
    const double n1 = static_cast<double>(treatment.members);
    const double n2 = static_cast<double>(control.members);
    const double p1 = f.buy_rate_treatment, p2 = f.buy_rate_control;
    f.uplift = p1 - p2;
    const double se = std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    f.uplift_low = f.uplift - 1.959963984540054 * se;
    f.uplift_high = f.uplift + 1.959963984540054 * se;
    const double pooled =
        (static_cast<double>(treatment.buyers + control.buyers)) / (n1 + n2);
    const double pooled_se =
        std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    f.p_value =
        pooled_se > 0
            ? std::erfc(std::fabs(f.uplift) / pooled_se / std::sqrt(2.0))
            : 1.0;
    f.incremental_revenue_minor =
        (f.revenue_per_member_treatment - f.revenue_per_member_control) * n1;
    f.incremental_revenue_low_minor = f.incremental_revenue_high_minor = kNaN;
    if (treatment.window_revenue_squares > 0 ||
        control.window_revenue_squares > 0) {
      const double spend_se = std::sqrt(SpendVariance(treatment) / n1 +
                                        SpendVariance(control) / n2);
      f.incremental_revenue_low_minor =
          f.incremental_revenue_minor - 1.959963984540054 * spend_se * n1;
      f.incremental_revenue_high_minor =
          f.incremental_revenue_minor + 1.959963984540054 * spend_se * n1;
    }
  } else {
    f.incremental_revenue_low_minor = f.incremental_revenue_high_minor = kNaN;
    f.uplift = f.uplift_low = f.uplift_high = kNaN;
    f.p_value = kNaN;
    f.incremental_revenue_minor =
        static_cast<double>(treatment.recorded_revenue_minor);
  }
  f.roi =
      cost_minor > 0
          ? (f.incremental_revenue_minor - static_cast<double>(cost_minor)) /
                static_cast<double>(cost_minor)
          : kNaN;
  return f;
}

}  // namespace vafa::services::marketing
