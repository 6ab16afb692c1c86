#include "pipeline/transaction_source.h"

#include <algorithm>
#include <cstdint>
#include <thread>
#include <unordered_map>

#include "core/money.h"
#include "import/import_error.h"
#include "import/import_source.h"
#include "import/transaction_row.h"
#include "pipeline/internal/amount_bound.h"
#include "pipeline/internal/parallel_transaction_csv.h"
#include "store/bulk_read.h"
#include "store/workspace_repository.h"

namespace vafa::pipeline {
using analytics::OrderLine;
using analytics::TransactionLogBuilder;

Result<LoadedLog> LoadTransactionsCsv(const std::string& path,
                                      const std::string& currency,
                                      char delimiter, int threads) {
  const int cores =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int partitions = threads > 0 ? std::min(threads, cores) : cores;
  if (partitions < 2) {
    return LoadTransactionsCsvSerially(path, currency, delimiter);
  }
  return LoadTransactionsCsvInParallel(path, currency, delimiter, partitions)
      .loaded;
}

Result<LoadedLog> LoadTransactionsCsvSerially(const std::string& path,
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
  loaded.currency = format.unit.iso;
  loaded.minor_digits = format.minor_digits;
  AmountBound bound;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
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
    if (!bound.AddLine(order_line)) {
      // Named once, on the line where the sum stops fitting.
      if (errors.empty()) {
        errors.Add(line, "amount", std::to_string(row.amount_minor),
                   AmountBound::Exceeded().message());
      }
      continue;
    }
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

struct CustomerInfo {
  std::string key;
  int64_t acquisition_cost = 0;
  bool seen = false;  // has a line in the log
};
using StoredCustomers = std::unordered_map<int64_t, CustomerInfo>;

struct ProductInfo {
  std::string sku, category;
};
using StoredProducts = std::unordered_map<int64_t, ProductInfo>;

struct OrderInfo {
  int64_t id, customer_id, at;
  std::string external_id;
  int32_t channel, branch;  // in StoredOrders::names
  CustomerInfo* customer;   // nullptr: the order or its customer is (soft)
                            // deleted, or it is an anonymous sale
  bool anonymous;           // a live order without a customer
};

struct StoredOrders {
  std::vector<OrderInfo> orders;   // in id order
  std::vector<std::string> names;  // channels and branches
  int64_t line_total = 0;
};

// The workspace's live customers; one without an external id is keyed
// "#ID".
Status ReadCustomers(store::Database& db, int64_t workspace_id,
                     StoredCustomers& customers) {
  return store::ForEachBulkRow(
      db,
      "SELECT id, external_id, acquisition_cost_minor FROM "
      "customers WHERE workspace_id = ? AND deleted_at IS NULL",
      workspace_id, [&](const store::BulkRow& st) {
        int64_t id = st.Int(0);
        std::string_view external = st.Text(1);
        customers[id] = {
            external.empty() ? "#" + std::to_string(id) : std::string(external),
            st.Int(2)};
        return Status::Ok();
      });
}

Status ReadProducts(store::Database& db, int64_t workspace_id,
                    StoredProducts& products) {
  return store::ForEachBulkRow(
      db, "SELECT id, sku, category FROM products WHERE workspace_id = ?",
      workspace_id, [&](const store::BulkRow& st) {
        products[st.Int(0)] = {std::string(st.Text(1)),
                               std::string(st.Text(2))};
        return Status::Ok();
      });
}

// Every order of the workspace, deleted ones too (their lines are skipped
// as the lines stream by), each pointing at its live customer.
Status ReadOrders(store::Database& db, int64_t workspace_id,
                  StoredCustomers& customers, StoredOrders& stored) {
  std::unordered_map<std::string, int32_t> name_index;
  auto name_of = [&](std::string_view text) {
    auto [it, added] = name_index.try_emplace(
        std::string(text), static_cast<int32_t>(stored.names.size()));
    if (added) stored.names.emplace_back(text);
    return it->second;
  };
  // "+workspace_id" keeps the planners off the orders_customer index: a
  // scan in id order needs no sort and no look-up per order.
  return store::ForEachBulkRow(
      db,
      "SELECT id, customer_id, ordered_at, external_id, channel, branch, "
      "CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, line_count FROM orders "
      "WHERE +workspace_id = ? ORDER BY id",
      workspace_id, [&](const store::BulkRow& st) {
        const int64_t customer_id = st.Int(1);
        const bool anonymous = st.IsNull(1) && st.Int(6) == 0;
        auto customer = customers.find(customer_id);
        const bool deleted = st.Int(6) != 0 || customer == customers.end();
        stored.orders.push_back(
            {st.Int(0), customer_id, st.Int(2), std::string(st.Text(3)),
             name_of(st.Text(4)), name_of(st.Text(5)),
             deleted ? nullptr : &customer->second, anonymous});
        stored.line_total += st.Int(7);
        return Status::Ok();
      });
}

// An order line of the store as the log builder takes it; its texts point
// into `order`, `customer`, `product` and `names`.
OrderLine LineOf(const OrderInfo& order, const CustomerInfo* customer,
                 const ProductInfo& product,
                 const std::vector<std::string>& names,
                 const store::BulkRow& st) {
  OrderLine line;
  if (customer != nullptr) line.customer_key = customer->key;
  line.order_key = order.external_id;
  line.product_key = product.sku;
  line.channel = names[order.channel];
  line.branch = names[order.branch];
  line.category = product.category;
  line.at = order.at;
  line.quantity = st.Double(2);
  line.amount_minor = st.Int(3);
  line.discount_minor = st.Int(4);
  line.has_cost = !st.IsNull(5);
  line.cost_minor = line.has_cost ? st.Int(5) : 0;
  return line;
}

// Customers, products and orders are read once into memory and the lines
// streamed in key order beside the orders (both are in order-id order), in
// bulk (store::ForEachBulkRow); a join per line would cost three index
// searches a line.
Status LoadFromStore(store::Database& db, int64_t workspace_id,
                     TransactionLogBuilder& builder,
                     TransactionLogBuilder& anonymous, LoadedLog& loaded,
                     std::unordered_map<std::string, int64_t>& id_of_key,
                     std::unordered_map<std::string, int64_t>& cost_of_key) {
  store::ReadSnapshot snapshot(db);
  StoredCustomers customers;
  VAFA_RETURN_IF_ERROR(ReadCustomers(db, workspace_id, customers));
  StoredProducts products;
  VAFA_RETURN_IF_ERROR(ReadProducts(db, workspace_id, products));
  StoredOrders stored;
  VAFA_RETURN_IF_ERROR(ReadOrders(db, workspace_id, customers, stored));
  const std::vector<OrderInfo>& orders = stored.orders;
  builder.Reserve(stored.line_total, static_cast<int64_t>(orders.size()),
                  static_cast<int64_t>(customers.size()));
  AmountBound bound;
  size_t cursor = 0;
  int64_t last_order = 0;
  return store::ForEachBulkRow(
      db,
      "SELECT order_id, product_id, quantity, amount_minor, discount_minor, "
      "cost_minor "
      "FROM order_lines WHERE workspace_id = ? ORDER BY line_key",
      workspace_id, [&](const store::BulkRow& st) -> Status {
        const int64_t order_id = st.Int(0);
        while (cursor < orders.size() && orders[cursor].id < order_id) ++cursor;
        if (cursor == orders.size() || orders[cursor].id != order_id) {
          return Status::Internal("order line of missing order " +
                                  std::to_string(order_id));
        }
        const OrderInfo& order = orders[cursor];
        CustomerInfo* customer = order.customer;
        if (customer == nullptr && !order.anonymous) return Status::Ok();
        auto product = products.find(st.Int(1));
        if (product == products.end()) {
          return Status::Internal("order " + std::to_string(order_id) +
                                  " refers to a missing product");
        }
        const OrderLine line =
            LineOf(order, customer, product->second, stored.names, st);
        if (!bound.AddLine(line)) return AmountBound::Exceeded();
        if (customer == nullptr) return anonymous.Add(line);
        VAFA_RETURN_IF_ERROR(builder.Add(line));
        if (!customer->seen) {
          if (!bound.Add(customer->acquisition_cost)) {
            return AmountBound::Exceeded();
          }
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

}  // namespace

Result<LoadedLog> LoadTransactionsFromStore(store::Database& db,
                                            int64_t workspace_id) {
  LoadedLog loaded;
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        store::WorkspaceRepository(db).Get(workspace_id));
  loaded.currency = workspace.currency;
  VAFA_ASSIGN_OR_RETURN(loaded.minor_digits,
                        CurrencyMinorDigits(workspace.currency));
  TransactionLogBuilder builder;
  TransactionLogBuilder anonymous;
  std::unordered_map<std::string, int64_t> id_of_key;
  std::unordered_map<std::string, int64_t> cost_of_key;
  VAFA_RETURN_IF_ERROR(LoadFromStore(db, workspace_id, builder, anonymous,
                                     loaded, id_of_key, cost_of_key));
  loaded.log = builder.Finish();
  loaded.anonymous = anonymous.Finish();
  loaded.customer_ids.reserve(loaded.log.customer_keys.size());
  for (const std::string& key : loaded.log.customer_keys) {
    loaded.customer_ids.push_back(id_of_key.at(key));
    loaded.acquisition_cost.push_back(cost_of_key.at(key));
  }
  return loaded;
}

}  // namespace vafa::pipeline
