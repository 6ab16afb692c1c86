#include "analytics/clv/calibration_holdout.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

namespace vafa::analytics::clv {

Result<CalibrationHoldout> SplitCalibrationHoldout(const PurchaseLog& log,
                                                   int split_day, int end_day,
                                                   TimeUnit unit) {
  const std::size_t n = log.customer.size();
  if (log.day.size() != n || log.amount.size() != n) {
    return Status::Invalid(
        "purchase log columns customer, day and amount differ in length");
  }
  if (end_day < split_day) {
    return Status::Invalid("end day " + std::to_string(end_day) +
                               " is before split day " +
                               std::to_string(split_day),
                           "end_day");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (log.customer[i] < 0) {
      return Status::Invalid(
          "purchase " + std::to_string(i) + ": customer index is negative",
          "customer");
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
    if (log.customer[l] != log.customer[r]) {
      return log.customer[l] < log.customer[r];
    }
    return log.day[l] < log.day[r];
  });

  CalibrationHoldout out;
  out.unit = unit;
  out.split_day = split_day;
  out.end_day = end_day;
  out.holdout_length = DaysToUnits(end_day - split_day, unit);
  const double days_per_unit = DaysPerUnit(unit);
  // Per customer: walk its purchase days; a day is one purchase.
  std::vector<int> repeat_days;  // all repeat purchase days of kept customers
  int min_first = std::numeric_limits<int>::max();
  for (std::size_t begin = 0; begin < n;) {
    const int customer = log.customer[order[begin]];
    std::size_t end = begin;
    while (end < n && log.customer[order[end]] == customer) ++end;
    const int first = log.day[order[begin]];
    if (first < split_day) {
      int calibration_repeats = 0, holdout_repeats = 0, last = first;
      double repeat_spend = 0;
      for (std::size_t k = begin; k < end;) {
        const int day = log.day[order[k]];
        double day_amount = 0;
        while (k < end && log.day[order[k]] == day) {
          day_amount += log.amount[order[k]];
          ++k;
        }
        if (day == first || day > end_day) continue;
        repeat_days.push_back(day);
        if (day <= split_day) {
          ++calibration_repeats;
          repeat_spend += day_amount;
          last = day;
        } else {
          ++holdout_repeats;
        }
      }
      out.customer.push_back(customer);
      out.first_purchase_day.push_back(first);
      out.calibration.frequency.push_back(calibration_repeats);
      out.calibration.recency.push_back((last - first) / days_per_unit);
      out.calibration.age.push_back((split_day - first) / days_per_unit);
      out.calibration.monetary_mean.push_back(
          calibration_repeats > 0 ? repeat_spend / calibration_repeats : 0.0);
      out.holdout_purchases.push_back(holdout_repeats);
      min_first = std::min(min_first, first);
    }
    begin = end;
  }
  if (out.customer.empty()) {
    return Status::Invalid("no customer made a first purchase before day " +
                           std::to_string(split_day));
  }
  out.first_day = min_first;
  out.repeat_purchases_per_day.assign(end_day - min_first + 1, 0);
  for (int day : repeat_days) ++out.repeat_purchases_per_day[day - min_first];
  return out;
}

}  // namespace vafa::analytics::clv
