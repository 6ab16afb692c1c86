// A customer's open tasks as the customer's own pages show them (the 360
// view): the soonest due first. Done, cancelled and deleted tasks are left
// out; rows of other workspaces are never read. One query on tasks_customer.
#ifndef VAFA_SERVICES_SALES_CUSTOMER_TASKS_H_
#define VAFA_SERVICES_SALES_CUSTOMER_TASKS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::sales {

struct CustomerTask {
  int64_t id = 0;
  std::string title;
  std::string kind;
  UnixSeconds due_at = 0;
  std::optional<int64_t> deal_id;  // nullopt: about no deal
  std::optional<int64_t> ticket_id;
  std::optional<int64_t> owner_user_id;  // nullopt: nobody's
  int64_t version = 0;
};
// At most `limit` of the customer's open tasks, soonest due first (ties:
// lower id first).
Result<std::vector<CustomerTask>> OpenTasksForCustomer(store::Database& db,
                                                       int64_t workspace_id,
                                                       int64_t customer_id,
                                                       int limit);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_CUSTOMER_TASKS_H_
