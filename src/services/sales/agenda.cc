#include "services/sales/agenda.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

constexpr char kAgendaTasks[] =
    "SELECT t.id, t.title, t.kind, t.due_at, t.customer_id, c.display_name, "
    "t.deal_id, t.ticket_id, t.version, t.owner_user_id FROM tasks t LEFT "
    "JOIN customers c ON c.workspace_id = t.workspace_id AND c.id = "
    "t.customer_id WHERE t.workspace_id = :w AND t.status = 'open' AND "
    "t.deleted_at IS NULL AND t.due_at < :h AND (:o = 0 OR t.owner_user_id = "
    ":o2) ORDER BY t.due_at, t.id LIMIT :n";

}  // namespace

Result<std::vector<AgendaTask>> AgendaTasks(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t owner_user_id,
                                            UnixSeconds due_before) {
  std::vector<AgendaTask> tasks;
  try {
    long long ws = workspace_id, horizon = due_before, owner = owner_user_id,
              n = kMaxAgendaTasks;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kAgendaTasks, soci::use(ws), soci::use(horizon),
         soci::use(owner), soci::use(owner), soci::use(n));
    for (const soci::row& row : rows) {
      tasks.push_back({.id = store::RowInt(row, 0),
                       .title = store::RowText(row, 1),
                       .kind = store::RowText(row, 2),
                       .due_at = store::RowInt(row, 3),
                       .customer_id = store::RowOptionalInt(row, 4),
                       .customer_name = store::RowText(row, 5),
                       .deal_id = store::RowOptionalInt(row, 6),
                       .ticket_id = store::RowOptionalInt(row, 7),
                       .version = store::RowInt(row, 8),
                       .owner_user_id = store::RowOptionalInt(row, 9)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the agenda", error);
  }
  return tasks;
}

}  // namespace vafa::services::sales
