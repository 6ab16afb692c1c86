// Iranian national id (کد ملی): ten digits whose last is a check digit.
// With s = sum of digit[i] * (10 - i) for i = 0..8 and r = s mod 11, the
// check digit is r when r < 2, else 11 - r. Ids of ten equal digits are
// invalid. Pure functions; thread-safe.
#ifndef VAFA_CORE_NATIONAL_ID_H_
#define VAFA_CORE_NATIONAL_ID_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa {

// Accepts Persian/Arabic-Indic digits, dashes and spaces, and 8 or 9 digits
// (left-padded with zeros, as ids are often stored in spreadsheets as
// numbers). Returns the ten ASCII digits, or an error that says why not.
Result<std::string> NormalizeNationalId(std::string_view text);

bool IsValidNationalId(std::string_view ten_digits);

// The check digit ('0'..'9') for the first nine digits.
char NationalIdCheckDigit(std::string_view nine_digits);

}  // namespace vafa

#endif  // VAFA_CORE_NATIONAL_ID_H_
