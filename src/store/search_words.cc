#include "store/search_words.h"

#include "core/persian_text.h"

namespace vafa::store {

void AddWords(std::string_view text, std::vector<std::string>& words) {
  std::string folded = NormalizeForSearch(text);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
}

std::string PrefixEnd(const std::string& prefix) {
  return prefix + "\xF4\x8F\xBF\xBF";
}

std::string OnlyDigits(std::string_view text) {
  std::string digits;
  for (char c : AsciiDigits(text)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

}  // namespace vafa::store
