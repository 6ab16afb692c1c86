// A customer's tickets as the customer's own pages show them (the 360
// view): the latest opened first. Deleted tickets are left out; rows of
// other workspaces are never read. One indexed query (tickets_customer).
#ifndef VAFA_SERVICES_SERVICE_CUSTOMER_TICKETS_H_
#define VAFA_SERVICES_SERVICE_CUSTOMER_TICKETS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::service {

struct CustomerTicket {
  int64_t id = 0;
  UnixSeconds opened_at = 0;
  std::string subject;
  std::string type;
  std::string category;  // "" when not given
  std::string priority;
  std::string status;
  std::optional<UnixSeconds> resolved_at;  // nullopt: not resolved
  UnixSeconds resolution_due_at = 0;
};
// The customer's latest `limit` tickets, newest opened first (ties: higher
// id first).
Result<std::vector<CustomerTicket>> RecentTicketsForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit);

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_CUSTOMER_TICKETS_H_
