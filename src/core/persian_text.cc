#include "core/persian_text.h"

#include "core/utf8.h"

namespace vafa {
namespace {

// The digit value of a Persian (U+06F0..) or Arabic-Indic (U+0660..) digit,
// or -1.
int ForeignDigit(int cp) {
  if (cp >= 0x06F0 && cp <= 0x06F9) return cp - 0x06F0;
  if (cp >= 0x0660 && cp <= 0x0669) return cp - 0x0660;
  return -1;
}

bool IsSpace(int cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         cp == '\v' || cp == 0x00A0 || cp == 0x200C || cp == 0x200D ||
         cp == 0x2009 || cp == 0x202F || cp == 0x200B || cp == 0xFEFF;
}

bool IsPlainSpace(int cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         cp == '\v' || cp == 0x00A0 || cp == 0x2009 || cp == 0x202F;
}

// Letters typed differently on Arabic and Persian keyboards.
int FoldLetter(int cp) {
  switch (cp) {
    case 0x064A:  // ي Arabic yeh
    case 0x0649:  // ى alef maksura
      return 0x06CC;
    case 0x0643:  // ك Arabic kaf
      return 0x06A9;
    default:
      return cp;
  }
}

bool IsDiacritic(int cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670;
}

// Appends a space unless the output is empty or already ends in one.
void AppendSpace(std::string& out) {
  if (!out.empty() && out.back() != ' ') out += ' ';
}

void TrimTrailingSpace(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
}

}  // namespace

std::string NormalizeForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length;
    int cp = utf8::Decode(text, pos, length);
    pos += length;
    if (cp < 0) continue;  // invalid bytes are dropped
    if (IsSpace(cp)) {
      AppendSpace(out);
      continue;
    }
    if (cp == 0x0640 || IsDiacritic(cp)) continue;  // tatweel, harakat
    if (int digit = ForeignDigit(cp); digit >= 0) {
      out += static_cast<char>('0' + digit);
      continue;
    }
    cp = FoldLetter(cp);
    switch (cp) {
      case 0x0623:  // أ
      case 0x0625:  // إ
      case 0x0671:  // ٱ alef wasla
        cp = 0x0627;
        break;
      case 0x0629:  // ة teh marbuta
      case 0x06C0:  // ۀ heh with yeh above
        cp = 0x0647;
        break;
      default:
        break;
    }
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    utf8::Append(out, cp);
  }
  TrimTrailingSpace(out);
  return out;
}

std::string NormalizePersianDisplay(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length;
    int cp = utf8::Decode(text, pos, length);
    pos += length;
    if (cp < 0) continue;
    if (IsPlainSpace(cp)) {
      AppendSpace(out);
      continue;
    }
    if (cp == 0x0640) continue;
    utf8::Append(out, FoldLetter(cp));
  }
  TrimTrailingSpace(out);
  return out;
}

std::string AsciiDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length;
    int cp = utf8::Decode(text, pos, length);
    if (int digit = ForeignDigit(cp); digit >= 0) {
      out += static_cast<char>('0' + digit);
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

std::string PersianDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      utf8::Append(out, 0x06F0 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length;
    if (utf8::Decode(text, pos, length) < 0) return false;
    pos += length;
  }
  return true;
}

}  // namespace vafa
