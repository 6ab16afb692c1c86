// ImportTransactions: see importer.h. A TransactionStream reads the file
// on a second thread, resolves keys, gives ids to new rows and gathers the
// lines into orders (lines of one order may be anywhere in the file); this
// thread writes the lines through BulkInsert as they arrive, then the
// orders, whose totals need all their lines, at the end.
#include <soci/soci.h>

#include <memory>

#include "import/import_error.h"
#include "import/import_source.h"
#include "import/importer.h"
#include "import/transaction_row.h"
#include "import/transaction_stream.h"
#include "store/bulk_insert.h"
#include "store/customer_bulk_writer.h"
#include "store/deferred_indexes.h"
#include "store/import_batch_repository.h"
#include "store/order_lines.h"

namespace vafa::import {
namespace {

using store::LineKey;

Status LoadKnownKeys(store::Database& db, int64_t workspace_id,
                     store::CustomerKey key, KnownKeys& out) {
  out.key = key;
  store::CustomerRepository repo(db);
  VAFA_ASSIGN_OR_RETURN(auto pairs, repo.KeyIndex(workspace_id, key));
  out.customers.reserve(pairs.size());
  for (auto& [value, id] : pairs) out.customers.emplace(std::move(value), id);
  long long w = workspace_id;
  std::string text;
  long long id = 0;
  soci::statement products =
      (db.sql().prepare
           << "SELECT sku, id FROM products WHERE workspace_id = :w",
       soci::use(w), soci::into(text), soci::into(id));
  products.execute();
  while (products.fetch()) out.products.emplace(text, id);
  soci::statement orders =
      (db.sql().prepare
           << "SELECT external_id FROM orders WHERE workspace_id = :w",
       soci::use(w), soci::into(text));
  orders.execute();
  while (orders.fetch()) out.orders.insert(text);
  return Status::Ok();
}

Result<int64_t> AddBareCustomer(store::CustomerBulkWriter& writer,
                                int64_t workspace_id, store::CustomerKey key,
                                std::string_view value, int64_t batch_id,
                                int64_t now) {
  store::Customer c;
  c.workspace_id = workspace_id;
  switch (key) {
    case store::CustomerKey::kExternalId:
      c.external_id = std::string(value);
      break;
    case store::CustomerKey::kNationalId:
      c.national_id = std::string(value);
      break;
    case store::CustomerKey::kPhone:
      c.phone = std::string(value);
      break;
    case store::CustomerKey::kEmail:
      c.email = std::string(value);
      break;
  }
  c.display_name = std::string(value);
  c.created_at = c.updated_at = now;
  c.batch_id = batch_id;
  VAFA_RETURN_IF_ERROR(writer.Add(c));
  return c.id;
}

}  // namespace

Result<ImportReport> ImportTransactions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, TransactionFieldSpecs()));
  const std::string& file = source.file_name;
  VAFA_ASSIGN_OR_RETURN(AmountFormat format, AmountFormatFor(options.currency));
  const std::string key_name(store::CustomerKeyName(options.key));

  ImportReport report;
  report.dry_run = options.dry_run;
  const int64_t now = store::NowSeconds();
  const int64_t estimated_lines = EstimatedRecords(options.path);
  // Outlives the transaction below.
  store::LoadJournal journal(db, IsLargeLoad(estimated_lines));
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    KnownKeys known;
    VAFA_RETURN_IF_ERROR(LoadKnownKeys(db, workspace_id, options.key, known));
    known.create_missing_customers = options.create_missing_customers;
    VAFA_ASSIGN_OR_RETURN(store::ImportBatch batch,
                          BeginBatch(db, workspace_id, "transactions", file,
                                     "create", key_name, options.created_by));

    known.next_order_id = store::NextIdForBulk(db, "orders");
    const int64_t first_order_id = known.next_order_id;
    known.next_product_id = store::NextIdForBulk(db, "products");
    std::unique_ptr<store::CustomerBulkWriter> bare_customers;
    if (options.create_missing_customers) {
      bare_customers = std::make_unique<store::CustomerBulkWriter>(db);
      known.next_customer_id = bare_customers->next_id();
    }
    store::BulkInsert new_products(db, "products",
                                   {"id", "workspace_id", "sku", "name",
                                    "category", "created_at", "batch_id"});
    store::BulkInsert lines(db, "order_lines",
                            {"line_key", "order_id", "line_no", "workspace_id",
                             "customer_id", "product_id", "quantity",
                             "amount_minor", "discount_minor", "cost_minor"});
    // A large first load builds order_lines' primary key (PostgreSQL) after
    // the rows are in; the file's size tells roughly how many lines it has.
    store::DeferredIndexes deferred_lines(
        db, "order_lines", estimated_lines,
        store::DeferredIndexes::PrimaryKey::kDefer);
    lines.Stream();
    lines.Binary();
    // Reading, parsing, resolving keys and gathering orders run on their
    // own thread, a few batches ahead of this one, which writes.
    TransactionStream stream(source, format, std::move(known));
    while (const TransactionBatch* parsed = stream.Next()) {
      // After a bad row, the stream validates the rest; nothing more is
      // written.
      if (stream.has_errors()) continue;
      for (const StreamedRow& streamed : parsed->rows) {
        const TransactionRow& row = streamed.row;
        if (streamed.new_customer) {
          VAFA_ASSIGN_OR_RETURN(
              int64_t id,
              AddBareCustomer(*bare_customers, workspace_id, options.key,
                              row.customer_key, batch.id, now));
          if (id != streamed.customer_id) {
            return Status::Internal("customer ids out of step in import");
          }
          ++report.customers_created;
        }
        if (streamed.new_product) {
          new_products.Int(streamed.product_id);
          new_products.Int(workspace_id);
          new_products.Text(row.product_key);
          new_products.TextOrNull(row.product_name);
          new_products.TextOrNull(row.category);
          new_products.Int(now);
          new_products.Int(batch.id);
          VAFA_RETURN_IF_ERROR(new_products.EndRow());
          ++report.products_created;
        }
        lines.Int(LineKey(streamed.order_id, streamed.line_no));
        lines.Int(streamed.order_id);
        lines.Int(streamed.line_no);
        lines.Int(workspace_id);
        lines.Int(streamed.customer_id);
        lines.Int(streamed.product_id);
        lines.Double(row.quantity);
        lines.Int(row.amount_minor);
        lines.Int(row.discount_minor);
        if (row.has_cost) {
          lines.Int(row.cost_minor);
        } else {
          lines.Null();
        }
        VAFA_RETURN_IF_ERROR(lines.EndRow());
        ++report.created;
      }
    }
    VAFA_RETURN_IF_ERROR(stream.status());
    report.rows = stream.records();
    report.unchanged = stream.unchanged();
    if (stream.has_errors()) {
      return Status::Invalid(stream.errors().Format(file));
    }
    VAFA_RETURN_IF_ERROR(lines.Flush());
    VAFA_RETURN_IF_ERROR(new_products.Flush());
    if (report.products_created > 0) store::SyncIdSequence(db, "products");
    if (bare_customers != nullptr)
      VAFA_RETURN_IF_ERROR(bare_customers->Finish());

    const auto& orders = stream.orders();
    // A large first load builds the orders' indexes after the rows are in.
    store::DeferredIndexes deferred_orders(
        db, "orders", static_cast<int64_t>(orders.size()),
        store::DeferredIndexes::PrimaryKey::kDefer);
    store::BulkInsert order_rows(
        db, "orders",
        {"id", "workspace_id", "customer_id", "external_id", "ordered_at",
         "channel", "branch", "currency", "total_minor", "discount_minor",
         "cost_minor", "line_count", "batch_id"});
    order_rows.Stream();
    order_rows.Binary();
    int64_t expected_id = first_order_id;
    for (const auto* entry : orders) {
      const std::string& external_id = entry->first;
      const GatheredOrder& pending = entry->second;
      if (pending.id != expected_id++) {
        return Status::Internal("order ids out of step in import");
      }
      order_rows.Int(pending.id);
      order_rows.Int(workspace_id);
      order_rows.Int(pending.customer_id);
      order_rows.Text(external_id);
      order_rows.Int(pending.at);
      order_rows.TextOrNull(pending.channel);
      order_rows.TextOrNull(pending.branch);
      order_rows.Text(format.unit.iso);
      order_rows.Int(pending.total_minor);
      order_rows.Int(pending.discount_minor);
      if (pending.cost_known) {
        order_rows.Int(pending.cost_minor);
      } else {
        order_rows.Null();
      }
      order_rows.Int(pending.line_count);
      order_rows.Int(batch.id);
      VAFA_RETURN_IF_ERROR(order_rows.EndRow());
    }
    VAFA_RETURN_IF_ERROR(order_rows.Flush());
    VAFA_RETURN_IF_ERROR(deferred_orders.Restore());
    VAFA_RETURN_IF_ERROR(deferred_lines.Restore());
    store::SyncIdSequence(db, "orders");
    report.orders_created = static_cast<int64_t>(orders.size());

    VAFA_RETURN_IF_ERROR(CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

}  // namespace vafa::import
