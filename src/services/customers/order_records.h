// An order as the record routes write it (docs/API.md, orders): its lines'
// products looked up among the workspace's live products, its totals summed
// from the lines, its lines stored beside the order row and read back with
// their products. The order row itself is a store::RecordTable over
// OrderTable() (record_tables.h). Writes run in the caller's transaction; rows
// of another workspace are never read or written.
#ifndef VAFA_SERVICES_CUSTOMERS_ORDER_RECORDS_H_
#define VAFA_SERVICES_CUSTOMERS_ORDER_RECORDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services::customers {

// A live product of the workspace named by id, or by its sku; nullopt when
// there is none.
Result<std::optional<int64_t>> LiveProductId(store::Database& db,
                                             int64_t workspace_id,
                                             int64_t product_id);
Result<std::optional<int64_t>> LiveProductIdBySku(store::Database& db,
                                                  int64_t workspace_id,
                                                  const std::string& sku);

struct OrderLineInput {
  int64_t product_id = 0;
  double quantity = 1;
  int64_t amount_minor = 0;
  int64_t discount_minor = 0;
  std::optional<int64_t> cost_minor;  // nullopt: not known
};

struct OrderLineTotals {
  int64_t total_minor = 0;
  int64_t discount_minor = 0;
  std::optional<int64_t> cost_minor;  // nullopt unless every line has a cost
  int64_t line_count = 0;
};
// The order's totals from its lines. Sums past 64 bits are refused naming
// the line ("lines[3].amount_minor"), never wrapped.
Result<OrderLineTotals> SumOrderLines(std::span<const OrderLineInput> lines);

// Replaces the order's lines with `lines` (numbered from 1), all on the
// order's customer.
Status ReplaceOrderLines(store::Database& db, int64_t workspace_id,
                         int64_t order_id,
                         std::span<const OrderLineInput> lines);
// Moves the order's lines to the customer the order row now names.
Status MoveOrderLinesToOrderCustomer(store::Database& db, int64_t workspace_id,
                                     int64_t order_id);

struct OrderLine {
  int64_t line_no = 0;
  int64_t product_id = 0;
  std::string sku;           // "" when the product is gone
  std::string product_name;  // "" when not given
  double quantity = 0;
  int64_t amount_minor = 0;
  int64_t discount_minor = 0;
  std::optional<int64_t> cost_minor;
};
// The order's lines in line order.
Result<std::vector<OrderLine>> ReadOrderLines(store::Database& db,
                                              int64_t workspace_id,
                                              int64_t order_id);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_ORDER_RECORDS_H_
