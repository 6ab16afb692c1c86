#include "services/service/customer_tickets.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::service {
namespace {

constexpr char kRecentTickets[] =
    "SELECT id, opened_at, subject, type, category, priority, status, "
    "resolved_at, resolution_due_at FROM tickets WHERE workspace_id = :w AND "
    "customer_id = :c AND deleted_at IS NULL ORDER BY opened_at DESC, id DESC "
    "LIMIT :n";

}  // namespace

Result<std::vector<CustomerTicket>> RecentTicketsForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit) {
  return store::ReadRowsOfCustomer<CustomerTicket>(
      db, kRecentTickets, workspace_id, customer_id, limit, "reading tickets",
      [](const soci::row& row) {
        return CustomerTicket{.id = store::RowInt(row, 0),
                              .opened_at = store::RowInt(row, 1),
                              .subject = store::RowText(row, 2),
                              .type = store::RowText(row, 3),
                              .category = store::RowText(row, 4),
                              .priority = store::RowText(row, 5),
                              .status = store::RowText(row, 6),
                              .resolved_at = store::RowOptionalInt(row, 7),
                              .resolution_due_at = store::RowInt(row, 8)};
      });
}

}  // namespace vafa::services::service
