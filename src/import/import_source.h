// The opening steps every import shares: open the file (a CSV file, in any
// encoding of text_encoding.h, an Excel .xlsx workbook's sheet or a vCard
// file, chosen by the file's extension), read the header and match it
// against a format's fields. Every format reaches the importers as the same
// records (record_reader.h).
#ifndef VAFA_IMPORT_IMPORT_SOURCE_H_
#define VAFA_IMPORT_IMPORT_SOURCE_H_

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "import/column_match.h"
#include "import/csv_reader.h"
#include "import/import_error.h"
#include "import/importer.h"
#include "import/record_reader.h"
#include "import/rejects_file.h"
#include "store/import_batch_repository.h"

namespace soci {
class transaction;
}

namespace vafa::import {

struct ImportSource {
  std::unique_ptr<RecordReader> reader;
  ColumnMap columns;
  std::string file_name;  // as named in messages
  size_t header_fields = 0;
  // How the file was read, for the user: "windows-1256 (guessed: ...)",
  // "sheet \"Sales\""; empty for a UTF-8 CSV file.
  std::string reading;
  // CSV cells written formula-safe by vafa lose their apostrophe again;
  // a workbook's cells are typed and need no such protection.
  bool unprotect_cells = true;
  std::vector<std::string> header;  // the header cells, as written
  char delimiter = ',';             // a CSV file's (rejects files use it)

  // False (with an error for the line) when a record's field count differs
  // from the header's, which usually means a delimiter inside an unquoted
  // value or a truncated line.
  bool CheckFieldCount(size_t fields, int64_t line, ImportErrors& errors) const;

  // The next record's values (false at the end of the file): each cell is
  // read through UnprotectCsvText (core/csv_cell.h), so a file that vafa
  // exported, with an apostrophe before what would be a formula, imports
  // back to the values it was written from.
  Result<bool> NextRecord(std::vector<std::string_view>& fields);
};

// Records a running batch for an import (in the import's transaction). A
// dry run (and so a preview) records none: its batch has an id no batch
// has, for the rows it writes and rolls back, and takes no value of the id
// sequence, so batch numbers do not skip.
Result<store::ImportBatch> BeginBatch(store::Database& db, int64_t workspace_id,
                                      std::string kind, const std::string& file,
                                      std::string mode, std::string match_key,
                                      const ImportOptions& options);
// Writes the report's counts into the batch, marks it committed, runs the
// options' before_commit and commits the transaction, unless this is a dry
// run (then the transaction rolls back when it goes out of scope and the
// report has no batch id).
Status CommitBatch(store::Database& db, store::ImportBatch& batch,
                   ImportReport& report, soci::transaction& transaction,
                   const ImportOptions& options);

// The rejects file of an import with OnError::kSkip (rejects_file.h), at
// options.rejects_path or beside the input, named in report.rejects_path;
// nullptr for an import that does not skip bad rows, and for a preview.
// Standard input needs a rejects path.
Result<std::unique_ptr<RejectsFile>> OpenRejectsFile(
    const ImportOptions& options, const ImportSource& source,
    ImportReport& report);
// Closes it (when there is one); a file that received no row is removed
// and no longer named in the report.
Status CloseRejectsFile(RejectsFile* rejects, ImportReport& report);

// Trims spaces and tabs around a field.
std::string_view TrimField(std::string_view text);

// About how many records the file at `path` has, from its size (0 when it
// is not a regular file, such as standard input). Records of the import
// formats are rarely under 40 bytes, so the estimate errs high.
int64_t EstimatedRecords(const std::string& path);

// Whether an import of `records` records is a large load: into an SQLite
// store nobody else has open, it then runs with a rollback journal
// (store::LoadJournal).
bool IsLargeLoad(int64_t records);

// The file formats an import reads, by the file's extension: .xlsx (and
// .xlsm) workbooks, .vcf (.vcard) contacts, anything else CSV.
enum class ImportFormat { kCsv, kXlsx, kVcard };
ImportFormat ImportFormatOf(const std::string& file_name);

struct SourceOptions {
  std::string path;  // "-" reads standard input (CSV)
  // How messages and the batch name the file (an upload's temporary path is
  // nobody's business); empty: `path`. Its extension picks the format.
  std::string display_name;
  char delimiter = 0;    // CSV; 0: detected from the header line
  std::string encoding;  // CSV and vCard: text_encoding.h's names, or empty
  std::string sheet;     // .xlsx: the sheet's name; empty: the first
  // The user's explicit column mapping (MatchColumns).
  std::vector<ColumnOverride> overrides;
};

Result<ImportSource> OpenImportSource(const SourceOptions& options,
                                      std::span<const FieldSpec> specs);
// The header cells of a file in any of the formats, as written, without
// matching them to a format's fields (to show how they would be read).
Result<std::vector<std::string>> ReadImportHeader(const SourceOptions& options);
// The same with an import's options; tells options.on_reading how the file
// is read when that is worth saying (an encoding other than UTF-8, a sheet).
Result<ImportSource> OpenImportSource(const ImportOptions& options,
                                      std::span<const FieldSpec> specs);
Result<ImportSource> OpenImportSource(
    const std::string& path, char delimiter, std::span<const FieldSpec> specs,
    const std::string& display_name = "",
    std::span<const ColumnOverride> overrides = {});

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_SOURCE_H_
