#include "services/customers/order_records.h"

#include <soci/soci.h>

#include <tuple>

#include "core/money.h"
#include "store/order_lines.h"
#include "store/sql_values.h"

namespace vafa::services::customers {
namespace {

constexpr char kLiveProductById[] =
    "SELECT id FROM products WHERE workspace_id = :w AND id = :id AND "
    "deleted_at IS NULL";
constexpr char kLiveProductBySku[] =
    "SELECT id FROM products WHERE workspace_id = :w AND sku = :s AND "
    "deleted_at IS NULL";
constexpr char kOrderCustomer[] =
    "SELECT customer_id FROM orders WHERE workspace_id = :w AND id = :id";
constexpr char kMoveLines[] =
    "UPDATE order_lines SET customer_id = :c WHERE workspace_id = :w AND "
    "line_key >= :lo AND line_key < :hi";
constexpr char kDeleteLines[] =
    "DELETE FROM order_lines WHERE workspace_id = :w AND line_key >= :lo AND "
    "line_key < :hi";
constexpr char kInsertLine[] =
    "INSERT INTO order_lines (line_key, order_id, line_no, workspace_id, "
    "customer_id, product_id, quantity, amount_minor, discount_minor, "
    "cost_minor) VALUES (:k, :o, :n, :w, :c, :p, :q, :a, :d, :cost)";
constexpr char kReadLines[] =
    "SELECT l.line_no, l.product_id, p.sku, p.name, l.quantity, "
    "l.amount_minor, l.discount_minor, l.cost_minor FROM order_lines l LEFT "
    "JOIN products p ON p.id = l.product_id WHERE l.line_key >= :lo AND "
    "l.line_key < :hi AND l.workspace_id = :w ORDER BY l.line_key";

Result<std::optional<int64_t>> OneId(store::Database& db, const char* sql,
                                     long long workspace_id, auto wanted) {
  long long id = 0;
  soci::indicator found = soci::i_null;
  try {
    db.sql() << sql, soci::use(workspace_id), soci::use(wanted),
        soci::into(id, found);
    if (!db.sql().got_data() || found == soci::i_null) {
      return std::optional<int64_t>();
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading products", error);
  }
  return std::optional<int64_t>(id);
}

// The customer the order row names; 0 when there is no such order or it is
// an anonymous sale (its lines then name no customer either).
Result<int64_t> OrderCustomer(store::Database& db, long long workspace_id,
                              long long order_id) {
  long long customer = 0;
  soci::indicator found = soci::i_null;
  db.sql() << kOrderCustomer, soci::use(workspace_id), soci::use(order_id),
      soci::into(customer, found);
  if (!db.sql().got_data() || found == soci::i_null) return int64_t{0};
  return static_cast<int64_t>(customer);
}

}  // namespace

Result<std::optional<int64_t>> LiveProductId(store::Database& db,
                                             int64_t workspace_id,
                                             int64_t product_id) {
  const long long wanted = product_id;
  return OneId(db, kLiveProductById, workspace_id, wanted);
}

Result<std::optional<int64_t>> LiveProductIdBySku(store::Database& db,
                                                  int64_t workspace_id,
                                                  const std::string& sku) {
  return OneId(db, kLiveProductBySku, workspace_id, sku);
}

Result<OrderLineTotals> SumOrderLines(std::span<const OrderLineInput> lines) {
  OrderLineTotals totals;
  int64_t cost = 0;
  bool all_costed = true;
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    const OrderLineInput& line = lines[line_idx];
    const std::string at = "lines[" + std::to_string(line_idx) + "].";
    for (auto [sum, amount, name, what] :
         {std::tuple{&totals.total_minor, line.amount_minor, "amount_minor",
                     "total_minor"},
          std::tuple{&totals.discount_minor, line.discount_minor,
                     "discount_minor", "discount_minor"},
          std::tuple{&cost, line.cost_minor.value_or(0), "cost_minor",
                     "cost_minor"}}) {
      std::optional<int64_t> added = CheckedAdd(*sum, amount);
      if (!added) {
        return Status::Refused(
            at + name,
            AmountOverflowMessage(std::string("the order's ") + what));
      }
      *sum = *added;
    }
    all_costed = all_costed && line.cost_minor.has_value();
  }
  if (all_costed) totals.cost_minor = cost;
  totals.line_count = static_cast<int64_t>(lines.size());
  return totals;
}

Status ReplaceOrderLines(store::Database& db, int64_t workspace_id,
                         int64_t order_id,
                         std::span<const OrderLineInput> lines) {
  try {
    long long ws = workspace_id, order = order_id;
    VAFA_ASSIGN_OR_RETURN(int64_t customer_id, OrderCustomer(db, ws, order));
    long long customer = customer_id;
    soci::indicator anonymous = customer_id == 0 ? soci::i_null : soci::i_ok;
    long long lo = store::LineKey(order_id, 0),
              hi = store::LineKey(order_id + 1, 0);
    db.sql() << kDeleteLines, soci::use(ws), soci::use(lo), soci::use(hi);
    for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
      const OrderLineInput& line = lines[line_idx];
      long long key =
          store::LineKey(order_id, static_cast<int64_t>(line_idx + 1));
      int line_no = static_cast<int>(line_idx + 1);
      long long product = line.product_id, amount = line.amount_minor,
                discount = line.discount_minor;
      double quantity = line.quantity;
      store::NullableInt cost(line.cost_minor);
      db.sql() << kInsertLine, soci::use(key), soci::use(order),
          soci::use(line_no), soci::use(ws), soci::use(customer, anonymous),
          soci::use(product), soci::use(quantity), soci::use(amount),
          soci::use(discount), cost.use();
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("writing order lines", error);
  }
  return Status::Ok();
}

Status MoveOrderLinesToOrderCustomer(store::Database& db, int64_t workspace_id,
                                     int64_t order_id) {
  try {
    VAFA_ASSIGN_OR_RETURN(int64_t customer_id,
                          OrderCustomer(db, workspace_id, order_id));
    long long customer = customer_id, ws = workspace_id;
    soci::indicator anonymous = customer_id == 0 ? soci::i_null : soci::i_ok;
    long long lo = store::LineKey(order_id, 0),
              hi = store::LineKey(order_id + 1, 0);
    db.sql() << kMoveLines, soci::use(customer, anonymous), soci::use(ws),
        soci::use(lo), soci::use(hi);
  } catch (const std::exception& error) {
    return store::DatabaseError("moving order lines", error);
  }
  return Status::Ok();
}

Result<std::vector<OrderLine>> ReadOrderLines(store::Database& db,
                                              int64_t workspace_id,
                                              int64_t order_id) {
  std::vector<OrderLine> lines;
  try {
    long long lo = store::LineKey(order_id, 0),
              hi = store::LineKey(order_id + 1, 0), ws = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kReadLines, soci::use(lo), soci::use(hi),
         soci::use(ws));
    for (const soci::row& row : rows) {
      lines.push_back({.line_no = store::RowInt(row, 0),
                       .product_id = store::RowInt(row, 1),
                       .sku = store::RowText(row, 2),
                       .product_name = store::RowText(row, 3),
                       .quantity = store::RowOptionalDouble(row, 4).value_or(0),
                       .amount_minor = store::RowInt(row, 5),
                       .discount_minor = store::RowInt(row, 6),
                       .cost_minor = store::RowOptionalInt(row, 7)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading order lines", error);
  }
  return lines;
}

}  // namespace vafa::services::customers
