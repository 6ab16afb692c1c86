#include "import/import_error.h"

namespace vafa::import {

std::string Excerpt(std::string_view value) {
  constexpr size_t kMax = 60;
  if (value.size() <= kMax) return std::string(value);
  size_t cut = kMax;
  // Back up to the start of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(value.substr(0, cut)) + "…";
}

void ImportErrors::Add(int64_t line, std::string_view column,
                       std::string_view value, std::string reason) {
  ++total_;
  if (line != last_line_) {
    ++bad_rows_;
    last_line_ = line;
  }
  if (kept_.size() < kMaxKept) {
    kept_.push_back(ImportError{line, std::string(column), Excerpt(value),
                                std::move(reason)});
  }
}

std::string ImportErrors::Format(std::string_view file_name) const {
  std::string text =
      std::string(file_name) +
      ": rejected, nothing was imported: " + std::to_string(total_) +
      (total_ == 1 ? " error" : " errors") + " in " +
      std::to_string(bad_rows_) + (bad_rows_ == 1 ? " row\n" : " rows\n");
  for (const ImportError& error : kept_) {
    text += file_name;
    if (error.line > 0) {
      text += ':';
      text += std::to_string(error.line);
    }
    text += ": ";
    if (!error.column.empty()) {
      text += "column \"" + error.column + "\": ";
      text += "\"" + error.value + "\": ";
    }
    text += error.reason;
    text += '\n';
  }
  if (static_cast<size_t>(total_) > kept_.size()) {
    text += std::to_string(total_ - static_cast<int64_t>(kept_.size())) +
            " more errors not shown\n";
  }
  return text;
}

}  // namespace vafa::import
