#include "analytics/period.h"

#include <cstdio>

namespace vafa::analytics {

int32_t MonthOf(DayNumber day, Calendar calendar) {
  const CivilDate date = calendar == Calendar::kJalali ? JalaliFromDays(day)
                                                       : GregorianFromDays(day);
  return date.year * 12 + (date.month - 1);
}

std::string MonthLabel(int32_t month, Calendar) {
  // Floor division keeps years before 0 well formed.
  const int32_t year = month >= 0 ? month / 12 : -((-month + 11) / 12);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month - year * 12 + 1);
  return text;
}

MonthTable::MonthTable(DayNumber first, DayNumber last, Calendar calendar)
    : first_(first) {
  month_.reserve(static_cast<size_t>(last - first) + 1);
  // One conversion per day of the range (a few thousand), so the per-order
  // loops only index a vector.
  for (DayNumber day = first; day <= last; ++day) {
    month_.push_back(MonthOf(day, calendar));
  }
}

}  // namespace vafa::analytics
