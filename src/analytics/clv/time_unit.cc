#include "analytics/clv/time_unit.h"

#include <string>

namespace vafa::analytics::clv {

double DaysPerUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay:
      return 1.0;
    case TimeUnit::kWeek:
      return 7.0;
    case TimeUnit::kMonth:
      return 365.25 / 12.0;
  }
  return 1.0;
}

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay:
      return "day";
    case TimeUnit::kWeek:
      return "week";
    case TimeUnit::kMonth:
      return "month";
  }
  return "day";
}

Result<TimeUnit> ParseTimeUnit(std::string_view name) {
  if (name == "day") return TimeUnit::kDay;
  if (name == "week") return TimeUnit::kWeek;
  if (name == "month") return TimeUnit::kMonth;
  return Status::Invalid(
      "time unit \"" + std::string(name) + "\" is not one of day, week, month",
      "time_unit");
}

}  // namespace vafa::analytics::clv
