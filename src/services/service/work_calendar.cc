#include "services/service/work_calendar.h"

#include <algorithm>

namespace vafa::services::service {
namespace {

constexpr int64_t kDay = 86400;
constexpr int kMaxDays = 3653;  // ten years

// Floor division for negative times too.
int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// The open interval of a local date, in local seconds since the epoch.
struct Interval {
  int64_t begin = 0, end = 0;
};
Interval OpenOn(const WorkCalendar& calendar, DayNumber day) {
  if (calendar.holidays.contains(day)) return {};
  const OpenHours& hours = calendar.week[WeekdayOf(day)];
  if (hours.closed()) return {};
  const int64_t midnight = static_cast<int64_t>(day) * kDay;
  return {midnight + hours.open_minute * 60LL,
          midnight + hours.close_minute * 60LL};
}

}  // namespace

Weekday WeekdayOf(DayNumber day) {
  // 1970-01-01 (day 0) was a Thursday.
  return static_cast<Weekday>(((static_cast<int64_t>(day) + 3) % 7 + 7) % 7);
}

WorkCalendar WorkCalendar::Iran() {
  WorkCalendar calendar;
  const OpenHours full{8 * 60, 16 * 60}, half{8 * 60, 12 * 60};
  for (Weekday day : {kSaturday, kSunday, kMonday, kTuesday, kWednesday})
    calendar.week[day] = full;
  calendar.week[kThursday] = half;
  calendar.week[kFriday] = OpenHours{};
  calendar.utc_offset_minutes = 3 * 60 + 30;
  return calendar;
}

int64_t WorkCalendar::OpenSecondsOn(DayNumber day) const {
  Interval open = OpenOn(*this, day);
  return open.end - open.begin;
}

Result<UnixSeconds> AddBusinessTime(const WorkCalendar& calendar,
                                    UnixSeconds start,
                                    int64_t business_seconds) {
  const int64_t offset = calendar.utc_offset_minutes * 60LL;
  int64_t local = start + offset;
  int64_t left = std::max<int64_t>(0, business_seconds);
  auto day = static_cast<DayNumber>(FloorDiv(local, kDay));
  for (int k = 0; k <= kMaxDays; ++k, ++day) {
    Interval open = OpenOn(calendar, day);
    const int64_t from = std::max(local, open.begin);
    if (open.end > from) {
      // The target may land exactly on a closing time: it is met then.
      if (open.end - from >= left) return from + left - offset;
      left -= open.end - from;
    }
  }
  return Status::Invalid(
      "the work calendar is open for no time in the next ten years");
}

int64_t BusinessSecondsBetween(const WorkCalendar& calendar, UnixSeconds from,
                               UnixSeconds to) {
  if (to <= from) return 0;
  const int64_t offset = calendar.utc_offset_minutes * 60LL;
  const int64_t a = from + offset, b = to + offset;
  const auto first = static_cast<DayNumber>(FloorDiv(a, kDay));
  const auto last = static_cast<DayNumber>(FloorDiv(b - 1, kDay));
  auto clipped = [&](DayNumber day) {
    Interval open = OpenOn(calendar, day);
    const int64_t begin = std::max(a, open.begin), end = std::min(b, open.end);
    return end > begin ? end - begin : int64_t{0};
  };
  if (last - first < 14) {
    int64_t total = 0;
    for (DayNumber day = first; day <= last; ++day) total += clipped(day);
    return total;
  }
  // The whole days between the first and the last a week at a time, then
  // less the holidays among them: the cost follows the holidays, not the
  // span (an SLA clock of a ticket open for years is read on every request
  // for what needs attention).
  auto weekday_seconds = [&](DayNumber day) {
    const OpenHours& hours = calendar.week[WeekdayOf(day)];
    return hours.closed()
               ? int64_t{0}
               : (hours.close_minute - hours.open_minute) * int64_t{60};
  };
  int64_t week = 0;
  for (int d = 0; d < 7; ++d) {
    week += weekday_seconds(static_cast<DayNumber>(first + d));
  }
  const int64_t days = last - first - 1;
  int64_t total = clipped(first) + clipped(last) + days / 7 * week;
  for (auto day = static_cast<DayNumber>(last - days % 7); day < last; ++day) {
    total += weekday_seconds(day);
  }
  for (auto h = calendar.holidays.upper_bound(first);
       h != calendar.holidays.end() && *h < last; ++h) {
    total -= weekday_seconds(*h);
  }
  return total;
}

}  // namespace vafa::services::service
