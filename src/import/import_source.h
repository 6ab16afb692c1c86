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

namespace vafa::import {

struct ImportSource {
  std::unique_ptr<CsvReader> reader;
  ColumnMap columns;
  std::string file_name;  // as named in messages
};

Result<ImportSource> OpenImportSource(const std::string& path, char delimiter,
                                      std::span<const FieldSpec> specs);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_SOURCE_H_
