// Checks of single stored customer values for the quality report
// (analytics/quality/customer_quality.h). Each answers the problem it finds
// as a ValueProblem, or kNone; values are as the store keeps them (phone in
// E.164, national id as ten ASCII digits, e-mail lower-cased, dates as
// YYYY-MM-DD). Pure; thread-safe.
#ifndef VAFA_ANALYTICS_QUALITY_VALUE_CHECKS_H_
#define VAFA_ANALYTICS_QUALITY_VALUE_CHECKS_H_

#include <optional>
#include <string_view>

#include "core/dates.h"

namespace vafa::analytics::quality {

enum class ValueProblem {
  kNone,
  kNotTenDigits,      // national id
  kWrongCheckDigit,   // national id
  kNotE164,           // phone: not "+" and 8 to 15 digits
  kWrongIranLength,   // phone: +98 and not ten national digits
  kPlaceholderPhone,  // phone: its last seven digits all the same
  kBadEmailSyntax,    // e-mail
  kNotADate,          // birth date
  kInTheFuture,       // birth date, joined
  kBefore1900,        // birth date
  kHoldsDigits,       // a person's first or last name
  kUnknownValue,      // gender, language: not one the store knows
  kUnknownProvince,   // province: not one of Iran's 31
};

ValueProblem CheckNationalId(std::string_view ten_digits);

// Plausible: E.164 of 8 to 15 digits; an Iranian number (+98) has ten
// national digits not starting with 0 (mobile 9..., landline area code and
// number); not a placeholder such as +989120000000.
ValueProblem CheckPhone(std::string_view e164);

// The common syntax of an address (RFC 5321's limits, without quoted local
// parts or address literals): a local part of up to 64 ASCII characters
// from the unquoted set, no leading, trailing or doubled dot; "@"; a domain
// of two or more labels (letters, digits, inner hyphens, each 1 to 63
// long), the last alphabetic and at least two long, or "xn--".
ValueProblem CheckEmail(std::string_view email);

// The day of a stored YYYY-MM-DD date, or nullopt when it is not one.
std::optional<DayNumber> ParseStoredDate(std::string_view date);

// A birth date: a real date, on or after 1900-01-01, not after `today`.
ValueProblem CheckBirthDate(std::string_view date, DayNumber today);

// A person's first or last name holding a digit (ASCII, Persian or
// Arabic-Indic), as a phone or id typed into the wrong column does.
ValueProblem CheckPersonName(std::string_view name);

}  // namespace vafa::analytics::quality

#endif  // VAFA_ANALYTICS_QUALITY_VALUE_CHECKS_H_
