#include "analytics/load/transaction_source.h"

#include <soci/soci.h>

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

Result<LoadedLog> LoadTransactionsFromStore(store::Database& db,
                                            int64_t workspace_id) {
  LoadedLog loaded;
  TransactionLogBuilder builder;
  std::unordered_map<std::string, int64_t> id_of_key;
  std::unordered_map<std::string, int64_t> cost_of_key;
  try {
    long long w = workspace_id;
    long long customer_id = 0, ordered_at = 0, amount = 0, discount = 0,
              cost = 0, acquisition = 0;
    double quantity = 0;
    std::string customer_key, order_key, sku, channel, branch, category;
    soci::indicator customer_ind, channel_ind, branch_ind, category_ind,
        cost_ind, acquisition_ind;
    soci::statement st =
        (db.sql().prepare
             << "SELECT o.customer_id, c.external_id, o.external_id, p.sku, "
                "o.channel, o.branch, p.category, o.ordered_at, l.quantity, "
                "l.amount_minor, l.discount_minor, l.cost_minor, "
                "c.acquisition_cost_minor "
                "FROM order_lines l JOIN orders o ON o.id = l.order_id "
                "JOIN customers c ON c.id = o.customer_id "
                "JOIN products p ON p.id = l.product_id "
                "WHERE l.workspace_id = :w ORDER BY l.line_key",
         soci::use(w), soci::into(customer_id),
         soci::into(customer_key, customer_ind), soci::into(order_key),
         soci::into(sku), soci::into(channel, channel_ind),
         soci::into(branch, branch_ind), soci::into(category, category_ind),
         soci::into(ordered_at), soci::into(quantity), soci::into(amount),
         soci::into(discount), soci::into(cost, cost_ind),
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
      line.channel = channel_ind == soci::i_ok ? std::string_view(channel) : "";
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
