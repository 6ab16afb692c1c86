// The agenda: open tasks due before a horizon, for one owner or for all,
// with their customer's name. Deleted tasks are left out; rows of other
// workspaces are never read.
#ifndef VAFA_SERVICES_SALES_AGENDA_H_
#define VAFA_SERVICES_SALES_AGENDA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::sales {

// At most this many tasks are on an agenda.
inline constexpr int kMaxAgendaTasks = 500;

struct AgendaTask {
  int64_t id = 0;
  std::string title;
  std::string kind;
  UnixSeconds due_at = 0;
  std::optional<int64_t> customer_id;  // nullopt: about no customer
  std::string customer_name;           // "" without a customer
  std::optional<int64_t> deal_id;
  std::optional<int64_t> ticket_id;
  int64_t version = 0;
  std::optional<int64_t> owner_user_id;  // nullopt: nobody's
};
// The open tasks of `owner_user_id` (0: everyone's) due before
// `due_before`, soonest due first (ties: by id), at most kMaxAgendaTasks.
Result<std::vector<AgendaTask>> AgendaTasks(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t owner_user_id,
                                            UnixSeconds due_before);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_AGENDA_H_
