// The columns of every named report and the type of each, in one place: the
// reports are written as CSV (by analytics/report_csv.h and the writers of
// analysis_reports.h and churn_analysis.h) and kept as CSV, and these types
// are what the other renderings read them by, so a customer key "007" stays
// the text "007" in JSON and in a workbook, and a count stays a number, with
// no guessing from the cell. A unit test writes every report and compares
// its header with the columns named here.
#ifndef VAFA_PIPELINE_REPORT_COLUMNS_H_
#define VAFA_PIPELINE_REPORT_COLUMNS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::pipeline {

enum class ColumnType : uint8_t {
  kText,     // keys, names, labels, days and months
  kInteger,  // counts, minor units of money, ranks, flags (0/1)
  kNumber,   // shares, rates, probabilities, model figures
};
// "text", "integer", "number".
std::string_view ColumnTypeName(ColumnType type);

struct ReportColumn {
  std::string_view name;
  ColumnType type;
};

struct ReportShape {
  std::span<const ReportColumn> columns;
  // The type of columns the report names at run time (churn_lift has one
  // per model after its first column); only such reports have any.
  bool open = false;
  ColumnType others = ColumnType::kText;

  // The type of `column`; text for a column the shape does not name.
  ColumnType TypeOf(std::string_view column) const;
};

// The shape of a named report (AnalysisReportNames(), the reports an
// analysis or churn run keeps: rfm_moves, churn_evidence, churn_models,
// churn_calibration, churn_lift, churn_reasons, churn_stages,
// retention_list, and the churn CSV: churn); nullptr for another name.
const ReportShape* ShapeOfReport(std::string_view name);

// Every report the shapes describe, for tests.
std::vector<std::string_view> ShapedReportNames();

// The analysis run that kept a report, when it was read from one.
struct ReportRun {
  int64_t id = 0;
  int64_t computed_at = 0;  // Unix seconds
};

// One report's CSV (a header, then rows) as a JSON object
// {"report", "run" (when `run` is given), "columns", "column_types",
// "rows"} with each cell typed by its column: text as a string (the CSV's
// formula protection removed), integer and number as numbers, an empty
// cell as null. A cell of an integer or number column that does not read as
// one is an error naming the report, line and column: the writer and its
// shape disagree.
Result<std::string> ReportCsvToJson(std::string csv, const std::string& name,
                                    const ReportRun* run = nullptr);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPORT_COLUMNS_H_
