#include "import/internal/excel_cell.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/dates.h"

namespace vafa::import {
namespace {

std::optional<double> ParseNumber(std::string_view stored) {
  while (!stored.empty() && stored.front() == ' ') stored.remove_prefix(1);
  while (!stored.empty() && stored.back() == ' ') stored.remove_suffix(1);
  if (!stored.empty() && stored.front() == '+') stored.remove_prefix(1);
  double value = 0;
  const char* end = stored.data() + stored.size();
  auto [ptr, error] = std::from_chars(stored.data(), end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string TwoDigits(int value) {
  return std::string(1, static_cast<char>('0' + value / 10)) +
         static_cast<char>('0' + value % 10);
}

}  // namespace

std::optional<std::string> ExcelNumberText(std::string_view stored) {
  std::optional<double> value = ParseNumber(stored);
  if (!value) return std::nullopt;
  char text[64];
  if (*value == std::floor(*value) && std::fabs(*value) < 1e15) {
    std::snprintf(text, sizeof(text), "%.0f", *value);
    return std::string(text);
  }
  std::snprintf(text, sizeof(text), "%.15g", *value);
  std::string out(text);
  if (out.find('e') == std::string::npos || std::fabs(*value) >= 1e15) {
    return out;
  }
  // A small number: positional, without the exponent nor trailing zeros.
  const int exponent =
      static_cast<int>(std::floor(std::log10(std::fabs(*value))));
  std::snprintf(text, sizeof(text), "%.*f", std::min(14 - exponent, 40),
                *value);
  out = text;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

std::optional<std::string> ExcelSerialText(std::string_view stored,
                                           bool date1904) {
  std::optional<double> serial = ParseNumber(stored);
  if (!serial || *serial < 0 || *serial > 2958465.99999) return std::nullopt;
  int64_t day = static_cast<int64_t>(std::floor(*serial));
  int64_t seconds = std::llround((*serial - static_cast<double>(day)) * 86400);
  if (seconds >= 86400) {
    ++day;
    seconds -= 86400;
  }
  std::string time = TwoDigits(static_cast<int>(seconds / 3600)) + ":" +
                     TwoDigits(static_cast<int>(seconds / 60 % 60)) + ":" +
                     TwoDigits(static_cast<int>(seconds % 60));
  if (day == 0 && !date1904) return time;
  // 1970-01-01 is serial 25569 (1900 system, past Lotus's 1900-02-29) or
  // 24107 (1904 system).
  int64_t unix_day = date1904 ? day - 24107 : day - 25569;
  if (!date1904 && day < 60) ++unix_day;
  std::string date = FormatGregorian(static_cast<DayNumber>(unix_day));
  if (seconds == 0) return date;
  return date + "T" + time;
}

bool IsDateNumberFormat(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
      (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) {
    return true;
  }
  if (id < 164 && code.empty()) return false;
  // The first section only (positive numbers).
  bool quoted = false;
  int brackets = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped, spaced or repeated character
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']') {
      brackets = brackets > 0 ? brackets - 1 : 0;
    } else if (c == ';' && brackets == 0) {
      break;
    } else if (brackets == 0) {
      switch (c) {
        case 'd':
        case 'D':
        case 'm':
        case 'M':
        case 'y':
        case 'Y':
        case 'h':
        case 'H':
        case 's':
        case 'S':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

int ExcelColumnIndex(std::string_view reference) {
  int index = 0;
  size_t letters = 0;
  for (char c : reference) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    index = index * 26 + (c - 'A' + 1);
    if (++letters > 3 || index > 16384) return -1;
  }
  return letters == 0 ? -1 : index - 1;
}

std::string ExcelColumnName(int index) {
  std::string name;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

}  // namespace vafa::import
