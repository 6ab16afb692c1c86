#include "core/search_words.h"

#include "core/persian_text.h"

namespace vafa {

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  const std::string folded = NormalizeForSearch(text);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace vafa
