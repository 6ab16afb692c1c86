// The deals a pipeline's board (kanban) shows: every open deal and the
// deals won or lost since a given instant, with their customer's name, for
// one owner or team or for all. Deleted deals are left out; rows of other
// workspaces are never read.
#ifndef VAFA_SERVICES_SALES_DEAL_BOARD_H_
#define VAFA_SERVICES_SALES_DEAL_BOARD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "services/sales/sales.h"
#include "store/database.h"

namespace vafa::services::sales {

struct BoardDeal {
  int64_t id = 0;
  std::string title;
  int64_t customer_id = 0;
  std::string customer_name;
  std::string stage;
  int64_t value_minor = 0;
  int64_t probability = 0;  // percent
  UnixSeconds expected_close_at = 0;
  std::optional<int64_t> owner_user_id;  // nullopt: nobody's
  std::optional<std::string> team;
  int64_t version = 0;
  UnixSeconds stage_entered_at = 0;
  std::string status;  // open | won | lost
  std::optional<std::string> close_reason;
};
// The deals of `filter` (pipeline, owner, team) that are open or closed at
// or after `closed_since`, soonest expected to close first (ties: by id).
Result<std::vector<BoardDeal>> DealsOnBoard(store::Database& db,
                                            int64_t workspace_id,
                                            const DealFilter& filter,
                                            UnixSeconds closed_since);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_DEAL_BOARD_H_
