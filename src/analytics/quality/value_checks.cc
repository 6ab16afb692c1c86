#include "analytics/quality/value_checks.h"

#include "core/national_id.h"

namespace vafa::analytics::quality {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return !text.empty();
}

bool ValidLocalPart(std::string_view local) {
  constexpr std::string_view kSymbols = "!#$%&'*+/=?^_`{|}~-.";
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  for (char c : local) {
    if (!IsDigit(c) && !IsLetter(c) &&
        kSymbols.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool ValidLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!IsDigit(c) && !IsLetter(c) && c != '-') return false;
  }
  return true;
}

bool ValidDomain(std::string_view domain) {
  if (domain.size() > 253) return false;
  int labels = 0;
  std::string_view last;
  size_t start = 0;
  while (true) {
    size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : dot - start);
    if (!ValidLabel(label)) return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return false;
  if (last.starts_with("xn--")) return true;
  if (last.size() < 2) return false;
  for (char c : last) {
    if (!IsLetter(c)) return false;
  }
  return true;
}

}  // namespace

ValueProblem CheckNationalId(std::string_view ten_digits) {
  if (ten_digits.size() != 10 || !AllDigits(ten_digits)) {
    return ValueProblem::kNotTenDigits;
  }
  return IsValidNationalId(ten_digits) ? ValueProblem::kNone
                                       : ValueProblem::kWrongCheckDigit;
}

ValueProblem CheckPhone(std::string_view e164) {
  if (e164.size() < 2 || e164.front() != '+') return ValueProblem::kNotE164;
  const std::string_view digits = e164.substr(1);
  if (!AllDigits(digits) || digits.size() < 8 || digits.size() > 15) {
    return ValueProblem::kNotE164;
  }
  if (digits.starts_with("98")) {
    const std::string_view national = digits.substr(2);
    if (national.size() != 10 || national.front() == '0') {
      return ValueProblem::kWrongIranLength;
    }
  }
  const std::string_view subscriber = digits.substr(digits.size() - 7);
  if (subscriber.find_first_not_of(subscriber.front()) ==
      std::string_view::npos) {
    return ValueProblem::kPlaceholderPhone;
  }
  return ValueProblem::kNone;
}

ValueProblem CheckEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos ||
      email.find('@', at + 1) != std::string_view::npos) {
    return ValueProblem::kBadEmailSyntax;
  }
  return ValidLocalPart(email.substr(0, at)) &&
                 ValidDomain(email.substr(at + 1))
             ? ValueProblem::kNone
             : ValueProblem::kBadEmailSyntax;
}

std::optional<DayNumber> ParseStoredDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' ||
      !AllDigits(date.substr(0, 4)) || !AllDigits(date.substr(5, 2)) ||
      !AllDigits(date.substr(8, 2))) {
    return std::nullopt;
  }
  auto number = [&](size_t from, size_t length) {
    int value = 0;
    for (char c : date.substr(from, length)) value = value * 10 + (c - '0');
    return value;
  };
  const CivilDate civil{number(0, 4), number(5, 2), number(8, 2)};
  if (civil.month < 1 || civil.month > 12 || civil.day < 1 ||
      civil.day > GregorianMonthLength(civil.year, civil.month)) {
    return std::nullopt;
  }
  return DaysFromGregorian(civil);
}

ValueProblem CheckBirthDate(std::string_view date, DayNumber today) {
  const std::optional<DayNumber> day = ParseStoredDate(date);
  if (!day) return ValueProblem::kNotADate;
  if (*day > today) return ValueProblem::kInTheFuture;
  if (*day < DaysFromGregorian({1900, 1, 1})) return ValueProblem::kBefore1900;
  return ValueProblem::kNone;
}

ValueProblem CheckPersonName(std::string_view name) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (IsDigit(name[i])) return ValueProblem::kHoldsDigits;
    // Persian U+06F0..U+06F9 (DB B0..B9), Arabic-Indic U+0660..U+0669
    // (D9 A0..A9) in UTF-8.
    if (i + 1 < name.size()) {
      const auto lead = static_cast<unsigned char>(name[i]);
      const auto next = static_cast<unsigned char>(name[i + 1]);
      if ((lead == 0xDB && next >= 0xB0 && next <= 0xB9) ||
          (lead == 0xD9 && next >= 0xA0 && next <= 0xA9)) {
        return ValueProblem::kHoldsDigits;
      }
    }
  }
  return ValueProblem::kNone;
}

}  // namespace vafa::analytics::quality
