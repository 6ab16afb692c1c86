#include "analytics/duplicates/auto_merge.h"

#include <unordered_map>

#include "core/national_id.h"
#include "core/phone.h"

namespace vafa::analytics::duplicates {
namespace {

// The strong key two people share, or "" when none.
std::string SharedStrongKey(const PersonRecord& a, const PersonRecord& b) {
  auto id_a = NormalizeNationalId(a.national_id);
  auto id_b = NormalizeNationalId(b.national_id);
  if (id_a.ok() && id_b.ok() && *id_a == *id_b && IsValidNationalId(*id_a)) {
    return "national id";
  }
  auto phone_a = NormalizePhone(a.phone);
  auto phone_b = NormalizePhone(b.phone);
  if (phone_a.ok() && phone_b.ok() && *phone_a == *phone_b) return "phone";
  return {};
}

}  // namespace

std::vector<AutoMerge> ChooseAutoMerges(const std::vector<PersonRecord>& people,
                                        const std::vector<DuplicatePair>& pairs,
                                        double min_name_similarity) {
  std::unordered_map<int64_t, const PersonRecord*> by_id;
  for (const PersonRecord& person : people) by_id[person.id] = &person;
  // Each customer merged in this run points at the one it went into.
  std::unordered_map<int64_t, int64_t> merged_into;
  auto root = [&](int64_t id) {
    for (auto up = merged_into.find(id); up != merged_into.end();
         up = merged_into.find(id)) {
      id = up->second;
    }
    return id;
  };
  std::vector<AutoMerge> merges;
  for (const DuplicatePair& pair : pairs) {
    if (pair.name_similarity < min_name_similarity) continue;
    auto first = by_id.find(pair.first);
    auto second = by_id.find(pair.second);
    if (first == by_id.end() || second == by_id.end()) continue;
    std::string key = SharedStrongKey(*first->second, *second->second);
    if (key.empty()) continue;
    const int64_t a = root(pair.first);
    const int64_t b = root(pair.second);
    if (a == b) continue;
    AutoMerge merge{std::min(a, b), std::max(a, b), std::move(key),
                    pair.name_similarity, pair.reasons};
    merged_into[merge.other] = merge.kept;
    merges.push_back(std::move(merge));
  }
  return merges;
}

}  // namespace vafa::analytics::duplicates
