#include "analytics/churn/churn_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vafa::analytics::churn {
namespace {

enum FactorIndex {
  kComplaint,
  kUnresolvedComplaint,
  kSlowComplaint,
  kLowSatisfactionFactor,
  kOneCategory,
  kNoDiscount,
  kOneChannel,
  kShortTenure,
  kLongOverdue,
  kOverdue,
  kSilent,
  kFalling,
  kLowProbabilityAlive,
};

// Days a one-time buyer may stay silent before it is a symptom; the months
// in which the literature sees most new customers leave.
constexpr float kSilentDays = 120;
constexpr float kShortTenureDays = 120;

bool Holds(int factor, const float* row) {
  const float orders = row[kOrders];
  switch (factor) {
    case kComplaint:
      return row[kComplaints] >= 1;
    case kUnresolvedComplaint:
      return row[kUnresolvedComplaints] >= 1;
    case kSlowComplaint:
      return row[kSlowComplaints] >= 1;
    case kLowSatisfactionFactor:
      return row[kLowSatisfaction] >= 1;
    case kOneCategory:
      return orders >= 2 && row[kDistinctCategories] == 1;
    case kNoDiscount:
      return orders >= 2 && row[kDiscountShare] == 0;
    case kOneChannel:
      return orders >= 3 && row[kDistinctChannels] == 1;
    case kShortTenure:
      return row[kTenureDays] < kShortTenureDays;
    case kLongOverdue:
      return row[kOverdueRatio] >= 4;
    case kOverdue:
      return row[kOverdueRatio] >= 2 && row[kOverdueRatio] < 4;
    case kSilent:
      return std::isnan(row[kOverdueRatio]) && row[kRecencyDays] >= kSilentDays;
    case kFalling:
      return row[kOrdersBefore] >= 2 && row[kOrderTrend] <= -0.5f;
    case kLowProbabilityAlive:
      return row[kProbabilityAlive] < 0.3f;
  }
  return false;  // NaN comparisons above are false too: no value, no reason
}

}  // namespace

const std::vector<ChurnFactor>& ChurnFactors() {
  static const std::vector<ChurnFactor> kFactors = {
      {"complaint", std::log(2.5), ReasonKind::kCause, true, kComplaints},
      {"unresolved_complaint", 0.5, ReasonKind::kCause, true,
       kUnresolvedComplaints},
      {"slow_complaint", 0.4, ReasonKind::kCause, true, kSlowComplaints},
      {"low_satisfaction", 0.7, ReasonKind::kCause, true, kLowSatisfaction},
      {"one_category", std::log(2.0), ReasonKind::kCause, true, kOrders},
      {"no_discount", std::log(1.6), ReasonKind::kCause, true, kOrders},
      {"one_channel", std::log(1.5), ReasonKind::kCause, true, kOrders},
      {"short_tenure", 0.4, ReasonKind::kLifecycle, false, kTenureDays},
      {"long_overdue", 1.8, ReasonKind::kSymptom, false, kOverdueRatio},
      {"overdue", 1.0, ReasonKind::kSymptom, false, kOverdueRatio},
      {"silent", 1.2, ReasonKind::kSymptom, false, kRecencyDays},
      {"falling_orders", 0.6, ReasonKind::kSymptom, false, kOrderTrend},
      {"low_p_alive", 0.8, ReasonKind::kSymptom, false, kProbabilityAlive},
  };
  return kFactors;
}

std::vector<Reason> RuleReasons(const float* row) {
  std::vector<Reason> reasons;
  if (!(row[kOrders] >= 1)) return reasons;
  const auto& factors = ChurnFactors();
  for (int f = 0; f < static_cast<int>(factors.size()); ++f) {
    if (Holds(f, row)) reasons.push_back({f, row[factors[f].feature]});
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [&](const Reason& a, const Reason& b) {
                     return factors[a.factor].weight > factors[b.factor].weight;
                   });
  return reasons;
}

double RuleLogOdds(const float* row) {
  if (!(row[kOrders] >= 1)) return std::nan("");
  double z = kRuleBase;
  const auto& factors = ChurnFactors();
  for (int f = 0; f < static_cast<int>(factors.size()); ++f) {
    if (Holds(f, row)) z += factors[f].weight;
  }
  return z;
}

double RuleRisk(const float* row) {
  return 1.0 / (1.0 + std::exp(-RuleLogOdds(row)));
}

namespace {
std::string FormatValue(float value) {
  char text[32];
  if (value == std::floor(value) && std::fabs(value) < 1e9f) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.2f", value);
  }
  return text;
}
}  // namespace

std::string FormatReasons(const std::vector<Reason>& reasons) {
  std::string out;
  for (const Reason& reason : reasons) {
    if (!out.empty()) out += ';';
    out += ChurnFactors()[reason.factor].code;
    out += ':';
    out += FormatValue(reason.value);
  }
  return out;
}

std::string DescribeReason(const Reason& reason) {
  const std::string v = FormatValue(reason.value);
  switch (reason.factor) {
    case kComplaint:
      return "complained " + v + (v == "1" ? " time" : " times");
    case kUnresolvedComplaint:
      return v + " complaint(s) still unresolved";
    case kSlowComplaint:
      return v + " complaint(s) resolved late or overdue";
    case kLowSatisfactionFactor:
      return "rated the service 1 or 2 out of 5, " + v + " time(s)";
    case kOneCategory:
      return "bought from one category only, in " + v + " orders";
    case kNoDiscount:
      return "never had a discount, in " + v + " orders";
    case kOneChannel:
      return "used one channel only, in " + v + " orders";
    case kShortTenure:
      return "a customer for only " + v + " days";
    case kLongOverdue:
    case kOverdue:
      return "overdue: " + v + " times their usual gap between purchases";
    case kSilent:
      return "no purchase for " + v + " days after the first";
    case kFalling: {
      char text[64];
      std::snprintf(text, sizeof text, "orders falling (trend %.2f)",
                    reason.value);
      return text;
    }
    case kLowProbabilityAlive:
      return "P(alive) only " + v;
  }
  return std::string(ChurnFactors()[reason.factor].code);
}

std::vector<RiskBand> BandsByValueAtRisk(
    const std::vector<double>& value_at_risk) {
  const size_t n = value_at_risk.size();
  std::vector<RiskBand> band(n, RiskBand::kLow);
  auto weight = [&](size_t c) {
    const double v = value_at_risk[c];
    return std::isnan(v) ? 0.0 : std::max(0.0, v);
  };
  std::vector<size_t> order;
  double total = 0;
  for (size_t c = 0; c < n; ++c) {
    if (weight(c) > 0) order.push_back(c);
    total += weight(c);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return weight(a) > weight(b); });
  double before = 0;  // the value at risk of the customers ranked above
  for (size_t c : order) {
    band[c] = before < kHighValueAtRiskShare * total     ? RiskBand::kHigh
              : before < kMediumValueAtRiskShare * total ? RiskBand::kMedium
                                                         : RiskBand::kLow;
    before += weight(c);
  }
  return band;
}

std::string_view RiskBandName(RiskBand band) {
  switch (band) {
    case RiskBand::kHigh:
      return "high";
    case RiskBand::kMedium:
      return "medium";
    case RiskBand::kLow:
      return "low";
  }
  return "";
}

std::string_view ChurnStage(const float* row, RiskBand band, int window_days) {
  if (!(row[kOrders] >= 1)) return "";
  const float recency = row[kRecencyDays];
  if (recency >= static_cast<float>(window_days)) return "settled";
  if (band == RiskBand::kLow) return "";
  const float overdue = row[kOverdueRatio];
  if (std::isnan(overdue)) {
    if (recency > window_days / 2.0f) return "transfer";
    if (recency >= kSilentDays / 2) return "evaluation";
    return "awareness";
  }
  if (overdue > 4) return "transfer";
  if (overdue > 2.5f) return "evaluation";
  if (overdue > 1.5f ||
      (row[kOrdersBefore] >= 2 && row[kOrderTrend] <= -0.5f)) {
    return "search";
  }
  return "awareness";
}

RetentionAction NextBestAction(const std::vector<Reason>& reasons,
                               RiskBand band, bool high_value) {
  if (band == RiskBand::kLow) return {};
  for (const Reason& reason : reasons) {
    if (reason.factor == kComplaint || reason.factor == kUnresolvedComplaint ||
        reason.factor == kSlowComplaint ||
        reason.factor == kLowSatisfactionFactor) {
      return {"service_follow_up", 0.30};
    }
  }
  if (high_value) return {"call", 0.20};
  for (const Reason& reason : reasons) {
    if (reason.factor == kNoDiscount) return {"discount", 0.15};
    if (reason.factor == kOneCategory || reason.factor == kOneChannel)
      return {"offer", 0.10};
  }
  return {"offer", 0.10};
}

}  // namespace vafa::analytics::churn
