// ImportCustomers: see importer.h.
#include <soci/soci.h>

#include <optional>
#include <unordered_map>

#include "import/customer_row.h"
#include "import/import_error.h"
#include "import/import_preview.h"
#include "import/import_source.h"
#include "import/importer.h"
#include "import/internal/customer_snapshot.h"
#include "import/likely_duplicates.h"
#include "import/rejects_file.h"
#include "store/bulk_insert.h"
#include "store/customer_bulk_writer.h"
#include "store/deferred_indexes.h"
#include "store/import_batch_repository.h"

namespace vafa::import {

using store::Customer;
using store::CustomerKey;

Result<ImportMode> ParseImportMode(std::string_view name) {
  if (name == "create") return ImportMode::kCreate;
  if (name == "update") return ImportMode::kUpdate;
  if (name == "upsert") return ImportMode::kUpsert;
  return Status::Invalid("unknown import mode \"" + std::string(name) +
                             "\" (use create, update or upsert)",
                         "mode");
}

std::string_view ImportModeName(ImportMode mode) {
  switch (mode) {
    case ImportMode::kCreate:
      return "create";
    case ImportMode::kUpdate:
      return "update";
    case ImportMode::kUpsert:
      return "upsert";
  }
  return "upsert";
}

namespace {

using KeyIndex = std::unordered_map<std::string, int64_t>;

Result<KeyIndex> LoadKeyIndex(store::CustomerRepository& repo,
                              int64_t workspace_id, CustomerKey key) {
  VAFA_ASSIGN_OR_RETURN(auto pairs, repo.KeyIndex(workspace_id, key));
  KeyIndex index;
  index.reserve(pairs.size());
  for (auto& [value, id] : pairs) index.emplace(std::move(value), id);
  return index;
}

Status WriteBeforeImage(store::Database& db, int64_t batch_id,
                        const Customer& before) {
  long long batch = batch_id, id = before.id, workspace = before.workspace_id;
  std::string json = CustomerToJson(before);
  // A customer changed twice in one file keeps its first before-image.
  long long seen = 0;
  db.sql() << "SELECT COUNT(*) FROM customer_versions WHERE batch_id = :b "
              "AND customer_id = :c",
      soci::use(batch), soci::use(id), soci::into(seen);
  if (seen == 0) {
    db.sql() << "INSERT INTO customer_versions (batch_id, customer_id, "
                "workspace_id, before_json) VALUES (:b, :c, :w, :j)",
        soci::use(batch), soci::use(id), soci::use(workspace), soci::use(json);
  }
  return Status::Ok();
}

// A row that passed CheckCustomerRow.
struct CheckedCustomer {
  Customer row;
  std::string key;
  std::string_view parent_key;
  int64_t parent_id = 0;
};

// The checks of one row before anything is written: its field count and
// fields, its key (given, and not seen before in the file), its parent (in
// the store or earlier in the file) and, in update mode, that a customer
// has its key. False, with the errors added, for a bad row.
bool CheckCustomerRow(const ImportSource& source,
                      std::span<const std::string_view> fields, int64_t line,
                      const AmountFormat& format, const DateFormat& dates,
                      const ImportOptions& options, const KeyIndex& by_key,
                      const KeyIndex& by_external, const KeyIndex& merged,
                      KeyIndex& line_of_key, CheckedCustomer& out,
                      ImportErrors& errors) {
  const std::string_view key_name = store::CustomerKeyName(options.key);
  if (!source.CheckFieldCount(fields.size(), line, errors)) return false;
  if (!ParseCustomerRecord(source.columns, fields, format, line, out.row,
                           out.parent_key, errors, dates)) {
    return false;
  }
  out.key = store::CustomerKeyValue(out.row, options.key);
  if (out.key.empty()) {
    errors.Add(line, key_name, "", "is empty (customers are matched on it)");
    return false;
  }
  // A merged customer is hidden: its rows belong to the kept one, which
  // has a key of its own; writing to either would be a guess.
  if (auto kept = merged.find(out.key); kept != merged.end()) {
    errors.Add(line, key_name, out.key,
               "belongs to a customer merged into customer " +
                   std::to_string(kept->second) + " (use that customer's " +
                   std::string(key_name) + ", or undo the merge first)");
    return false;
  }
  auto [first, inserted] = line_of_key.emplace(out.key, line);
  if (!inserted) {
    errors.Add(
        line, key_name, out.key,
        "appears again (first on line " + std::to_string(first->second) + ")");
    return false;
  }
  if (!out.parent_key.empty()) {
    auto parent = by_external.find(std::string(out.parent_key));
    if (parent == by_external.end()) {
      errors.Add(line, "parent_external_id", out.parent_key,
                 "no customer has this external id (organisations must "
                 "come before their contacts)");
      return false;
    }
    out.parent_id = parent->second;
  }
  if (options.mode == ImportMode::kUpdate && !by_key.contains(out.key)) {
    errors.Add(line, key_name, out.key,
               "no customer has this " + std::string(key_name) +
                   " (mode update changes existing customers only)");
    return false;
  }
  return true;
}

// Shows a checked row in the preview as the import would store it: a new
// customer as read, an existing one with the row applied.
Status AddPreviewRow(store::CustomerRepository& repo,
                     const ImportOptions& options, const ColumnMap& columns,
                     std::span<const std::string_view> fields,
                     const AmountFormat& format, const DateFormat& dates,
                     int64_t line, const Customer& row,
                     std::string_view parent_key,
                     const KeyIndex::const_iterator existing, bool is_new) {
  ImportPreview& preview = *options.preview;
  if (is_new) {
    preview.AddRow(line, CustomerPreviewValues(columns, "create", row,
                                               parent_key, format));
    return Status::Ok();
  }
  VAFA_ASSIGN_OR_RETURN(Customer stored,
                        repo.Get(row.workspace_id, existing->second));
  Customer merged = stored;
  ImportErrors ignored_errors;
  std::string_view ignored_parent;
  ParseCustomerRecord(columns, fields, format, line, merged, ignored_parent,
                      ignored_errors, dates);
  const bool same =
      options.mode == ImportMode::kCreate || store::SameContent(merged, stored);
  preview.AddRow(
      line, CustomerPreviewValues(columns, same ? "unchanged" : "update",
                                  same ? stored : merged, parent_key, format));
  return Status::Ok();
}

// Invalid when the file lacks the column of the key customers are matched
// on.
Status CheckKeyColumn(const ImportSource& source,
                      const ImportOptions& options) {
  CustomerField key_field = kCuExternalId;
  switch (options.key) {
    case CustomerKey::kNationalId:
      key_field = kCuNationalId;
      break;
    case CustomerKey::kPhone:
      key_field = kCuPhone;
      break;
    case CustomerKey::kEmail:
      key_field = kCuEmail;
      break;
    case CustomerKey::kExternalId:
      break;
  }
  const std::string key_name(store::CustomerKeyName(options.key));
  if (!source.columns.has(key_field)) {
    return Status::Invalid(source.file_name + ":1: missing column \"" +
                               key_name +
                               "\", the key customers are matched on "
                               "(choose another with --key)",
                           key_name);
  }
  return Status::Ok();
}

// What every row of a customers import reads and writes with.
struct CustomerImport {
  store::Database& db;
  store::CustomerRepository& repo;
  const int64_t workspace_id;
  const ImportOptions& options;
  const ColumnMap& columns;
  AmountFormat format = {};
  DateFormat dates = {};  // empty: ISO and Jalali forms
  int64_t batch_id = 0;
  const int64_t now = store::NowSeconds();
  KeyIndex by_key = {};       // the key's value -> customer id
  KeyIndex by_external = {};  // external id -> customer id, for parents
  KeyIndex merged = {};       // a merged customer's key value -> the kept id
  KeyIndex line_of_key = {};  // the key's value -> its line in the file
  LikelyDuplicateFinder likely_duplicates{5, options.key};
};

// How amounts and dates are read: the currency (the workspace's unless
// given) and --date-format; told to the preview.
Status ReadingOf(const ImportSource& source, CustomerImport& import) {
  const ImportOptions& options = import.options;
  VAFA_ASSIGN_OR_RETURN(
      std::string currency,
      ImportCurrency(import.db, import.workspace_id, options));
  VAFA_ASSIGN_OR_RETURN(import.format, AmountFormatFor(currency));
  if (!options.date_format.empty()) {
    VAFA_ASSIGN_OR_RETURN(import.dates, ParseDateFormat(options.date_format));
  }
  if (options.preview != nullptr) {
    options.preview->DescribeSource(source, CustomerFieldSpecs());
    options.preview->fields = CustomerPreviewFields(import.columns);
    options.preview->report.currency = import.format.unit.iso;
  }
  return Status::Ok();
}

// The stored customers' national ids, phones and e-mails, for the warning
// of rows that look like them.
Status LoadStrongKeys(CustomerImport& import) {
  for (CustomerKey key :
       {CustomerKey::kNationalId, CustomerKey::kPhone, CustomerKey::kEmail}) {
    if (key == import.options.key) continue;  // by_key holds it already
    VAFA_ASSIGN_OR_RETURN(auto pairs,
                          import.repo.KeyIndex(import.workspace_id, key));
    import.likely_duplicates.AddStored(key, std::move(pairs));
  }
  return Status::Ok();
}

// The warnings into the report, each stored customer named by its
// external id too.
Status ReportLikelyDuplicates(CustomerImport& import, ImportReport& report) {
  report.likely_duplicates = import.likely_duplicates.count();
  for (LikelyDuplicate& found : import.likely_duplicates.examples()) {
    if (found.customer_id == 0) continue;
    auto stored = import.repo.Get(import.workspace_id, found.customer_id);
    if (stored.ok()) found.customer_external_id = stored->external_id;
  }
  report.likely_duplicate_examples = import.likely_duplicates.examples();
  return Status::Ok();
}

// A new customer, queued for the bulk insert and known by its keys to the
// rows after it.
Status CreateCustomer(CustomerImport& import, CheckedCustomer& checked,
                      int64_t line, store::CustomerBulkWriter& new_customers,
                      ImportReport& report) {
  Customer& row = checked.row;
  row.workspace_id = import.workspace_id;
  row.parent_id = checked.parent_id;
  row.created_at = row.updated_at = import.now;
  row.batch_id = import.batch_id;
  import.likely_duplicates.CheckNewRow(line, row);
  VAFA_RETURN_IF_ERROR(new_customers.Add(row));
  import.by_key.emplace(checked.key, row.id);
  if (!row.external_id.empty())
    import.by_external.emplace(row.external_id, row.id);
  ++report.created;
  return Status::Ok();
}

// An existing customer with the row's columns applied: unchanged when equal
// (or in create mode), else updated with its before-image kept for revert.
Status UpdateCustomer(CustomerImport& import, const CheckedCustomer& checked,
                      int64_t customer_id,
                      std::span<const std::string_view> fields, int64_t line,
                      ImportErrors& errors, ImportReport& report) {
  if (import.options.mode == ImportMode::kCreate) {
    ++report.unchanged;
    return Status::Ok();
  }
  VAFA_ASSIGN_OR_RETURN(Customer stored,
                        import.repo.Get(import.workspace_id, customer_id));
  Customer merged = stored;
  std::string_view ignored;
  ParseCustomerRecord(import.columns, fields, import.format, line, merged,
                      ignored, errors, import.dates);
  if (import.columns.has(kCuParentExternalId)) {
    merged.parent_id = checked.parent_id;
  }
  if (store::SameContent(merged, stored)) {
    ++report.unchanged;
    return Status::Ok();
  }
  VAFA_RETURN_IF_ERROR(WriteBeforeImage(import.db, import.batch_id, stored));
  merged.updated_at = import.now;
  VAFA_RETURN_IF_ERROR(import.repo.Update(merged));
  ++report.updated;
  return Status::Ok();
}

}  // namespace

Result<ImportReport> ImportCustomers(store::Database& db, int64_t workspace_id,
                                     const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, CustomerFieldSpecs()));
  const std::string& file = source.file_name;
  const ColumnMap& columns = source.columns;
  VAFA_RETURN_IF_ERROR(CheckKeyColumn(source, options));
  store::CustomerRepository repo(db);
  CustomerImport import{.db = db,
                        .repo = repo,
                        .workspace_id = workspace_id,
                        .options = options,
                        .columns = columns};
  VAFA_RETURN_IF_ERROR(ReadingOf(source, import));

  ImportReport report;
  report.dry_run = options.dry_run;
  report.date_format = options.date_format;
  ImportErrors errors(
      options.error_report != nullptr ? options.error_report->examples() : 5);
  const bool skip = options.on_error == OnError::kSkip;
  VAFA_ASSIGN_OR_RETURN(std::unique_ptr<RejectsFile> rejects,
                        OpenRejectsFile(options, source, report));
  const int64_t estimated_rows = EstimatedRecords(options.path);
  // Outlives the transaction below.
  store::LoadJournal journal(db, IsLargeLoad(estimated_rows));
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    VAFA_ASSIGN_OR_RETURN(import.by_key,
                          LoadKeyIndex(repo, workspace_id, options.key));
    VAFA_ASSIGN_OR_RETURN(auto merged,
                          repo.MergedKeyIndex(workspace_id, options.key));
    for (auto& [value, kept] : merged) {
      import.merged.emplace(std::move(value), kept);
    }
    if (columns.has(kCuParentExternalId)) {
      VAFA_ASSIGN_OR_RETURN(
          import.by_external,
          LoadKeyIndex(repo, workspace_id, CustomerKey::kExternalId));
    }
    VAFA_RETURN_IF_ERROR(LoadStrongKeys(import));
    VAFA_ASSIGN_OR_RETURN(
        store::ImportBatch batch,
        BeginBatch(db, workspace_id, "customers", file,
                   std::string(ImportModeName(options.mode)),
                   std::string(store::CustomerKeyName(options.key)), options));
    import.batch_id = batch.id;

    // Into a workspace without customers, a large file only creates: the
    // customers' and search terms' indexes are built once at the end
    // (nothing reads them during the import).
    std::optional<store::DeferredIndexes> deferred_customers, deferred_terms;
    if (import.by_key.empty() && import.by_external.empty()) {
      deferred_customers.emplace(db, "customers", estimated_rows);
      // A customer has a few search terms: names' words and identifiers.
      deferred_terms.emplace(db, "customer_search_terms", estimated_rows * 4,
                             store::DeferredIndexes::PrimaryKey::kDefer);
    }
    store::CustomerBulkWriter new_customers(db);
    std::vector<std::string_view> fields;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
      if (!more) break;
      const int64_t line = source.reader->line();
      ++report.rows;
      CheckedCustomer checked;
      if (!CheckCustomerRow(source, fields, line, import.format, import.dates,
                            options, import.by_key, import.by_external,
                            import.merged, import.line_of_key, checked,
                            errors)) {
        if (skip) ++report.skipped;
        if (rejects != nullptr) {
          rejects->Write(fields, errors.last_row_reason());
        }
        continue;
      }
      auto existing = import.by_key.find(checked.key);
      const bool is_new = existing == import.by_key.end();
      if (options.preview != nullptr && !options.preview->full()) {
        checked.row.workspace_id = workspace_id;
        VAFA_RETURN_IF_ERROR(AddPreviewRow(
            repo, options, columns, fields, import.format, import.dates, line,
            checked.row, checked.parent_key, existing, is_new));
      }
      // Without skip, validate the rest and write nothing more.
      if (!skip && !errors.empty()) continue;
      VAFA_RETURN_IF_ERROR(
          is_new ? CreateCustomer(import, checked, line, new_customers, report)
                 : UpdateCustomer(import, checked, existing->second, fields,
                                  line, errors, report));
    }
    if (options.error_report != nullptr) *options.error_report = errors;
    if (!skip && !errors.empty()) return Status::Invalid(errors.Format(file));
    // A dry run's customers roll back; PostgreSQL's id sequence would not.
    VAFA_RETURN_IF_ERROR(new_customers.Finish(!options.dry_run));
    if (deferred_customers) {
      VAFA_RETURN_IF_ERROR(deferred_customers->Restore());
      VAFA_RETURN_IF_ERROR(deferred_terms->Restore());
    }
    VAFA_RETURN_IF_ERROR(CloseRejectsFile(rejects.get(), report));
    VAFA_RETURN_IF_ERROR(ReportLikelyDuplicates(import, report));
    batch.rows_skipped = report.skipped;
    VAFA_RETURN_IF_ERROR(CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

}  // namespace vafa::import
