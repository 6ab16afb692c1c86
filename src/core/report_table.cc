#include "core/report_table.h"

#include <cmath>

namespace vafa {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kNumber:
      return "number";
    case ColumnType::kMoney:
      return "money";
    case ColumnType::kDate:
      return "date";
  }
  return "text";
}

std::optional<ColumnType> ColumnTypeNamed(std::string_view name) {
  for (ColumnType type :
       {ColumnType::kText, ColumnType::kInteger, ColumnType::kNumber,
        ColumnType::kMoney, ColumnType::kDate}) {
    if (ColumnTypeName(type) == name) return type;
  }
  return std::nullopt;
}

std::string_view ColumnKindName(ColumnType type) {
  if (HoldsIntegers(type)) return "integer";
  return type == ColumnType::kNumber ? "number" : "text";
}

bool HoldsIntegers(ColumnType type) {
  return type == ColumnType::kInteger || type == ColumnType::kMoney;
}

bool HoldsText(ColumnType type) {
  return type == ColumnType::kText || type == ColumnType::kDate;
}

void ReportTable::AddColumn(std::string name, ColumnType type) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  columns_.push_back(std::move(column));
}

// Whether the next cell may be of `wanted_kind` (kText, kInteger or
// kNumber); when not, the row is marked and the cell skipped.
bool ReportTable::Fits(ColumnType wanted_kind) {
  const size_t at = cell_++;
  if (!row_error_.empty()) return false;
  if (at >= columns_.size()) {
    row_error_ =
        "more cells than the " + std::to_string(columns_.size()) + " columns";
    return false;
  }
  const ColumnType type = columns_[at].type;
  const bool fits = wanted_kind == ColumnType::kText      ? HoldsText(type)
                    : wanted_kind == ColumnType::kInteger ? HoldsIntegers(type)
                                                          : type == wanted_kind;
  if (!fits) {
    row_error_ = "column " + columns_[at].name + " is " +
                 std::string(ColumnTypeName(type)) + ", not " +
                 std::string(ColumnTypeName(wanted_kind));
  }
  return fits;
}

void ReportTable::Text(std::string_view text) {
  if (!Fits(ColumnType::kText)) return;
  Column& column = columns_[cell_ - 1];
  column.texts.emplace_back(text);
  column.empty.push_back(0);
}

void ReportTable::Integer(int64_t value) {
  if (!Fits(ColumnType::kInteger)) return;
  Column& column = columns_[cell_ - 1];
  column.integers.push_back(value);
  column.empty.push_back(0);
}

void ReportTable::Number(double value) {
  if (!std::isfinite(value)) return Empty();
  if (!Fits(ColumnType::kNumber)) return;
  Column& column = columns_[cell_ - 1];
  column.numbers.push_back(value);
  column.empty.push_back(0);
}

void ReportTable::Empty() {
  const size_t at = cell_++;
  if (!row_error_.empty()) return;
  if (at >= columns_.size()) {
    row_error_ =
        "more cells than the " + std::to_string(columns_.size()) + " columns";
    return;
  }
  Column& column = columns_[at];
  if (HoldsIntegers(column.type)) {
    column.integers.push_back(0);
  } else if (column.type == ColumnType::kNumber) {
    column.numbers.push_back(0);
  } else {
    column.texts.emplace_back();
  }
  column.empty.push_back(1);
}

Status ReportTable::EndRow() {
  if (row_error_.empty() && cell_ != columns_.size()) {
    row_error_ = std::to_string(cell_) + " cells for " +
                 std::to_string(columns_.size()) + " columns";
  }
  cell_ = 0;
  if (row_error_.empty()) {
    ++rows_;
    return Status::Ok();
  }
  // The row is dropped whole: every column back to the rows before it.
  for (Column& column : columns_) {
    column.empty.resize(rows_);
    if (HoldsIntegers(column.type)) column.integers.resize(rows_);
    if (column.type == ColumnType::kNumber) column.numbers.resize(rows_);
    if (HoldsText(column.type)) column.texts.resize(rows_);
  }
  std::string error = "report " + name_ + ", row " + std::to_string(rows_ + 1) +
                      ": " + row_error_;
  row_error_.clear();
  return Status::Internal(std::move(error));
}

int64_t ReportTable::IntegerAt(size_t column, size_t row) const {
  return columns_[column].integers[row];
}

double ReportTable::NumberAt(size_t column, size_t row) const {
  return columns_[column].numbers[row];
}

std::string_view ReportTable::TextAt(size_t column, size_t row) const {
  return columns_[column].texts[row];
}

}  // namespace vafa
