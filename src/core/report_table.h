// ReportTable: a report as a typed table, the form in which reports cross
// the layers (analytics and pipeline make them, the store keeps them, the
// API and the CLI render them). Each column has a name and a type; cells
// are held by column (integers as int64, numbers as double, a text
// column's cells in one buffer of bytes), and any cell may be empty. CSV,
// JSON and XLSX are renderings of this one value
// (pipeline/report_rendering.h, cli/xlsx_table.h), so a customer key "007"
// stays text and a count stays a number in all of them, with no guessing
// from a cell's looks.
//
// A table is built a row at a time by the report's writer: one call per
// cell in column order, then EndRow, which fails when the row has the wrong
// number of cells or a cell of the wrong kind for its column (the writer
// and its columns disagree). A number column may declare the decimals its
// report shows (the summary's shares: 6); its cells are then kept rounded
// to them, as the CSV shows them, so the JSON, the stored table and the
// CSV all carry one value. Plain value type; not thread-safe while being
// built.
#ifndef VAFA_CORE_REPORT_TABLE_H_
#define VAFA_CORE_REPORT_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
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

// `value` rounded to `decimals` (0 to 9) digits after the point, exactly as
// printf's "%.*f" rounds it and the text reads back: the double nearest the
// decimal that "%.6f" prints. NaN and infinities are returned unchanged.
double RoundToDecimals(double value, int decimals);

class ReportTable {
 public:
  struct Column {
    std::string name;
    ColumnType type = ColumnType::kText;
    // Number columns: the digits after the point (0 to 9) the report
    // shows; kShortest: the shortest text that reads back as the value;
    // kUnstated (a report kept before columns stated it): "%.6f" when that
    // reads back as the value, else the shortest.
    int decimals = kUnstated;
    std::vector<int64_t> integers;  // integer and money columns
    std::vector<double> numbers;    // number columns
    // Text and date columns: the cells' bytes one after another, and per
    // row the end of its cell in them (one buffer, not a string per cell).
    std::string text_bytes;
    std::vector<size_t> text_ends;
    std::vector<uint8_t> empty;  // per row: 1 when the cell is empty

    std::string_view text(size_t row) const {
      const size_t begin = row == 0 ? 0 : text_ends[row - 1];
      return std::string_view(text_bytes.data() + begin,
                              text_ends[row] - begin);
    }
  };

  static constexpr int kShortest = -1;
  static constexpr int kUnstated = -2;

  ReportTable() = default;
  explicit ReportTable(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // The currency of the money columns (ISO 4217), "" when unknown.
  const std::string& currency() const { return currency_; }
  void set_currency(std::string currency) { currency_ = std::move(currency); }

  // Columns are added before the first row.
  void AddColumn(std::string name, ColumnType type, int decimals = kUnstated);
  // Room for `rows` rows in every column (added), so a writer that knows
  // its row count sizes the columns once.
  void Reserve(size_t rows);
  size_t column_count() const { return columns_.size(); }
  size_t row_count() const { return rows_; }
  const Column& column(size_t index) const { return columns_[index]; }
  const std::vector<Column>& columns() const { return columns_; }

  // The next cell of the row being built.
  void Text(std::string_view text);
  void Integer(int64_t value);
  // NaN is an empty cell; an infinity (a rule's conviction when its
  // confidence is 1) is kept, and is "inf" in CSV and null in JSON. A
  // column with decimals keeps the value rounded to them
  // (RoundToDecimals).
  void Number(double value);
  // A day as "YYYY-MM-DD" (Gregorian) in a date column; `no_day` (the
  // writer's "none") is an empty cell.
  void Date(DayNumber day, DayNumber no_day);
  void Empty();
  // Ends the row; an Internal error names the report, row and column when
  // the row does not fit the columns (and the row is not added).
  Status EndRow();
  // EndRow for a writer whose rows are made by the same code as its
  // columns: a row that does not fit is a broken invariant, thrown as
  // std::logic_error.
  void EndWrittenRow();

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
