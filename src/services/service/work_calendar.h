// Business time on a workspace's work week and holidays: the clock that SLA
// targets run on (docs/service.md).
//
// A WorkCalendar holds, for each weekday, the minutes of the local day the
// business is open ([open, close); close <= open: closed), the dates of its
// holidays, and its offset from UTC. The default is Iran's: Saturday to
// Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday closed, at UTC+03:30
// (Iran has kept standard time all year since 2022), with no holidays until
// the workspace lists them.
#ifndef VAFA_SERVICES_SERVICE_WORK_CALENDAR_H_
#define VAFA_SERVICES_SERVICE_WORK_CALENDAR_H_

#include <array>
#include <cstdint>
#include <set>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::services::service {

// Monday = 0 ... Sunday = 6.
enum Weekday : int {
  kMonday,
  kTuesday,
  kWednesday,
  kThursday,
  kFriday,
  kSaturday,
  kSunday
};
Weekday WeekdayOf(DayNumber day);

struct OpenHours {
  int open_minute = 0;   // minutes after local midnight
  int close_minute = 0;  // exclusive; <= open_minute: closed all day
  bool closed() const { return close_minute <= open_minute; }
};

struct WorkCalendar {
  std::array<OpenHours, 7> week{};  // by Weekday
  std::set<DayNumber> holidays;     // local dates, closed all day
  int utc_offset_minutes = 0;

  static WorkCalendar Iran();
  // Seconds the business is open on a local date.
  int64_t OpenSecondsOn(DayNumber day) const;
};

// The moment `business_seconds` of open time after `start` have passed.
// Fails when the calendar is open for no time in the ten years after start.
Result<UnixSeconds> AddBusinessTime(const WorkCalendar& calendar,
                                    UnixSeconds start,
                                    int64_t business_seconds);

// Open seconds in [from, to); 0 when to <= from.
int64_t BusinessSecondsBetween(const WorkCalendar& calendar, UnixSeconds from,
                               UnixSeconds to);

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_WORK_CALENDAR_H_
