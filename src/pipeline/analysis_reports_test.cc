#include "pipeline/analysis_reports.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "pipeline/report_rendering.h"

namespace vafa::pipeline {
namespace {

TEST(InputsOfReports, RfmAloneNeedsTheSummaryAndNoFit) {
  const std::vector<std::string> rfm = {"rfm"};
  const ReportInputs needs = InputsOfReports(rfm);
  EXPECT_TRUE(needs.summary && needs.rfm);
  EXPECT_FALSE(needs.key_customers || needs.profitability ||
               needs.lifetime_value || needs.kpis || needs.cohorts ||
               needs.distinct_counts);
}

// Only the summary report shows the distinct products, channels and
// branches; the other reports' summary leaves them out.
TEST(InputsOfReports, OnlyTheSummaryReportNeedsTheDistinctCounts) {
  for (const std::string& name : AnalysisReportNames()) {
    const ReportInputs needs = InputsOfReports(std::vector<std::string>{name});
    EXPECT_EQ(needs.distinct_counts, name == "summary") << name;
  }
}

TEST(InputsOfReports, EachReportNeedsItsInputs) {
  auto needs = [](std::string name) {
    return InputsOfReports(std::vector<std::string>{std::move(name)});
  };
  EXPECT_TRUE(needs("segments").rfm && needs("segments").profitability);
  EXPECT_FALSE(needs("segments").key_customers);
  EXPECT_TRUE(needs("abc").key_customers && needs("abc").profitability);
  EXPECT_FALSE(needs("pareto").profitability || needs("pareto").rfm);
  EXPECT_TRUE(needs("clv_model").lifetime_value && needs("clv_model").summary);
  EXPECT_FALSE(needs("clv_model").rfm);
  const ReportInputs kpis = needs("kpis");
  EXPECT_TRUE(kpis.kpis);
  EXPECT_FALSE(kpis.summary || kpis.cohorts || kpis.lifetime_value);
  EXPECT_FALSE(needs("basket").summary || needs("clv_tracking").summary ||
               needs("clv_tracking").lifetime_value);
  const ReportInputs all = InputsOfReports(AnalysisReportNames());
  EXPECT_TRUE(all.summary && all.rfm && all.key_customers &&
              all.profitability && all.lifetime_value && all.kpis &&
              all.cohorts);
}

TEST(ClvDistributionTable, TenBandsOfPAliveWithTheirSums) {
  const double nan = std::nan("");
  ClvResult clv;
  // Bands by P(alive): 0.05 -> [0, 0.1); 0.1 -> [0.1, 0.2); 0.95 and 1.0 ->
  // [0.9, 1] (1.0 is in the last band); a customer without a purchase
  // (NaN) is left out.
  clv.p_alive = {0.05, 0.95, 1.0, nan, 0.1};
  clv.expected_purchases = {1.5, 2, 3, nan, 4};
  clv.value = {100.4, 200, 300, nan, 400};
  const ReportTable table = ClvDistributionTable(clv, "IRR");
  EXPECT_EQ(table.column(4).type, ColumnType::kMoney);
  EXPECT_EQ(table.IntegerAt(4, 0), 100);  // 100.4 rounded to minor units
  EXPECT_EQ(RenderReportCsv(table),
            "p_alive_from,p_alive_to,customers,expected_purchases_1y,clv_1y\n"
            "0.000000,0.100000,1,1.500000,100\n"
            "0.100000,0.200000,1,4.000000,400\n"
            "0.200000,0.300000,0,0.000000,0\n"
            "0.300000,0.400000,0,0.000000,0\n"
            "0.400000,0.500000,0,0.000000,0\n"
            "0.500000,0.600000,0,0.000000,0\n"
            "0.600000,0.700000,0,0.000000,0\n"
            "0.700000,0.800000,0,0.000000,0\n"
            "0.800000,0.900000,0,0.000000,0\n"
            "0.900000,1.000000,2,5.000000,500\n");
}

// A fit by hand: gamma in cents is stated in dollars, with its unit.
ClvResult HandMadeFits() {
  ClvResult clv;
  clv.currency = "USD";
  clv.minor_digits = 2;
  clv.model.parameters = {0.25, 4.0, 0.8, 2.0};
  clv.model.standard_errors = {0.025, 0.4, 2.4, 0.2};
  clv.model.log_likelihood = -100;
  analytics::clv::GammaGammaModel spend;
  spend.parameters = {6.0, 4.0, 1500.0};
  spend.standard_errors = {0.6, 0.4, 300.0};
  spend.log_likelihood = -50;
  clv.spend = spend;
  clv.independence.correlation = 0.1;
  const double p_alive[2] = {0.95, 0.5};
  analytics::clv::RepeatPurchaseData data;
  data.frequency = {1, 2};
  data.recency = {1, 10};
  data.age = {30, 12};
  clv.diagnostics.push_back(
      analytics::clv::DiagnosePurchaseModel(clv.model, data, p_alive));
  clv.diagnostics.push_back(analytics::clv::DiagnoseSpendModel(spend, 100));
  return clv;
}

TEST(ClvModelTable, GammaIsInTheMajorUnitAndNamesIt) {
  const ReportTable table = ClvModelTable(HandMadeFits());
  const std::string csv = RenderReportCsv(table);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "model,parameter,value,standard_error,relative_error,unit");
  EXPECT_NE(csv.find("\nbg_nbd,a,0.800000,2.400000,3.000000,\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\ngamma_gamma,gamma,15.000000,3.000000,0.200000,USD\n"),
            std::string::npos)
      << csv;
  // A log-likelihood has no standard error: empty cells, as the writer
  // printed them.
  EXPECT_NE(csv.find("\nbg_nbd,log_likelihood,-100.000000,,,\n"),
            std::string::npos)
      << csv;
}

TEST(ClvDiagnosticsTable, OneRowPerFitWithItsVerdict) {
  std::istringstream lines(
      RenderReportCsv(ClvDiagnosticsTable(HandMadeFits())));
  std::string header, purchase, spend;
  std::getline(lines, header);
  std::getline(lines, purchase);
  std::getline(lines, spend);
  EXPECT_EQ(header,
            "model,degenerate,customers,share_p_alive_above_0_9,"
            "share_silent_over_3x_interval,share_of_silent_p_alive_above_0_9,"
            "max_relative_error,largest_correlation,correlated_pair,problems,"
            "warning");
  // a's standard error is 3x its value: degenerate, with the warning.
  // Customer 1 (x 1, t_x 1, T 30) is silent 29 > 3 and likely alive.
  EXPECT_EQ(
      purchase.rfind("bg_nbd,1,2,0.500000,0.500000,1.000000,3.000000,", 0), 0u)
      << purchase;
  EXPECT_NE(purchase.find(",barely_identified,"), std::string::npos)
      << purchase;
  EXPECT_NE(purchase.find("try --model pareto_nbd"), std::string::npos);
  EXPECT_EQ(spend.substr(0, 16), "gamma_gamma,0,,,");
}

}  // namespace
}  // namespace vafa::pipeline
