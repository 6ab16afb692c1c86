// CsvRowBuffer: the text of a CSV report built in memory and handed to the
// stream in large writes. Writing a report of a million customers figure by
// figure through std::ostream's operator<< (and dates and shares through
// snprintf) cost more than computing the reports; std::to_chars gives the
// same characters (integers in decimal, shares as printf's "%.6f") without
// the stream's per-call locale and sentry work.
//
// Not thread-safe; one per report. The buffer is flushed at each row end
// past kFlushBytes and when it is destroyed.
#ifndef VAFA_ANALYTICS_CSV_ROW_BUFFER_H_
#define VAFA_ANALYTICS_CSV_ROW_BUFFER_H_

#include <algorithm>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "analytics/customer_summary.h"
#include "core/dates.h"

namespace vafa::analytics {

class CsvRowBuffer {
 public:
  explicit CsvRowBuffer(std::ostream& out) : out_(out) {
    text_.reserve(kFlushBytes + 4096);
  }
  CsvRowBuffer(const CsvRowBuffer&) = delete;
  CsvRowBuffer& operator=(const CsvRowBuffer&) = delete;
  ~CsvRowBuffer() { Flush(); }

  CsvRowBuffer& operator<<(std::string_view text) {
    text_.append(text);
    return *this;
  }
  CsvRowBuffer& operator<<(const char* text) {
    return *this << std::string_view(text);
  }
  CsvRowBuffer& operator<<(char c) {
    text_.push_back(c);
    return *this;
  }
  // Integers as operator<< writes them.
  template <std::integral T>
  requires(!std::same_as<T, char> && !std::same_as<T, bool>) CsvRowBuffer&
  operator<<(T value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    text_.append(digits, end);
    return *this;
  }

  // A share as FormatShare writes it: "%.6f", nothing for NaN.
  void Share(double value) {
    if (std::isnan(value)) return;
    char digits[400];  // "%.6f" of the largest double is 316 characters
    const auto end = std::to_chars(digits, digits + sizeof digits, value,
                                   std::chars_format::fixed, 6)
                         .ptr;
    // FormatShare's buffer holds 63 characters (past 1e56, never a share).
    text_.append(digits, std::min<size_t>(end - digits, 63));
  }
  // A day as FormatGregorian writes it ("YYYY-MM-DD"), nothing for kNoDay.
  void Day(DayNumber day) {
    if (day == kNoDay) return;
    const CivilDate date = GregorianFromDays(day);
    if (date.year < 0 || date.year > 9999) {
      text_.append(FormatGregorian(day));
      return;
    }
    const char text[10] = {Digit(date.year / 1000),
                           Digit(date.year / 100),
                           Digit(date.year / 10),
                           Digit(date.year),
                           '-',
                           Digit(date.month / 10),
                           Digit(date.month),
                           '-',
                           Digit(date.day / 10),
                           Digit(date.day)};
    text_.append(text, sizeof text);
  }

  // Ends a row with a line break, writing the buffer out when it is full.
  void EndRow() {
    text_.push_back('\n');
    if (text_.size() >= kFlushBytes) Flush();
  }
  void Flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  static constexpr size_t kFlushBytes = size_t{1} << 20;
  static char Digit(int value) { return static_cast<char>('0' + value % 10); }

  std::ostream& out_;
  std::string text_;
};

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_CSV_ROW_BUFFER_H_
