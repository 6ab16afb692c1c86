// The renderings of a report table (core/report_table.h): CSV for people
// (core/report_table_csv.h, brought in here: text cells formula-protected
// and quoted when they must be, numbers with their columns' decimals), and
// the API's JSON. The CLI's workbooks are the third rendering, beside their
// writer (cli/xlsx_table.h: WriteReportXlsx). All read the cells by their
// columns' types, never by their looks.
#ifndef VAFA_PIPELINE_REPORT_RENDERING_H_
#define VAFA_PIPELINE_REPORT_RENDERING_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "core/report_table.h"
#include "core/report_table_csv.h"

namespace vafa::pipeline {

using vafa::FormatReportNumber;
using vafa::RenderReportCsv;

// The analysis run that kept a report, when it was read from one.
struct ReportRun {
  int64_t id = 0;
  int64_t computed_at = 0;  // Unix seconds
};

// The table as the API's JSON object: {"report", "run" (when `run` is
// given), "columns", "column_types" (text, integer, number, money or date),
// "currency" (of the money columns, "" when unknown), "rows"}, each row an
// array of cells: text and dates as strings, integers, money (minor units)
// and numbers as numbers, an empty cell or an infinity as null.
std::string RenderReportJson(const ReportTable& table,
                             const ReportRun* run = nullptr);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPORT_RENDERING_H_
