// The report of what is wrong with an import file: one entry per bad field
// of every bad row (not just the first), each naming file, line, column,
// value and reason, as `customers.csv:42: column "phone": "0912-abc": is not
// a phone number`. Counts the errors by column and reason (the table a user
// reads first) with up to `examples` entries of each, and keeps the first
// kMaxKept entries in full; memory is bounded whatever the file holds.
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

// The errors of one column and reason: how many, and the first few.
struct ImportErrorGroup {
  std::string column;
  std::string reason;
  int64_t count = 0;
  std::vector<ImportError> examples;
};

class ImportErrors {
 public:
  static constexpr size_t kMaxKept = 10000;
  // Reasons beyond this many distinct ones are counted under "other
  // reasons" of their column.
  static constexpr size_t kMaxGroups = 100;

  explicit ImportErrors(size_t examples = 5) : examples_(examples) {}
  size_t examples() const { return examples_; }

  void Add(int64_t line, std::string_view column, std::string_view value,
           std::string reason);
  bool empty() const { return total_ == 0; }
  int64_t total() const { return total_; }
  // Number of distinct lines with at least one error.
  int64_t bad_rows() const { return bad_rows_; }
  const std::vector<ImportError>& kept() const { return kept_; }
  // By count, largest first (ties in order of first appearance).
  std::vector<ImportErrorGroup> groups() const;
  // The reasons of the line added last, "column: reason; ...", for the
  // reason column of a rejects file.
  const std::string& last_row_reason() const { return last_row_reason_; }

  // The table of counts by column and reason, then up to `examples` errors
  // of each, each line prefixed with `file_name`. `heading` opens it
  // ("rejected, nothing was imported").
  std::string Format(
      std::string_view file_name,
      std::string_view heading = "rejected, nothing was imported") const;
  // The same report as a JSON object: {"file", "errors", "bad_rows",
  // "groups": [{"column", "reason", "count", "examples": [{"line", "value",
  // "reason"}]}]}.
  std::string ToJson(std::string_view file_name) const;

 private:
  size_t examples_;
  std::vector<ImportError> kept_;
  std::vector<ImportErrorGroup> groups_;
  std::string last_row_reason_;
  int64_t total_ = 0;
  int64_t bad_rows_ = 0;
  int64_t last_line_ = -1;
};

// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);

// A value shortened for a message: at most 60 bytes (on a UTF-8 boundary).
std::string Excerpt(std::string_view value);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_ERROR_H_
