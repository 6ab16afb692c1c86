// Name keys for finding one person recorded twice, across the ways a
// Persian name is written: Arabic or Persian letters, with or without
// ZWNJ and spaces ("عبدالله", "عبد الله"), in Persian script or in Latin
// transliteration ("محمد", "Mohammad", "Mohamad", "Muhammad").
//
// NameSkeleton keeps the consonants of a word as one Latin letter per sound
// class and drops what scripts disagree on: short vowels (Persian script
// does not write them), the letters that are vowels or glides in one
// spelling and consonants in another (ا آ ع ء ی و, and a e i o u y v w in
// Latin), a final silent heh (فاطمه / Fateme / Fatemeh), and doubled
// letters. Letters that sound alike share a class (س ص ث and s; ز ذ ض ظ and
// z; ت ط and t; ح ه and h; ق غ, q and gh; خ and kh; ش and sh; چ and ch;
// ژ, zh and j with ج). So محمد, Mohammad and Muhammad are all "mhmd", and
// حسینی and Hosseini "hsn". A skeleton is a blocking key and one signal among
// several, never proof by itself. Pure functions; thread-safe.
#ifndef VAFA_ANALYTICS_DUPLICATES_NAME_KEY_H_
#define VAFA_ANALYTICS_DUPLICATES_NAME_KEY_H_

#include <string>
#include <string_view>
#include <vector>

namespace vafa::analytics::duplicates {

// The skeleton of one word (see above); "" for a word of vowels only.
std::string NameSkeleton(std::string_view word);

// The words of a name, folded for search (NormalizeForSearch), in order.
std::vector<std::string> NameWords(std::string_view name);

// The folded name without spaces: "عبد الله" and "عبدالله" agree.
std::string CompactName(std::string_view name);

// The skeletons of the words, sorted and joined with spaces: a key that
// does not change when first and last name are swapped.
std::string SortedSkeletons(std::string_view name);
// The same from the words of a name (NameWords) already cut.
std::string SortedSkeletonsOf(const std::vector<std::string>& words);

// Jaro-Winkler similarity of two UTF-8 texts by code point, 0 to 1 (1 when
// equal).
double JaroWinkler(std::string_view a, std::string_view b);

// How alike two full names are, 0 to 1: the best of the folded spellings
// compared as written and with their words sorted, and of the skeletons
// (slightly discounted, as they drop information).
double NameSimilarity(std::string_view a, std::string_view b);

}  // namespace vafa::analytics::duplicates

#endif  // VAFA_ANALYTICS_DUPLICATES_NAME_KEY_H_
