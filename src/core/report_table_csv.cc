#include "core/report_table_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "core/csv_cell.h"

namespace vafa {
namespace {

// Past this many bytes the text is handed to the stream.
constexpr size_t kFlushBytes = size_t{1} << 20;
// Tables of more rows than this are rendered in blocks of it, on up to the
// threads asked for, each block into its own buffer, written in order.
constexpr size_t kRowsPerCsvBlock = size_t{1} << 15;

// The text of a block of rows: cells are formatted straight into it.
class ReportCsvBuffer {
 public:
  // Space for `bytes` more; Commit(end) keeps what was written up to end.
  char* Room(size_t bytes) {
    if (size_ + bytes > capacity_) {
      const size_t capacity = std::max(capacity_ * 2, size_ + bytes + 4096);
      auto grown = std::make_unique<char[]>(capacity);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void Commit(const char* end) { size_ = end - data_.get(); }
  void Append(std::string_view text) {
    char* at = Room(text.size());
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    size_ += text.size();
  }
  void Push(char c) {
    *Room(1) = c;
    ++size_;
  }
  size_t size() const { return size_; }
  void Clear() { size_ = 0; }
  void WriteTo(std::ostream& out) const {
    out.write(data_.get(), static_cast<std::streamsize>(size_));
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Whether `text` is a cell as it is: no comma, quote or line break, and
// (for text cells, `formula_checked`) not beginning with what may need an
// apostrophe; otherwise CsvQuoted or CsvText decide.
bool PlainReportCsvCell(std::string_view text, bool formula_checked) {
  if (formula_checked && !text.empty() &&
      (text.front() == '\'' || text.front() == '=' || text.front() == '+' ||
       text.front() == '-' || text.front() == '@' || text.front() == '\t' ||
       text.front() == '\r')) {
    return false;
  }
  for (char c : text) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return false;
  }
  return true;
}

void AppendFixed(ReportCsvBuffer& text, double value, int decimals) {
  constexpr size_t kRoom = 400;  // "%.9f" of the largest double: 319 chars
  char* at = text.Room(kRoom);
  text.Commit(
      std::to_chars(at, at + kRoom, value, std::chars_format::fixed, decimals)
          .ptr);
}

void AppendNumberCell(ReportCsvBuffer& text, const ReportTable::Column& column,
                      double value) {
  if (column.decimals >= 0 && std::isfinite(value)) {
    AppendFixed(text, value, column.decimals);
  } else if (column.decimals == ReportTable::kShortest) {
    text.Append(FormatShortestNumber(value));
  } else {
    text.Append(FormatReportNumber(value));
  }
}

void AppendCell(ReportCsvBuffer& text, const ReportTable::Column& column,
                size_t row) {
  if (column.empty[row] != 0) return;
  if (HoldsIntegers(column.type)) {
    constexpr size_t kRoom = 24;
    char* at = text.Room(kRoom);
    text.Commit(std::to_chars(at, at + kRoom, column.integers[row]).ptr);
  } else if (column.type == ColumnType::kNumber) {
    AppendNumberCell(text, column, column.numbers[row]);
  } else {
    const bool is_text = column.type != ColumnType::kDate;
    const std::string_view cell = column.text(row);
    if (PlainReportCsvCell(cell, is_text)) {
      text.Append(cell);
    } else {
      text.Append(is_text ? CsvText(cell) : CsvQuoted(cell));
    }
  }
}

void AppendCsvRows(const ReportTable& table, size_t begin, size_t end,
                   ReportCsvBuffer& text) {
  const size_t columns = table.column_count();
  for (size_t row = begin; row < end; ++row) {
    for (size_t column = 0; column < columns; ++column) {
      if (column > 0) text.Push(',');
      AppendCell(text, table.column(column), row);
    }
    text.Push('\n');
  }
}

// The rows in blocks, `threads` blocks at a time, written in order.
void RenderCsvBlocks(const ReportTable& table, size_t threads,
                     std::ostream& out) {
  const size_t rows = table.row_count();
  std::vector<ReportCsvBuffer> blocks(threads);
  for (size_t first = 0; first < rows; first += threads * kRowsPerCsvBlock) {
    std::vector<std::thread> helpers;
    auto render = [&](size_t block) {
      const size_t begin = first + block * kRowsPerCsvBlock;
      blocks[block].Clear();
      if (begin >= rows) return;
      AppendCsvRows(table, begin, std::min(rows, begin + kRowsPerCsvBlock),
                    blocks[block]);
    };
    for (size_t block = 1; block < threads; ++block) {
      helpers.emplace_back(render, block);
    }
    render(0);
    for (std::thread& helper : helpers) helper.join();
    for (const ReportCsvBuffer& block : blocks) block.WriteTo(out);
  }
}

}  // namespace

std::string FormatReportNumber(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[400];
  const auto fixed_end = std::to_chars(text, text + sizeof text, value,
                                       std::chars_format::fixed, 6)
                             .ptr;
  double back = 0;
  std::from_chars(text, fixed_end, back);
  if (back == value) return std::string(text, fixed_end);
  const auto shortest = std::to_chars(text, text + sizeof text, value);
  return std::string(text, shortest.ptr);
}

std::string FormatShortestNumber(double value) {
  if (std::isnan(value)) return "";
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

std::string FormatReportNumber(double value, int decimals) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[400];  // "%.9f" of the largest double is 319 characters
  const auto end = std::to_chars(text, text + sizeof text, value,
                                 std::chars_format::fixed, decimals)
                       .ptr;
  return std::string(text, end);
}

void RenderReportCsv(const ReportTable& table, std::ostream& out, int threads) {
  ReportCsvBuffer text;
  for (size_t column = 0; column < table.column_count(); ++column) {
    if (column > 0) text.Push(',');
    text.Append(CsvQuoted(table.column(column).name));
  }
  if (table.column_count() > 0) text.Push('\n');
  text.WriteTo(out);
  text.Clear();
  const size_t rows = table.row_count();
  const size_t blocks = (rows + kRowsPerCsvBlock - 1) / kRowsPerCsvBlock;
  const size_t parallel =
      std::min(blocks, static_cast<size_t>(std::max(threads, 1)));
  if (parallel > 1) return RenderCsvBlocks(table, parallel, out);
  for (size_t row = 0; row < rows;) {
    const size_t end = std::min(rows, row + kRowsPerCsvBlock);
    AppendCsvRows(table, row, end, text);
    row = end;
    if (text.size() >= kFlushBytes || row == rows) {
      text.WriteTo(out);
      text.Clear();
    }
  }
}

std::string RenderReportCsv(const ReportTable& table) {
  std::ostringstream out;
  RenderReportCsv(table, out);
  return std::move(out).str();
}

}  // namespace vafa
