// ImportCustomers: see importer.h.
#include <soci/soci.h>

#include <optional>
#include <unordered_map>

#include "import/customer_row.h"
#include "import/customer_snapshot.h"
#include "import/import_error.h"
#include "import/import_source.h"
#include "import/importer.h"
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

}  // namespace

Result<ImportReport> ImportCustomers(store::Database& db, int64_t workspace_id,
                                     const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, CustomerFieldSpecs()));
  const std::string& file = source.file_name;
  const ColumnMap& columns = source.columns;
  const CustomerField key_field = [&] {
    switch (options.key) {
      case CustomerKey::kNationalId:
        return kCuNationalId;
      case CustomerKey::kPhone:
        return kCuPhone;
      case CustomerKey::kEmail:
        return kCuEmail;
      case CustomerKey::kExternalId:
        break;
    }
    return kCuExternalId;
  }();
  const std::string_view key_name = store::CustomerKeyName(options.key);
  if (!columns.has(key_field)) {
    return Status::Invalid(file + ":1: missing column \"" +
                               std::string(key_name) +
                               "\", the key customers are matched on "
                               "(choose another with --key)",
                           std::string(key_name));
  }
  VAFA_ASSIGN_OR_RETURN(std::string currency,
                        ImportCurrency(db, workspace_id, options));
  VAFA_ASSIGN_OR_RETURN(AmountFormat format, AmountFormatFor(currency));

  store::CustomerRepository repo(db);
  ImportReport report;
  report.dry_run = options.dry_run;
  ImportErrors errors;
  const int64_t now = store::NowSeconds();
  const int64_t estimated_rows = EstimatedRecords(options.path);
  // Outlives the transaction below.
  store::LoadJournal journal(db, IsLargeLoad(estimated_rows));
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    VAFA_ASSIGN_OR_RETURN(KeyIndex by_key,
                          LoadKeyIndex(repo, workspace_id, options.key));
    KeyIndex by_external;
    if (columns.has(kCuParentExternalId)) {
      VAFA_ASSIGN_OR_RETURN(
          by_external,
          LoadKeyIndex(repo, workspace_id, CustomerKey::kExternalId));
    }
    VAFA_ASSIGN_OR_RETURN(
        store::ImportBatch batch,
        BeginBatch(db, workspace_id, "customers", file,
                   std::string(ImportModeName(options.mode)),
                   std::string(key_name), options.created_by));

    // Into a workspace without customers, a large file only creates: the
    // customers' and search terms' indexes are built once at the end
    // (nothing reads them during the import).
    std::optional<store::DeferredIndexes> deferred_customers, deferred_terms;
    if (by_key.empty() && by_external.empty()) {
      deferred_customers.emplace(db, "customers", estimated_rows);
      // A customer has a few search terms: names' words and identifiers.
      deferred_terms.emplace(db, "customer_search_terms", estimated_rows * 4,
                             store::DeferredIndexes::PrimaryKey::kDefer);
    }
    store::CustomerBulkWriter new_customers(db);
    std::unordered_map<std::string, int64_t> line_of_key;
    std::vector<std::string_view> fields;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
      if (!more) break;
      const int64_t line = source.reader->line();
      ++report.rows;
      if (!source.CheckFieldCount(fields.size(), line, errors)) continue;
      Customer row;
      std::string_view parent_key;
      if (!ParseCustomerRecord(columns, fields, format, line, row, parent_key,
                               errors)) {
        continue;
      }
      const std::string key = store::CustomerKeyValue(row, options.key);
      if (key.empty()) {
        errors.Add(line, key_name, "",
                   "is empty (customers are matched on it)");
        continue;
      }
      auto [first, inserted] = line_of_key.emplace(key, line);
      if (!inserted) {
        errors.Add(line, key_name, key,
                   "appears again (first on line " +
                       std::to_string(first->second) + ")");
        continue;
      }
      int64_t parent_id = 0;
      if (!parent_key.empty()) {
        auto parent = by_external.find(std::string(parent_key));
        if (parent == by_external.end()) {
          errors.Add(line, "parent_external_id", parent_key,
                     "no customer has this external id (organisations must "
                     "come before their contacts)");
          continue;
        }
        parent_id = parent->second;
      }
      auto existing = by_key.find(key);
      if (existing == by_key.end() && options.mode == ImportMode::kUpdate) {
        errors.Add(line, key_name, key,
                   "no customer has this " + std::string(key_name) +
                       " (mode update changes existing customers only)");
        continue;
      }
      if (!errors.empty()) continue;  // validate the rest, write nothing more
      if (existing == by_key.end()) {
        row.workspace_id = workspace_id;
        row.parent_id = parent_id;
        row.created_at = row.updated_at = now;
        row.batch_id = batch.id;
        VAFA_RETURN_IF_ERROR(new_customers.Add(row));
        by_key.emplace(key, row.id);
        if (!row.external_id.empty())
          by_external.emplace(row.external_id, row.id);
        ++report.created;
        continue;
      }
      if (options.mode == ImportMode::kCreate) {
        ++report.unchanged;
        continue;
      }
      VAFA_ASSIGN_OR_RETURN(Customer stored,
                            repo.Get(workspace_id, existing->second));
      Customer merged = stored;
      std::string_view ignored;
      ParseCustomerRecord(columns, fields, format, line, merged, ignored,
                          errors);
      if (columns.has(kCuParentExternalId)) merged.parent_id = parent_id;
      if (store::SameContent(merged, stored)) {
        ++report.unchanged;
        continue;
      }
      VAFA_RETURN_IF_ERROR(WriteBeforeImage(db, batch.id, stored));
      merged.updated_at = now;
      VAFA_RETURN_IF_ERROR(repo.Update(merged));
      ++report.updated;
    }
    if (!errors.empty()) {
      if (options.error_report != nullptr) *options.error_report = errors;
      return Status::Invalid(errors.Format(file));
    }
    VAFA_RETURN_IF_ERROR(new_customers.Finish());
    if (deferred_customers) {
      VAFA_RETURN_IF_ERROR(deferred_customers->Restore());
      VAFA_RETURN_IF_ERROR(deferred_terms->Restore());
    }
    VAFA_RETURN_IF_ERROR(CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

}  // namespace vafa::import
