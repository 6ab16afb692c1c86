// The columns of every named report and the type of each, in one place:
// the reports' writers (analytics/report_tables.h, analysis_reports.h,
// churn_analysis.h) build their tables with these columns and types (a unit
// test compares every writer's table with its shape), and a report a run
// kept as CSV text before migration 0025 is read back by them
// (ReportTableFromCsv, the upgrade path), so a customer key "007" stays the
// text "007" in JSON and in a workbook, and a count stays a number, with no
// guessing from the cell. Nothing on the write path parses CSV.
#ifndef VAFA_PIPELINE_REPORT_COLUMNS_H_
#define VAFA_PIPELINE_REPORT_COLUMNS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/report_table.h"
#include "core/result.h"

namespace vafa::pipeline {

using vafa::ColumnType;

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

// One report's CSV (a header, then rows, as the writers make it) as a typed
// table, each column typed by the report's shape: text without the CSV's
// formula protection, integer, money and number cells as numbers, an empty
// cell as an empty cell. A cell of a typed column that does not read as its
// type is an error naming the report, line and column: the writer and its
// shape disagree. A report without a shape has text columns, or with
// `unknown_by_looks` a number column where every cell is a plain number.
Result<ReportTable> ReportTableFromCsv(std::string csv, const std::string& name,
                                       const std::string& currency = "",
                                       bool unknown_by_looks = false);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPORT_COLUMNS_H_
