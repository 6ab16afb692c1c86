// What an import would do, shown before it runs (`vafa import KIND FILE
// --preview`, the upload API's preview=true): how each column of the header
// is read, how the file's text and dates are read, the first rows as the
// store would keep them (after amounts, rounding, dates and keys are read),
// and the errors, counted by column and reason with examples.
//
// A preview is the real import run as a dry run: every row is read and
// checked by the same code, in one transaction that is rolled back, so
// nothing is left in the store, and no rejects file is written. Memory
// beyond the import's own is kMaxRows rows.
#ifndef VAFA_IMPORT_IMPORT_PREVIEW_H_
#define VAFA_IMPORT_IMPORT_PREVIEW_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "import/column_match.h"
#include "import/customer_row.h"
#include "import/import_error.h"
#include "import/importer.h"
#include "import/transaction_row.h"
#include "store/customer.h"

namespace vafa::import {

struct ImportSource;

// One header cell and the field it gives ("" when it is ignored).
struct PreviewColumn {
  std::string header;
  std::string field;
};

// A row as it would be stored: its line in the file and one value per
// ImportPreview::fields entry ("" for none).
struct PreviewRow {
  int64_t line = 0;
  std::vector<std::string> values;
};

struct ImportPreview {
  static constexpr size_t kMaxRows = 20;

  std::string kind;  // customers, transactions or interactions
  std::string file;  // as named in messages
  // How the file was read when it is not a UTF-8 CSV file (the encoding,
  // whether it was guessed, the sheet); "" otherwise.
  std::string read_as;
  std::vector<PreviewColumn> columns;  // in the header's order
  std::vector<std::string> fields;     // the names of a row's values
  std::vector<PreviewRow> rows;        // the first kMaxRows stored rows

  // The outcome: whether the import would go through (all or nothing, or
  // with bad rows skipped), its counts and the currency and date format it
  // read with, and its errors.
  bool accepted = false;
  ImportReport report;
  ImportErrors errors;

  bool full() const { return rows.size() >= kMaxRows; }
  void AddRow(int64_t line, std::vector<std::string> values);
  // Fills `file`, `read_as` and `columns` from an opened source.
  void DescribeSource(const ImportSource& source,
                      std::span<const FieldSpec> specs);

  // For the user: the mapping, how text and dates are read, the rows as a
  // tab-separated table, the counts or why the import would be refused,
  // and the table of errors.
  std::string Format() const;
  // The same as one JSON object: {"kind", "file", "read_as", "columns":
  // [{"header", "field"}], "currency", "date_format", "fields", "rows":
  // [{"line", "values"}], "accepted", "counts": {...}, "errors": {...}}.
  std::string ToJson() const;
};

using ImportFunction = Result<ImportReport> (*)(store::Database&, int64_t,
                                                const ImportOptions&);

// Runs `run_import` with `options` as a preview: a dry run that writes no
// rejects file and collects the preview. A file the import would refuse
// row by row gives a preview with accepted = false; a file that cannot be
// read at all (no such file, a required column missing, ambiguous dates)
// gives the import's error.
Result<ImportPreview> PreviewImport(ImportFunction run_import, std::string kind,
                                    store::Database& db, int64_t workspace_id,
                                    ImportOptions options, size_t examples = 5);

// A transactions line as a preview shows it (amounts in the currency's
// unit, the date in ISO form, the customer key as matched); order_id is
// the first value.
std::vector<std::string> TransactionPreviewFields();
std::vector<std::string> TransactionPreviewValues(const TransactionRow& row,
                                                  const AmountFormat& format);
inline constexpr size_t kPreviewOrderValue = 0;

// A customers row as a preview shows it: what the import does with it
// ("create", "update", "unchanged"), then the columns the file has, as the
// customer would be stored.
std::vector<std::string> CustomerPreviewFields(const ColumnMap& columns);
std::vector<std::string> CustomerPreviewValues(const ColumnMap& columns,
                                               std::string_view action,
                                               const store::Customer& customer,
                                               std::string_view parent_key,
                                               const AmountFormat& format);

// An amount in minor units as a plain decimal number: 123450 with two
// digits is "1234.50".
std::string PlainAmount(int64_t minor, int minor_digits);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_PREVIEW_H_
