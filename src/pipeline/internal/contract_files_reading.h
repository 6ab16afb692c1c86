// What the readers of a bank's files share (contract_files.cc, the
// balances and interactions; contract_files_holdings.cc, the customers and
// holdings): the serial reader, a record's cells, and the holdings as read.
#ifndef VAFA_PIPELINE_INTERNAL_CONTRACT_FILES_READING_H_
#define VAFA_PIPELINE_INTERNAL_CONTRACT_FILES_READING_H_

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analytics/churn/contract_churn.h"
#include "core/dates.h"
#include "core/result.h"
#include "import/import_source.h"
#include "pipeline/contract_files.h"

namespace vafa::pipeline::contract_files_internal {

namespace churn = analytics::churn;

using KeyIndex = std::unordered_map<std::string, int32_t>;

// Calls `take(fields, line, errors)` for every record of `path` read as the
// import reads it, on one thread; the errors, if any, refuse the file.
template <typename Take>
Status ReadSerially(const std::string& path,
                    std::span<const import::FieldSpec> specs, Take take) {
  VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                        import::OpenImportSource(path, 0, specs));
  import::ImportErrors errors;
  std::vector<std::string_view> fields;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
    if (!more) break;
    const int64_t line = source.reader->line();
    if (!source.CheckFieldCount(fields.size(), line, errors)) continue;
    take(source.columns, fields, line, errors);
  }
  if (!errors.empty()) return Status::Invalid(errors.Format(source.file_name));
  return Status::Ok();
}

inline std::string_view Cell(const import::ColumnMap& columns,
                             std::span<const std::string_view> fields,
                             size_t field) {
  const int column = columns.column(field);
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return import::TrimField(fields[column]);
}

inline DayNumber DayOfIso(const std::string& iso) {
  if (iso.empty()) return churn::kNever;
  auto at = ParseDateTime(iso);
  return at.ok() ? DayOf(*at) : churn::kNever;
}

struct FileHolding {
  int32_t customer = 0;  // ordinal
  int32_t first_row = 0;
  churn::ContractKind kind = churn::ContractKind::kOther;
  DayNumber opened = 0, closed = churn::kNever;
};

struct HoldingsRead {
  std::vector<std::string> customer_keys;  // by ordinal
  std::vector<FileHolding> holdings;       // by first row
  std::unordered_map<std::string, int32_t> by_number;
};

// The customers and holdings files read as the import reads them, on
// `threads` threads when they are plain CSV (parallel_csv_ranges.h) and on
// one otherwise, to the same result.
Result<HoldingsRead> ReadHoldings(const ContractFiles& files, int threads);

}  // namespace vafa::pipeline::contract_files_internal

#endif  // VAFA_PIPELINE_INTERNAL_CONTRACT_FILES_READING_H_
