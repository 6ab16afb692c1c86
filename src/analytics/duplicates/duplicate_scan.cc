#include "analytics/duplicates/duplicate_scan.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <unordered_map>

#include "analytics/duplicates/internal/name_key.h"
#include "core/national_id.h"
#include "core/persian_text.h"
#include "core/phone.h"

namespace vafa::analytics::duplicates {
namespace {

// A name word as compared: folded, and its skeleton.
struct Word {
  std::string folded;
  std::string skeleton;
};

// A record's fields in the forms that are compared.
struct Normalized {
  std::vector<Word> words;
  std::string compact;      // folded name without spaces
  std::string skeletons;    // SortedSkeletons
  std::string phone;        // E.164, or ""
  std::string national_id;  // ten digits with a valid check digit, or ""
  std::string email;        // canonical, or ""
  std::string birth_date;
  std::string city;
  std::string name_and_birth;  // skeletons and birth date, when both known
};

// Lower-cased; for providers that ignore dots and "+tags" in the local
// part, those are dropped.
std::string CanonicalEmail(std::string_view email) {
  std::string folded = NormalizeForSearch(email);
  const size_t at = folded.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == folded.size()) return {};
  std::string local = folded.substr(0, at);
  const std::string domain = folded.substr(at + 1);
  if (domain == "gmail.com" || domain == "googlemail.com") {
    local = local.substr(0, local.find('+'));
    local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
    return local + "@gmail.com";
  }
  return local + "@" + domain;
}

Normalized Normalize(const PersonRecord& person) {
  Normalized out;
  std::vector<std::string> words = NameWords(person.name);
  out.skeletons = SortedSkeletonsOf(words);
  for (std::string& folded : words) {
    out.compact += folded;
    std::string skeleton = NameSkeleton(folded);
    out.words.push_back({std::move(folded), std::move(skeleton)});
  }
  if (auto phone = NormalizePhone(person.phone); phone.ok()) {
    out.phone = *phone;
  }
  if (auto id = NormalizeNationalId(person.national_id);
      id.ok() && IsValidNationalId(*id)) {
    out.national_id = *id;
  }
  out.email = CanonicalEmail(person.email);
  out.birth_date = NormalizeForSearch(person.birth_date);
  out.city = NormalizeForSearch(person.city);
  if (!out.skeletons.empty() && !out.birth_date.empty()) {
    out.name_and_birth = out.skeletons + "|" + out.birth_date;
  }
  return out;
}

// The folded words, or their skeletons (which drop vowels, so they count
// for less, and for less still when one or two consonants are all that is
// left: لیلا and علی are both "l"; short skeletons count only when equal).
double WordSimilarity(const Word& a, const Word& b) {
  double best = JaroWinkler(a.folded, b.folded);
  if (!a.skeleton.empty() && !b.skeleton.empty()) {
    const size_t shortest = std::min(a.skeleton.size(), b.skeleton.size());
    if (a.skeleton == b.skeleton) {
      best = std::max(best, shortest >= 3 ? 0.95 : shortest == 2 ? 0.88 : 0.8);
    } else if (shortest >= 3) {
      best = std::max(best, 0.85 * JaroWinkler(a.skeleton, b.skeleton));
    }
  }
  return best;
}

// Word by word, in any order: the words are paired one to one, best pairs
// first, and the weakest pair counts more than the mean, so that two
// people who share only a family name stay apart. A word left without a
// partner lowers the score a little. Names that differ only in spaces
// (ZWNJ) compare whole.
double NameSimilarityOf(const Normalized& a, const Normalized& b) {
  if (a.words.empty() || b.words.empty()) return 0.0;
  struct Candidate {
    double similarity;
    size_t x, y;
  };
  std::vector<Candidate> candidates;
  for (size_t x = 0; x < a.words.size(); ++x) {
    for (size_t y = 0; y < b.words.size(); ++y) {
      candidates.push_back({WordSimilarity(a.words[x], b.words[y]), x, y});
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& p, const Candidate& q) {
              return p.similarity > q.similarity;
            });
  std::vector<char> a_used(a.words.size(), 0), b_used(b.words.size(), 0);
  double weakest = 1.0, sum = 0.0;
  size_t paired = 0;
  for (const Candidate& candidate : candidates) {
    if (a_used[candidate.x] || b_used[candidate.y]) continue;
    a_used[candidate.x] = b_used[candidate.y] = 1;
    weakest = std::min(weakest, candidate.similarity);
    sum += candidate.similarity;
    ++paired;
  }
  if (a.compact == b.compact) return 1.0;
  double similarity = 0.7 * weakest + 0.3 * sum / static_cast<double>(paired);
  if (a.words.size() != b.words.size()) similarity *= 0.95;
  return similarity;
}

DuplicatePair Score(const Normalized& a, const Normalized& b) {
  DuplicatePair pair;
  std::vector<std::string> reasons;
  const double name = NameSimilarityOf(a, b);
  pair.name_similarity = name;
  const bool id_equal =
      !a.national_id.empty() && a.national_id == b.national_id;
  const bool id_differs = !a.national_id.empty() && !b.national_id.empty() &&
                          a.national_id != b.national_id;
  const bool phone_equal = !a.phone.empty() && a.phone == b.phone;
  const bool email_equal = !a.email.empty() && a.email == b.email;
  const bool birth_known = !a.birth_date.empty() && !b.birth_date.empty();
  const bool birth_equal = birth_known && a.birth_date == b.birth_date;
  const bool city_known = !a.city.empty() && !b.city.empty();
  const bool city_equal = city_known && a.city == b.city;
  if (id_equal) reasons.push_back("national id equal");
  if (phone_equal) reasons.push_back("phone equal");
  if (email_equal) reasons.push_back("e-mail equal");
  char text[40];
  std::snprintf(text, sizeof text, "name %.2f similar", name);
  reasons.push_back(text);
  // A shared strong key, then how alike the names are; without one, the
  // name with the birth date and the city.
  double score;
  if (id_equal) {
    score = 0.75 + 0.25 * name;
  } else if (phone_equal || email_equal) {
    score = 0.25 + 0.7 * name + (phone_equal && email_equal ? 0.05 : 0.0);
  } else {
    score = 0.6 * name + (birth_equal ? 0.15 : 0.0) + (city_equal ? 0.1 : 0.0);
  }
  if (birth_equal) {
    if (id_equal || phone_equal || email_equal) score += 0.05;
    reasons.push_back("same birth date");
  } else if (birth_known) {
    score -= 0.2;
    reasons.push_back("birth dates differ");
  }
  if (city_equal) reasons.push_back("same city");
  if (id_differs) {
    score *= 0.4;
    reasons.push_back("national ids differ");
  }
  pair.score = std::clamp(score, 0.0, 1.0);
  for (const std::string& reason : reasons) {
    if (!pair.reasons.empty()) pair.reasons += ", ";
    pair.reasons += reason;
  }
  return pair;
}

// Pairs (i < j) packed into one number, for sorting out repeats.
uint64_t Pack(size_t i, size_t j) {
  if (i > j) std::swap(i, j);
  return (static_cast<uint64_t>(i) << 32) | static_cast<uint64_t>(j);
}

void AddBlock(const std::vector<uint32_t>& members, int max_block,
              std::vector<uint64_t>& candidates) {
  if (members.size() < 2 || members.size() > static_cast<size_t>(max_block)) {
    return;
  }
  for (size_t x = 0; x < members.size(); ++x) {
    for (size_t y = x + 1; y < members.size(); ++y) {
      candidates.push_back(Pack(members[x], members[y]));
    }
  }
}

void AddKeyBlocks(const std::vector<Normalized>& people,
                  std::string Normalized::*key, int max_block,
                  std::vector<uint64_t>& candidates) {
  std::unordered_map<std::string_view, std::vector<uint32_t>> blocks;
  for (size_t i = 0; i < people.size(); ++i) {
    const std::string& value = people[i].*key;
    if (!value.empty()) blocks[value].push_back(static_cast<uint32_t>(i));
  }
  for (const auto& [value, members] : blocks) {
    AddBlock(members, max_block, candidates);
  }
}

// Each record against the next `window` in the order of `key`.
void AddNeighbours(const std::vector<Normalized>& people,
                   const std::vector<std::string>& key, int window,
                   std::vector<uint64_t>& candidates) {
  std::vector<uint32_t> order;
  for (size_t i = 0; i < people.size(); ++i) {
    if (!key[i].empty()) order.push_back(static_cast<uint32_t>(i));
  }
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return key[x] != key[y] ? key[x] < key[y] : x < y;
  });
  for (size_t x = 0; x < order.size(); ++x) {
    for (size_t y = x + 1; y < order.size() && y <= x + window; ++y) {
      candidates.push_back(Pack(order[x], order[y]));
    }
  }
}

class Components {
 public:
  explicit Components(size_t size) : parent_(size) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(size_t x, size_t y) {
    x = Find(x), y = Find(y);
    if (x != y) parent_[std::max(x, y)] = std::min(x, y);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

DuplicatePair ScorePair(const PersonRecord& a, const PersonRecord& b) {
  DuplicatePair pair = Score(Normalize(a), Normalize(b));
  pair.first = std::min(a.id, b.id);
  pair.second = std::max(a.id, b.id);
  return pair;
}

ScanResult ScanForDuplicates(const std::vector<PersonRecord>& people,
                             const ScanOptions& options) {
  std::vector<Normalized> normalized;
  normalized.reserve(people.size());
  for (const PersonRecord& person : people) {
    normalized.push_back(Normalize(person));
  }
  std::vector<uint64_t> candidates;
  const int max_block = options.max_block;
  AddKeyBlocks(normalized, &Normalized::phone, max_block, candidates);
  AddKeyBlocks(normalized, &Normalized::national_id, max_block, candidates);
  AddKeyBlocks(normalized, &Normalized::email, max_block, candidates);
  AddKeyBlocks(normalized, &Normalized::skeletons, max_block, candidates);
  AddKeyBlocks(normalized, &Normalized::compact, max_block, candidates);
  AddKeyBlocks(normalized, &Normalized::name_and_birth, max_block, candidates);
  // Sorted neighbourhoods: skeletons forwards and each word reversed, so a
  // typo at either end of a name still lands near its twin.
  std::vector<std::string> key(people.size());
  for (size_t i = 0; i < people.size(); ++i) {
    key[i] = normalized[i].skeletons;
  }
  AddNeighbours(normalized, key, options.window, candidates);
  for (std::string& k : key) std::reverse(k.begin(), k.end());
  AddNeighbours(normalized, key, options.window, candidates);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());

  ScanResult result;
  result.compared = static_cast<int64_t>(candidates.size());
  Components components(people.size());
  std::vector<char> paired(people.size(), 0);
  for (const uint64_t packed : candidates) {
    const auto i = static_cast<size_t>(packed >> 32);
    const auto j = static_cast<size_t>(packed & 0xffffffffu);
    DuplicatePair pair = Score(normalized[i], normalized[j]);
    if (pair.score < options.min_score) continue;
    pair.first = std::min(people[i].id, people[j].id);
    pair.second = std::max(people[i].id, people[j].id);
    components.Join(i, j);
    paired[i] = paired[j] = 1;
    result.pairs.push_back(std::move(pair));
  }
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const DuplicatePair& x, const DuplicatePair& y) {
              return x.score != y.score ? x.score > y.score
                                        : std::tie(x.first, x.second) <
                                              std::tie(y.first, y.second);
            });
  std::unordered_map<size_t, std::vector<int64_t>> groups;
  for (size_t i = 0; i < people.size(); ++i) {
    if (paired[i]) groups[components.Find(i)].push_back(people[i].id);
  }
  for (auto& [root, ids] : groups) {
    std::sort(ids.begin(), ids.end());
    result.groups.push_back(std::move(ids));
  }
  std::sort(result.groups.begin(), result.groups.end());
  return result;
}

}  // namespace vafa::analytics::duplicates
