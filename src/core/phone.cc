#include "core/phone.h"

#include "core/persian_text.h"

namespace vafa {

Result<std::string> NormalizePhone(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  std::string ascii = AsciiDigits(text);
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < ascii.size(); ++i) {
    char c = ascii[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
               c == '/') {
      continue;
    } else {
      return Status::Invalid(quoted + " is not a phone number");
    }
  }
  if (digits.empty()) return Status::Invalid(quoted + " is not a phone number");
  // International forms: +CC..., 00CC...
  if (!plus && digits.compare(0, 2, "00") == 0) {
    digits.erase(0, 2);
    plus = true;
  }
  if (plus) {
    if (digits.compare(0, 2, "98") == 0) {
      digits.erase(0, 2);
      if (!digits.empty() && digits[0] == '0') digits.erase(0, 1);
    } else {
      if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') {
        return Status::Invalid(quoted +
                               " is not an international phone number "
                               "(8 to 15 digits after +)");
      }
      return "+" + digits;
    }
  } else if (digits.size() == 12 && digits.compare(0, 2, "98") == 0) {
    digits.erase(0, 2);  // 989121234567
  } else if (digits[0] == '0') {
    digits.erase(0, 1);  // national form 0912..., 021...
  }
  // Now the Iranian national significant number: 9xxxxxxxxx for mobiles,
  // area code + subscriber (10 digits) for landlines.
  if (digits.size() != 10) {
    bool mobile = !digits.empty() && digits[0] == '9';
    return Status::Invalid(
        quoted + " is too " + (digits.size() < 10 ? "short" : "long") +
        " for an Iranian " + (mobile ? "mobile" : "phone number"));
  }
  if (digits[0] == '0')
    return Status::Invalid(quoted + " is not a phone number");
  return "+98" + digits;
}

bool IsIranianMobile(std::string_view e164) {
  if (e164.size() != 13 || e164.compare(0, 4, "+989") != 0) return false;
  for (size_t i = 1; i < e164.size(); ++i) {
    if (e164[i] < '0' || e164[i] > '9') return false;
  }
  return true;
}

}  // namespace vafa
