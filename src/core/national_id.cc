#include "core/national_id.h"

#include "core/persian_text.h"

namespace vafa {

char NationalIdCheckDigit(std::string_view nine_digits) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine_digits[i] - '0') * (10 - i);
  int r = sum % 11;
  return static_cast<char>('0' + (r < 2 ? r : 11 - r));
}

bool IsValidNationalId(std::string_view id) {
  if (id.size() != 10) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  if (id.find_first_not_of(id[0]) == std::string_view::npos) return false;
  return NationalIdCheckDigit(id.substr(0, 9)) == id[9];
}

Result<std::string> NormalizeNationalId(std::string_view text) {
  std::string digits;
  for (char c : AsciiDigits(text)) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-' && c != ' ') {
      return Status::Invalid("\"" + std::string(text) +
                             "\" is not a national id (ten digits)");
    }
  }
  if (digits.size() < 8 || digits.size() > 10) {
    return Status::Invalid("\"" + std::string(text) + "\" has " +
                           std::to_string(digits.size()) +
                           " digits; a national id has ten");
  }
  digits.insert(0, 10 - digits.size(), '0');
  if (digits.find_first_not_of(digits[0]) == std::string::npos) {
    return Status::Invalid("\"" + std::string(text) +
                           "\" is not a national id (all digits equal)");
  }
  if (!IsValidNationalId(digits)) {
    return Status::Invalid("\"" + std::string(text) +
                           "\" is not a valid national id (check digit should "
                           "be " +
                           std::string(1, NationalIdCheckDigit(digits)) + ")");
  }
  return digits;
}

}  // namespace vafa
