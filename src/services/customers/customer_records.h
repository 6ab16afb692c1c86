// The customers table as the customer routes read and write it beside
// store::CustomerRepository (which reads and writes whole customers): a
// filtered keyset page of ids, and claiming a row's version before an
// update. Rows of another workspace are never read; writes run in the
// caller's transaction.
#ifndef VAFA_SERVICES_CUSTOMERS_CUSTOMER_RECORDS_H_
#define VAFA_SERVICES_CUSTOMERS_CUSTOMER_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services::customers {

// The columns a customer list may be filtered on by equality.
inline constexpr std::string_view kCustomerListFilters[] = {
    "city", "province", "kind", "acquisition_channel", "gender"};

// Which customers a page lists; every condition given must hold. Who may use
// which condition (scores need analytics read) is the caller's to check.
struct CustomerListFilter {
  bool deleted = false;  // the soft-deleted customers instead of the live
  // Column (one of kCustomerListFilters) and the value it must equal.
  std::vector<std::pair<std::string, std::string>> equal;
  std::optional<int64_t> parent_id;
  std::string rfm_segment;  // the label of the rfm_segment score; "": any
  // Customers with a stored value of the score `score` within the bounds
  // (either may be open); "": no score condition.
  std::string score;
  std::optional<double> score_min;
  std::optional<double> score_max;
  // A condition over `customers c` with text placeholders :g0, :g1, … bound
  // from `segment_texts`, as marketing's CompileSegment writes a saved
  // segment; "": none.
  std::string segment_where;
  std::vector<std::string> segment_texts;
};

struct CustomerPageRequest {
  int64_t after = 0;        // the last id of the previous page; 0: the first
  bool descending = false;  // by id, highest first
  int limit = 50;
};

// The ids of the page, by id; Invalid naming the column for a filter on a
// column not in kCustomerListFilters.
Result<std::vector<int64_t>> ListCustomerIds(store::Database& db,
                                             int64_t workspace_id,
                                             const CustomerListFilter& filter,
                                             const CustomerPageRequest& page);

// Takes the live row at `version` in the caller's transaction (a
// conditional update that changes nothing), so two editors of the same
// version cannot both win: Conflict when the row is at another version or
// deleted.
Status ClaimCustomerVersion(store::Database& db, int64_t workspace_id,
                            int64_t customer_id, int64_t version);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_CUSTOMER_RECORDS_H_
