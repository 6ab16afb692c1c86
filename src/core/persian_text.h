// Persian text normalisation for matching and search.
//
// NormalizeForSearch folds the ways one Persian word is typed on different
// keyboards into one key: Arabic yeh (ي U+064A) and alef maksura (ى U+0649)
// become Persian yeh (ی U+06CC); Arabic kaf (ك U+0643) becomes keheh (ک
// U+06A9); alef with hamza above/below (أ إ) and alef wasla become alef (ا);
// teh marbuta (ة) becomes heh (ه); heh with yeh above (ۀ) becomes heh;
// tatweel (ـ) and Arabic diacritics (U+064B..U+065F, U+0670) are removed;
// ZWNJ (U+200C), ZWJ, NBSP and runs of white space fold to one ASCII space;
// Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII; ASCII letters are
// lower-cased; the result is trimmed. Invalid UTF-8 bytes are dropped.
// Pure functions; thread-safe.
#ifndef VAFA_CORE_PERSIAN_TEXT_H_
#define VAFA_CORE_PERSIAN_TEXT_H_

#include <string>
#include <string_view>

namespace vafa {

std::string NormalizeForSearch(std::string_view text);

// The gentler normalisation for display values that are stored: Arabic yeh
// and kaf to Persian, tatweel removed, white space folded and trimmed, but
// ZWNJ kept (it is part of correct Persian spelling) and digits untouched.
std::string NormalizePersianDisplay(std::string_view text);

// Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; all else unchanged.
std::string AsciiDigits(std::string_view text);

// ASCII digits to Persian digits (for display in the fa locale).
std::string PersianDigits(std::string_view text);

// True when `text` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace vafa

#endif  // VAFA_CORE_PERSIAN_TEXT_H_
