// The customers of a workspace as the duplicate scan sees them
// (analytics/duplicates): every live customer, read in pages of the
// customers table by id.
#ifndef VAFA_PIPELINE_DUPLICATE_PEOPLE_H_
#define VAFA_PIPELINE_DUPLICATE_PEOPLE_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/duplicates/duplicate_scan.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct DuplicatePeople {
  std::vector<analytics::duplicates::PersonRecord> people;
  // Per customer id, what a person reading the pairs knows it by.
  std::unordered_map<int64_t, std::string> external_ids;
};

Result<DuplicatePeople> ReadDuplicatePeople(store::Database& db,
                                            int64_t workspace_id);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_DUPLICATE_PEOPLE_H_
