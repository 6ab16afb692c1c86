// Phone numbers to E.164 ("+989121234567"), so one number typed in several
// ways matches itself. Iranian forms are understood without a country code:
// mobiles 0912..., 912..., 98912..., +98912..., 0098912...; landlines with an
// area code (021 1234 5678 -> +982112345678). Separators (space, dash, dot,
// parentheses) and Persian or Arabic-Indic digits are accepted. Numbers that
// start with "+" or "00" and another country code are kept with that code
// after a length check (8 to 15 digits). Pure functions; thread-safe.
#ifndef VAFA_CORE_PHONE_H_
#define VAFA_CORE_PHONE_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa {

// Errors name what is wrong: "\"0912-abc\" is not a phone number",
// "\"0912123\" is too short for an Iranian mobile".
Result<std::string> NormalizePhone(std::string_view text);

// True for an E.164 Iranian mobile (+989 followed by 9 digits).
bool IsIranianMobile(std::string_view e164);

}  // namespace vafa

#endif  // VAFA_CORE_PHONE_H_
