// How deeply a JSON text nests, found by one pass over its bytes without
// parsing it, so that a body like 400,000 '[' is refused before any parser,
// copy or printer recurses over it. Every JSON text that comes from a
// client is checked against kMaxJsonDepth before it is parsed.
#ifndef VAFA_CORE_JSON_DEPTH_H_
#define VAFA_CORE_JSON_DEPTH_H_

#include <cstddef>
#include <string_view>

namespace vafa {

// Objects and arrays nested deeper than this are refused. vafa's own
// documents (segment rules, survey answers, loyalty settings) need fewer
// than ten levels.
inline constexpr size_t kMaxJsonDepth = 64;

// The deepest nesting of '[' and '{' in `text`, outside strings (escapes
// inside strings are skipped). O(n), no allocation. The text need not be
// valid JSON: the parser finds any other fault afterwards.
size_t JsonNestingDepth(std::string_view text);

// Whether `text` nests no deeper than `limit`; stops at the first byte past
// the limit.
bool JsonDepthWithin(std::string_view text, size_t limit = kMaxJsonDepth);

}  // namespace vafa

#endif  // VAFA_CORE_JSON_DEPTH_H_
