// Money: an integer amount in a currency's minor units with its ISO 4217 code.
// Never a double. IRR has no minor unit; the Toman is not a currency but a
// display of IRR/10, and "Toman" input is converted to IRR on the way in.
// Value type; thread-compatible.
#ifndef VAFA_CORE_MONEY_H_
#define VAFA_CORE_MONEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa {

struct Money {
  int64_t minor = 0;  // amount in minor units (rials for IRR, cents for USD)
  std::string currency = "IRR";  // ISO 4217 code, upper case
  friend bool operator==(const Money&, const Money&) = default;
};

// Number of minor-unit digits of a currency (IRR 0, USD 2, EUR 2, JPY 0,
// KWD 3, ...); an error for a code that is not ISO 4217 or not known.
Result<int> CurrencyMinorDigits(std::string_view code);

// Resolves a currency name as found in files and on the command line:
// ISO codes in any case, "toman"/"تومان"/"TMN" (which map to IRR with a
// factor of 10), "rial"/"ریال" (IRR). `factor` is what an amount in that unit
// must be multiplied by to become minor units of the returned ISO currency.
struct CurrencyUnit {
  std::string iso = "IRR";
  int64_t factor = 1;  // Toman: 10
};
Result<CurrencyUnit> ResolveCurrencyUnit(std::string_view name);

// Parses an amount written by a person into minor units of a currency with
// `minor_digits` decimals: Persian (۰-۹) and Arabic-Indic (٠-٩) digits,
// thousands separators (",", "٬", "'", thin spaces, spaces), decimal point
// "." or "٫", a leading "-" or a trailing "-", and parentheses for negatives.
// More decimals than the currency has, overflow, or stray text are errors.
// Multiplies by `factor` (for Toman input) with overflow checked.
Result<int64_t> ParseAmount(std::string_view text, int minor_digits,
                            int64_t factor = 1);

// "1,234,567" style grouping of an amount in minor units, with the
// currency's decimals ("-1,234.50" for -123450 with two digits).
std::string FormatAmount(int64_t minor, int minor_digits);

// Sums and products of minor-unit amounts (and points) that a client can
// influence: the exact result, or nullopt when it does not fit in 64 bits.
// Never a wrapped value; callers answer with an error that names the field
// (422 on the API; file, line and column on import).
std::optional<int64_t> CheckedAdd(int64_t a, int64_t b);
std::optional<int64_t> CheckedMultiply(int64_t a, int64_t b);

// The error text for a sum that does not fit: "<what> exceeds the largest
// amount (9223372036854775807 minor units)".
std::string AmountOverflowMessage(std::string_view what);

// An IRR amount shown in Toman (rial / 10), grouped, with one decimal only
// when it is not zero: 1234560 -> "123,456"; 15 -> "1.5".
std::string FormatToman(int64_t rial);

}  // namespace vafa

#endif  // VAFA_CORE_MONEY_H_
