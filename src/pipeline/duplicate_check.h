// Likely duplicates of a customer about to be saved (docs/duplicates.md):
// the customers that share its phone, national id or e-mail, or its whole
// name in either word order, found through the search terms' index (a few
// lookups of at most kCandidatesPerKey rows each, never a scan of the
// customers), and scored and explained as the duplicate scan scores a pair
// (analytics/duplicates/duplicate_scan.h). A name with a typo is found only
// through a shared contact detail; the scan of the whole base finds the rest.
#ifndef VAFA_PIPELINE_DUPLICATE_CHECK_H_
#define VAFA_PIPELINE_DUPLICATE_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/customer.h"
#include "store/database.h"

namespace vafa::pipeline {

// Customers read for one key (a phone, a name...) at most.
inline constexpr int kCandidatesPerKey = 50;

struct LikelyDuplicate {
  store::Customer customer;
  double score = 0;
  std::string reasons;  // "phone equal, name 0.92 similar"
};

// The customers of draft.workspace_id most like `draft` (its fields as
// they would be stored; its id, if any, is left out), scored at least
// `min_score`, best first, at most `limit`. Deleted and merged customers
// are not candidates.
Result<std::vector<LikelyDuplicate>> FindLikelyDuplicates(
    store::Database& db, const store::Customer& draft, double min_score,
    int limit);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_DUPLICATE_CHECK_H_
