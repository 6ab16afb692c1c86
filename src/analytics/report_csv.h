// CSV renderings of the analytics results, for `vafa analyze --out` and the
// API's downloads. Writers take a std::ostream (no file I/O here) and format
// deterministically: integers as is, shares and means with "%.6f", NaN as
// an empty cell, days as ISO dates (Gregorian) and months as "2024-01" or
// "1403-08". Keys and names are text cells (core/csv_cell.h: quoted per
// RFC 4180 and formula-protected). Same results in, same bytes out.
#ifndef VAFA_ANALYTICS_REPORT_CSV_H_
#define VAFA_ANALYTICS_REPORT_CSV_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/cohorts.h"
#include "analytics/customer_summary.h"
#include "analytics/kpi.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/rfm.h"
#include "core/csv_cell.h"

namespace vafa::analytics {

// "%.6f", or "" for NaN.
std::string FormatShare(double value);

// One row per customer with a purchase or a refund up to as_of.
void WriteCustomerSummaryCsv(std::ostream& out,
                             const std::vector<std::string>& customer_keys,
                             const CustomerSummary& summary);
// One row per scored customer: key, r, f, m, "rfm" code, segment name.
void WriteRfmCsv(std::ostream& out,
                 const std::vector<std::string>& customer_keys,
                 const RfmScores& rfm);
// percent, revenue_share, margin_share (101 rows, 0..100).
void WriteParetoCsv(std::ostream& out, const KeyCustomers& key);
// One row per customer with a purchase: key, abc, profit, group.
void WriteCustomerValueCsv(std::ostream& out,
                           const std::vector<std::string>& customer_keys,
                           const KeyCustomers& key,
                           const Profitability& profitability);
// Four rows: group, customers, customer_share, profit, profit_share.
void WriteMatrixCsv(std::ostream& out, const Profitability& profitability);
// One row per RFM segment, best first: segment, customers, revenue, profit
// (sums over the segment's customers).
void WriteSegmentsCsv(std::ostream& out, const CustomerSummary& summary,
                      const RfmScores& rfm, const Profitability& profitability);
// One row per ABC class (by revenue): class, customers, revenue, profit.
void WriteAbcCsv(std::ostream& out, const CustomerSummary& summary,
                 const KeyCustomers& key, const Profitability& profitability);
void WriteRetentionKpisCsv(std::ostream& out, const RetentionKpis& kpis);
// Long form: cohort, size, months_since, active, retention.
void WriteCohortsCsv(std::ostream& out, const CohortTable& table);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_REPORT_CSV_H_
