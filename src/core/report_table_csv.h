// The CSV rendering of a report table (core/report_table.h), the one CSV
// of every report: what `vafa analyze --out` writes, what the API's CSV
// downloads send and what a kept report renders to. Text cells go through
// CsvText (core/csv_cell.h: formula-protected, quoted when they must be),
// dates as written, integers and money as digits, numbers with their
// column's decimals (or FormatShortestNumber, or FormatReportNumber when
// the column does not state them), an empty cell as nothing.
// The API's JSON is rendered beside it from the same table
// (pipeline/report_rendering.h), the CLI's workbooks by cli/xlsx_table.h.
#ifndef VAFA_CORE_REPORT_TABLE_CSV_H_
#define VAFA_CORE_REPORT_TABLE_CSV_H_

#include <ostream>
#include <string>

#include "core/report_table.h"

namespace vafa {

// A number cell of a column without declared decimals: "%.6f" (the
// reports' format) when that reads back as the same number, else the
// shortest text that does (a basket rule's support of 0.0000125); "" for
// NaN, "inf" for an infinity.
std::string FormatReportNumber(double value);

// A number cell of a column of kShortest: the shortest text that reads
// back as the value ("0.5", "1.25e-05", "inf"); "" for NaN.
std::string FormatShortestNumber(double value);

// A number cell of a column with `decimals` (0 to 9): printf's "%.*f".
std::string FormatReportNumber(double value, int decimals);

// The table as CSV: a header of the column names, then one line per row.
// Written to `out` in large blocks; a table of many rows is formatted on up
// to `threads` threads, block by block (the bytes are the same).
void RenderReportCsv(const ReportTable& table, std::ostream& out,
                     int threads = 1);
std::string RenderReportCsv(const ReportTable& table);

}  // namespace vafa

#endif  // VAFA_CORE_REPORT_TABLE_CSV_H_
