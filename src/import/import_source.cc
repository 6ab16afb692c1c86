#include "import/import_source.h"

#include <soci/soci.h>

#include <filesystem>
#include <fstream>

#include "core/csv_cell.h"
#include "store/deferred_indexes.h"

namespace vafa::import {

Result<ImportSource> OpenImportSource(
    const std::string& path, char delimiter, std::span<const FieldSpec> specs,
    const std::string& display_name,
    std::span<const ColumnOverride> overrides) {
  ImportSource source;
  source.file_name = !display_name.empty() ? display_name
                     : path == "-"         ? "<stdin>"
                                           : path;
  CsvOptions options;
  if (delimiter != 0) {
    options.delimiter = delimiter;
  } else if (path != "-") {
    std::ifstream in(path, std::ios::binary);
    std::string first_line;
    if (in) std::getline(in, first_line);
    if (first_line.size() > 3 &&
        first_line.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      first_line.erase(0, 3);
    }
    options.delimiter = DetectDelimiter(first_line);
  }
  VAFA_ASSIGN_OR_RETURN(source.reader, CsvReader::Open(path, options));
  std::vector<std::string_view> header;
  VAFA_ASSIGN_OR_RETURN(bool has_header, source.reader->Next(header));
  if (!has_header) {
    return Status::Invalid(source.file_name +
                           ": empty file (expected a header line)");
  }
  source.header_fields = header.size();
  source.header.assign(header.begin(), header.end());
  source.delimiter = options.delimiter;
  VAFA_ASSIGN_OR_RETURN(
      source.columns, MatchColumns(header, specs, source.file_name, overrides));
  return source;
}

Result<bool> ImportSource::NextRecord(std::vector<std::string_view>& fields) {
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
  for (std::string_view& field : fields) field = UnprotectCsvText(field);
  return more;
}

Result<store::ImportBatch> BeginBatch(store::Database& db, int64_t workspace_id,
                                      std::string kind, const std::string& file,
                                      std::string mode, std::string match_key,
                                      const std::string& created_by) {
  store::ImportBatch batch;
  batch.workspace_id = workspace_id;
  batch.kind = std::move(kind);
  batch.file_name = file;
  batch.mode = std::move(mode);
  batch.match_key = std::move(match_key);
  batch.started_at = store::NowSeconds();
  batch.created_by = created_by;
  store::ImportBatchRepository batches(db);
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
  store::ImportBatchRepository batches(db);
  VAFA_RETURN_IF_ERROR(batches.Finish(batch));
  if (!options.dry_run) {
    if (options.before_commit) {
      VAFA_RETURN_IF_ERROR(options.before_commit(db, batch));
    }
    transaction.commit();
    report.batch_id = batch.id;
  }
  return Status::Ok();
}

std::string_view TrimField(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

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
