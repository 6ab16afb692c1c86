// How a report table is kept in the store (analysis_reports, migration
// 0025): its columns as JSON, {"currency": "IRR", "columns": [{"name":
// "customer", "type": "text"}, {"name": "share", "type": "number",
// "decimals": 6}, ...]} (decimals when the writer stated them: 0 to 9, or
// -1 for the shortest text), and its cells by column, a JSON array
// of one array per column ([["007", "x"], [3, null], [0.25, 1.5]]), in
// which integers, money and numbers are JSON numbers, text and dates
// strings, and an empty cell (or an infinity) null. Column by column, the cells
// need no field separators and decode straight into the table's columns.
// Reports kept before 0025 are CSV text; KeptReportOf reads both.
#ifndef VAFA_PIPELINE_REPORT_STORAGE_H_
#define VAFA_PIPELINE_REPORT_STORAGE_H_

#include <string>

#include "core/report_table.h"
#include "core/result.h"

namespace vafa::pipeline {

struct StoredTable {
  std::string columns;  // JSON
  std::string cells;    // JSON
};
StoredTable EncodeReportTable(const ReportTable& table);

// The table report `name` was kept as; an Internal error naming the report
// when the stored text does not decode (a column of an unknown type, a
// cell of the wrong kind, columns of different lengths). `cells` is parsed
// in place (its text is the parser's buffer).
Result<ReportTable> DecodeReportTable(const std::string& name,
                                      const std::string& columns,
                                      std::string cells);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPORT_STORAGE_H_
