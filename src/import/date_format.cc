#include "import/date_format.h"

#include <algorithm>
#include <array>

#include "core/persian_text.h"

namespace vafa::import {
namespace {

constexpr std::string_view kJalaliPrefix = "jalali:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits digits at `at`.
bool ReadNumber(std::string_view text, size_t& at, int max_digits, int& out) {
  int digits = 0;
  out = 0;
  while (at < text.size() && digits < max_digits && IsDigit(text[at])) {
    out = out * 10 + (text[at] - '0');
    ++at;
    ++digits;
  }
  return digits > 0;
}

bool ReadMonthName(std::string_view text, size_t& at, int& month) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (at + 3 > text.size()) return false;
  std::string lower(text.substr(at, 3));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (lower == kNames[i]) {
      month = static_cast<int>(i) + 1;
      at += 3;
      return true;
    }
  }
  return false;
}

// Whether the rest of the pattern, from `at` (a space), holds only time
// directives and separators.
bool OnlyTimeRemains(std::string_view pattern, size_t at) {
  for (; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (c == '%' && at + 1 < pattern.size()) {
      const char d = pattern[++at];
      if (d != 'H' && d != 'M' && d != 'S') return false;
    } else if (c != ' ' && c != ':') {
      return false;
    }
  }
  return true;
}

Status NotInFormat(const DateFormat& format) {
  return Status::Invalid("is not a date in the format " +
                         std::string(format.jalali ? kJalaliPrefix : "") +
                         format.pattern);
}

}  // namespace

Result<DateFormat> ParseDateFormat(std::string_view text) {
  DateFormat format;
  if (text.substr(0, kJalaliPrefix.size()) == kJalaliPrefix) {
    format.jalali = true;
    text.remove_prefix(kJalaliPrefix.size());
  }
  bool has_year = false, has_month = false, has_day = false;
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '%') continue;
    if (at + 1 == text.size()) {
      return Status::Invalid("--date-format: \"" + std::string(text) +
                             "\" ends in a lone %");
    }
    switch (text[++at]) {
      case 'Y':
      case 'y':
        has_year = true;
        break;
      case 'm':
      case 'b':
        has_month = true;
        break;
      case 'd':
        has_day = true;
        break;
      case 'H':
      case 'M':
      case 'S':
      case '%':
        break;
      default:
        return Status::Invalid("--date-format: %" + std::string(1, text[at]) +
                               " is not supported (use %Y %y %m %b %d %H %M "
                               "%S)");
    }
  }
  if (!has_year || !has_month || !has_day) {
    return Status::Invalid("--date-format: \"" + std::string(text) +
                           "\" needs a year, a month and a day");
  }
  format.pattern = std::string(text);
  return format;
}

Result<UnixSeconds> ReadDate(const DateFormat& format, std::string_view text) {
  if (format.empty()) return ParseDateTime(text);
  std::string ascii;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = AsciiDigits(text);
      text = ascii;
      break;
    }
  }
  const std::string_view pattern = format.pattern;
  int year = -1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  size_t at = 0;
  for (size_t p = 0; p < pattern.size(); ++p) {
    const char c = pattern[p];
    if (c == ' ') {
      if (at == text.size() && OnlyTimeRemains(pattern, p)) break;
      if (at >= text.size() || text[at] != ' ') return NotInFormat(format);
      while (at < text.size() && text[at] == ' ') ++at;
      continue;
    }
    if (c != '%' || p + 1 == pattern.size()) {
      if (at >= text.size() || text[at] != c) return NotInFormat(format);
      ++at;
      continue;
    }
    bool ok = true;
    switch (pattern[++p]) {
      case 'Y':
        ok = ReadNumber(text, at, 4, year);
        break;
      case 'y':
        ok = ReadNumber(text, at, 2, year);
        year += year < 69 ? 2000 : 1900;
        break;
      case 'm':
        ok = ReadNumber(text, at, 2, month);
        break;
      case 'b':
        ok = ReadMonthName(text, at, month);
        break;
      case 'd':
        ok = ReadNumber(text, at, 2, day);
        break;
      case 'H':
        ok = ReadNumber(text, at, 2, hour);
        break;
      case 'M':
        ok = ReadNumber(text, at, 2, minute);
        break;
      case 'S':
        ok = ReadNumber(text, at, 2, second);
        break;
      default:  // %%
        ok = at < text.size() && text[at++] == '%';
    }
    if (!ok) return NotInFormat(format);
  }
  if (at != text.size()) return NotInFormat(format);
  if (month < 1 || month > 12) {
    return Status::Invalid("month " + std::to_string(month) +
                           " is out of range");
  }
  const int length = format.jalali ? JalaliMonthLength(year, month)
                                   : GregorianMonthLength(year, month);
  if (day < 1 || day > length) {
    return Status::Invalid("day " + std::to_string(day) +
                           " is out of range for the month");
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return Status::Invalid("time is out of range");
  }
  const CivilDate date{year, month, day};
  const DayNumber days =
      format.jalali ? DaysFromJalali(date) : DaysFromGregorian(date);
  return static_cast<UnixSeconds>(days) * 86400 + hour * 3600 + minute * 60 +
         second;
}

DateOrderPatterns PatternsOf(std::string_view value) {
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  char separator = 0;
  size_t at = 0;
  for (int part = 0; part < 3; ++part) {
    const size_t start = at;
    ReadNumber(value, at, 4, parts[part]);
    digits[part] = static_cast<int>(at - start);
    if (part == 2) break;
    if (at >= value.size()) return {};
    const char c = value[at];
    if (c != '/' && c != '.' && c != '-') return {};
    if (separator != 0 && c != separator) return {};
    separator = c;
    ++at;
  }
  if (digits[0] < 1 || digits[0] > 2 || digits[1] < 1 || digits[1] > 2 ||
      (digits[2] != 2 && digits[2] != 4)) {
    return {};
  }
  std::string time;
  if (at < value.size()) {
    if (value[at] != ' ' && value[at] != 'T') return {};
    const std::string_view rest = value.substr(at + 1);
    const size_t colons = std::count(rest.begin(), rest.end(), ':');
    if (colons == 1) {
      time = std::string(1, value[at]) + "%H:%M";
    } else if (colons == 2) {
      time = std::string(1, value[at]) + "%H:%M:%S";
    } else {
      return {};
    }
  }
  const std::string sep(1, separator);
  const std::string year = digits[2] == 4 ? "%Y" : "%y";
  return {"%d" + sep + "%m" + sep + year + time,
          "%m" + sep + "%d" + sep + year + time};
}

bool DateOrderVote::Add(int64_t line, std::string_view value) {
  DateOrderPatterns patterns = PatternsOf(value);
  if (patterns.day_first.empty()) return false;
  if (!seen_) {
    seen_ = true;
    day_first_pattern_ = patterns.day_first;
    month_first_pattern_ = patterns.month_first;
  }
  auto day_first = ReadDate(DateFormat{patterns.day_first, false}, value);
  auto month_first = ReadDate(DateFormat{patterns.month_first, false}, value);
  if (day_first.ok() && !month_first.ok()) {
    if (month_first_ok_) {
      only_day_first_line_ = line;
      only_day_first_value_ = std::string(value);
    }
    month_first_ok_ = false;
  } else if (month_first.ok() && !day_first.ok()) {
    if (day_first_ok_) {
      only_month_first_line_ = line;
      only_month_first_value_ = std::string(value);
    }
    day_first_ok_ = false;
  } else if (day_first.ok() && *day_first != *month_first) {
    for (int i = 0; i < 2; ++i) {
      if (differing_lines_[i] == 0) {
        differing_lines_[i] = line;
        differing_values_[i] = std::string(value);
        break;
      }
    }
  }
  return true;
}

std::string_view DateOrderVote::order() const {
  return day_first_ok_ ? "day-first" : "month-first";
}

Result<DateFormat> DateOrderVote::result(std::string_view file_name) const {
  if (!seen_) return DateFormat{};
  const std::string file(file_name);
  const std::string ask = "; give --date-format (for example \"" +
                          day_first_pattern_ + "\" or \"" +
                          month_first_pattern_ + "\")";
  if (!day_first_ok_ && !month_first_ok_) {
    return Status::Invalid(
        file + ": column \"date\": line " +
        std::to_string(only_day_first_line_) + " \"" + only_day_first_value_ +
        "\" reads only day-first but line " +
        std::to_string(only_month_first_line_) + " \"" +
        only_month_first_value_ + "\" reads only month-first" + ask);
  }
  if (day_first_ok_ && month_first_ok_ && differing_lines_[0] != 0) {
    std::string text = file + ": column \"date\": every date reads both " +
                       "day-first and month-first, and they differ: line " +
                       std::to_string(differing_lines_[0]) + " \"" +
                       differing_values_[0] + "\"";
    if (differing_lines_[1] != 0) {
      text += ", line " + std::to_string(differing_lines_[1]) + " \"" +
              differing_values_[1] + "\"";
    }
    return Status::Invalid(text + ask);
  }
  return DateFormat{day_first_ok_ ? day_first_pattern_ : month_first_pattern_,
                    false};
}

}  // namespace vafa::import
