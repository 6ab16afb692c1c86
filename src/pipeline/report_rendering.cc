#include "pipeline/report_rendering.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace vafa::pipeline {
namespace {

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
    const double value = table.NumberAt(column, row);
    if (std::isfinite(value)) {
      w.Double(value);
    } else {
      w.Null();  // JSON has no infinity
    }
  } else {
    JsonString(w, table.TextAt(column, row));
  }
}

}  // namespace

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
    JsonString(w, ColumnTypeName(column.type));
  }
  w.EndArray();
  w.Key("currency");
  JsonString(w, table.currency());
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
