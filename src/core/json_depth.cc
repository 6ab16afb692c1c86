#include "core/json_depth.h"

#include <algorithm>

namespace vafa {

namespace {

// Walks `text`, calling `on_depth` with each new depth after an opening
// bracket; stops early when it returns false.
template <typename OnDepth>
void WalkNesting(std::string_view text, OnDepth on_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (!on_depth(++depth)) return;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
}

}  // namespace

size_t JsonNestingDepth(std::string_view text) {
  size_t deepest = 0;
  WalkNesting(text, [&](size_t depth) {
    deepest = std::max(deepest, depth);
    return true;
  });
  return deepest;
}

bool JsonDepthWithin(std::string_view text, size_t limit) {
  bool within = true;
  WalkNesting(text, [&](size_t depth) {
    within = depth <= limit;
    return within;
  });
  return within;
}

}  // namespace vafa
