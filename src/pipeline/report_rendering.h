// The renderings of a report table (core/report_table.h), in one place: CSV
// for people (core/csv_cell.h: text cells formula-protected and quoted when
// they must be), and the API's JSON. The CLI's workbooks are the third
// rendering, beside their writer (cli/xlsx_table.h: WriteReportXlsx). All
// read the cells by their columns' types, never by their looks.
#ifndef VAFA_PIPELINE_REPORT_RENDERING_H_
#define VAFA_PIPELINE_REPORT_RENDERING_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "core/report_table.h"

namespace vafa::pipeline {

// A number cell as CSV text: "%.6f" (the reports' format) when that reads
// back as the same number, else the shortest text that does (a basket
// rule's support of 0.0000125); "" for NaN.
std::string FormatReportNumber(double value);

// The table as CSV: a header of the column names, then one line per row;
// integers and money as digits, numbers by FormatReportNumber, dates as
// written, text through CsvText, an empty cell as nothing.
void RenderReportCsv(const ReportTable& table, std::ostream& out);
std::string RenderReportCsv(const ReportTable& table);

// The analysis run that kept a report, when it was read from one.
struct ReportRun {
  int64_t id = 0;
  int64_t computed_at = 0;  // Unix seconds
};

// The table as the API's JSON object: {"report", "run" (when `run` is
// given), "columns", "column_types" (text, integer or number: money is an
// integer, a date text), "rows"}, each row an array of cells: text as a
// string, integer and number as numbers, an empty cell as null.
std::string RenderReportJson(const ReportTable& table,
                             const ReportRun* run = nullptr);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPORT_RENDERING_H_
