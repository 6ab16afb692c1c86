// A population of customers with duplicates planted the way they occur in
// real customer bases, with the truth kept: for measuring the duplicate
// scan (tests, bench/duplicates, docs/duplicates.md). Distinct people who
// share a common name, and family members who share a phone and a family
// name, are planted too: they must not be found.
#ifndef VAFA_ANALYTICS_DUPLICATES_PLANTED_DUPLICATES_H_
#define VAFA_ANALYTICS_DUPLICATES_PLANTED_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/duplicates/duplicate_scan.h"

namespace vafa::analytics::duplicates {

enum class PlantedKind {
  kLetterVariants,  // Arabic yeh and kaf for the Persian letters
  kSpacing,         // ZWNJ or a space inside a name, or one taken out
  kTransliterated,  // the name in Latin letters, the phone in another form
  kPhoneForm,       // the phone written another of four ways
  kTypo,            // one letter of the name changed
  kSwappedNames,    // first and last name swapped, same national id
  kMovedAddress,    // another city and phone, the same e-mail
  kNameAndBirth,    // only the name and the birth date in common
};
inline constexpr int kPlantedKinds = 8;
const char* PlantedKindName(PlantedKind kind);

struct PlantedPair {
  int64_t original = 0;
  int64_t duplicate = 0;
  PlantedKind kind = PlantedKind::kTypo;
};

struct PlantedPopulation {
  std::vector<PersonRecord> people;
  std::vector<PlantedPair> truth;
};

// `customers` distinct people (ids 1..customers) and `share` of that many
// duplicates (ids after them), the kinds in turn; deterministic for a seed.
PlantedPopulation PlantDuplicates(int customers, double share, uint32_t seed);

}  // namespace vafa::analytics::duplicates

#endif  // VAFA_ANALYTICS_DUPLICATES_PLANTED_DUPLICATES_H_
