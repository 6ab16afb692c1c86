#include "core/csv_cell.h"

namespace vafa {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsLikeFormula(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Whether CsvText puts an apostrophe before `text`: it looks like a formula,
// or it is apostrophes before what looks like one (so that import, which
// drops one apostrophe, gets back text that itself began with one).
bool NeedsApostrophe(std::string_view text) {
  const size_t first = text.find_first_not_of('\'');
  return first != std::string_view::npos &&
         LooksLikeFormula(text.substr(first));
}

}  // namespace

bool IsPlainNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < text.size() && IsDigit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == text.size();
}

bool LooksLikeFormula(std::string_view text) {
  return !text.empty() && StartsLikeFormula(text.front()) &&
         !IsPlainNumber(text);
}

std::string CsvQuoted(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string CsvText(std::string_view text) {
  if (!NeedsApostrophe(text)) return CsvQuoted(text);
  std::string protected_text = "'";
  protected_text.append(text);
  return CsvQuoted(protected_text);
}

void AppendCsvQuoted(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
  } else {
    out.append(CsvQuoted(text));
  }
}

void AppendCsvText(std::string& out, std::string_view text) {
  if (NeedsApostrophe(text)) {
    out.append(CsvText(text));
  } else {
    AppendCsvQuoted(out, text);
  }
}

std::string_view UnprotectCsvText(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' &&
      NeedsApostrophe(cell.substr(1))) {
    return cell.substr(1);
  }
  return cell;
}

}  // namespace vafa
