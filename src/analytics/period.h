// Calendar months as consecutive integers, in the Gregorian or the Jalali
// calendar, for the KPI and cohort tables. A month number is
// year * 12 + (month - 1) in the chosen calendar, so month m + 1 follows m
// across year ends. Day-to-month lookups over a range go through a table
// built once (one core/dates.h conversion per day, not per order).
#ifndef VAFA_ANALYTICS_PERIOD_H_
#define VAFA_ANALYTICS_PERIOD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/dates.h"

namespace vafa::analytics {

enum class Calendar : uint8_t { kGregorian, kJalali };

int32_t MonthOf(DayNumber day, Calendar calendar);
// "2024-01" or "1403-08".
std::string MonthLabel(int32_t month, Calendar calendar);

class MonthTable {
 public:
  // Covers days first..last (inclusive); first <= last.
  MonthTable(DayNumber first, DayNumber last, Calendar calendar);
  int32_t operator()(DayNumber day) const { return month_[day - first_]; }

 private:
  DayNumber first_;
  std::vector<int32_t> month_;
};

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_PERIOD_H_
