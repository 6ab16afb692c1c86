// Imports of CSV files into a workspace: customers, transactions (order
// lines) and interactions. Every import is one database transaction:
//
//  * All rows are parsed and validated; the report of a rejected file names
//    file, line, column, value and reason for every bad field of every bad
//    row, and nothing is written (the transaction rolls back).
//  * Writing stops at the first bad row, so a bad file costs only a read.
//  * An accepted file is committed with its import_batches row in the same
//    transaction: a listed batch was imported whole, and a crash at any
//    point leaves the store as it was before or after the import, never
//    between.
//  * Re-running an import changes nothing: customers already equal are
//    "unchanged", orders and interactions already present are skipped.
//
// Memory is O(customers + products + orders of the workspace) for the key
// indexes, independent of the file's size otherwise (the CSV is streamed).
#ifndef VAFA_IMPORT_IMPORTER_H_
#define VAFA_IMPORT_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "import/column_match.h"
#include "store/customer_repository.h"
#include "store/database.h"
#include "store/import_batch_repository.h"

namespace vafa::import {

enum class ImportMode { kCreate, kUpdate, kUpsert };
Result<ImportMode> ParseImportMode(std::string_view name);
std::string_view ImportModeName(ImportMode mode);

struct ImportOptions {
  std::string path;  // "-" reads standard input
  // How messages and the batch name the file; empty: `path`.
  std::string file_name;
  ImportMode mode = ImportMode::kUpsert;
  store::CustomerKey key = store::CustomerKey::kExternalId;
  // The unit of amounts: an ISO code (IRR, USD, ...) or "toman" (IRR x 10).
  std::string currency = "IRR";
  // Transactions and interactions: create a bare customer for an unknown
  // key instead of rejecting the row.
  bool create_missing_customers = false;
  // Validate and count, then roll back.
  bool dry_run = false;
  char delimiter = 0;  // 0: detect from the header line
  // The file's text encoding (import/text_encoding.h: "windows-1256",
  // "auto", ...); empty: UTF-8, or UTF-16 with a byte-order mark.
  std::string encoding;
  // An .xlsx file's sheet; empty: the first.
  std::string sheet;
  // Told how the file is read when it is not plain UTF-8 CSV (the encoding
  // and whether it was guessed, the sheet).
  std::function<void(const std::string&)> on_reading;
  std::string created_by;
  // Runs in the import's transaction after the batch row is final and
  // before the commit (not for a dry run): the audit entry of the import,
  // so that the entry and the import commit together. An error rolls the
  // import back.
  std::function<Status(store::Database&, const store::ImportBatch&)>
      before_commit;
};

struct ImportReport {
  int64_t batch_id = 0;  // 0 for a dry run
  int64_t rows = 0;
  int64_t created = 0;    // rows that created something
  int64_t updated = 0;    // customers changed
  int64_t unchanged = 0;  // rows already present and equal
  int64_t orders_created = 0;
  int64_t products_created = 0;
  int64_t customers_created = 0;  // by create_missing_customers
  bool dry_run = false;
};

Result<ImportReport> ImportCustomers(store::Database& db, int64_t workspace_id,
                                     const ImportOptions& options);
Result<ImportReport> ImportTransactions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options);
Result<ImportReport> ImportInteractions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options);

// The columns each kind of file understands (names and aliases), for a
// caller that shows how a header will be read: "customers", "transactions"
// or "interactions"; empty for any other kind.
std::span<const FieldSpec> FieldSpecsOf(std::string_view kind);

// Undoes a committed batch: deletes what it created and restores what it
// changed, in one transaction. Refused (Conflict, naming the later batch or
// rows) when later data depends on it, e.g. orders imported afterwards for
// customers this batch created.
Status RevertBatch(store::Database& db, int64_t workspace_id, int64_t batch_id);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORTER_H_
