// Trimming spaces and tabs, the blanks that surround a CSV field, a header
// value or a vCard part. Other whitespace (line ends, no-break spaces) is
// kept: where it matters the caller has split or normalised the text first.
#ifndef VAFA_CORE_TRIM_H_
#define VAFA_CORE_TRIM_H_

#include <string_view>

namespace vafa {

inline std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace vafa

#endif  // VAFA_CORE_TRIM_H_
