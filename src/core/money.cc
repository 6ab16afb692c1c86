#include "core/money.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>

#include "core/persian_text.h"

namespace vafa {
namespace {

struct CurrencyDigits {
  std::string_view code;
  int digits;
};

// ISO 4217 minor units of the currencies a vafa workspace is likely to keep;
// the common case of two digits is the default for listed codes.
constexpr std::array<CurrencyDigits, 44> kCurrencies = {{
    {"IRR", 0}, {"USD", 2}, {"EUR", 2}, {"GBP", 2}, {"AED", 2}, {"TRY", 2},
    {"IQD", 3}, {"AFN", 2}, {"CNY", 2}, {"RUB", 2}, {"INR", 2}, {"PKR", 2},
    {"SAR", 2}, {"QAR", 2}, {"OMR", 3}, {"KWD", 3}, {"BHD", 3}, {"JOD", 3},
    {"TND", 3}, {"LYD", 3}, {"JPY", 0}, {"KRW", 0}, {"VND", 0}, {"CLP", 0},
    {"ISK", 0}, {"UGX", 0}, {"XOF", 0}, {"XAF", 0}, {"CHF", 2}, {"CAD", 2},
    {"AUD", 2}, {"NZD", 2}, {"SEK", 2}, {"NOK", 2}, {"DKK", 2}, {"PLN", 2},
    {"AZN", 2}, {"AMD", 2}, {"GEL", 2}, {"TJS", 2}, {"TMT", 2}, {"UZS", 2},
    {"KZT", 2}, {"SGD", 2},
}};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Group(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  int lead = static_cast<int>(digits.size() % 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (static_cast<int>(i) - lead) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

Result<int> CurrencyMinorDigits(std::string_view code) {
  std::string upper = Upper(code);
  for (const CurrencyDigits& c : kCurrencies) {
    if (c.code == upper) return c.digits;
  }
  return Status::Invalid("unknown currency \"" + std::string(code) + "\"",
                         "currency");
}

Result<CurrencyUnit> ResolveCurrencyUnit(std::string_view name) {
  std::string key = NormalizeForSearch(name);
  if (key == "toman" || key == "tomans" || key == "tmn" || key == "تومان") {
    return CurrencyUnit{"IRR", 10};
  }
  if (key == "rial" || key == "rials" || key == "ریال") {
    return CurrencyUnit{"IRR", 1};
  }
  std::string upper = Upper(key);
  if (!CurrencyMinorDigits(upper).ok()) {
    return Status::Invalid("unknown currency \"" + std::string(name) +
                               "\" (use an ISO code such as IRR or USD, or "
                               "toman)",
                           "currency");
  }
  return CurrencyUnit{upper, 1};
}

Result<int64_t> ParseAmount(std::string_view text, int minor_digits,
                            int64_t factor) {
  // The common case, plain ASCII digits, without building strings.
  if (!text.empty() && text.size() <= 18 && minor_digits == 0 &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    if (__builtin_mul_overflow(value, factor, &value))
      return Status::Invalid("is too large");
    return value;
  }
  std::string ascii = AsciiDigits(text);
  // Drop grouping marks and spaces; map the Arabic decimal separator.
  std::string clean;
  for (size_t i = 0; i < ascii.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(ascii[i]);
    std::string_view rest(ascii.data() + i, ascii.size() - i);
    if (c == ',' || c == '\'' || c == ' ' || c == '\t') continue;
    if (rest.substr(0, 2) == "\u066C" || rest.substr(0, 2) == "\u00A0") {
      ++i;  // ٬ Arabic thousands separator, no-break space
      continue;
    }
    if (rest.substr(0, 3) == "\u2009" || rest.substr(0, 3) == "\u202F") {
      i += 2;  // thin spaces
      continue;
    }
    if (rest.substr(0, 2) == "\u066B") {  // ٫ Arabic decimal separator
      clean += '.';
      ++i;
      continue;
    }
    clean += static_cast<char>(c);
  }
  if (clean.empty()) return Status::Invalid("is empty");
  bool negative = false;
  if (clean.front() == '(' && clean.back() == ')') {
    negative = true;
    clean = clean.substr(1, clean.size() - 2);
  } else if (clean.front() == '-' || clean.front() == '+') {
    negative = clean.front() == '-';
    clean.erase(0, 1);
  } else if (clean.back() == '-') {
    negative = true;
    clean.pop_back();
  }
  if (clean.empty()) return Status::Invalid("is not an amount");
  uint64_t mantissa = 0;
  int decimals = -1;  // digits after the point; -1 before any point
  bool any_digit = false;
  constexpr uint64_t kLimit = std::numeric_limits<uint64_t>::max() / 10 - 9;
  for (char c : clean) {
    if (c == '.') {
      if (decimals >= 0) return Status::Invalid("is not an amount");
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return Status::Invalid("is not an amount");
    if (mantissa > kLimit) return Status::Invalid("is too large");
    mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
    any_digit = true;
    if (decimals >= 0) ++decimals;
  }
  if (!any_digit) return Status::Invalid("is not an amount");
  if (decimals < 0) decimals = 0;
  // value = mantissa * 10^(minor_digits - decimals) * factor, overflow checked.
  if (mantissa > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Status::Invalid("is too large");
  }
  int64_t value = static_cast<int64_t>(mantissa);
  auto multiply = [&value](int64_t by) {
    return !__builtin_mul_overflow(value, by, &value);
  };
  for (int i = decimals; i < minor_digits; ++i) {
    if (!multiply(10)) return Status::Invalid("is too large");
  }
  int excess = decimals - minor_digits;  // decimals the factor must absorb
  int64_t factor_left = factor;
  while (excess > 0 && factor_left % 10 == 0) {
    factor_left /= 10;
    --excess;
  }
  for (; excess > 0; --excess) {
    if (value % 10 != 0) {
      return Status::Invalid("has more decimals than the currency allows (" +
                             std::to_string(minor_digits) + ")");
    }
    value /= 10;
  }
  if (!multiply(factor_left)) return Status::Invalid("is too large");
  return negative ? -value : value;
}

std::string FormatAmount(int64_t minor, int minor_digits) {
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor)
                                 : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  for (int i = 0; i < minor_digits; ++i) scale *= 10;
  std::string out = minor < 0 ? "-" : "";
  out += Group(magnitude / scale);
  if (minor_digits > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    out += '.' + std::string(minor_digits - fraction.size(), '0') + fraction;
  }
  return out;
}

std::string FormatToman(int64_t rial) {
  uint64_t magnitude =
      rial < 0 ? 0 - static_cast<uint64_t>(rial) : static_cast<uint64_t>(rial);
  std::string out = rial < 0 ? "-" : "";
  out += Group(magnitude / 10);
  if (magnitude % 10 != 0) out += '.' + std::to_string(magnitude % 10);
  return out;
}

std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::optional<int64_t> CheckedMultiply(int64_t a, int64_t b) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

std::string AmountOverflowMessage(std::string_view what) {
  return std::string(what) + " exceeds the largest amount (" +
         std::to_string(std::numeric_limits<int64_t>::max()) + " minor units)";
}

}  // namespace vafa
