// The words of a text as search and matching compare them: folded with
// NormalizeForSearch (letters, digits, ZWNJ and spaces) and cut at spaces.
// Customer search (store) and duplicate matching (analytics) both use it,
// so a word means the same in both. Pure; thread-safe.
#ifndef VAFA_CORE_SEARCH_WORDS_H_
#define VAFA_CORE_SEARCH_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace vafa {

std::vector<std::string> SearchWords(std::string_view text);

}  // namespace vafa

#endif  // VAFA_CORE_SEARCH_WORDS_H_
