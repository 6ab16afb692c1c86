// ReportTable: a report as a typed table, the form in which reports cross
// the layers (analytics and pipeline make them, the store keeps them, the
// API and the CLI render them). Each column has a name and a type; cells
// are held by column (integers as int64, numbers as double, text as
// strings), and any cell may be empty. CSV, JSON and XLSX are renderings
// of this one value (pipeline/report_rendering.h, cli/xlsx_table.h), so a
// customer key "007" stays text and a count stays a number in all of them,
// with no guessing from a cell's looks.
//
// A table is built a row at a time: one call per cell in column order,
// then EndRow, which fails when the row has the wrong number of cells or a
// cell of the wrong kind for its column (the writer and its columns
// disagree). Plain value type; not thread-safe while being built.
#ifndef VAFA_CORE_REPORT_TABLE_H_
#define VAFA_CORE_REPORT_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vafa {

enum class ColumnType : uint8_t {
  kText,     // keys, names, labels, months
  kInteger,  // counts, ranks, flags (0/1)
  kNumber,   // shares, rates, probabilities, model figures
  kMoney,    // minor units of the table's currency (an integer)
  kDate,     // a day, "YYYY-MM-DD" (Gregorian)
};
// "text", "integer", "number", "money", "date": the stored names.
std::string_view ColumnTypeName(ColumnType type);
// The type a stored name names; nullopt for another name.
std::optional<ColumnType> ColumnTypeNamed(std::string_view name);
// The API's three kinds (its column_types): money is "integer", a date
// "text".
std::string_view ColumnKindName(ColumnType type);
// Whether the cells of `type` are integers (integer and money) or text
// (text and date); number cells are neither.
bool HoldsIntegers(ColumnType type);
bool HoldsText(ColumnType type);

class ReportTable {
 public:
  struct Column {
    std::string name;
    ColumnType type = ColumnType::kText;
    std::vector<int64_t> integers;   // integer and money columns
    std::vector<double> numbers;     // number columns
    std::vector<std::string> texts;  // text and date columns
    std::vector<uint8_t> empty;      // per row: 1 when the cell is empty
  };

  ReportTable() = default;
  explicit ReportTable(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // The currency of the money columns (ISO 4217), "" when unknown.
  const std::string& currency() const { return currency_; }
  void set_currency(std::string currency) { currency_ = std::move(currency); }

  // Columns are added before the first row.
  void AddColumn(std::string name, ColumnType type);
  size_t column_count() const { return columns_.size(); }
  size_t row_count() const { return rows_; }
  const Column& column(size_t index) const { return columns_[index]; }
  const std::vector<Column>& columns() const { return columns_; }

  // The next cell of the row being built.
  void Text(std::string_view text);
  void Integer(int64_t value);
  // NaN or an infinity is an empty cell.
  void Number(double value);
  void Empty();
  // Ends the row; an Internal error names the report, row and column when
  // the row does not fit the columns (and the row is not added).
  Status EndRow();

  // Reading: whether a cell is empty, and its value by its column's kind.
  bool IsEmpty(size_t column, size_t row) const {
    return columns_[column].empty[row] != 0;
  }
  int64_t IntegerAt(size_t column, size_t row) const;
  double NumberAt(size_t column, size_t row) const;
  std::string_view TextAt(size_t column, size_t row) const;

 private:
  bool Fits(ColumnType wanted_kind);
  std::string name_;
  std::string currency_;
  std::vector<Column> columns_;
  size_t rows_ = 0;
  size_t cell_ = 0;        // the next cell of the row being built
  std::string row_error_;  // why the row being built does not fit
};

}  // namespace vafa

#endif  // VAFA_CORE_REPORT_TABLE_H_
