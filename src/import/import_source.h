// The opening steps every import shares: open the CSV (detecting the
// delimiter), read the header and match it against a format's fields.
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

namespace vafa::import {

struct ImportSource {
  std::unique_ptr<CsvReader> reader;
  ColumnMap columns;
  std::string file_name;  // as named in messages
  size_t header_fields = 0;

  // False (with an error for the line) when a record's field count differs
  // from the header's, which usually means a delimiter inside an unquoted
  // value or a truncated line.
  bool CheckFieldCount(size_t fields, int64_t line, ImportErrors& errors) const;
};

Result<ImportSource> OpenImportSource(const std::string& path, char delimiter,
                                      std::span<const FieldSpec> specs);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_SOURCE_H_
