#include "services/service/work_calendar.h"

#include <gtest/gtest.h>

#include "services/service/tehran_clock_test_support.h"

namespace vafa::services::service {
namespace {

using testing::Tehran;

TEST(WorkCalendar, WeekdaysOfKnownDates) {
  EXPECT_EQ(WeekdayOf(0), kThursday);  // 1970-01-01
  EXPECT_EQ(WeekdayOf(DaysFromGregorian({2026, 11, 27})), kFriday);
  EXPECT_EQ(WeekdayOf(DaysFromGregorian({2026, 11, 28})), kSaturday);
  EXPECT_EQ(WeekdayOf(DaysFromGregorian({1969, 12, 31})), kWednesday);
}

TEST(WorkCalendar, IranianWeek) {
  WorkCalendar iran = WorkCalendar::Iran();
  EXPECT_EQ(iran.OpenSecondsOn(DaysFromGregorian({2026, 11, 28})), 8 * 3600);
  EXPECT_EQ(iran.OpenSecondsOn(DaysFromGregorian({2026, 11, 26})), 4 * 3600);
  EXPECT_EQ(iran.OpenSecondsOn(DaysFromGregorian({2026, 11, 27})), 0);
}

TEST(AddBusinessTime, RunsOverTheHalfThursdayAndTheClosedFriday) {
  WorkCalendar iran = WorkCalendar::Iran();
  // Wednesday 2026-11-25 15:00 + 4 h: 1 h on Wednesday, 3 of Thursday's 4.
  auto due = AddBusinessTime(iran, Tehran(2026, 11, 25, 15), 4 * 3600);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, Tehran(2026, 11, 26, 11));
  // + 6 h: Wednesday 1, Thursday 4, Friday closed, Saturday 08:00 + 1.
  EXPECT_EQ(*AddBusinessTime(iran, Tehran(2026, 11, 25, 15), 6 * 3600),
            Tehran(2026, 11, 28, 9));
  // Opened on the Friday: the clock starts on Saturday morning.
  EXPECT_EQ(*AddBusinessTime(iran, Tehran(2026, 11, 27, 10), 30 * 60),
            Tehran(2026, 11, 28, 8, 30));
  // Before opening and exactly at closing.
  EXPECT_EQ(*AddBusinessTime(iran, Tehran(2026, 11, 29, 6), 8 * 3600),
            Tehran(2026, 11, 29, 16));
  EXPECT_EQ(*AddBusinessTime(iran, Tehran(2026, 11, 29, 16), 60),
            Tehran(2026, 11, 30, 8, 1));
}

TEST(AddBusinessTime, SkipsHolidaysAndFailsOnANeverOpenCalendar) {
  WorkCalendar iran = WorkCalendar::Iran();
  // Nowruz 1405: 2026-03-21 (Saturday) to 2026-03-24 closed.
  for (int d = 21; d <= 24; ++d)
    iran.holidays.insert(DaysFromGregorian({2026, 3, d}));
  // Friday 2026-03-20 17:00 + 2 h: next open day Wednesday 2026-03-25.
  EXPECT_EQ(*AddBusinessTime(iran, Tehran(2026, 3, 20, 17), 2 * 3600),
            Tehran(2026, 3, 25, 10));
  WorkCalendar never;
  EXPECT_FALSE(AddBusinessTime(never, 0, 60).ok());
}

TEST(BusinessSecondsBetween, CountsOnlyOpenTimeAndInvertsAdd) {
  WorkCalendar iran = WorkCalendar::Iran();
  // Wednesday 15:00 to Saturday 09:00: 1 + 4 + 0 + 1 hours.
  EXPECT_EQ(BusinessSecondsBetween(iran, Tehran(2026, 11, 25, 15),
                                   Tehran(2026, 11, 28, 9)),
            6 * 3600);
  EXPECT_EQ(BusinessSecondsBetween(iran, Tehran(2026, 11, 28, 9),
                                   Tehran(2026, 11, 25, 15)),
            0);
  for (int64_t minutes : {1, 59, 240, 479, 480, 2000, 9000}) {
    UnixSeconds start = Tehran(2026, 11, 24, 13, 17);
    UnixSeconds due = *AddBusinessTime(iran, start, minutes * 60);
    EXPECT_EQ(BusinessSecondsBetween(iran, start, due), minutes * 60)
        << minutes;
  }
}

// Open seconds counted a day at a time: the definition the week-at-a-time
// count must agree with.
int64_t OpenSecondsDayByDay(const WorkCalendar& calendar, UnixSeconds from,
                            UnixSeconds to) {
  int64_t total = 0;
  for (UnixSeconds t = from; t < to; t += 60) {
    const int64_t local = t + calendar.utc_offset_minutes * 60LL;
    const auto day =
        static_cast<DayNumber>(local / 86400 - (local % 86400 < 0 ? 1 : 0));
    if (calendar.holidays.contains(day)) continue;
    const OpenHours& hours = calendar.week[WeekdayOf(day)];
    const int64_t minute = (local - static_cast<int64_t>(day) * 86400) / 60;
    if (minute >= hours.open_minute && minute < hours.close_minute) {
      total += 60;
    }
  }
  return total;
}

TEST(BusinessSecondsBetween, LongSpansAgreeWithCountingEveryMinute) {
  WorkCalendar iran = WorkCalendar::Iran();
  // Nowruz and a Friday holiday (closed anyway) inside the spans.
  for (int day = 20; day <= 23; ++day) {
    iran.holidays.insert(DaysFromGregorian({2026, 3, day}));
  }
  iran.holidays.insert(DaysFromGregorian({2026, 3, 27}));
  iran.holidays.insert(DaysFromGregorian({2026, 6, 1}));
  const UnixSeconds starts[] = {Tehran(2026, 3, 1, 9, 17),
                                Tehran(2026, 3, 19, 23, 59),
                                Tehran(2026, 2, 27, 0, 0)};
  // 13 to 150 days: the short loop, the edge of the long path, many weeks
  // with and without whole weeks left over; ends inside and outside hours.
  const int64_t spans[] = {13 * 86400 + 3600,    14 * 86400,
                           15 * 86400 - 60,      21 * 86400 + 11 * 3600 + 1800,
                           97 * 86400 + 37 * 60, 150 * 86400};
  for (UnixSeconds start : starts) {
    for (int64_t span : spans) {
      EXPECT_EQ(BusinessSecondsBetween(iran, start, start + span),
                OpenSecondsDayByDay(iran, start, start + span))
          << "from " << start << " for " << span << " s";
    }
  }
  // A calendar open seven days a week, with a negative offset.
  WorkCalendar always;
  for (OpenHours& hours : always.week) hours = {6 * 60, 20 * 60 + 30};
  always.utc_offset_minutes = -5 * 60;
  always.holidays.insert(DaysFromGregorian({2026, 1, 10}));
  const UnixSeconds start = Tehran(2026, 1, 2, 5, 5);
  EXPECT_EQ(BusinessSecondsBetween(always, start, start + 40 * 86400 + 7),
            OpenSecondsDayByDay(always, start, start + 40 * 86400 + 7));
  // Ten years open: only the whole-week count can answer this quickly.
  EXPECT_EQ(BusinessSecondsBetween(iran, start, start + 3653LL * 86400) -
                BusinessSecondsBetween(iran, start, start + 3646LL * 86400),
            BusinessSecondsBetween(iran, start + 3646LL * 86400,
                                   start + 3653LL * 86400));
}

}  // namespace
}  // namespace vafa::services::service
