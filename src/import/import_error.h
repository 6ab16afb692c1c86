// The report of what is wrong with an import file: one entry per bad field
// of every bad row (not just the first), each naming file, line, column,
// value and reason, as `customers.csv:42: column "phone": "0912-abc": is not
// a phone number`. Keeps the first kMaxKept entries in full and counts the
// rest, so a file of a million bad rows cannot exhaust memory.
#ifndef VAFA_IMPORT_IMPORT_ERROR_H_
#define VAFA_IMPORT_IMPORT_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::import {

struct ImportError {
  int64_t line = 0;    // 1-based line of the record in the file (0: file-level)
  std::string column;  // canonical column name ("" for row-level problems)
  std::string value;
  std::string reason;
};

class ImportErrors {
 public:
  static constexpr size_t kMaxKept = 10000;

  void Add(int64_t line, std::string_view column, std::string_view value,
           std::string reason);
  bool empty() const { return total_ == 0; }
  int64_t total() const { return total_; }
  // Number of distinct lines with at least one error.
  int64_t bad_rows() const { return bad_rows_; }
  const std::vector<ImportError>& kept() const { return kept_; }

  // One line per kept error, prefixed with `file_name`, and a closing line
  // that counts what was not kept.
  std::string Format(std::string_view file_name) const;

 private:
  std::vector<ImportError> kept_;
  int64_t total_ = 0;
  int64_t bad_rows_ = 0;
  int64_t last_line_ = -1;
};

// A value shortened for a message: at most 60 bytes (on a UTF-8 boundary).
std::string Excerpt(std::string_view value);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_ERROR_H_
