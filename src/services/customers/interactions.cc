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
constexpr char kComplainers[] =
    "SELECT DISTINCT customer_id FROM interactions WHERE workspace_id = :w "
    "AND type = 'complaint'";

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

Result<std::vector<int64_t>> CustomersWhoComplained(store::Database& db,
                                                    int64_t workspace_id) {
  std::vector<int64_t> customers;
  try {
    long long ws = workspace_id;
    soci::rowset<long long> rows =
        (db.sql().prepare << kComplainers, soci::use(ws));
    for (long long id : rows) customers.push_back(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the complaints", error);
  }
  return customers;
}

}  // namespace vafa::services
