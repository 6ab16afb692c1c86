#include "core/report_table.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

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

double RoundToDecimals(double value, int decimals) {
  static constexpr double kScale[] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                      1e5, 1e6, 1e7, 1e8, 1e9};
  if (!std::isfinite(value) || decimals < 0 || decimals > 9) return value;
  const double scale = kScale[decimals];
  const double scaled = value * scale;
  // The product is off the exact one by at most half an ulp, so unless it
  // lies that close to a half, it rounds to the integer printf's exact
  // rounding gives; that integer over a power of ten (both exact doubles)
  // is the double nearest the printed decimal, as reading the text gives.
  if (std::fabs(scaled) < 0x1p52) {
    const double fraction = std::fabs(scaled - std::trunc(scaled));
    if (std::fabs(fraction - 0.5) > std::fabs(scaled) * 0x1p-51 + 0x1p-60) {
      return std::nearbyint(scaled) / scale;
    }
  }
  // Near a half, or too large for the product to hold the digits: print
  // and read back.
  char text[400];
  const auto printed = std::to_chars(text, text + sizeof text, value,
                                     std::chars_format::fixed, decimals);
  double back = value;
  std::from_chars(text, printed.ptr, back);
  return back;
}

void ReportTable::AddColumn(std::string name, ColumnType type, int decimals) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  column.decimals = type == ColumnType::kNumber ? decimals : kUnstated;
  columns_.push_back(std::move(column));
}

void ReportTable::Reserve(size_t rows) {
  for (Column& column : columns_) {
    column.empty.reserve(rows);
    if (HoldsIntegers(column.type)) column.integers.reserve(rows);
    if (column.type == ColumnType::kNumber) column.numbers.reserve(rows);
    if (HoldsText(column.type)) column.text_ends.reserve(rows);
  }
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
  column.text_bytes.append(text);
  column.text_ends.push_back(column.text_bytes.size());
  column.empty.push_back(0);
}

void ReportTable::Integer(int64_t value) {
  if (!Fits(ColumnType::kInteger)) return;
  Column& column = columns_[cell_ - 1];
  column.integers.push_back(value);
  column.empty.push_back(0);
}

void ReportTable::Number(double value) {
  if (std::isnan(value)) return Empty();
  if (!Fits(ColumnType::kNumber)) return;
  Column& column = columns_[cell_ - 1];
  column.numbers.push_back(
      column.decimals < 0 ? value : RoundToDecimals(value, column.decimals));
  column.empty.push_back(0);
}

void ReportTable::Date(DayNumber day, DayNumber no_day) {
  if (day == no_day) return Empty();
  const CivilDate date = GregorianFromDays(day);
  if (date.year < 0 || date.year > 9999) return Text(FormatGregorian(day));
  auto digit = [](int value) { return static_cast<char>('0' + value % 10); };
  const char text[10] = {digit(date.year / 1000),
                         digit(date.year / 100),
                         digit(date.year / 10),
                         digit(date.year),
                         '-',
                         digit(date.month / 10),
                         digit(date.month),
                         '-',
                         digit(date.day / 10),
                         digit(date.day)};
  Text(std::string_view(text, sizeof text));
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
    column.text_ends.push_back(column.text_bytes.size());
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
    if (HoldsText(column.type)) {
      column.text_ends.resize(rows_);
      column.text_bytes.resize(rows_ == 0 ? 0 : column.text_ends.back());
    }
  }
  std::string error = "report " + name_ + ", row " + std::to_string(rows_ + 1) +
                      ": " + row_error_;
  row_error_.clear();
  return Status::Internal(std::move(error));
}

void ReportTable::EndWrittenRow() {
  Status status = EndRow();
  if (!status.ok()) throw std::logic_error(status.message());
}

int64_t ReportTable::IntegerAt(size_t column, size_t row) const {
  return columns_[column].integers[row];
}

double ReportTable::NumberAt(size_t column, size_t row) const {
  return columns_[column].numbers[row];
}

std::string_view ReportTable::TextAt(size_t column, size_t row) const {
  return columns_[column].text(row);
}

}  // namespace vafa
