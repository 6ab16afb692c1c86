// The complaints the churn features read: from a workspace, interactions of
// type "complaint" and tickets of type complaint; or from an interactions
// CSV (read with the same column names and aliases as `vafa import
// interactions`). An interaction's complaint counts as resolved on its day
// when its outcome is "resolved" (or «حل شده»); a ticket on the day it was
// resolved, with its resolution due day and satisfaction. Records of one
// customer on one day are one complaint.
#ifndef VAFA_PIPELINE_COMPLAINT_SOURCE_H_
#define VAFA_PIPELINE_COMPLAINT_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/churn/churn_features.h"
#include "core/result.h"
#include "pipeline/transaction_source.h"
#include "store/database.h"

namespace vafa::pipeline {

// Complaints of the log's customers, by the store ids in `loaded`.
Result<analytics::churn::ComplaintLog> LoadComplaintsFromStore(
    store::Database& db, int64_t workspace_id, const LoadedLog& loaded);

// The same for the customers with store ids `customer_ids` (index c of the
// log is customer_ids[c]), with no transaction log: a bank's holders.
Result<analytics::churn::ComplaintLog> LoadComplaintsOfCustomers(
    store::Database& db, int64_t workspace_id,
    const std::vector<int64_t>& customer_ids);

// A complaint read from an interactions record: the customer's index, the
// day, and whether its outcome says it was resolved that day.
struct InteractionComplaint {
  int32_t customer = 0;
  DayNumber day = 0;
  bool resolved = false;
};
// Whether an interaction's outcome is "resolved" (or «حل شده»).
bool IsResolvedOutcome(std::string_view outcome);
// The complaint log of `customers` customers from such complaints, one per
// customer and day.
analytics::churn::ComplaintLog ComplaintLogOfInteractions(
    const std::vector<InteractionComplaint>& complaints, int32_t customers);

// Complaints from an interactions CSV whose customer column holds the same
// keys as the transactions the log was read from. Rows of customers not in
// the log are skipped; a bad date names the file, line and column.
Result<analytics::churn::ComplaintLog> LoadComplaintsCsv(
    const std::string& path, const LoadedLog& loaded);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_COMPLAINT_SOURCE_H_
