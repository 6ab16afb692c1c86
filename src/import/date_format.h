// How an import file writes its dates: either the default forms that
// ParseDateTime reads (ISO and Jalali, year first), or a strftime-style
// pattern given with --date-format, or a day-first or month-first order
// decided from the file's own date column (DateOrderVote).
//
// Patterns: %Y (year, 1-4 digits), %y (two-digit year: 00-68 is 2000-2068,
// 69-99 is 1969-1999, as POSIX strptime), %m, %d, %H, %M, %S (1 or 2
// digits), %b (English month abbreviation, any case), %% (a percent sign);
// a space matches one or more spaces; any other character matches itself.
// The prefix "jalali:" reads the day as a Jalali date
// (`jalali:%d/%m/%Y`). A text that ends where the pattern's time part
// begins (after a space) is read as midnight. Persian and Arabic-Indic
// digits are read as ASCII digits. Times are UTC, as ParseDateTime's.
// Value types and pure functions; thread-safe.
#ifndef VAFA_IMPORT_DATE_FORMAT_H_
#define VAFA_IMPORT_DATE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::import {

struct DateFormat {
  std::string pattern;  // empty: ParseDateTime's forms
  bool jalali = false;
  bool empty() const { return pattern.empty(); }
};

Result<DateFormat> ParseDateFormat(std::string_view text);

// Reads `text` in `format`; errors say what is wrong ("is not a date in the
// format %d/%m/%Y").
Result<UnixSeconds> ReadDate(const DateFormat& format, std::string_view text);

// The day-first and month-first patterns for a value such as "12/1/10 8:26"
// or "05.11.2024": day, month and year separated by "/", "." or "-", the
// year of 2 or 4 digits, then an optional time "H:MM" or "H:MM:SS". Empty
// patterns when the value does not have that shape (a year-first date reads
// without a pattern).
struct DateOrderPatterns {
  std::string day_first;
  std::string month_first;
};
DateOrderPatterns PatternsOf(std::string_view value);

// Decides between day-first and month-first from the values of a date
// column, seen in file order. Feed values until decided() (one order fails
// to read a value the other reads) or the column ends; then result().
class DateOrderVote {
 public:
  // False when the value has no day/month order to decide (ISO, Jalali or
  // anything else): the column is then read without a pattern.
  bool Add(int64_t line, std::string_view value);
  bool decided() const { return !day_first_ok_ || !month_first_ok_; }
  // Once the column is seen (or decided()): the pattern to use; an error
  // when neither order reads every value seen, or when both do and some
  // value reads differently (naming two such lines and asking for
  // --date-format). `file_name` prefixes the message.
  Result<DateFormat> result(std::string_view file_name) const;
  // The order chosen, for the report: "day-first" or "month-first".
  std::string_view order() const;

 private:
  bool seen_ = false;
  bool day_first_ok_ = true;
  bool month_first_ok_ = true;
  std::string day_first_pattern_;
  std::string month_first_pattern_;
  // Lines that only one order reads, and ambiguous lines that differ.
  int64_t only_day_first_line_ = 0;
  std::string only_day_first_value_;
  int64_t only_month_first_line_ = 0;
  std::string only_month_first_value_;
  int64_t differing_lines_[2] = {0, 0};
  std::string differing_values_[2];
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_DATE_FORMAT_H_
