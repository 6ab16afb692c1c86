#include "services/customers/interactions.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services {
namespace {

constexpr char kRecentInteractions[] =
    "SELECT id, occurred_at, type, channel, direction, subject, outcome FROM "
    "interactions WHERE workspace_id = :w AND customer_id = :c AND deleted_at "
    "IS NULL ORDER BY occurred_at DESC, id DESC LIMIT :n";

}  // namespace

Result<std::vector<CustomerInteraction>> RecentInteractionsForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit) {
  return store::ReadRowsOfCustomer<CustomerInteraction>(
      db, kRecentInteractions, workspace_id, customer_id, limit,
      "reading interactions", [](const soci::row& row) {
        return CustomerInteraction{.id = store::RowInt(row, 0),
                                   .occurred_at = store::RowInt(row, 1),
                                   .type = store::RowText(row, 2),
                                   .channel = store::RowText(row, 3),
                                   .direction = store::RowText(row, 4),
                                   .subject = store::RowText(row, 5),
                                   .outcome = store::RowText(row, 6)};
      });
}

}  // namespace vafa::services
