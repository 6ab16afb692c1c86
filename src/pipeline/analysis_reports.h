// The analysis reports by name, for the CLI and the API alike: each is a
// typed table (core/report_table.h) built by its writer from a loaded
// snapshot, and rendered as CSV, JSON or a workbook from that table (see
// docs/analyze.md for the columns). Lifetime value and basket rules are
// computed here from the per-customer summary and the order baskets.
#ifndef VAFA_PIPELINE_ANALYSIS_REPORTS_H_
#define VAFA_PIPELINE_ANALYSIS_REPORTS_H_

#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "analytics/clv/fit_diagnostics.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/customer_summary.h"
#include "analytics/period.h"
#include "core/report_table.h"
#include "core/result.h"
#include "pipeline/transaction_source.h"

namespace vafa::pipeline {

// summary rfm segments pareto abc value matrix kpis cohorts clv
// clv_distribution clv_model clv_diagnostics basket affinity clv_tracking
const std::vector<std::string>& AnalysisReportNames();

// What a set of reports needs computed, so that a report nobody asked for
// costs nothing: the per-customer summary, RFM scores, key customers
// (Pareto and ABC), profitability, lifetime value (the purchase and spend
// fits), retention KPIs and cohorts. Basket rules and the tracking plot are
// computed by their own report.
struct ReportInputs {
  bool summary = false;
  bool distinct_counts = false;  // the summary's distinct products, ...
  bool rfm = false;
  bool key_customers = false;
  bool profitability = false;
  bool lifetime_value = false;
  bool kpis = false;
  bool cohorts = false;
};
ReportInputs InputsOfReports(std::span<const std::string> reports);

struct ReportOptions {
  DayNumber as_of = 0;  // 0: the day after the last order
  analytics::Calendar calendar = analytics::Calendar::kGregorian;
  int threads = 0;
  std::string model = "bg_nbd";        // clv
  double horizon_days = 365.25;        // clv
  double annual_discount_rate = 0.10;  // clv
  std::string min_support = "0.5%";    // basket
  double min_confidence = 0;           // basket
  double min_lift = 0;                 // basket
  std::string sort =
      "lift";           // basket: support confidence lift leverage conviction
  std::string product;  // affinity: the product key
  double holdout_days = 182;  // clv_tracking: the last days held out
};

// Report `name` as a typed table, money in the log's currency: what the
// API and the CLI render.
Result<ReportTable> AnalysisReportTable(const LoadedLog& loaded,
                                        const ReportOptions& options,
                                        const std::string& name);
// The table's CSV (core/report_table_csv.h): the bytes `vafa analyze`
// writes.
Status WriteAnalysisReport(const LoadedLog& loaded,
                           const ReportOptions& options,
                           const std::string& name, std::ostream& out);

struct ClvResult {
  std::vector<double> p_alive, expected_purchases, value;  // per log customer
  std::string description;
  // The fits behind the scores, with their diagnostics (the purchase
  // model's first, then Gamma-Gamma's when it was fitted). Gamma-Gamma's
  // gamma is in minor units here; its diagnostics state it in major units.
  analytics::clv::PurchaseModel model;
  std::optional<analytics::clv::GammaGammaModel> spend;
  std::string spend_note;  // why there is no spend model
  analytics::clv::IndependenceCheck independence;
  std::vector<analytics::clv::FitDiagnostics> diagnostics;
  int64_t customers = 0;    // fitted: those with a purchase before as_of
  double horizon_days = 0;  // of `value`
  std::string currency;     // of the amounts, "" when unknown
  int minor_digits = 0;
};
// Fits the purchase model (and Gamma-Gamma for spend) on the summary in
// weeks and scores every customer with a purchase; NaN for the others.
// `horizon_days` and `annual_discount_rate` as in analytics::clv::ClvOptions;
// `currency` and `minor_digits` name the amounts' unit, so that money is
// stated in major units.
Result<ClvResult> ScoreLifetimeValue(const analytics::CustomerSummary& summary,
                                     const std::string& model_name,
                                     double horizon_days = 365.25,
                                     double annual_discount_rate = 0.10,
                                     const std::string& currency = "",
                                     int minor_digits = 0);
// The clv_model report: model,parameter,value,standard_error,
// relative_error,unit (gamma in the currency's major unit), the
// log-likelihoods and the frequency-spend correlation.
ReportTable ClvModelTable(const ClvResult& clv);
// The clv_diagnostics report, one row per fitted model: model,degenerate,
// customers,share_p_alive_above_0_9,share_silent_over_3x_interval,
// share_of_silent_p_alive_above_0_9,max_relative_error,largest_correlation,
// correlated_pair,problems (codes, space-separated),warning (see
// clv/fit_diagnostics.h).
ReportTable ClvDiagnosticsTable(const ClvResult& clv);
// One row per customer with a purchase: customer, p_alive,
// expected_purchases_1y, clv_1y (minor units of `currency`).
ReportTable ClvTable(const analytics::TransactionLog& log, const ClvResult& clv,
                     const std::string& currency);
// Customers with a purchase in ten bands of P(alive) ([0, 0.1), ...,
// [0.9, 1]): p_alive_from, p_alive_to, customers, and the sums of their
// expected purchases and one-year value.
ReportTable ClvDistributionTable(const ClvResult& clv,
                                 const std::string& currency);
// Mines the order baskets (refunds left out, anonymous sales in; see
// order_baskets.h): the rules that pass the thresholds, sorted by `sort`
// (descending).
Result<ReportTable> BasketRulesTable(const LoadedLog& loaded,
                                     const std::string& min_support,
                                     int threads, int64_t* rule_count,
                                     double min_confidence = 0,
                                     double min_lift = 0,
                                     const std::string& sort = "lift");
// What is bought with `product` and what its buyers buy next:
// relation,product,count,share,lift.
Result<ReportTable> ProductAffinityTable(const analytics::TransactionLog& log,
                                         const std::string& product);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_ANALYSIS_REPORTS_H_
