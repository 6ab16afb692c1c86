// The words of customer search: how a text (a name, a query) is cut into
// normalised words, and the byte range of terms a prefix covers. Shared by
// the terms a customer gets (customer_repository.cc) and the queries
// (customer_search.cc), so both fold text the same way.
#ifndef VAFA_STORE_SEARCH_WORDS_H_
#define VAFA_STORE_SEARCH_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace vafa::store {

// Appends the words of `text`, normalised for search (NormalizeForSearch),
// to `words`.
void AddWords(std::string_view text, std::vector<std::string>& words);

// Upper bound of a prefix range: every string that starts with `prefix`
// sorts below prefix + U+10FFFF in byte order.
std::string PrefixEnd(const std::string& prefix);

// The ASCII digits of `text`, Persian and Arabic-Indic digits converted.
std::string OnlyDigits(std::string_view text);

}  // namespace vafa::store

#endif  // VAFA_STORE_SEARCH_WORDS_H_
