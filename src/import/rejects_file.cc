#include "import/rejects_file.h"

#include <cstdio>
#include <filesystem>

#include "core/csv_cell.h"

namespace vafa::import {

Result<std::unique_ptr<RejectsFile>> RejectsFile::Create(
    const std::string& path, std::span<const std::string> header,
    char delimiter) {
  std::unique_ptr<RejectsFile> file(new RejectsFile(path, delimiter));
  file->out_.open(path, std::ios::binary | std::ios::trunc);
  if (!file->out_) {
    return Status::Invalid(path + ": cannot write the rejects file");
  }
  for (const std::string& cell : header) {
    file->WriteCell(cell);
    file->out_ << delimiter;
  }
  file->out_ << "reason\n";
  return file;
}

void RejectsFile::WriteCell(std::string_view cell) {
  std::string text = CsvText(cell);
  // CsvText quotes for commas; a file with another delimiter needs quotes
  // around that one too.
  if (delimiter_ != ',' && !text.empty() && text.front() != '"' &&
      text.find(delimiter_) != std::string::npos) {
    text = "\"" + text + "\"";
  }
  out_ << text;
}

void RejectsFile::Write(std::span<const std::string_view> fields,
                        std::string_view reason) {
  for (std::string_view field : fields) {
    WriteCell(field);
    out_ << delimiter_;
  }
  WriteCell(reason);
  out_ << '\n';
  ++rows_;
}

Status RejectsFile::Close() {
  out_.close();
  if (out_.fail()) return Status::Invalid(path_ + ": writing rejects failed");
  if (rows_ == 0) std::remove(path_.c_str());
  return Status::Ok();
}

std::string DefaultRejectsPath(const std::string& input_path) {
  std::filesystem::path path(input_path);
  path.replace_filename(path.stem().string() + ".rejects.csv");
  return path.string();
}

}  // namespace vafa::import
