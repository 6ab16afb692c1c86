#include "services/customers/orders.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::customers {
namespace {

constexpr char kRecentOrders[] =
    "SELECT id, external_id, ordered_at, channel, branch, total_minor, "
    "discount_minor, line_count, currency FROM orders WHERE workspace_id = :w "
    "AND customer_id = :c AND deleted_at IS NULL ORDER BY ordered_at DESC, id "
    "DESC LIMIT :n";
constexpr char kOrderTotals[] =
    "SELECT COUNT(*), SUM(total_minor), MIN(ordered_at), MAX(ordered_at) FROM "
    "orders WHERE workspace_id = :w AND customer_id = :c AND deleted_at IS "
    "NULL";
constexpr char kOrderPlacesSince[] =
    "SELECT customer_id, ordered_at, channel, branch FROM orders WHERE "
    "workspace_id = :w AND ordered_at >= :s AND deleted_at IS NULL AND "
    "customer_id IS NOT NULL";

}  // namespace

Result<std::vector<CustomerOrder>> RecentOrdersForCustomer(store::Database& db,
                                                           int64_t workspace_id,
                                                           int64_t customer_id,
                                                           int limit) {
  return store::ReadRowsOfCustomer<CustomerOrder>(
      db, kRecentOrders, workspace_id, customer_id, limit, "reading orders",
      [](const soci::row& row) {
        return CustomerOrder{.id = store::RowInt(row, 0),
                             .external_id = store::RowText(row, 1),
                             .ordered_at = store::RowInt(row, 2),
                             .channel = store::RowText(row, 3),
                             .branch = store::RowText(row, 4),
                             .total_minor = store::RowInt(row, 5),
                             .discount_minor = store::RowInt(row, 6),
                             .line_count = store::RowInt(row, 7),
                             .currency = store::RowText(row, 8)};
      });
}

Result<CustomerOrderTotals> OrderTotalsForCustomer(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t customer_id) {
  try {
    long long ws = workspace_id, customer = customer_id;
    soci::row row;
    db.sql() << kOrderTotals, soci::use(ws), soci::use(customer),
        soci::into(row);
    return CustomerOrderTotals{.orders = store::RowInt(row, 0),
                               .revenue_minor = store::RowOptionalInt(row, 1),
                               .first_order_at = store::RowOptionalInt(row, 2),
                               .last_order_at = store::RowOptionalInt(row, 3)};
  } catch (const std::exception& error) {
    return store::DatabaseError("reading orders", error);
  }
}

Result<std::vector<OrderPlace>> OrderPlacesSince(store::Database& db,
                                                 int64_t workspace_id,
                                                 UnixSeconds since) {
  std::vector<OrderPlace> places;
  try {
    long long ws = workspace_id, from = since;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kOrderPlacesSince, soci::use(ws), soci::use(from));
    for (const soci::row& row : rows) {
      places.push_back({.customer_id = store::RowInt(row, 0),
                        .ordered_at = store::RowInt(row, 1),
                        .channel = store::RowText(row, 2),
                        .branch = store::RowText(row, 3)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the orders", error);
  }
  return places;
}

}  // namespace vafa::services::customers
