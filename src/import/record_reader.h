// RecordReader: a file read as records of text fields, the first being the
// header, whatever the file's format (CSV, an Excel sheet, vCards). The
// importers read every format through this, so a sheet row feeds the same
// checks as a CSV line. Not thread-safe; one reader per file.
#ifndef VAFA_IMPORT_RECORD_READER_H_
#define VAFA_IMPORT_RECORD_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::import {

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Reads the next record into `fields` (views valid until the next call),
  // all UTF-8. True for a record, false at the end, or an error naming the
  // file and place.
  virtual Result<bool> Next(std::vector<std::string_view>& fields) = 0;
  // Where the last record starts, as messages give it: the line of a CSV
  // file or vCard file, the row number of a sheet.
  virtual int64_t line() const = 0;
  virtual const std::string& name() const = 0;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_RECORD_READER_H_
