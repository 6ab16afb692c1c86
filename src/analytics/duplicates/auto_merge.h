// Which likely duplicates may be merged without a person looking at them
// (docs/duplicates.md, "Automate carefully"): only pairs with an exact
// strong key, the same checksum-valid national id or the same phone, whose
// names are at least `min_name_similarity` alike. The scan's score alone is
// never enough, nor an e-mail, a name or a birth date.
//
// A person met in several pairs is merged once: pairs are taken in the
// scan's order (best first), and each customer already merged in this run
// stands for the one it went into, so a group of three becomes two merges
// into its oldest record (the lowest id). Pure.
#ifndef VAFA_ANALYTICS_DUPLICATES_AUTO_MERGE_H_
#define VAFA_ANALYTICS_DUPLICATES_AUTO_MERGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/duplicates/duplicate_scan.h"

namespace vafa::analytics::duplicates {

struct AutoMerge {
  int64_t kept = 0;   // the lower id of the two groups joined
  int64_t other = 0;  // merged into `kept`
  std::string key;    // "national id" or "phone": the strong key shared
  double name_similarity = 0;
  std::string reasons;  // the scan's explanation of the pair
};

std::vector<AutoMerge> ChooseAutoMerges(const std::vector<PersonRecord>& people,
                                        const std::vector<DuplicatePair>& pairs,
                                        double min_name_similarity);

}  // namespace vafa::analytics::duplicates

#endif  // VAFA_ANALYTICS_DUPLICATES_AUTO_MERGE_H_
