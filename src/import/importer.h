// Imports of CSV files into a workspace: customers, transactions (order
// lines) and interactions. Every import is one database transaction:
//
//  * All rows are parsed and validated; the report of a rejected file counts
//    the errors by column and reason and names file, line, column, value
//    and reason for the first few of each, and nothing is written (the
//    transaction rolls back). With OnError::kSkip, bad rows are left out
//    instead, written to a rejects file with their reason, and counted in
//    the batch; an order with a bad line is left out whole, so the fixed
//    rejects file imports it complete.
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
#include <vector>

#include "core/result.h"
#include "import/column_match.h"
#include "import/import_error.h"
#include "import/likely_duplicates.h"
#include "store/customer_repository.h"
#include "store/database.h"
#include "store/import_batch_repository.h"

namespace vafa::import {

struct ImportPreview;

enum class ImportMode { kCreate, kUpdate, kUpsert };
Result<ImportMode> ParseImportMode(std::string_view name);
std::string_view ImportModeName(ImportMode mode);

enum class OnError { kReject, kSkip };

// What a transactions import does with a line without a customer key:
// refuse it as a bad row, leave it out (counted), or keep it as an
// anonymous sale (an order with no customer, counted; basket analysis reads
// it, customer analytics do not).
enum class AnonymousSales { kReject, kSkip, kKeep };
Result<AnonymousSales> ParseAnonymousSales(std::string_view name);

struct ImportOptions {
  std::string path;  // "-" reads standard input
  // How messages and the batch name the file; empty: `path`.
  std::string file_name;
  ImportMode mode = ImportMode::kUpsert;
  store::CustomerKey key = store::CustomerKey::kExternalId;
  // The unit of amounts: an ISO code (IRR, USD, ...) or "toman" (IRR x 10);
  // empty: the workspace's currency.
  std::string currency;
  // The user's column mapping (--map or a saved profile); wins over the
  // aliases of the format.
  std::vector<ColumnOverride> column_mapping;
  // How dates are written (date_format.h); empty: ISO and Jalali forms, or
  // for transactions a day-first/month-first order decided from the file.
  std::string date_format;
  // An amount with more decimals than the currency has is an error instead
  // of being rounded.
  bool strict_amounts = false;
  // kSkip imports the good rows and writes the bad ones to `rejects_path`
  // (empty: DefaultRejectsPath of the input).
  OnError on_error = OnError::kReject;
  std::string rejects_path;
  // Transactions: a line without a customer key is an error, or left out,
  // or kept as an anonymous sale; left out or kept, it is counted and its
  // share of revenue reported.
  AnonymousSales anonymous = AnonymousSales::kReject;
  // When set, receives the import's errors, counted by column and reason,
  // whether the import succeeds (skipped rows) or is rejected.
  ImportErrors* error_report = nullptr;
  // Transactions and interactions: create a bare customer for an unknown
  // key instead of rejecting the row.
  bool create_missing_customers = false;
  // Validate and count, then roll back.
  bool dry_run = false;
  // When set (with dry_run), receives how the file is read and its first
  // rows as they would be stored (import_preview.h), and no rejects file is
  // written.
  ImportPreview* preview = nullptr;
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
  std::string currency;      // ISO code the amounts were stored in
  int64_t skipped = 0;       // bad rows left out (OnError::kSkip)
  std::string rejects_path;  // where they went ("" when none)
  // Transactions:
  int64_t rounded = 0;           // lines whose amount was rounded
  int64_t anonymous_lines = 0;   // without customer key, left out or kept
  double anonymous_revenue = 0;  // their amounts, minor units
  bool anonymous_kept = false;   // stored as anonymous sales
  // Amounts of the lines imported for customers (anonymous sales kept are
  // in anonymous_revenue, not here).
  double imported_revenue = 0;
  // How dates were read: the --date-format given, or the order decided
  // from a transactions file ("month-first (%m/%d/%y %H:%M)"); "" for
  // ISO/Jalali.
  std::string date_format;
  // Customers: new rows that share a national id, phone or e-mail with a
  // stored customer or an earlier row (created all the same), and the
  // first few (import/likely_duplicates.h).
  int64_t likely_duplicates = 0;
  std::vector<LikelyDuplicate> likely_duplicate_examples;
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

// The column mapping of an import: the profile saved under `profile` (if
// given; NotFound, or Invalid when it is for another kind of file), then the
// entries of `map` ("Source Column=field,...") on top.
Result<std::vector<ColumnOverride>> ResolveColumnMapping(
    store::Database& db, int64_t workspace_id, std::string_view kind,
    const std::string& profile, std::string_view map);

// The currency an import reads amounts in: options.currency, or the
// workspace's.
Result<std::string> ImportCurrency(store::Database& db, int64_t workspace_id,
                                   const ImportOptions& options);

// Undoes a committed batch: deletes what it created and restores what it
// changed, in one transaction. Refused (Conflict, naming the later batch or
// rows) when later data depends on it, e.g. orders imported afterwards for
// customers this batch created.
Status RevertBatch(store::Database& db, int64_t workspace_id, int64_t batch_id);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORTER_H_
