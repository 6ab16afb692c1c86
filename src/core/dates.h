// Calendar dates: Gregorian and Jalali (Solar Hijri) conversion, and parsing
// of the date and date-time forms that Iranian and international files carry.
//
// The store keeps instants as Unix seconds in UTC and days as a day number
// (days since 1970-01-01). Jalali is a view at the edges. The Jalali calendar
// here is ICU's arithmetic Persian calendar (33-year cycle), so results agree
// with libicu's `fa_IR@calendar=persian` (2026-11-22 is 1405-09-01).
// Pure functions; thread-safe.
#ifndef VAFA_CORE_DATES_H_
#define VAFA_CORE_DATES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa {

// Days since 1970-01-01 (may be negative).
using DayNumber = int32_t;
// Seconds since 1970-01-01T00:00:00Z.
using UnixSeconds = int64_t;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Gregorian (proleptic) conversions.
DayNumber DaysFromGregorian(const CivilDate& date);
CivilDate GregorianFromDays(DayNumber days);
bool IsGregorianLeapYear(int year);
int GregorianMonthLength(int year, int month);

// Jalali conversions. Months 1..6 have 31 days, 7..11 have 30, Esfand has 29
// or 30 in a leap year.
DayNumber DaysFromJalali(const CivilDate& date);
CivilDate JalaliFromDays(DayNumber days);
bool IsJalaliLeapYear(int year);
int JalaliMonthLength(int year, int month);

// 0 = Saturday ... 6 = Friday (the Iranian week starts on Saturday).
int IranWeekday(DayNumber days);

// Parses a date or date-time as found in import files:
//   2024-01-05, 2024/01/05, 2024-01-05T10:30, 2024-01-05 10:30:15,
//   2024-01-05T10:30:15Z, 20240105 (compact), and Jalali 1403/08/15,
//   1403-08-15, ۱۴۰۳/۰۸/۱۵ with an optional time.
// Persian and Arabic-Indic digits are accepted. A year below 1700 is read as
// Jalali. Times without a zone are taken as UTC (the importer applies the
// workspace's zone before calling, where one is configured).
// Errors say what is wrong with the text ("month 13 is out of range").
Result<UnixSeconds> ParseDateTime(std::string_view text);

// "2024-01-05" and "1403-08-15" forms of a day.
std::string FormatGregorian(DayNumber days);
std::string FormatJalali(DayNumber days);
// "2024-01-05T10:30:15Z".
std::string FormatIsoDateTime(UnixSeconds seconds);

constexpr int64_t kSecondsPerDay = 86400;

inline DayNumber DayOf(UnixSeconds seconds) {
  // Floor division so instants before 1970 land on the right day.
  return static_cast<DayNumber>(seconds >= 0 ? seconds / 86400
                                             : -((-seconds + 86399) / 86400));
}

}  // namespace vafa

#endif  // VAFA_CORE_DATES_H_
