// RejectsFile: the rows an import left out (--on-error skip), written as
// they are found, each as it was read plus a last column "reason" that
// names the column and what is wrong. Fixing the values and importing the
// file again (the reason column is ignored) imports what was left out.
// Cells are written as vafa writes its own CSV files (core/csv_cell.h), so
// the import reads back exactly the values it read the first time. Writes
// through a buffered stream: memory does not grow with the rows written.
// Not thread-safe; one writer at a time.
#ifndef VAFA_IMPORT_REJECTS_FILE_H_
#define VAFA_IMPORT_REJECTS_FILE_H_

#include <cstdint>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa::import {

class RejectsFile {
 public:
  // Creates (or truncates) `path` and writes the header with "reason".
  static Result<std::unique_ptr<RejectsFile>> Create(
      const std::string& path, std::span<const std::string> header,
      char delimiter);

  void Write(std::span<const std::string_view> fields, std::string_view reason);
  // Flushes; an error when anything could not be written. Removes the file
  // when no row was written.
  Status Close();
  int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  RejectsFile(std::string path, char delimiter)
      : path_(std::move(path)), delimiter_(delimiter) {}
  void WriteCell(std::string_view cell);

  std::string path_;
  char delimiter_;
  std::ofstream out_;
  int64_t rows_ = 0;
};

// Beside the input: "data/sales.csv" -> "data/sales.rejects.csv".
std::string DefaultRejectsPath(const std::string& input_path);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_REJECTS_FILE_H_
