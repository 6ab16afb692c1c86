#include "pipeline/duplicate_check.h"

#include <algorithm>
#include <set>

#include "analytics/duplicates/duplicate_scan.h"
#include "core/persian_text.h"
#include "store/customer_repository.h"
#include "store/search_words.h"

namespace vafa::pipeline {
namespace {

namespace dup = analytics::duplicates;

dup::PersonRecord PersonOf(const store::Customer& customer) {
  dup::PersonRecord person;
  person.id = customer.id;
  person.name = customer.display_name.empty() ? store::DisplayNameOf(customer)
                                              : customer.display_name;
  person.national_id = customer.national_id;
  person.phone = customer.phone;
  person.email = customer.email;
  person.birth_date = customer.birth_date;
  person.city = customer.city;
  return person;
}

std::string Phrase(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The search terms a twin would share with the draft, as SearchTermsOf
// writes them: the phone's digits, the national id, the e-mail, and the
// whole name in the draft's order and with first and last swapped.
std::vector<std::string> KeysOf(const store::Customer& draft) {
  std::vector<std::string> keys;
  if (!draft.phone.empty()) keys.push_back(store::OnlyDigits(draft.phone));
  if (!draft.national_id.empty()) keys.push_back(draft.national_id);
  if (!draft.email.empty()) keys.push_back(NormalizeForSearch(draft.email));
  std::vector<std::string> name;
  store::AddWords(store::DisplayNameOf(draft), name);
  if (name.size() > 1) keys.push_back(Phrase(name));
  std::vector<std::string> swapped;
  store::AddWords(draft.last_name, swapped);
  store::AddWords(draft.first_name, swapped);
  if (swapped.size() > 1 && swapped != name) keys.push_back(Phrase(swapped));
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  return keys;
}

}  // namespace

Result<std::vector<LikelyDuplicate>> FindLikelyDuplicates(
    store::Database& db, const store::Customer& draft, double min_score,
    int limit) {
  store::CustomerRepository customers(db);
  std::set<int64_t> ids;
  for (const std::string& key : KeysOf(draft)) {
    VAFA_ASSIGN_OR_RETURN(
        std::vector<int64_t> found,
        customers.WithTerm(draft.workspace_id, key, kCandidatesPerKey));
    ids.insert(found.begin(), found.end());
  }
  ids.erase(draft.id);
  VAFA_ASSIGN_OR_RETURN(
      std::vector<store::Customer> candidates,
      customers.GetMany(draft.workspace_id, {ids.begin(), ids.end()}));
  const dup::PersonRecord person = PersonOf(draft);
  std::vector<LikelyDuplicate> out;
  for (store::Customer& candidate : candidates) {
    if (candidate.deleted_at) continue;
    const dup::DuplicatePair pair = dup::ScorePair(person, PersonOf(candidate));
    if (pair.score < min_score) continue;
    out.push_back({std::move(candidate), pair.score, pair.reasons});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LikelyDuplicate& a, const LikelyDuplicate& b) {
                     return a.score > b.score;
                   });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

}  // namespace vafa::pipeline
