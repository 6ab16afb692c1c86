#include "import/import_error.h"

#include <algorithm>

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

void ImportErrors::Merge(const ImportErrors& other) {
  if (other.total_ == 0) return;
  std::vector<ImportError> merged;
  merged.reserve(std::min(kMaxKept, kept_.size() + other.kept_.size()));
  auto mine = kept_.begin();
  auto theirs = other.kept_.begin();
  while (merged.size() < kMaxKept &&
         (mine != kept_.end() || theirs != other.kept_.end())) {
    if (theirs == other.kept_.end() ||
        (mine != kept_.end() && mine->line <= theirs->line)) {
      merged.push_back(std::move(*mine++));
    } else {
      merged.push_back(*theirs++);
    }
  }
  kept_ = std::move(merged);
  total_ += other.total_;
  bad_rows_ += other.bad_rows_;
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
