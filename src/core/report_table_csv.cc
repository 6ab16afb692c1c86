#include "core/report_table_csv.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/csv_cell.h"

namespace vafa {
namespace {

// Past this many bytes the text is handed to the stream.
constexpr size_t kFlushBytes = size_t{1} << 20;

void AppendFixed(std::string& text, double value, int decimals) {
  char digits[400];  // "%.9f" of the largest double is 319 characters
  const auto end = std::to_chars(digits, digits + sizeof digits, value,
                                 std::chars_format::fixed, decimals)
                       .ptr;
  text.append(digits, end);
}

void AppendCell(std::string& text, const ReportTable::Column& column,
                size_t row) {
  if (column.empty[row] != 0) return;
  if (HoldsIntegers(column.type)) {
    char digits[24];
    const auto end =
        std::to_chars(digits, digits + sizeof digits, column.integers[row]).ptr;
    text.append(digits, end);
  } else if (column.type == ColumnType::kNumber) {
    const double value = column.numbers[row];
    if (column.decimals >= 0 && std::isfinite(value)) {
      AppendFixed(text, value, column.decimals);
    } else if (column.decimals == ReportTable::kShortest) {
      text.append(FormatShortestNumber(value));
    } else {
      text.append(FormatReportNumber(value));
    }
  } else if (column.type == ColumnType::kDate) {
    AppendCsvQuoted(text, column.texts[row]);
  } else {
    AppendCsvText(text, column.texts[row]);
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
  std::string text;
  AppendFixed(text, value, decimals);
  return text;
}

void RenderReportCsv(const ReportTable& table, std::ostream& out) {
  std::string text;
  text.reserve(kFlushBytes + 4096);
  for (size_t column = 0; column < table.column_count(); ++column) {
    if (column > 0) text.push_back(',');
    text.append(CsvQuoted(table.column(column).name));
  }
  if (table.column_count() > 0) text.push_back('\n');
  for (size_t row = 0; row < table.row_count(); ++row) {
    for (size_t column = 0; column < table.column_count(); ++column) {
      if (column > 0) text.push_back(',');
      AppendCell(text, table.column(column), row);
    }
    text.push_back('\n');
    if (text.size() >= kFlushBytes) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::string RenderReportCsv(const ReportTable& table) {
  std::ostringstream out;
  RenderReportCsv(table, out);
  return std::move(out).str();
}

}  // namespace vafa
