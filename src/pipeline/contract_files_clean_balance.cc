#include "pipeline/contract_files_clean_balance.h"

namespace vafa::pipeline {
namespace {

// The import keeps at most this many bytes of a holding's number.
constexpr size_t kCleanNumberMaxBytes = 64;
// ParseAmount reads up to 18 plain digits without building a string.
constexpr size_t kCleanAmountMaxDigits = 18;

bool IsCleanNumberByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.' || c == '/';
}

bool IsCleanNumber(std::string_view text) {
  if (text.empty() || text.size() > kCleanNumberMaxBytes) return false;
  for (char c : text) {
    if (!IsCleanNumberByte(c)) return false;
  }
  return true;
}

int CleanDigits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t k = at; k < at + count; ++k) {
    if (text[k] < '0' || text[k] > '9') return -1;
    value = value * 10 + (text[k] - '0');
  }
  return value;
}

// "YYYY-MM-DD" of a Gregorian year (ParseDateTime takes a year under 1700
// for a Jalali one).
bool ReadCleanDay(std::string_view text, DayNumber& day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const int year = CleanDigits(text, 0, 4);
  const int month = CleanDigits(text, 5, 2);
  const int day_of_month = CleanDigits(text, 8, 2);
  if (year < 1700 || month < 1 || month > 12 || day_of_month < 1 ||
      day_of_month > GregorianMonthLength(year, month)) {
    return false;
  }
  day = DaysFromGregorian({year, month, day_of_month});
  return true;
}

bool ReadCleanAmount(std::string_view text, int64_t scale, int64_t& minor) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > kCleanAmountMaxDigits || scale <= 0) {
    return false;
  }
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (__builtin_mul_overflow(value, scale, &value)) return false;
  minor = negative ? -value : value;
  return true;
}

// The cell of `column`, "" for a column the file lacks.
std::string_view CleanCell(std::span<const std::string_view> fields,
                           int column) {
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return fields[column];
}

}  // namespace

bool ReadCleanBalance(std::span<const std::string_view> fields,
                      const BalanceFileColumns& columns, int64_t amount_scale,
                      CleanBalance& out) {
  out.number = CleanCell(fields, columns.number);
  if (!IsCleanNumber(out.number)) return false;
  if (!ReadCleanDay(CleanCell(fields, columns.date), out.day)) return false;
  if (!ReadCleanAmount(CleanCell(fields, columns.balance), amount_scale,
                       out.balance_minor)) {
    return false;
  }
  // An optional amount is absent when its cell is empty.
  const std::string_view limit = CleanCell(fields, columns.limit);
  out.has_limit = !limit.empty();
  if (out.has_limit && !ReadCleanAmount(limit, amount_scale, out.limit_minor)) {
    return false;
  }
  const std::string_view arrears = CleanCell(fields, columns.arrears);
  out.has_arrears = !arrears.empty();
  return !out.has_arrears ||
         ReadCleanAmount(arrears, amount_scale, out.arrears_minor);
}

}  // namespace vafa::pipeline
