#include "pipeline/report_rendering.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/csv_cell.h"

namespace vafa::pipeline {
namespace {

void CsvCell(const ReportTable& table, size_t column, size_t row,
             std::ostream& out) {
  if (table.IsEmpty(column, row)) return;
  const ColumnType type = table.column(column).type;
  if (HoldsIntegers(type)) {
    out << table.IntegerAt(column, row);
  } else if (type == ColumnType::kNumber) {
    out << FormatReportNumber(table.NumberAt(column, row));
  } else if (type == ColumnType::kDate) {
    out << CsvQuoted(table.TextAt(column, row));
  } else {
    out << CsvText(table.TextAt(column, row));
  }
}

void JsonString(rapidjson::Writer<rapidjson::StringBuffer>& w,
                std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void JsonCell(rapidjson::Writer<rapidjson::StringBuffer>& w,
              const ReportTable& table, size_t column, size_t row) {
  if (table.IsEmpty(column, row)) {
    w.Null();
    return;
  }
  const ColumnType type = table.column(column).type;
  if (HoldsIntegers(type)) {
    w.Int64(table.IntegerAt(column, row));
  } else if (type == ColumnType::kNumber) {
    w.Double(table.NumberAt(column, row));
  } else {
    JsonString(w, table.TextAt(column, row));
  }
}

}  // namespace

std::string FormatReportNumber(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value);
  double back = 0;
  const std::string_view fixed(text);
  std::from_chars(fixed.data(), fixed.data() + fixed.size(), back);
  if (back == value) return std::string(fixed);
  const auto shortest = std::to_chars(text, text + sizeof text, value);
  return std::string(text, shortest.ptr);
}

void RenderReportCsv(const ReportTable& table, std::ostream& out) {
  for (size_t column = 0; column < table.column_count(); ++column) {
    if (column > 0) out << ',';
    out << CsvQuoted(table.column(column).name);
  }
  if (table.column_count() > 0) out << '\n';
  for (size_t row = 0; row < table.row_count(); ++row) {
    for (size_t column = 0; column < table.column_count(); ++column) {
      if (column > 0) out << ',';
      CsvCell(table, column, row, out);
    }
    out << '\n';
  }
}

std::string RenderReportCsv(const ReportTable& table) {
  std::ostringstream out;
  RenderReportCsv(table, out);
  return out.str();
}

std::string RenderReportJson(const ReportTable& table, const ReportRun* run) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("report");
  JsonString(w, table.name());
  if (run != nullptr) {
    w.Key("run");
    w.StartObject();
    w.Key("id");
    w.Int64(run->id);
    w.Key("computed_at");
    w.Int64(run->computed_at);
    w.EndObject();
  }
  w.Key("columns");
  w.StartArray();
  for (const ReportTable::Column& column : table.columns()) {
    JsonString(w, column.name);
  }
  w.EndArray();
  w.Key("column_types");
  w.StartArray();
  for (const ReportTable::Column& column : table.columns()) {
    JsonString(w, ColumnKindName(column.type));
  }
  w.EndArray();
  w.Key("rows");
  w.StartArray();
  for (size_t row = 0; row < table.row_count(); ++row) {
    w.StartArray();
    for (size_t column = 0; column < table.column_count(); ++column) {
      JsonCell(w, table, column, row);
    }
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace vafa::pipeline
