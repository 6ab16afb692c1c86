// A customer's orders as the customer's own pages show them (the 360 view):
// the latest orders and the totals over all of them. Deleted orders are left
// out; rows of other workspaces are never read. Each read is one indexed
// query (orders_customer).
#ifndef VAFA_SERVICES_CUSTOMERS_ORDERS_H_
#define VAFA_SERVICES_CUSTOMERS_ORDERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::customers {

struct CustomerOrder {
  int64_t id = 0;
  std::string external_id;
  UnixSeconds ordered_at = 0;
  std::string channel;  // "" when not given
  std::string branch;   // "" when not given
  int64_t total_minor = 0;
  int64_t discount_minor = 0;
  int64_t line_count = 0;
  std::string currency;
};
// The customer's latest `limit` orders, newest first (ties: higher id first).
Result<std::vector<CustomerOrder>> RecentOrdersForCustomer(store::Database& db,
                                                           int64_t workspace_id,
                                                           int64_t customer_id,
                                                           int limit);

struct CustomerOrderTotals {
  int64_t orders = 0;
  std::optional<int64_t> revenue_minor;  // nullopt: no orders
  std::optional<UnixSeconds> first_order_at;
  std::optional<UnixSeconds> last_order_at;
};
// How many orders the customer has, their sum and the first and last
// order's instants. A sum past 64 bits is an error, never a wrapped number.
Result<CustomerOrderTotals> OrderTotalsForCustomer(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t customer_id);

// Where and when the workspace's customers ordered: every live order placed
// at `since` or later, in no particular order.
struct OrderPlace {
  int64_t customer_id = 0;
  UnixSeconds ordered_at = 0;
  std::string channel;  // "" when not given
  std::string branch;   // "" when not given
};
Result<std::vector<OrderPlace>> OrderPlacesSince(store::Database& db,
                                                 int64_t workspace_id,
                                                 UnixSeconds since);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_ORDERS_H_
