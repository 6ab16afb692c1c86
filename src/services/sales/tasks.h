// Tasks in the store (docs/sales.md): a finished call, meeting, visit or
// e-mail task is logged on its customer's timeline once, as an interaction
// the task points to. Writes run in the caller's transaction.
#ifndef VAFA_SERVICES_SALES_TASKS_H_
#define VAFA_SERVICES_SALES_TASKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::sales {

// Whether a task of this kind is an activity with the customer (call,
// meeting, visit, email) rather than a to-do.
bool IsActivityKind(std::string_view kind);

// When task `task_id` is a finished activity with a customer and has no
// interaction yet, records one (occurred at the task's done_at, subject its
// title, outcome its outcome, by `user_id`) and links the task to it.
// Anything else is left as it is.
Status LogFinishedActivity(store::Database& db, int64_t workspace_id,
                           int64_t task_id, int64_t user_id, int64_t now);

// Writes an open task on deal `deal_id` of customer `customer_id`, due at
// `due_at`, with no owner.
Status InsertDealTask(store::Database& db, int64_t workspace_id,
                      int64_t customer_id, int64_t deal_id,
                      const std::string& title, const std::string& kind,
                      UnixSeconds due_at, UnixSeconds created_at);

// The viewer's open tasks that are overdue or whose reminder is due at
// `now`, soonest due first, at most 500.
struct DueTask {
  int64_t id = 0;
  std::string title;
  std::string kind;
  UnixSeconds due_at = 0;
  int64_t customer_id = 0;  // 0: none
  int64_t deal_id = 0;
  int64_t ticket_id = 0;
};
Result<std::vector<DueTask>> DueTasksOf(store::Database& db,
                                        int64_t workspace_id, int64_t user_id,
                                        UnixSeconds now);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_TASKS_H_
