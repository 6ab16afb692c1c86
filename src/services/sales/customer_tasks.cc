#include "services/sales/customer_tasks.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

constexpr char kOpenTasks[] =
    "SELECT id, title, kind, due_at, deal_id, ticket_id, owner_user_id, "
    "version FROM tasks WHERE workspace_id = :w AND customer_id = :c AND "
    "status = 'open' AND deleted_at IS NULL ORDER BY due_at, id LIMIT :n";

}  // namespace

Result<std::vector<CustomerTask>> OpenTasksForCustomer(store::Database& db,
                                                       int64_t workspace_id,
                                                       int64_t customer_id,
                                                       int limit) {
  return store::ReadRowsOfCustomer<CustomerTask>(
      db, kOpenTasks, workspace_id, customer_id, limit, "reading tasks",
      [](const soci::row& row) {
        return CustomerTask{.id = store::RowInt(row, 0),
                            .title = store::RowText(row, 1),
                            .kind = store::RowText(row, 2),
                            .due_at = store::RowInt(row, 3),
                            .deal_id = store::RowOptionalInt(row, 4),
                            .ticket_id = store::RowOptionalInt(row, 5),
                            .owner_user_id = store::RowOptionalInt(row, 6),
                            .version = store::RowInt(row, 7)};
      });
}

}  // namespace vafa::services::sales
