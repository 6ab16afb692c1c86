#include "import/plain_transaction_record.h"

#include <cstring>

#include "core/trim.h"

namespace vafa::import {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool TwoDigits(const char* text, int& value) {
  if (!IsDigit(text[0]) || !IsDigit(text[1])) return false;
  value = (text[0] - '0') * 10 + (text[1] - '0');
  return true;
}

// The field's cell trimmed as FieldAt trims it; empty for a column the
// file does not have. Inlined: it runs for every field of every record.
[[gnu::always_inline]] inline std::string_view Cell(
    std::span<const std::string_view> fields, int column) {
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  const std::string_view cell = fields[column];
  // Most cells neither begin nor end with a blank (space or tab, both
  // below '!').
  if (!cell.empty() && cell.front() > ' ' && cell.back() > ' ') return cell;
  return TrimBlanks(cell);
}

}  // namespace

bool ReadPlainIsoDate(std::string_view text, UnixSeconds& at) {
  if (text.size() != 10 && text.size() != 19) return false;
  const char* p = text.data();
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (!IsDigit(p[i])) return false;
    year = year * 10 + (p[i] - '0');
  }
  int month = 0;
  int day = 0;
  if (p[4] != '-' || p[7] != '-' || !TwoDigits(p + 5, month) ||
      !TwoDigits(p + 8, day)) {
    return false;
  }
  // Years below 1700 are Jalali to ParseDateTime.
  if (year < 1700 || month < 1 || month > 12 || day < 1 ||
      day > GregorianMonthLength(year, month)) {
    return false;
  }
  int64_t seconds = 0;
  if (text.size() == 19) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    if ((p[10] != ' ' && p[10] != 'T') || !TwoDigits(p + 11, hour) ||
        p[13] != ':' || !TwoDigits(p + 14, minute) || p[16] != ':' ||
        !TwoDigits(p + 17, second) || hour > 23 || minute > 59 || second > 59) {
      return false;
    }
    seconds = hour * 3600 + minute * 60 + second;
  }
  at = int64_t{DaysFromGregorian({year, month, day})} * 86400 + seconds;
  return true;
}

bool ReadPlainAmount(std::string_view text, int minor_digits, int64_t factor,
                     int64_t& minor) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  // Up to 18 digits fit in 63 bits; longer runs wrap and are refused below.
  uint64_t value = 0;
  const char* const whole = p;
  for (unsigned digit; p != end && (digit = unsigned(*p) - '0') <= 9; ++p) {
    value = value * 10 + digit;
  }
  ptrdiff_t digits = p - whole;
  int decimals = 0;
  if (p != end) {
    if (*p != '.') return false;
    const char* const fraction = ++p;
    for (unsigned digit; p != end && (digit = unsigned(*p) - '0') <= 9; ++p) {
      value = value * 10 + digit;
    }
    if (p != end) return false;
    decimals = static_cast<int>(p - fraction);
    if (decimals == 0 || decimals > minor_digits) return false;
    digits += decimals;
  }
  if (digits == 0 || digits > 18) return false;
  auto signed_value = static_cast<int64_t>(value);
  for (int i = decimals; i < minor_digits; ++i) {
    if (__builtin_mul_overflow(signed_value, int64_t{10}, &signed_value)) {
      return false;
    }
  }
  if (__builtin_mul_overflow(signed_value, factor, &signed_value)) {
    return false;
  }
  minor = negative ? -signed_value : signed_value;
  return true;
}

PlainTransactionReader::PlainTransactionReader(const ColumnMap& columns,
                                               const TransactionFormat& format)
    : usable_(format.date.empty()),
      minor_digits_(format.amount.minor_digits),
      factor_(format.amount.unit.factor) {
  for (size_t field = 0; field < kTxFieldCount; ++field) {
    column_[field] = columns.column(field);
  }
}

bool PlainTransactionReader::ReadDate(std::string_view text, UnixSeconds& at) {
  // last_date_size_ is 0 until a date is read, and no date is empty.
  if (!text.empty() && text.size() == last_date_size_ &&
      std::memcmp(text.data(), last_date_.data(), text.size()) == 0) {
    at = last_at_;
    return true;
  }
  if (!ReadPlainIsoDate(text, at)) return false;
  std::memcpy(last_date_.data(), text.data(), text.size());
  last_date_size_ = text.size();
  last_at_ = at;
  return true;
}

bool PlainTransactionReader::Read(std::span<const std::string_view> fields,
                                  TransactionRow& row) {
  if (!usable_) return false;
  row.customer_key = Cell(fields, column_[kTxCustomer]);
  row.order_key = Cell(fields, column_[kTxOrder]);
  row.product_key = Cell(fields, column_[kTxProduct]);
  if (row.customer_key.empty() || row.order_key.empty() ||
      row.product_key.empty() ||
      !ReadDate(Cell(fields, column_[kTxDate]), row.at) ||
      !Cell(fields, column_[kTxCurrency]).empty() ||
      !Cell(fields, column_[kTxTax]).empty() ||
      !ReadPlainAmount(Cell(fields, column_[kTxAmount]), minor_digits_, factor_,
                       row.amount_minor)) {
    return false;
  }
  const std::string_view discount = Cell(fields, column_[kTxDiscount]);
  row.discount_minor = 0;
  if (!discount.empty() &&
      (!ReadPlainAmount(discount, minor_digits_, factor_, row.discount_minor) ||
       row.discount_minor < 0)) {
    return false;
  }
  const std::string_view cost = Cell(fields, column_[kTxCost]);
  row.cost_minor = 0;
  row.has_cost = !cost.empty();
  if (row.has_cost &&
      !ReadPlainAmount(cost, minor_digits_, factor_, row.cost_minor)) {
    return false;
  }
  row.quantity = 1;
  const std::string_view quantity = Cell(fields, column_[kTxQuantity]);
  if (!quantity.empty()) {
    if (quantity.size() > 9) return false;
    int count = 0;
    for (char c : quantity) {
      if (!IsDigit(c)) return false;
      count = count * 10 + (c - '0');
    }
    row.quantity = count;
  }
  row.rounded = false;
  row.product_name = Cell(fields, column_[kTxProductName]);
  row.category = Cell(fields, column_[kTxCategory]);
  row.channel = Cell(fields, column_[kTxChannel]);
  row.branch = Cell(fields, column_[kTxBranch]);
  return true;
}

}  // namespace vafa::import
