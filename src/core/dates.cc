#include "core/dates.h"

#include <cstdio>

#include "core/persian_text.h"

namespace vafa {
namespace {

// Julian day number of 1970-01-01 and of 1 Farvardin 1 AP (ICU's
// PERSIAN_EPOCH), so day numbers convert with one subtraction.
constexpr int64_t kUnixEpochJulianDay = 2440588;
constexpr int64_t kPersianEpochJulianDay = 1948320;
constexpr int kPersianCumulativeDays[12] = {0,   31,  62,  93,  124, 155,
                                            186, 216, 246, 276, 306, 336};
constexpr const char* kJalaliMonthNames[12] = {
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr",      "Aban",        "Azar",    "Dey", "Bahman", "Esfand"};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days from 1 Farvardin 1 AP to 1 Farvardin of `year` (ICU
// PersianCalendar::handleComputeMonthStart, the 33-year arithmetic cycle).
int64_t JalaliYearStart(int64_t year) {
  return 365 * (year - 1) + FloorDiv(8 * year + 21, 33);
}

}  // namespace

bool IsGregorianLeapYear(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int GregorianMonthLength(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  if (month == 2 && IsGregorianLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Civil-from-days and days-from-civil after H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms" (eras of 400 years starting on March 1).
DayNumber DaysFromGregorian(const CivilDate& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<DayNumber>(era * 146097 + doe - 719468);
}

CivilDate GregorianFromDays(DayNumber days) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return CivilDate{y, m, d};
}

bool IsJalaliLeapYear(int year) {
  int64_t remainder = (25 * static_cast<int64_t>(year) + 11) -
                      33 * FloorDiv(25 * static_cast<int64_t>(year) + 11, 33);
  return remainder < 8;
}

int JalaliMonthLength(int year, int month) {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return IsJalaliLeapYear(year) ? 30 : 29;
}

DayNumber DaysFromJalali(const CivilDate& date) {
  int64_t julian_day = kPersianEpochJulianDay + JalaliYearStart(date.year) +
                       kPersianCumulativeDays[date.month - 1] + date.day - 1;
  return static_cast<DayNumber>(julian_day - kUnixEpochJulianDay);
}

CivilDate JalaliFromDays(DayNumber days) {
  int64_t since_epoch =
      static_cast<int64_t>(days) + kUnixEpochJulianDay - kPersianEpochJulianDay;
  int64_t year = 1 + FloorDiv(33 * since_epoch + 3, 12053);
  int64_t day_of_year = since_epoch - JalaliYearStart(year);  // 0-based
  int month = static_cast<int>(day_of_year < 216 ? day_of_year / 31
                                                 : (day_of_year - 6) / 30);
  int day = static_cast<int>(day_of_year - kPersianCumulativeDays[month] + 1);
  return CivilDate{static_cast<int>(year), month + 1, day};
}

int IranWeekday(DayNumber days) {
  // 1970-01-01 was a Thursday: 5 in a week that starts on Saturday.
  return static_cast<int>(((static_cast<int64_t>(days) + 5) % 7 + 7) % 7);
}

namespace {

struct Cursor {
  std::string_view text;
  size_t pos = 0;
  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
  // Reads 1..max digits; -1 when there are none.
  int64_t Digits(int max, int* count = nullptr) {
    int64_t value = 0;
    int n = 0;
    while (n < max && !done() && text[pos] >= '0' && text[pos] <= '9') {
      value = value * 10 + (text[pos] - '0');
      ++pos;
      ++n;
    }
    if (count != nullptr) *count = n;
    return n == 0 ? -1 : value;
  }
};

Status NotADate(std::string_view text) {
  (void)text;
  return Status::Invalid(
      "is not a date (expected YYYY-MM-DD, Jalali YYYY/MM/DD, with an "
      "optional time HH:MM[:SS])");
}

}  // namespace

Result<UnixSeconds> ParseDateTime(std::string_view original) {
  // Most files are ASCII; convert digits only when there are other bytes.
  std::string ascii;
  std::string_view text = original;
  for (char c : original) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = AsciiDigits(original);
      text = ascii;
      break;
    }
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty()) return Status::Invalid("is empty");
  Cursor c{text};
  int year_digits = 0;
  int64_t year = c.Digits(8, &year_digits);
  int64_t month = 0;
  int64_t day = 0;
  if (year_digits == 8 && (c.done() || c.peek() == 'T' || c.peek() == ' ')) {
    day = year % 100;  // compact 20240105
    month = year / 100 % 100;
    year /= 10000;
  } else if (year_digits == 4 &&
             (c.peek() == '-' || c.peek() == '/' || c.peek() == '.')) {
    char separator = c.peek();
    ++c.pos;
    month = c.Digits(2);
    if (month < 0 || c.peek() != separator) return NotADate(original);
    ++c.pos;
    day = c.Digits(2);
    if (day < 0) return NotADate(original);
  } else {
    return NotADate(original);
  }
  const bool jalali = year < 1700;
  if (month < 1 || month > 12) {
    return Status::Invalid("month " + std::to_string(month) +
                           " is out of range");
  }
  int length = jalali ? JalaliMonthLength(static_cast<int>(year),
                                          static_cast<int>(month))
                      : GregorianMonthLength(static_cast<int>(year),
                                             static_cast<int>(month));
  if (day < 1 || day > length) {
    std::string month_name =
        jalali
            ? std::string(kJalaliMonthNames[month - 1]) + " " +
                  std::to_string(year)
            : "month " + std::to_string(month) + " of " + std::to_string(year);
    return Status::Invalid("day " + std::to_string(day) +
                           " is out of range for " + month_name + " (" +
                           std::to_string(length) + " days)");
  }
  if (year < 1 || year > 9999) return NotADate(original);
  CivilDate date{static_cast<int>(year), static_cast<int>(month),
                 static_cast<int>(day)};
  int64_t days = jalali ? DaysFromJalali(date) : DaysFromGregorian(date);
  int64_t seconds = 0;
  if (!c.done()) {
    if (c.peek() != 'T' && c.peek() != ' ') return NotADate(original);
    ++c.pos;
    while (c.peek() == ' ') ++c.pos;
    int64_t hour = c.Digits(2);
    if (hour < 0 || c.peek() != ':') return NotADate(original);
    ++c.pos;
    int64_t minute = c.Digits(2);
    int64_t second = 0;
    if (minute < 0) return NotADate(original);
    if (c.peek() == ':') {
      ++c.pos;
      second = c.Digits(2);
      if (second < 0) return NotADate(original);
      if (c.peek() == '.') {  // fractions of a second are dropped
        ++c.pos;
        while (c.peek() >= '0' && c.peek() <= '9') ++c.pos;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return Status::Invalid("time " + std::to_string(hour) + ":" +
                             std::to_string(minute) + ":" +
                             std::to_string(second) + " is out of range");
    }
    seconds = hour * 3600 + minute * 60 + second;
    if (c.peek() == 'Z') {
      ++c.pos;
    } else if (c.peek() == '+' || c.peek() == '-') {
      int sign = c.peek() == '+' ? 1 : -1;
      ++c.pos;
      int64_t offset_hours = c.Digits(2);
      int64_t offset_minutes = 0;
      if (c.peek() == ':') ++c.pos;
      if (!c.done()) offset_minutes = c.Digits(2);
      if (offset_hours < 0 || offset_hours > 14 || offset_minutes < 0 ||
          offset_minutes > 59) {
        return NotADate(original);
      }
      seconds -= sign * (offset_hours * 3600 + offset_minutes * 60);
    }
    if (!c.done()) return NotADate(original);
  }
  // Every accepted instant prints as ISO 8601 and reads back as itself: a
  // Gregorian year below 1700 would read back as Jalali, and a year past
  // 9999 does not fit the four digits.
  static const int64_t first = int64_t{DaysFromGregorian({1700, 1, 1})} * 86400;
  static const int64_t last =
      int64_t{DaysFromGregorian({9999, 12, 31})} * 86400 + 86399;
  const int64_t instant = days * 86400 + seconds;
  if (instant < first || instant > last) {
    return Status::Invalid(
        "falls outside the years 1700 to 9999 (Jalali 1079 to 1699)");
  }
  return instant;
}

std::string FormatGregorian(DayNumber days) {
  CivilDate d = GregorianFromDays(days);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month,
                d.day);
  return buffer;
}

std::string FormatJalali(DayNumber days) {
  CivilDate d = JalaliFromDays(days);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month,
                d.day);
  return buffer;
}

std::string FormatIsoDateTime(UnixSeconds seconds) {
  DayNumber day = DayOf(seconds);
  int64_t in_day = seconds - static_cast<int64_t>(day) * 86400;
  char buffer[32];
  CivilDate d = GregorianFromDays(day);
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year,
                d.month, d.day, static_cast<int>(in_day / 3600),
                static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return buffer;
}

}  // namespace vafa
