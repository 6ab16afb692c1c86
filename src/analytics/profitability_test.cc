#include "analytics/profitability.h"

#include <gtest/gtest.h>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

// as_of = 100, active window 30 days.
//   a: two purchase days, last on 95, no discount   -> easy / easy
//   b: one purchase on 90, no discount              -> easy / hard
//   c: two purchase days, last on 99, discounted 1st -> hard / easy
//   d: two purchase days, last on 20, discounted 1st -> hard / hard
//   e: no purchase before as_of                      -> not placed
TransactionLog FourCustomers() {
  return BuildLog({
      {.customer = "a", .order = "a1", .day = 80, .amount = 300, .cost = 100},
      {.customer = "a", .order = "a2", .day = 95, .amount = 200, .cost = 100},
      {.customer = "b", .order = "b1", .day = 90, .amount = 100, .cost = 50},
      {.customer = "c",
       .order = "c1",
       .day = 50,
       .amount = 80,
       .discount = 20,
       .cost = 40},
      {.customer = "c", .order = "c2", .day = 99, .amount = 120, .cost = 60},
      {.customer = "d", .order = "d1", .day = 10, .amount = 50, .discount = 5},
      {.customer = "d", .order = "d2", .day = 20, .amount = 50},
      {.customer = "e", .order = "e1", .day = 150, .amount = 50},
  });
}

TEST(AnalyzeProfitability, ProfitSubtractsKnownCostsOnly) {
  CustomerSummary summary = SummarizeCustomers(FourCustomers(), 100);
  const std::vector<int64_t> cost_to_serve = {10, 20, 30, 40, 50};
  auto result = AnalyzeProfitability(summary, cost_to_serve, {},
                                     {.active_window_days = 30});
  ASSERT_TRUE(result.ok());
  // d's cost of goods is unknown, so only its cost to serve is taken off.
  EXPECT_EQ(result->profit, (std::vector<int64_t>{290, 30, 70, 60, 0}));
  EXPECT_EQ(result->total_profit, 450);
}

TEST(AnalyzeProfitability, WithoutAcquisitionCostFirstDiscountMeansHard) {
  CustomerSummary summary = SummarizeCustomers(FourCustomers(), 100);
  auto result =
      AnalyzeProfitability(summary, {}, {}, {.active_window_days = 30});
  ASSERT_TRUE(result.ok());
  using G = AcquisitionRetention;
  EXPECT_EQ(
      result->group,
      (std::vector<G>{G::kEasyAcquireEasyRetain, G::kEasyAcquireHardRetain,
                      G::kHardAcquireEasyRetain, G::kHardAcquireHardRetain,
                      G::kNone}));
  // Profits 300, 50, 100, 100 (d has no cost): total 550.
  const MatrixCell& easy_easy =
      result->matrix[static_cast<int>(G::kEasyAcquireEasyRetain)];
  EXPECT_EQ(easy_easy.customers, 1);
  EXPECT_DOUBLE_EQ(easy_easy.customer_share, 0.25);
  EXPECT_DOUBLE_EQ(easy_easy.profit_share, 300.0 / 550.0);
}

TEST(AnalyzeProfitability, AcquisitionCostAtOrBelowLowerMedianIsEasy) {
  CustomerSummary summary = SummarizeCustomers(FourCustomers(), 100);
  // Population costs 40, 10, 30, 20 -> lower median 20; e's 0 is not counted.
  const std::vector<int64_t> acquisition = {40, 10, 30, 20, 0};
  auto result = AnalyzeProfitability(summary, {}, acquisition,
                                     {.active_window_days = 30});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->median_acquisition_cost, 20);
  using G = AcquisitionRetention;
  EXPECT_EQ(result->group[0], G::kHardAcquireEasyRetain);
  EXPECT_EQ(result->group[1], G::kEasyAcquireHardRetain);
  EXPECT_EQ(result->group[2], G::kHardAcquireEasyRetain);
  EXPECT_EQ(result->group[3], G::kEasyAcquireHardRetain);
  EXPECT_EQ(result->profit[0], 300 - 40);
}

TEST(AnalyzeProfitability, RejectsACostColumnOfTheWrongLength) {
  CustomerSummary summary = SummarizeCustomers(FourCustomers(), 100);
  const std::vector<int64_t> short_column = {1, 2};
  auto result = AnalyzeProfitability(summary, short_column, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field(), "cost_to_serve");
}

TEST(AnalyzeProfitability, PropertyMatrixSharesSumToOne) {
  CustomerSummary summary = SummarizeCustomers(FourCustomers(), 100);
  auto result = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(result.ok());
  double customers = 0, profit = 0;
  for (const MatrixCell& cell : result->matrix) {
    customers += cell.customer_share;
    profit += cell.profit_share;
  }
  EXPECT_NEAR(customers, 1.0, 1e-12);
  EXPECT_NEAR(profit, 1.0, 1e-12);
}

}  // namespace
}  // namespace vafa::analytics
