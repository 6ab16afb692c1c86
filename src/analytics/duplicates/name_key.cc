#include "analytics/duplicates/internal/name_key.h"

#include <algorithm>
#include <string>

#include "core/search_words.h"
#include "core/utf8.h"

namespace vafa::analytics::duplicates {
namespace {

// The sound class of a Persian or Arabic letter; 0 to drop it.
char PersianClass(int cp) {
  switch (cp) {
    case 0x0628:
      return 'b';  // ب
    case 0x067E:
      return 'p';  // پ
    case 0x062A:
    case 0x0637:
      return 't';  // ت ط
    case 0x062B:
    case 0x0633:
    case 0x0635:
      return 's';  // ث س ص
    case 0x062C:
    case 0x0698:
      return 'j';  // ج ژ
    case 0x0686:
      return 'C';  // چ
    case 0x062D:
    case 0x0647:
      return 'h';  // ح ه
    case 0x062E:
      return 'x';  // خ
    case 0x062F:
      return 'd';  // د
    case 0x0630:
    case 0x0632:
    case 0x0636:
    case 0x0638:
      return 'z';
    case 0x0631:
      return 'r';  // ر
    case 0x0634:
      return 'S';  // ش
    case 0x063A:
    case 0x0642:
      return 'q';  // غ ق
    case 0x0641:
      return 'f';  // ف
    case 0x06A9:
    case 0x0643:
      return 'k';  // ک ك
    case 0x06AF:
      return 'g';  // گ
    case 0x0644:
      return 'l';  // ل
    case 0x0645:
      return 'm';  // م
    case 0x0646:
      return 'n';  // ن
    default:
      return 0;  // ا آ ع ء ی و and all else
  }
}

// The sound classes of a Latin word, digraphs first.
void LatinClasses(std::string_view word, std::string& out) {
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    const char next = i + 1 < word.size() ? word[i + 1] : '\0';
    if (next == 'h' && (c == 'k' || c == 'g' || c == 's' || c == 'c' ||
                        c == 'z' || c == 'p')) {
      out += c == 'k'   ? 'x'
             : c == 'g' ? 'q'
             : c == 's' ? 'S'
             : c == 'c' ? 'C'
             : c == 'z' ? 'j'
                        : 'f';
      ++i;
      continue;
    }
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
      case 'y':
      case 'v':
      case 'w':
      case '\'':
        break;
      case 'c':
        out += 'k';
        break;
      case 'x':
        out += "ks";
        break;
      default:
        if (c >= 'a' && c <= 'z') out += c;
    }
  }
}

}  // namespace

std::string NameSkeleton(std::string_view word) {
  std::string classes;
  size_t pos = 0;
  while (pos < word.size()) {
    size_t length = 1;
    const int cp = utf8::Decode(word, pos, length);
    if (cp >= 0 && cp < 0x80) {
      const size_t start = pos;
      while (pos < word.size() &&
             static_cast<unsigned char>(word[pos]) < 0x80) {
        ++pos;
      }
      std::string latin(word.substr(start, pos - start));
      for (char& c : latin) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      LatinClasses(latin, classes);
      continue;
    }
    pos += length;
    if (cp < 0) continue;
    if (const char c = PersianClass(cp); c != 0) classes += c;
  }
  // A final heh is a vowel: فاطمه, Fatemeh and Fateme agree.
  if (!classes.empty() && classes.back() == 'h') classes.pop_back();
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  return classes;
}

std::vector<std::string> NameWords(std::string_view name) {
  return SearchWords(name);
}

std::string CompactName(std::string_view name) {
  std::string compact;
  for (const std::string& word : NameWords(name)) compact += word;
  return compact;
}

std::string SortedSkeletons(std::string_view name) {
  return SortedSkeletonsOf(NameWords(name));
}

std::string SortedSkeletonsOf(const std::vector<std::string>& words) {
  std::vector<std::string> skeletons;
  for (const std::string& word : words) {
    std::string skeleton = NameSkeleton(word);
    if (!skeleton.empty()) skeletons.push_back(std::move(skeleton));
  }
  std::sort(skeletons.begin(), skeletons.end());
  std::string key;
  for (const std::string& skeleton : skeletons) {
    if (!key.empty()) key += ' ';
    key += skeleton;
  }
  return key;
}

namespace {

// The code points of a UTF-8 text (invalid bytes as themselves), so that
// two Persian letters that share a lead byte do not count as alike.
std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    size_t length = 1;
    const int cp = utf8::Decode(text, pos, length);
    out += static_cast<char32_t>(
        cp >= 0 ? cp : 0x110000 + static_cast<unsigned char>(text[pos]));
    pos += length;
  }
  return out;
}

double JaroWinklerOf(const std::u32string& a, const std::u32string& b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t window =
      std::max<size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char> a_match(a.size(), 0), b_match(b.size(), 0);
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t low = i > window ? i - window : 0;
    const size_t high = std::min(i + window + 1, b.size());
    for (size_t j = low; j < high; ++j) {
      if (b_match[j] || a[i] != b[j]) continue;
      a_match[i] = b_match[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro =
      (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() &&
         a[prefix] == b[prefix]) {
    ++prefix;
  }
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  return JaroWinklerOf(CodePoints(a), CodePoints(b));
}

double NameSimilarity(std::string_view a, std::string_view b) {
  std::vector<std::string> a_words = NameWords(a), b_words = NameWords(b);
  if (a_words.empty() || b_words.empty()) return 0.0;
  auto joined = [](std::vector<std::string> words, bool sorted) {
    if (sorted) std::sort(words.begin(), words.end());
    std::string out;
    for (const std::string& word : words) out += word;
    return out;
  };
  double best =
      std::max(JaroWinkler(joined(a_words, false), joined(b_words, false)),
               JaroWinkler(joined(a_words, true), joined(b_words, true)));
  const std::string a_skeleton = SortedSkeletons(a);
  const std::string b_skeleton = SortedSkeletons(b);
  if (!a_skeleton.empty() && !b_skeleton.empty()) {
    best = std::max(best, 0.95 * JaroWinkler(a_skeleton, b_skeleton));
  }
  return best;
}

}  // namespace vafa::analytics::duplicates
