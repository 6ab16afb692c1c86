// ImportTransactions: see importer.h. A TransactionStream reads the file
// on a second thread, resolves keys, gives ids to new rows and gathers the
// lines into orders (lines of one order may be anywhere in the file); this
// thread writes the lines through BulkInsert as they arrive, then the
// orders, whose totals need all their lines, at the end.
#include <soci/soci.h>

#include <limits>
#include <memory>

#include "import/date_format.h"
#include "import/import_error.h"
#include "import/import_preview.h"
#include "import/import_source.h"
#include "import/importer.h"
#include "import/internal/transaction_stream.h"
#include "import/rejects_file.h"
#include "import/transaction_row.h"
#include "store/bulk_insert.h"
#include "store/customer_bulk_writer.h"
#include "store/deferred_indexes.h"
#include "store/import_batch_repository.h"
#include "store/order_lines.h"

namespace vafa::import {
namespace {

using store::LineKey;

constexpr char kDeleteOrderLines[] =
    "DELETE FROM order_lines WHERE workspace_id = :w AND line_key >= :lo AND "
    "line_key < :hi";
constexpr char kProductsAndCustomersOfLines[] =
    "SELECT product_id, customer_id FROM order_lines WHERE workspace_id = :w "
    "AND line_key >= :lo AND line_key < :hi";
constexpr char kDeleteProduct[] = "DELETE FROM products WHERE id = :id";
constexpr char kDeleteSearchTerms[] =
    "DELETE FROM customer_search_terms WHERE customer_id = :id";
constexpr char kDeleteCustomer[] = "DELETE FROM customers WHERE id = :id";

// How many written lines use each product and customer the import created
// (ids from the first_ ones on), so that those that only lines of orders
// taken back (OnError::kSkip) used are taken back with them. Memory grows
// with the products and customers created, not with the lines.
class CreatedRowUse {
 public:
  CreatedRowUse(int64_t first_product_id, int64_t first_customer_id)
      : first_product_id_(first_product_id),
        first_customer_id_(first_customer_id) {}
  void AddLine(int64_t product_id, int64_t customer_id) {
    Add(product_lines_, product_id - first_product_id_);
    Add(customer_lines_, customer_id - first_customer_id_);
  }
  // Takes back the lines in [low, high) of line keys; deletes the created
  // products and customers no other line uses.
  Status TakeBack(store::Database& db, long long workspace_id, long long low,
                  long long high, ImportReport& report);

 private:
  static void Add(std::vector<int64_t>& lines, int64_t index) {
    if (index < 0) return;
    if (static_cast<size_t>(index) >= lines.size()) lines.resize(index + 1);
    ++lines[index];
  }
  // Whether the created row at `index` has no lines left after one more
  // was taken back.
  static bool Unused(std::vector<int64_t>& lines, int64_t index) {
    if (index < 0 || static_cast<size_t>(index) >= lines.size()) return false;
    return --lines[index] == 0;
  }

  int64_t first_product_id_;
  int64_t first_customer_id_;
  std::vector<int64_t> product_lines_;
  std::vector<int64_t> customer_lines_;
};

Status CreatedRowUse::TakeBack(store::Database& db, long long workspace_id,
                               long long low, long long high,
                               ImportReport& report) {
  std::vector<long long> products, customers;
  long long product_id = 0, customer_id = 0;
  soci::indicator anonymous = soci::i_ok;  // the line has no customer
  soci::statement lines =
      (db.sql().prepare << kProductsAndCustomersOfLines,
       soci::use(workspace_id), soci::use(low), soci::use(high),
       soci::into(product_id), soci::into(customer_id, anonymous));
  lines.execute();
  while (lines.fetch()) {
    if (Unused(product_lines_, product_id - first_product_id_)) {
      products.push_back(product_id);
    }
    if (anonymous == soci::i_ok &&
        Unused(customer_lines_, customer_id - first_customer_id_)) {
      customers.push_back(customer_id);
    }
  }
  db.sql() << kDeleteOrderLines, soci::use(workspace_id), soci::use(low),
      soci::use(high);
  for (long long id : products) {
    db.sql() << kDeleteProduct, soci::use(id);
    --report.products_created;
  }
  for (long long id : customers) {
    db.sql() << kDeleteSearchTerms, soci::use(id);
    db.sql() << kDeleteCustomer, soci::use(id);
    --report.customers_created;
  }
  return Status::Ok();
}

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

// The same file opened again from its start (in any format, encoding or
// sheet), saying nothing more about how it is read.
Result<ImportSource> ReadAgain(const ImportOptions& options,
                               const ImportSource& source) {
  ImportOptions again = options;
  again.on_reading = nullptr;
  again.delimiter = source.delimiter;
  return OpenImportSource(again, TransactionFieldSpecs());
}

// How the file writes its dates: --date-format, or, without it, the order
// (day-first or month-first) that the date column itself decides, read in
// a first pass that stops at the first value only one order reads (most
// files decide within their first days; a file whose every date is
// ambiguous is read to its end and then refused). `described` is set for
// the report. Standard input cannot be read twice: its dates must be ISO
// or Jalali, or --date-format given.
Result<DateFormat> DecideDateFormat(const ImportOptions& options,
                                    const ImportSource& source,
                                    std::string& described) {
  if (!options.date_format.empty()) {
    VAFA_ASSIGN_OR_RETURN(DateFormat format,
                          ParseDateFormat(options.date_format));
    described = options.date_format;
    return format;
  }
  if (options.path == "-") return DateFormat{};
  VAFA_ASSIGN_OR_RETURN(ImportSource scan, ReadAgain(options, source));
  const int column = scan.columns.column(kTxDate);
  DateOrderVote vote;
  bool ordered = false;
  std::vector<std::string_view> fields;
  while (!vote.decided()) {
    VAFA_ASSIGN_OR_RETURN(bool more, scan.NextRecord(fields));
    if (!more) break;
    if (fields.size() != scan.header_fields) continue;
    const std::string_view value = TrimField(fields[column]);
    if (value.empty()) continue;
    if (vote.Add(scan.reader->line(), value)) {
      ordered = true;
    } else if (!ordered) {
      break;  // ISO, Jalali or no date at all: read without a pattern
    }
  }
  VAFA_ASSIGN_OR_RETURN(DateFormat format, vote.result(source.file_name));
  if (!format.empty()) {
    described = std::string(vote.order()) + " (" + format.pattern + ")";
  }
  return format;
}

// The orders of the file, written after all their lines are in. Orders with
// a rejected line are left out; their ids stay unused.
Status WriteOrders(store::Database& db, int64_t workspace_id,
                   const std::string& currency, int64_t batch_id,
                   int64_t first_order_id, TransactionStream& stream,
                   ImportReport& report) {
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
    if (pending.rejected) continue;
    order_rows.Int(pending.id);
    order_rows.Int(workspace_id);
    if (pending.anonymous) {
      order_rows.Null();
    } else {
      order_rows.Int(pending.customer_id);
    }
    order_rows.Text(external_id);
    order_rows.Int(pending.at);
    order_rows.TextOrNull(pending.channel);
    order_rows.TextOrNull(pending.branch);
    order_rows.Text(currency);
    order_rows.Int(pending.total_minor);
    order_rows.Int(pending.discount_minor);
    if (pending.cost_known) {
      order_rows.Int(pending.cost_minor);
    } else {
      order_rows.Null();
    }
    order_rows.Int(pending.line_count);
    order_rows.Int(batch_id);
    VAFA_RETURN_IF_ERROR(order_rows.EndRow());
    ++report.orders_created;
  }
  VAFA_RETURN_IF_ERROR(order_rows.Flush());
  return deferred_orders.Restore();
}

// Takes back the lines already written of orders that a later line of
// theirs took out of the import (OnError::kSkip), and copies those lines
// from the file into the rejects, so the rejects file holds each such
// order whole. A second read of the file, only when such orders exist.
Status TakeBackRejectedOrders(store::Database& db, int64_t workspace_id,
                              const ImportOptions& options,
                              const ImportSource& source,
                              TransactionStream& stream, RejectsFile* rejects,
                              CreatedRowUse& created, ImportReport& report) {
  TextMap<int64_t> first_rejected_line;
  for (const auto* entry : stream.orders()) {
    const GatheredOrder& order = entry->second;
    if (!order.rejected) continue;
    first_rejected_line.emplace(entry->first, order.first_rejected_line);
    long long low = store::LineKey(order.id, 0);
    long long high = store::LineKey(order.id + 1, 0);
    VAFA_RETURN_IF_ERROR(created.TakeBack(db, workspace_id, low, high, report));
    report.created -= order.line_count;
    if (order.anonymous) {
      report.anonymous_lines -= order.line_count;
      report.anonymous_revenue -= static_cast<double>(order.total_minor);
    } else {
      report.imported_revenue -= static_cast<double>(order.total_minor);
    }
  }
  if (first_rejected_line.empty()) return Status::Ok();
  VAFA_ASSIGN_OR_RETURN(ImportSource again, ReadAgain(options, source));
  const int order_column = again.columns.column(kTxOrder);
  const int customer_column = again.columns.column(kTxCustomer);
  ImportErrors& errors = stream.errors();
  std::vector<std::string_view> fields;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, again.NextRecord(fields));
    if (!more) break;
    if (fields.size() != again.header_fields) continue;
    const std::string_view order_key = TrimField(fields[order_column]);
    auto rejected = first_rejected_line.find(order_key);
    const int64_t line = again.reader->line();
    if (rejected == first_rejected_line.end() || line >= rejected->second) {
      continue;
    }
    if (options.anonymous == AnonymousSales::kSkip &&
        TrimField(fields[customer_column]).empty()) {
      continue;  // left out as anonymous, not rejected
    }
    errors.Add(line, "order_id", order_key, std::string(kOrderHasRejectedLine));
    if (rejects != nullptr) rejects->Write(fields, errors.last_row_reason());
    ++report.skipped;
  }
  return Status::Ok();
}

// The lines a preview showed of orders that a later line of theirs took out
// of the import are not stored after all.
void LeaveOutRejectedOrders(const TransactionStream& stream,
                            ImportPreview& preview) {
  TextSet rejected;
  for (const auto* entry : stream.orders()) {
    if (entry->second.rejected) rejected.insert(entry->first);
  }
  std::erase_if(preview.rows, [&rejected](const PreviewRow& row) {
    return rejected.contains(row.values[kPreviewOrderValue]);
  });
}

// Writes what a TransactionStream hands out, in bulk: the bare customers
// of unknown keys (create_missing_customers), new products and the order
// lines; counts them in the report. Made after the ids of new orders and
// products are known (`known`), before the stream takes `known` over.
class LineWriter {
 public:
  LineWriter(store::Database& db, int64_t workspace_id,
             const ImportOptions& options, int64_t batch_id,
             int64_t estimated_lines, KnownKeys& known);
  Status Write(const StreamedRow& streamed, ImportReport& report);
  // Flushes the lines, products and customers; sets their id sequences
  // unless this is a dry run (setval is not rolled back).
  Status Finish(ImportReport& report);
  // Builds order_lines' deferred indexes, once its rows are in.
  Status RestoreIndexes() { return deferred_lines_.Restore(); }
  CreatedRowUse& created() { return created_; }

 private:
  store::Database& db_;
  const int64_t workspace_id_;
  const ImportOptions& options_;
  const int64_t batch_id_;
  const int64_t now_ = store::NowSeconds();
  std::unique_ptr<store::CustomerBulkWriter> bare_customers_;
  CreatedRowUse created_;
  store::BulkInsert new_products_;
  store::BulkInsert lines_;
  // A large first load builds order_lines' primary key (PostgreSQL) after
  // the rows are in; the file's size tells roughly how many lines it has.
  store::DeferredIndexes deferred_lines_;
};

LineWriter::LineWriter(store::Database& db, int64_t workspace_id,
                       const ImportOptions& options, int64_t batch_id,
                       int64_t estimated_lines, KnownKeys& known)
    : db_(db),
      workspace_id_(workspace_id),
      options_(options),
      batch_id_(batch_id),
      bare_customers_(options.create_missing_customers
                          ? std::make_unique<store::CustomerBulkWriter>(db)
                          : nullptr),
      created_(known.next_product_id,
               bare_customers_ != nullptr
                   ? bare_customers_->next_id()
                   : std::numeric_limits<int64_t>::max()),
      new_products_(db, "products",
                    {"id", "workspace_id", "sku", "name", "category",
                     "created_at", "batch_id"}),
      lines_(db, "order_lines",
             {"line_key", "order_id", "line_no", "workspace_id", "customer_id",
              "product_id", "quantity", "amount_minor", "discount_minor",
              "cost_minor"}),
      deferred_lines_(db, "order_lines", estimated_lines,
                      store::DeferredIndexes::PrimaryKey::kDefer) {
  if (bare_customers_ != nullptr) {
    known.next_customer_id = bare_customers_->next_id();
  }
  lines_.Stream();
  lines_.Binary();
}

Status LineWriter::Write(const StreamedRow& streamed, ImportReport& report) {
  const TransactionRow& row = streamed.row;
  if (streamed.new_customer) {
    VAFA_ASSIGN_OR_RETURN(
        int64_t id,
        AddBareCustomer(*bare_customers_, workspace_id_, options_.key,
                        row.customer_key, batch_id_, now_));
    if (id != streamed.customer_id) {
      return Status::Internal("customer ids out of step in import");
    }
    ++report.customers_created;
  }
  if (streamed.new_product) {
    new_products_.Int(streamed.product_id);
    new_products_.Int(workspace_id_);
    new_products_.Text(row.product_key);
    new_products_.TextOrNull(row.product_name);
    new_products_.TextOrNull(row.category);
    new_products_.Int(now_);
    new_products_.Int(batch_id_);
    VAFA_RETURN_IF_ERROR(new_products_.EndRow());
    ++report.products_created;
  }
  lines_.Int(LineKey(streamed.order_id, streamed.line_no));
  lines_.Int(streamed.order_id);
  lines_.Int(streamed.line_no);
  lines_.Int(workspace_id_);
  if (streamed.customer_id == 0) {  // an anonymous sale
    lines_.Null();
  } else {
    lines_.Int(streamed.customer_id);
  }
  lines_.Int(streamed.product_id);
  lines_.Double(row.quantity);
  lines_.Int(row.amount_minor);
  lines_.Int(row.discount_minor);
  if (row.has_cost) {
    lines_.Int(row.cost_minor);
  } else {
    lines_.Null();
  }
  VAFA_RETURN_IF_ERROR(lines_.EndRow());
  if (options_.on_error == OnError::kSkip) {
    created_.AddLine(streamed.product_id, streamed.customer_id);
  }
  ++report.created;
  return Status::Ok();
}

Status LineWriter::Finish(ImportReport& report) {
  VAFA_RETURN_IF_ERROR(lines_.Flush());
  VAFA_RETURN_IF_ERROR(new_products_.Flush());
  // A dry run rolls back, but not PostgreSQL's sequences: they are set only
  // for rows that stay.
  const bool sync_ids = !options_.dry_run;
  if (sync_ids && report.products_created > 0) {
    store::SyncIdSequence(db_, "products");
  }
  if (bare_customers_ != nullptr) {
    VAFA_RETURN_IF_ERROR(bare_customers_->Finish(sync_ids));
  }
  return Status::Ok();
}

// How the file's amounts and dates are read: the currency (the workspace's
// unless given) and the date format (given, or decided from the file), also
// told to the report and the preview.
Result<TransactionFormat> ReadingOf(store::Database& db, int64_t workspace_id,
                                    const ImportOptions& options,
                                    const ImportSource& source,
                                    ImportReport& report) {
  TransactionFormat format;
  VAFA_ASSIGN_OR_RETURN(report.currency,
                        ImportCurrency(db, workspace_id, options));
  VAFA_ASSIGN_OR_RETURN(format.amount, AmountFormatFor(report.currency));
  report.currency = format.amount.unit.iso;
  VAFA_ASSIGN_OR_RETURN(format.date,
                        DecideDateFormat(options, source, report.date_format));
  if (options.preview != nullptr) {
    options.preview->report.currency = report.currency;
    options.preview->report.date_format = report.date_format;
  }
  format.strict_amounts = options.strict_amounts;
  format.allow_anonymous = options.anonymous != AnonymousSales::kReject;
  return format;
}

StreamPolicy PolicyOf(const ImportOptions& options, RejectsFile* rejects) {
  StreamPolicy policy;
  policy.skip_bad_rows = options.on_error == OnError::kSkip;
  policy.keep_anonymous = options.anonymous == AnonymousSales::kKeep;
  policy.rejects = rejects;
  policy.preview = options.preview;
  policy.examples =
      options.error_report != nullptr ? options.error_report->examples() : 5;
  return policy;
}

// The stream's counts, once it has ended, into the report.
void CountStream(const TransactionStream& stream, const ImportOptions& options,
                 ImportReport& report) {
  report.rows = stream.records();
  report.unchanged = stream.unchanged();
  report.skipped = stream.skipped();
  report.rounded = stream.rounded();
  report.anonymous_lines = stream.anonymous_lines();
  report.anonymous_revenue = stream.anonymous_revenue();
  report.anonymous_kept = options.anonymous == AnonymousSales::kKeep;
  report.imported_revenue = stream.handed_out_revenue();
}

}  // namespace

Result<ImportReport> ImportTransactions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, TransactionFieldSpecs()));
  const std::string& file = source.file_name;
  ImportPreview* const preview = options.preview;
  if (preview != nullptr) {
    preview->DescribeSource(source, TransactionFieldSpecs());
    preview->fields = TransactionPreviewFields();
  }
  ImportReport report;
  report.dry_run = options.dry_run;
  VAFA_ASSIGN_OR_RETURN(const TransactionFormat format,
                        ReadingOf(db, workspace_id, options, source, report));
  const bool skip = options.on_error == OnError::kSkip;
  VAFA_ASSIGN_OR_RETURN(std::unique_ptr<RejectsFile> rejects,
                        OpenRejectsFile(options, source, report));
  const std::string key_name(store::CustomerKeyName(options.key));
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
                                     "create", key_name, options));

    known.next_order_id = store::NextIdForBulk(db, "orders");
    const int64_t first_order_id = known.next_order_id;
    known.next_product_id = store::NextIdForBulk(db, "products");
    LineWriter writer(db, workspace_id, options, batch.id, estimated_lines,
                      known);
    // Reading, parsing, resolving keys and gathering orders run on their
    // own thread, a few batches ahead of this one, which writes.
    TransactionStream stream(source, format, std::move(known),
                             PolicyOf(options, rejects.get()));
    while (const TransactionBatch* parsed = stream.Next()) {
      // After a bad row, the stream validates the rest; nothing more is
      // written.
      if (stream.has_errors()) continue;
      for (const StreamedRow& streamed : parsed->rows) {
        VAFA_RETURN_IF_ERROR(writer.Write(streamed, report));
      }
    }
    VAFA_RETURN_IF_ERROR(stream.status());
    CountStream(stream, options, report);
    if (stream.has_errors()) {
      if (options.error_report != nullptr) {
        *options.error_report = stream.errors();
      }
      return Status::Invalid(stream.errors().Format(file));
    }
    VAFA_RETURN_IF_ERROR(writer.Finish(report));
    VAFA_RETURN_IF_ERROR(WriteOrders(db, workspace_id, format.amount.unit.iso,
                                     batch.id, first_order_id, stream, report));
    VAFA_RETURN_IF_ERROR(writer.RestoreIndexes());
    if (!options.dry_run) store::SyncIdSequence(db, "orders");
    if (skip) {
      VAFA_RETURN_IF_ERROR(TakeBackRejectedOrders(db, workspace_id, options,
                                                  source, stream, rejects.get(),
                                                  writer.created(), report));
      if (preview != nullptr) LeaveOutRejectedOrders(stream, *preview);
    }
    if (options.error_report != nullptr)
      *options.error_report = stream.errors();
    VAFA_RETURN_IF_ERROR(CloseRejectsFile(rejects.get(), report));
    batch.rows_skipped = report.skipped;
    if (report.anonymous_kept) batch.rows_anonymous = report.anonymous_lines;
    VAFA_RETURN_IF_ERROR(CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

}  // namespace vafa::import
