// The time unit a purchase model is fitted and reported in. vafa stores
// purchase days; the models are invariant to the unit in the sense that a fit
// in weeks equals a fit in days with the rate parameters (alpha, beta, gamma
// of the purchase and dropout processes) rescaled, but the user reads "P(alive)
// and purchases in the next 4 weeks", so the unit is a user's choice.
//
// Conversion: day = 1 day, week = 7 days, month = 365.25 / 12 = 30.4375 days
// (the mean Gregorian month, so that 12 months are one mean year and no
// calendar is needed inside the models).
#ifndef VAFA_ANALYTICS_CLV_TIME_UNIT_H_
#define VAFA_ANALYTICS_CLV_TIME_UNIT_H_

#include <string_view>

#include "core/result.h"

namespace vafa::analytics::clv {

enum class TimeUnit { kDay, kWeek, kMonth };

// Days in one unit: 1, 7 or 30.4375.
double DaysPerUnit(TimeUnit unit);

// A span of days expressed in `unit` (days / DaysPerUnit(unit)).
inline double DaysToUnits(double days, TimeUnit unit) {
  return days / DaysPerUnit(unit);
}
inline double UnitsToDays(double units, TimeUnit unit) {
  return units * DaysPerUnit(unit);
}

// "day", "week", "month" (the names the CLI and API accept).
std::string_view TimeUnitName(TimeUnit unit);
Result<TimeUnit> ParseTimeUnit(std::string_view name);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_TIME_UNIT_H_
