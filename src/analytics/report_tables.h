// The analytics results as report tables (core/report_table.h), built by
// their writers cell by cell: each writer declares its columns with their
// types, money in minor units, days as dates, and each number column with
// the decimals the report shows (shares and means: 6). CSV, JSON and
// workbooks are renderings of these tables (core/report_table_csv.h:
// integers as is, numbers "%.6f", NaN an empty cell, days "YYYY-MM-DD",
// months "2024-01" or "1403-08", keys and names formula-protected text).
// Same results in, same table out. The column names are those of
// pipeline/report_columns.h (a test there compares them).
#ifndef VAFA_ANALYTICS_REPORT_TABLES_H_
#define VAFA_ANALYTICS_REPORT_TABLES_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/cohorts.h"
#include "analytics/customer_summary.h"
#include "analytics/kpi.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/rfm.h"
#include "core/report_table.h"

namespace vafa::analytics {

// The decimals of the reports' shares, rates and means ("%.6f").
inline constexpr int kShareDecimals = 6;

// A column of a report table as its writer declares it.
struct ReportColumnSpec {
  std::string_view name;
  ColumnType type;
};

// A table of `name` with `columns`, its number columns shown with
// kShareDecimals decimals, its money in `currency`.
ReportTable NewReportTable(std::string name,
                           std::initializer_list<ReportColumnSpec> columns,
                           const std::string& currency = "");
// A text cell; no text is an empty cell.
void TextCell(ReportTable& table, std::string_view text);
// An amount rounded to whole minor units; NaN is an empty cell.
void MoneyCell(ReportTable& table, double amount);

// "%.6f", or "" for NaN: a share in a line of text.
std::string FormatShare(double value);

// Every table is named after its report and carries `currency` (ISO 4217)
// for its money columns.

// One row per customer with a purchase or a refund up to as_of.
ReportTable CustomerSummaryTable(const std::vector<std::string>& customer_keys,
                                 const CustomerSummary& summary,
                                 const std::string& currency);
// One row per scored customer: key, r, f, m, "rfm" code, segment name.
ReportTable RfmTable(const std::vector<std::string>& customer_keys,
                     const RfmScores& rfm);
// percent, revenue_share, margin_share (101 rows, 0..100).
ReportTable ParetoTable(const KeyCustomers& key);
// One row per customer with a purchase: key, abc, profit, group.
ReportTable CustomerValueTable(const std::vector<std::string>& customer_keys,
                               const KeyCustomers& key,
                               const Profitability& profitability,
                               const std::string& currency);
// Four rows: group, customers, customer_share, profit, profit_share.
ReportTable MatrixTable(const Profitability& profitability,
                        const std::string& currency);
// One row per RFM segment, best first: segment, customers, revenue, profit
// (sums over the segment's customers).
ReportTable SegmentsTable(const CustomerSummary& summary, const RfmScores& rfm,
                          const Profitability& profitability,
                          const std::string& currency);
// One row per ABC class (by revenue): class, customers, revenue, profit.
ReportTable AbcTable(const CustomerSummary& summary, const KeyCustomers& key,
                     const Profitability& profitability,
                     const std::string& currency);
// One row per month.
ReportTable RetentionKpisTable(const RetentionKpis& kpis,
                               const std::string& currency);
// Long form: cohort, size, months_since, active, retention.
ReportTable CohortsTable(const CohortTable& table);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_REPORT_TABLES_H_
