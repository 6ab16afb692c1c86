// A customer's deals as the customer's own pages show them (the 360 view):
// the open ones first, then the latest closed. Deleted deals are left out;
// rows of other workspaces are never read. One query on deals_customer.
#ifndef VAFA_SERVICES_SALES_CUSTOMER_DEALS_H_
#define VAFA_SERVICES_SALES_CUSTOMER_DEALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::sales {

struct CustomerDeal {
  int64_t id = 0;
  std::string title;
  std::string pipeline;
  std::string stage;
  std::string status;  // open | won | lost
  int64_t value_minor = 0;
  int64_t probability = 0;  // percent
  UnixSeconds expected_close_at = 0;
  std::optional<UnixSeconds> closed_at;  // nullopt: still open
  std::string close_reason;              // "" when not given
};
// At most `limit` of the customer's deals: open ones first, then by the
// day they closed (or are expected to), latest first; ties: higher id first.
Result<std::vector<CustomerDeal>> DealsForCustomer(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t customer_id,
                                                   int limit);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_CUSTOMER_DEALS_H_
