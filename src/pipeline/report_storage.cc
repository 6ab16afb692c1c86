#include "pipeline/report_storage.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace vafa::pipeline {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(JsonWriter& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void WriteColumnCells(JsonWriter& w, const ReportTable& table, size_t column) {
  const ColumnType type = table.column(column).type;
  w.StartArray();
  for (size_t row = 0; row < table.row_count(); ++row) {
    if (table.IsEmpty(column, row)) {
      w.Null();
    } else if (HoldsIntegers(type)) {
      w.Int64(table.IntegerAt(column, row));
    } else if (type == ColumnType::kNumber) {
      const double value = table.NumberAt(column, row);
      if (std::isfinite(value)) {
        w.Double(value);
      } else {
        w.Null();  // an infinity: JSON has none
      }
    } else {
      WriteString(w, table.TextAt(column, row));
    }
  }
  w.EndArray();
}

Status Undecodable(const std::string& name, const std::string& why) {
  return Status::Internal("the kept report " + name +
                          " does not decode: " + why);
}

// Adds the cell `value` to the table by its column's type; false when the
// JSON value is not of that kind.
bool AddStoredCell(ReportTable& table, ColumnType type,
                   const rapidjson::Value& value) {
  if (value.IsNull()) {
    table.Empty();
  } else if (HoldsIntegers(type) && value.IsInt64()) {
    table.Integer(value.GetInt64());
  } else if (type == ColumnType::kNumber && value.IsNumber()) {
    table.Number(value.GetDouble());
  } else if (HoldsText(type) && value.IsString()) {
    table.Text(std::string_view(value.GetString(), value.GetStringLength()));
  } else {
    return false;
  }
  return true;
}

}  // namespace

StoredTable EncodeReportTable(const ReportTable& table) {
  StoredTable stored;
  {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("currency");
    WriteString(w, table.currency());
    w.Key("columns");
    w.StartArray();
    for (const ReportTable::Column& column : table.columns()) {
      w.StartObject();
      w.Key("name");
      WriteString(w, column.name);
      w.Key("type");
      WriteString(w, ColumnTypeName(column.type));
      if (column.type == ColumnType::kNumber &&
          column.decimals != ReportTable::kUnstated) {
        w.Key("decimals");
        w.Int(column.decimals);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    stored.columns.assign(buffer.GetString(), buffer.GetSize());
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (size_t column = 0; column < table.column_count(); ++column) {
    WriteColumnCells(w, table, column);
  }
  w.EndArray();
  stored.cells.assign(buffer.GetString(), buffer.GetSize());
  return stored;
}

Result<ReportTable> DecodeReportTable(const std::string& name,
                                      const std::string& columns,
                                      std::string cells) {
  rapidjson::Document head;
  head.Parse(columns.data(), columns.size());
  if (head.HasParseError() || !head.IsObject() || !head.HasMember("columns") ||
      !head["columns"].IsArray()) {
    return Undecodable(name, "its columns are not {\"columns\": [...]}");
  }
  ReportTable table(name);
  if (head.HasMember("currency") && head["currency"].IsString()) {
    table.set_currency(head["currency"].GetString());
  }
  std::vector<ColumnType> types;
  for (const rapidjson::Value& column : head["columns"].GetArray()) {
    if (!column.IsObject() || !column.HasMember("name") ||
        !column["name"].IsString() || !column.HasMember("type") ||
        !column["type"].IsString()) {
      return Undecodable(name, "a column without a name and a type");
    }
    std::optional<ColumnType> type =
        ColumnTypeNamed(column["type"].GetString());
    if (!type) {
      return Undecodable(
          name, "column " + std::string(column["name"].GetString()) +
                    " has the unknown type " + column["type"].GetString());
    }
    types.push_back(*type);
    int decimals = ReportTable::kUnstated;
    if (column.HasMember("decimals") && column["decimals"].IsInt() &&
        column["decimals"].GetInt() >= ReportTable::kShortest &&
        column["decimals"].GetInt() <= 9) {
      decimals = column["decimals"].GetInt();
    }
    table.AddColumn(column["name"].GetString(), *type, decimals);
  }
  rapidjson::Document body;
  // In place: strings point into `cells`, none is copied twice.
  body.ParseInsitu(cells.data());
  if (body.HasParseError() || !body.IsArray() || body.Size() != types.size()) {
    return Undecodable(name, "its cells are not one array per column");
  }
  size_t rows = 0;
  for (rapidjson::SizeType column = 0; column < body.Size(); ++column) {
    if (!body[column].IsArray() ||
        (column > 0 && body[column].Size() != rows)) {
      return Undecodable(name, "its columns differ in length");
    }
    rows = body[column].Size();
  }
  for (rapidjson::SizeType row = 0; row < rows; ++row) {
    for (rapidjson::SizeType column = 0; column < body.Size(); ++column) {
      if (!AddStoredCell(table, types[column], body[column][row])) {
        return Undecodable(name,
                           "row " + std::to_string(row + 1) + ", column " +
                               table.column(column).name + " is not " +
                               std::string(ColumnTypeName(types[column])));
      }
    }
    VAFA_RETURN_IF_ERROR(table.EndRow());
  }
  return table;
}

}  // namespace vafa::pipeline
