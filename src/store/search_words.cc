#include "store/search_words.h"

#include "core/persian_text.h"
#include "core/search_words.h"

namespace vafa::store {

void AddWords(std::string_view text, std::vector<std::string>& words) {
  for (std::string& word : SearchWords(text)) words.push_back(std::move(word));
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
