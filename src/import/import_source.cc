#include "import/import_source.h"

#include <fstream>

namespace vafa::import {

Result<ImportSource> OpenImportSource(const std::string& path, char delimiter,
                                      std::span<const FieldSpec> specs) {
  ImportSource source;
  source.file_name = path == "-" ? "<stdin>" : path;
  CsvOptions options;
  if (delimiter != 0) {
    options.delimiter = delimiter;
  } else if (path != "-") {
    std::ifstream in(path, std::ios::binary);
    std::string first_line;
    if (in) std::getline(in, first_line);
    if (first_line.size() > 3 && first_line.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      first_line.erase(0, 3);
    }
    options.delimiter = DetectDelimiter(first_line);
  }
  VAFA_ASSIGN_OR_RETURN(source.reader, CsvReader::Open(path, options));
  std::vector<std::string_view> header;
  VAFA_ASSIGN_OR_RETURN(bool has_header, source.reader->Next(header));
  if (!has_header) {
    return Status::Invalid(source.file_name + ": empty file (expected a header line)");
  }
  source.header_fields = header.size();
  VAFA_ASSIGN_OR_RETURN(source.columns,
                        MatchColumns(header, specs, source.file_name));
  return source;
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
