#include "analytics/report_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "analytics/analytics_test_support.h"
#include "analytics/csv_row_buffer.h"

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

TEST(WriteRfmCsv, CustomerKeysAreFormulaProtectedTextCells) {
  RfmScores rfm;
  rfm.recency = {5, 1};
  rfm.frequency = {5, 1};
  rfm.monetary = {5, 1};
  rfm.segment = {RfmSegment::kChampions, RfmSegment::kLost};
  std::ostringstream out;
  WriteRfmCsv(out, {"=HYPERLINK(\"http://x/?\"&E2,\"open\")", "-12.50"}, rfm);
  EXPECT_NE(out.str().find(
                "\n\"'=HYPERLINK(\"\"http://x/?\"\"&E2,\"\"open\"\")\",5,"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("\n-12.50,1,"), std::string::npos) << out.str();
}

TEST(FormatShare, FixedSixDecimalsAndEmptyForNaN) {
  EXPECT_EQ(FormatShare(1.0 / 3.0), "0.333333");
  EXPECT_EQ(FormatShare(std::nan("")), "");
}

TEST(WriteCustomerSummaryCsv, HandCheckedRows) {
  TransactionLog log = TwoCustomers();
  std::ostringstream out;
  WriteCustomerSummaryCsv(out, log.customer_keys,
                          SummarizeCustomers(log, 19763));
  EXPECT_EQ(out.str(),
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

TEST(WriteRetentionKpisCsv, HandCheckedRowsWithEmptyCellForUndefinedRate) {
  std::ostringstream out;
  WriteRetentionKpisCsv(
      out, ComputeRetentionKpis(TwoCustomers(), 19763, Calendar::kGregorian));
  EXPECT_EQ(out.str(),
            "month,active_customers,new_customers,retained_customers,"
            "repeat_customers,acquisition_rate,retention_rate,churn_rate,"
            "repeat_purchase_rate,purchase_days,purchase_frequency,orders,"
            "gross_sales,refunds,revenue,average_order_value\n"
            "2024-01,1,1,0,0,1.000000,,,0.000000,1,1.000000,1,100,0,100,"
            "100.000000\n"
            "2024-02,2,1,1,1,0.500000,1.000000,0.000000,0.500000,2,1.000000,"
            "2,80,0,80,40.000000\n");
}

TEST(WriteRfmCsv, SameInputGivesTheSameBytes) {
  TransactionLog log = TwoCustomers();
  std::ostringstream first, second;
  WriteRfmCsv(first, log.customer_keys,
              ScoreRfm(SummarizeCustomers(log, 19763)));
  WriteRfmCsv(second, log.customer_keys,
              ScoreRfm(SummarizeCustomers(log, 19763, 2)));
  EXPECT_EQ(first.str(), second.str());
  // Same recency; a has more purchase days and more revenue.
  EXPECT_EQ(first.str(),
            "customer,recency_score,frequency_score,monetary_score,rfm,"
            "segment\n"
            "\"a,1\",1,3,3,133,At risk\n"
            "b,1,1,1,111,Lost\n");
}

TEST(WriteMatrixCsv, FourGroupsInFixedOrder) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  std::ostringstream out;
  WriteMatrixCsv(out, *profitability);
  // a: 150 - 90 = 60, repeat and recent, first order not discounted.
  // b: 30 (cost unknown), one purchase.
  EXPECT_EQ(out.str(),
            "group,customers,customer_share,profit,profit_share\n"
            "easy_acquire_easy_retain,1,0.500000,60,0.666667\n"
            "easy_acquire_hard_retain,1,0.500000,30,0.333333\n"
            "hard_acquire_easy_retain,0,0.000000,0,0.000000\n"
            "hard_acquire_hard_retain,0,0.000000,0,0.000000\n");
}

TEST(WriteSegmentsCsv, SumsPerSegmentBestFirst) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  std::ostringstream out;
  WriteSegmentsCsv(out, summary, ScoreRfm(summary), *profitability);
  // a is At risk (150 revenue, 60 profit), b Lost (30, 30); every segment
  // has its row.
  EXPECT_EQ(out.str(),
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

TEST(WriteAbcCsv, SumsPerClass) {
  CustomerSummary summary = SummarizeCustomers(TwoCustomers(), 19763);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(profitability.ok());
  std::ostringstream out;
  WriteAbcCsv(out, summary, AnalyzeKeyCustomers(summary), *profitability);
  // a alone brings 150 of 180 (83%): class A; b the rest.
  EXPECT_EQ(out.str(),
            "class,customers,revenue,profit\n"
            "A,1,150,60\n"
            "B,1,30,30\n"
            "C,0,0,0\n");
}

TEST(CsvRowBufferTest, WritesWhatTheStreamAndPrintfWrite) {
  const std::vector<double> shares = {
      0,       -0.0,      0.5,  1.0 / 3,  2.0 / 3, 0.0000005, 0.0000015, 1e-7,
      123.456, 1234567.5, 1e15, -2.25e11, 1e300,   -1e-300,   INFINITY};
  const std::vector<int64_t> integers = {
      0, -1, 7, 2147483647, -2147483648, INT64_MAX, INT64_MIN};
  const std::vector<DayNumber> days = {0, 19727, -719162, 2932896, -1, kNoDay};
  std::ostringstream expected;
  std::ostringstream written;
  {
    CsvRowBuffer row(written);
    for (double share : shares) {
      expected << FormatShare(share) << ',';
      row.Share(share);
      row << ',';
    }
    row.Share(NAN);
    row.EndRow();
    expected << '\n';
    for (int64_t integer : integers) {
      expected << integer << ';' << static_cast<int32_t>(integer) << ';';
      row << integer << ';' << static_cast<int32_t>(integer) << ';';
    }
    for (DayNumber day : days) {
      expected << (day == kNoDay ? "" : FormatGregorian(day)) << ' ';
      row.Day(day);
      row << ' ';
    }
    row.EndRow();
    expected << '\n';
  }
  EXPECT_EQ(written.str(), expected.str());
}

}  // namespace
}  // namespace vafa::analytics
