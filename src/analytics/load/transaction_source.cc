#include "analytics/load/transaction_source.h"

#include <soci/soci.h>
#include <sqlite3.h>

#include <unordered_map>

#include "import/import_error.h"
#include "import/import_source.h"
#include "import/transaction_row.h"

namespace vafa::analytics {

Result<LoadedLog> LoadTransactionsCsv(const std::string& path,
                                      const std::string& currency,
                                      char delimiter) {
  VAFA_ASSIGN_OR_RETURN(import::AmountFormat format,
                        import::AmountFormatFor(currency));
  VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                        import::OpenImportSource(
                            path, delimiter, import::TransactionFieldSpecs()));
  TransactionLogBuilder builder;
  import::ImportErrors errors;
  std::vector<std::string_view> fields;
  import::TransactionRow row;
  LoadedLog loaded;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, source.reader->Next(fields));
    if (!more) break;
    const int64_t line = source.reader->line();
    if (!source.CheckFieldCount(fields.size(), line, errors)) continue;
    if (!import::ParseTransactionRecord(source.columns, fields, format, line,
                                        row, errors)) {
      continue;
    }
    if (!errors.empty()) continue;  // keep validating, stop building
    OrderLine order_line;
    order_line.customer_key = row.customer_key;
    order_line.order_key = row.order_key;
    order_line.product_key = row.product_key;
    order_line.channel = row.channel;
    order_line.branch = row.branch;
    order_line.category = row.category;
    order_line.at = row.at;
    order_line.quantity = row.quantity;
    order_line.amount_minor = row.amount_minor;
    order_line.discount_minor = row.discount_minor;
    order_line.cost_minor = row.cost_minor;
    order_line.has_cost = row.has_cost;
    Status added = builder.Add(order_line);
    if (!added.ok())
      errors.Add(line, "order_id", row.order_key, added.message());
    loaded.last_day = std::max(loaded.last_day, DayOf(row.at));
  }
  if (!errors.empty()) return Status::Invalid(errors.Format(source.file_name));
  loaded.log = builder.Finish();
  return loaded;
}

namespace {

constexpr char kLinesSql[] =
    "SELECT o.customer_id, c.external_id, o.external_id, p.sku, "
    "o.channel, o.branch, p.category, o.ordered_at, l.quantity, "
    "l.amount_minor, l.discount_minor, l.cost_minor, "
    "c.acquisition_cost_minor "
    "FROM order_lines l JOIN orders o ON o.id = l.order_id "
    "JOIN customers c ON c.id = o.customer_id "
    "JOIN products p ON p.id = l.product_id "
    "WHERE l.workspace_id = ? AND o.deleted_at IS NULL "
    "AND c.deleted_at IS NULL ORDER BY l.line_key";

std::string_view ColumnText(sqlite3_stmt* st, int i) {
  const unsigned char* text = sqlite3_column_text(st, i);
  return text == nullptr
             ? std::string_view()
             : std::string_view(
                   reinterpret_cast<const char*>(text),
                   static_cast<size_t>(sqlite3_column_bytes(st, i)));
}

// SQLite: customers, products and orders are read once into memory and the
// lines streamed in key order beside the orders (both are in order-id
// order), through the sqlite3 C API; a join per line costs three B-tree
// searches, this costs none.
template <typename Row>
Status ForEachRow(sqlite3* handle, const char* sql, int64_t workspace_id,
                  Row&& row) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(handle, sql, -1, &st, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("reading the store: ") +
                            sqlite3_errmsg(handle));
  }
  sqlite3_bind_int64(st, 1, workspace_id);
  int rc;
  Status status;
  while (status.ok() && (rc = sqlite3_step(st)) == SQLITE_ROW) status = row(st);
  if (status.ok() && rc != SQLITE_DONE) {
    status = Status::Internal(std::string("reading the store: ") +
                              sqlite3_errmsg(handle));
  }
  sqlite3_finalize(st);
  return status;
}

Status LoadFromSqlite(store::Database& db, int64_t workspace_id,
                      TransactionLogBuilder& builder, LoadedLog& loaded,
                      std::unordered_map<std::string, int64_t>& id_of_key,
                      std::unordered_map<std::string, int64_t>& cost_of_key) {
  auto* handle = static_cast<sqlite3*>(db.sqlite_handle());
  struct CustomerInfo {
    std::string key;
    int64_t acquisition_cost = 0;
    bool seen = false;  // has a line in the log
  };
  std::unordered_map<int64_t, CustomerInfo> customers;
  VAFA_RETURN_IF_ERROR(
      ForEachRow(handle,
                 "SELECT id, external_id, acquisition_cost_minor FROM "
                 "customers WHERE workspace_id = ? AND deleted_at IS NULL",
                 workspace_id, [&](sqlite3_stmt* st) {
                   int64_t id = sqlite3_column_int64(st, 0);
                   std::string_view external = ColumnText(st, 1);
                   customers[id] = {external.empty() ? "#" + std::to_string(id)
                                                     : std::string(external),
                                    sqlite3_column_int64(st, 2)};
                   return Status::Ok();
                 }));
  struct ProductInfo {
    std::string sku, category;
  };
  std::unordered_map<int64_t, ProductInfo> products;
  VAFA_RETURN_IF_ERROR(ForEachRow(
      handle, "SELECT id, sku, category FROM products WHERE workspace_id = ?",
      workspace_id, [&](sqlite3_stmt* st) {
        products[sqlite3_column_int64(st, 0)] = {
            std::string(ColumnText(st, 1)), std::string(ColumnText(st, 2))};
        return Status::Ok();
      }));
  struct OrderInfo {
    int64_t id, customer_id, at;
    std::string external_id;
    int32_t channel, branch;
    CustomerInfo* customer;  // nullptr: the order or its customer is (soft)
                             // deleted
  };
  std::vector<OrderInfo> orders;
  std::vector<std::string> names;  // channels and branches
  std::unordered_map<std::string, int32_t> name_index;
  auto name_of = [&](std::string_view text) {
    auto [it, added] = name_index.try_emplace(
        std::string(text), static_cast<int32_t>(names.size()));
    if (added) names.emplace_back(text);
    return it->second;
  };
  int64_t line_total = 0;
  // "+workspace_id" keeps SQLite off the orders_customer index: a scan in
  // id order needs no sort and no look-up per order.
  VAFA_RETURN_IF_ERROR(ForEachRow(
      handle,
      "SELECT id, customer_id, ordered_at, external_id, channel, branch, "
      "deleted_at IS NOT NULL, line_count FROM orders "
      "WHERE +workspace_id = ? ORDER BY id",
      workspace_id, [&](sqlite3_stmt* st) {
        const int64_t customer_id = sqlite3_column_int64(st, 1);
        auto customer = customers.find(customer_id);
        const bool deleted =
            sqlite3_column_int(st, 6) != 0 || customer == customers.end();
        orders.push_back(
            {sqlite3_column_int64(st, 0), customer_id,
             sqlite3_column_int64(st, 2), std::string(ColumnText(st, 3)),
             name_of(ColumnText(st, 4)), name_of(ColumnText(st, 5)),
             deleted ? nullptr : &customer->second});
        line_total += sqlite3_column_int64(st, 7);
        return Status::Ok();
      }));
  builder.Reserve(line_total, static_cast<int64_t>(orders.size()),
                  static_cast<int64_t>(customers.size()));
  size_t cursor = 0;
  int64_t last_order = 0;
  return ForEachRow(
      handle,
      "SELECT order_id, product_id, quantity, amount_minor, discount_minor, "
      "cost_minor "
      "FROM order_lines WHERE workspace_id = ? ORDER BY line_key",
      workspace_id, [&](sqlite3_stmt* st) -> Status {
        const int64_t order_id = sqlite3_column_int64(st, 0);
        while (cursor < orders.size() && orders[cursor].id < order_id) ++cursor;
        if (cursor == orders.size() || orders[cursor].id != order_id) {
          return Status::Internal("order line of missing order " +
                                  std::to_string(order_id));
        }
        const OrderInfo& order = orders[cursor];
        CustomerInfo* customer = order.customer;
        if (customer == nullptr) return Status::Ok();
        auto product = products.find(sqlite3_column_int64(st, 1));
        if (product == products.end()) {
          return Status::Internal("order " + std::to_string(order_id) +
                                  " refers to a missing product");
        }
        OrderLine line;
        line.customer_key = customer->key;
        line.order_key = order.external_id;
        line.product_key = product->second.sku;
        line.channel = names[order.channel];
        line.branch = names[order.branch];
        line.category = product->second.category;
        line.at = order.at;
        line.quantity = sqlite3_column_double(st, 2);
        line.amount_minor = sqlite3_column_int64(st, 3);
        line.discount_minor = sqlite3_column_int64(st, 4);
        line.has_cost = sqlite3_column_type(st, 5) != SQLITE_NULL;
        line.cost_minor = line.has_cost ? sqlite3_column_int64(st, 5) : 0;
        VAFA_RETURN_IF_ERROR(builder.Add(line));
        if (!customer->seen) {
          customer->seen = true;
          id_of_key.emplace(customer->key, order.customer_id);
          cost_of_key.emplace(customer->key, customer->acquisition_cost);
        }
        if (order_id != last_order) {
          last_order = order_id;
          loaded.last_day = std::max(loaded.last_day, DayOf(line.at));
        }
        return Status::Ok();
      });
}

// The same query with a named parameter, for SOCI.
std::string PostgresSql() {
  std::string sql = kLinesSql;
  sql.replace(sql.find('?'), 1, ":w");
  return sql;
}

}  // namespace

Result<LoadedLog> LoadTransactionsFromStore(store::Database& db,
                                            int64_t workspace_id) {
  LoadedLog loaded;
  TransactionLogBuilder builder;
  std::unordered_map<std::string, int64_t> id_of_key;
  std::unordered_map<std::string, int64_t> cost_of_key;
  if (db.backend() == store::Backend::kSqlite) {
    VAFA_RETURN_IF_ERROR(LoadFromSqlite(db, workspace_id, builder, loaded,
                                        id_of_key, cost_of_key));
  } else
    try {
      long long w = workspace_id;
      long long customer_id = 0, ordered_at = 0, amount = 0, discount = 0,
                cost = 0, acquisition = 0;
      double quantity = 0;
      std::string customer_key, order_key, sku, channel, branch, category;
      soci::indicator customer_ind, channel_ind, branch_ind, category_ind,
          cost_ind, acquisition_ind;
      soci::statement st =
          (db.sql().prepare << PostgresSql(), soci::use(w),
           soci::into(customer_id), soci::into(customer_key, customer_ind),
           soci::into(order_key), soci::into(sku),
           soci::into(channel, channel_ind), soci::into(branch, branch_ind),
           soci::into(category, category_ind), soci::into(ordered_at),
           soci::into(quantity), soci::into(amount), soci::into(discount),
           soci::into(cost, cost_ind),
           soci::into(acquisition, acquisition_ind));
      st.execute();
      std::string key;
      while (st.fetch()) {
        key = customer_ind == soci::i_ok && !customer_key.empty()
                  ? customer_key
                  : "#" + std::to_string(customer_id);
        OrderLine line;
        line.customer_key = key;
        line.order_key = order_key;
        line.product_key = sku;
        line.channel =
            channel_ind == soci::i_ok ? std::string_view(channel) : "";
        line.branch = branch_ind == soci::i_ok ? std::string_view(branch) : "";
        line.category =
            category_ind == soci::i_ok ? std::string_view(category) : "";
        line.at = ordered_at;
        line.quantity = quantity;
        line.amount_minor = amount;
        line.discount_minor = discount;
        line.has_cost = cost_ind == soci::i_ok;
        line.cost_minor = line.has_cost ? cost : 0;
        VAFA_RETURN_IF_ERROR(builder.Add(line));
        if (id_of_key.try_emplace(key, customer_id).second) {
          cost_of_key[key] = acquisition_ind == soci::i_ok ? acquisition : 0;
        }
        loaded.last_day = std::max(loaded.last_day, DayOf(ordered_at));
      }
    } catch (const std::exception& error) {
      return store::DatabaseError("reading order lines", error);
    }
  loaded.log = builder.Finish();
  loaded.customer_ids.reserve(loaded.log.customer_keys.size());
  for (const std::string& key : loaded.log.customer_keys) {
    loaded.customer_ids.push_back(id_of_key.at(key));
    loaded.acquisition_cost.push_back(cost_of_key.at(key));
  }
  return loaded;
}

}  // namespace vafa::analytics
