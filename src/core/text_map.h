// Hash maps and sets keyed by text that can be looked up with a
// std::string_view (a field of a CSV record, say) without building a
// std::string for each lookup.
#ifndef VAFA_CORE_TEXT_MAP_H_
#define VAFA_CORE_TEXT_MAP_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace vafa {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

template <typename V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

}  // namespace vafa

#endif  // VAFA_CORE_TEXT_MAP_H_
