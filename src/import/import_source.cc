#include "import/import_source.h"

#include <soci/soci.h>

#include <filesystem>
#include <fstream>

#include "core/csv_cell.h"
#include "core/trim.h"
#include "import/text_encoding.h"
#include "import/vcard_reader.h"
#include "import/xlsx_reader.h"
#include "store/deferred_indexes.h"

namespace vafa::import {

namespace {

bool EndsWith(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

Result<std::unique_ptr<RecordReader>> OpenCsv(const SourceOptions& options,
                                              std::string& reading,
                                              char& delimiter) {
  CsvOptions csv;
  csv.encoding = options.encoding;
  if (options.delimiter != 0) {
    csv.delimiter = options.delimiter;
  } else if (options.path != "-") {
    // The delimiters are ASCII, so their bytes count alike in UTF-8, UTF-16
    // and the single-byte encodings.
    std::ifstream in(options.path, std::ios::binary);
    std::string first_line;
    if (in) std::getline(in, first_line);
    csv.delimiter = DetectDelimiter(first_line);
  }
  delimiter = csv.delimiter;
  VAFA_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(options.path, csv));
  if (reader->encoding() != "UTF-8") {
    reading = reader->encoding();
    if (!reader->encoding_guess().empty()) {
      reading += " (guessed: " + reader->encoding_guess() +
                 "; name another with --encoding)";
    }
  }
  return std::unique_ptr<RecordReader>(std::move(reader));
}

Result<std::unique_ptr<RecordReader>> OpenVcard(const SourceOptions& options,
                                                const std::string& name) {
  VAFA_ASSIGN_OR_RETURN(std::string encoding,
                        CanonicalEncodingName(options.encoding));
  VAFA_ASSIGN_OR_RETURN(auto raw, OpenFileBytes(options.path));
  VAFA_ASSIGN_OR_RETURN(DecodedInput input,
                        DecodeToUtf8(std::move(raw), encoding, name));
  std::string text;
  while (text.size() <= VcardReader::kMaxBytes) {
    const size_t at = text.size();
    text.resize(at + (1 << 20));
    VAFA_ASSIGN_OR_RETURN(
        size_t n, input.bytes->Read(text.data() + at, text.size() - at));
    text.resize(at + n);
    if (n == 0) break;
  }
  VAFA_ASSIGN_OR_RETURN(auto reader, VcardReader::FromText(text, name));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace

ImportFormat ImportFormatOf(const std::string& file_name) {
  if (EndsWith(file_name, ".xlsx") || EndsWith(file_name, ".xlsm")) {
    return ImportFormat::kXlsx;
  }
  if (EndsWith(file_name, ".vcf") || EndsWith(file_name, ".vcard")) {
    return ImportFormat::kVcard;
  }
  return ImportFormat::kCsv;
}

namespace {

// The source with its reader opened and its header read, not yet matched to
// a format's fields.
Result<ImportSource> OpenUnmatched(const SourceOptions& options) {
  ImportSource source;
  source.file_name = !options.display_name.empty() ? options.display_name
                     : options.path == "-"         ? "<stdin>"
                                                   : options.path;
  const std::string& name = source.file_name;
  if (EndsWith(name, ".xls")) {
    return Status::Invalid(name +
                           ": Excel 97-2003 workbooks (.xls) are not read; "
                           "save the sheet as .xlsx or CSV");
  }
  switch (ImportFormatOf(name)) {
    case ImportFormat::kXlsx: {
      XlsxOptions xlsx;
      xlsx.sheet = options.sheet;
      VAFA_ASSIGN_OR_RETURN(auto reader,
                            XlsxReader::Open(options.path, name, xlsx));
      source.reading = "sheet \"" + reader->sheet() + "\"";
      source.reader = std::move(reader);
      source.unprotect_cells = false;
      break;
    }
    case ImportFormat::kVcard: {
      VAFA_ASSIGN_OR_RETURN(source.reader, OpenVcard(options, name));
      break;
    }
    case ImportFormat::kCsv: {
      VAFA_ASSIGN_OR_RETURN(source.reader,
                            OpenCsv(options, source.reading, source.delimiter));
      break;
    }
  }
  std::vector<std::string_view> header;
  VAFA_ASSIGN_OR_RETURN(bool has_header, source.reader->Next(header));
  if (!has_header) {
    return Status::Invalid(source.file_name +
                           ": empty file (expected a header line)");
  }
  source.header_fields = header.size();
  source.header.assign(header.begin(), header.end());
  return source;
}

}  // namespace

Result<std::vector<std::string>> ReadImportHeader(
    const SourceOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source, OpenUnmatched(options));
  return std::move(source.header);
}

Result<ImportSource> OpenImportSource(const SourceOptions& options,
                                      std::span<const FieldSpec> specs) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source, OpenUnmatched(options));
  std::vector<std::string_view> header(source.header.begin(),
                                       source.header.end());
  VAFA_ASSIGN_OR_RETURN(
      source.columns,
      MatchColumns(header, specs, source.file_name, options.overrides));
  return source;
}

Result<ImportSource> OpenImportSource(const ImportOptions& options,
                                      std::span<const FieldSpec> specs) {
  SourceOptions source;
  source.path = options.path;
  source.display_name = options.file_name;
  source.delimiter = options.delimiter;
  source.encoding = options.encoding;
  source.sheet = options.sheet;
  source.overrides = options.column_mapping;
  VAFA_ASSIGN_OR_RETURN(ImportSource opened, OpenImportSource(source, specs));
  if (options.on_reading && !opened.reading.empty()) {
    options.on_reading(opened.file_name + ": read as " + opened.reading);
  }
  return opened;
}

Result<ImportSource> OpenImportSource(
    const std::string& path, char delimiter, std::span<const FieldSpec> specs,
    const std::string& display_name,
    std::span<const ColumnOverride> overrides) {
  SourceOptions options;
  options.path = path;
  options.delimiter = delimiter;
  options.display_name = display_name;
  options.overrides.assign(overrides.begin(), overrides.end());
  return OpenImportSource(options, specs);
}

Result<bool> ImportSource::NextRecord(std::vector<std::string_view>& fields) {
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
  if (unprotect_cells) {
    for (std::string_view& field : fields) field = UnprotectCsvText(field);
  }
  return more;
}

Result<store::ImportBatch> BeginBatch(store::Database& db, int64_t workspace_id,
                                      std::string kind, const std::string& file,
                                      std::string mode, std::string match_key,
                                      const ImportOptions& options) {
  store::ImportBatch batch;
  batch.workspace_id = workspace_id;
  batch.kind = std::move(kind);
  batch.file_name = file;
  batch.mode = std::move(mode);
  batch.match_key = std::move(match_key);
  batch.started_at = store::NowSeconds();
  batch.created_by = options.created_by;
  store::ImportBatchRepository batches(db);
  if (options.dry_run) {
    VAFA_ASSIGN_OR_RETURN(batch.id, batches.UnusedId());
    return batch;
  }
  VAFA_RETURN_IF_ERROR(batches.Insert(batch));
  return batch;
}

Status CommitBatch(store::Database& db, store::ImportBatch& batch,
                   ImportReport& report, soci::transaction& transaction,
                   const ImportOptions& options) {
  batch.status = "committed";
  batch.rows_total = report.rows;
  batch.rows_created = report.created;
  batch.rows_updated = report.updated;
  batch.rows_unchanged = report.unchanged;
  batch.finished_at = store::NowSeconds();
  if (!options.dry_run) {
    store::ImportBatchRepository batches(db);
    VAFA_RETURN_IF_ERROR(batches.Finish(batch));
    if (options.before_commit) {
      VAFA_RETURN_IF_ERROR(options.before_commit(db, batch));
    }
    transaction.commit();
    report.batch_id = batch.id;
  }
  return Status::Ok();
}

Result<std::unique_ptr<RejectsFile>> OpenRejectsFile(
    const ImportOptions& options, const ImportSource& source,
    ImportReport& report) {
  if (options.on_error != OnError::kSkip || options.preview != nullptr) {
    return std::unique_ptr<RejectsFile>();
  }
  if (options.path == "-" && options.rejects_path.empty()) {
    return Status::Invalid(
        "--on-error skip on standard input needs --rejects PATH");
  }
  report.rejects_path = options.rejects_path.empty()
                            ? DefaultRejectsPath(options.path)
                            : options.rejects_path;
  return RejectsFile::Create(report.rejects_path, source.header,
                             source.delimiter);
}

Status CloseRejectsFile(RejectsFile* rejects, ImportReport& report) {
  if (rejects == nullptr) return Status::Ok();
  VAFA_RETURN_IF_ERROR(rejects->Close());
  if (rejects->rows() == 0) report.rejects_path.clear();
  return Status::Ok();
}

std::string_view TrimField(std::string_view text) { return TrimBlanks(text); }

int64_t EstimatedRecords(const std::string& path) {
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<int64_t>(bytes / 40);
}

bool IsLargeLoad(int64_t records) {
  return records >= store::DeferredIndexes::kMinRows;
}

bool ImportSource::CheckFieldCount(size_t fields, int64_t line,
                                   ImportErrors& errors) const {
  if (fields == header_fields) return true;
  errors.Add(line, "", "",
             "has " + std::to_string(fields) + " fields; the header has " +
                 std::to_string(header_fields));
  return false;
}

}  // namespace vafa::import
