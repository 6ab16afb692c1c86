#include "analytics/pareto.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "analytics/analytics_test_support.h"
#include "analytics/value_order.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;
using testing::Line;

// Ten customers with revenues 500, 200, 100, 50, 50, 40, 30, 20, 10, 0
// (total 1000); the last one bought and refunded everything.
TransactionLog TenCustomers() {
  std::vector<Line> lines;
  const int64_t revenue[] = {500, 200, 100, 50, 50, 40, 30, 20, 10};
  for (int i = 0; i < 9; ++i) {
    lines.push_back({.customer = "c" + std::to_string(i),
                     .order = "o" + std::to_string(i),
                     .day = 1,
                     .amount = revenue[i],
                     .cost = revenue[i] / 2});
  }
  lines.push_back({.customer = "c9", .order = "o9", .day = 1, .amount = 60});
  lines.push_back({.customer = "c9", .order = "r9", .day = 2, .amount = -60});
  return BuildLog(lines);
}

// Equal values keep ascending indices in both directions; excluded indices
// are left out. The packed sort (a narrow range) and the pair sort (values
// too far apart to pack with the index) give the same order.
TEST(OrderByValue, HandCheckedTiesAndDirections) {
  const std::vector<int64_t> values = {30, 10, 30, 20, 10, 99};
  const std::vector<uint8_t> included = {1, 1, 1, 1, 1, 0};
  using Order = std::vector<int32_t>;
  EXPECT_EQ(OrderByValue(values, included, ValueDirection::kAscending),
            (Order{1, 4, 3, 0, 2}));
  EXPECT_EQ(OrderByValue(values, included, ValueDirection::kDescending),
            (Order{0, 2, 3, 1, 4}));
  std::vector<int64_t> wide = values;
  wide[1] = wide[4] = INT64_MIN;
  wide[0] = wide[2] = INT64_MAX;
  EXPECT_EQ(OrderByValue(wide, included, ValueDirection::kAscending),
            (Order{1, 4, 3, 0, 2}));
  EXPECT_EQ(OrderByValue(wide, included, ValueDirection::kDescending),
            (Order{0, 2, 3, 1, 4}));
  EXPECT_TRUE(OrderByValue({}, {}, ValueDirection::kAscending).empty());
}

TEST(AnalyzeKeyCustomers, HandCheckedCurveAndEightyTwentyFigures) {
  KeyCustomers key = AnalyzeKeyCustomers(SummarizeCustomers(TenCustomers(), 5));
  EXPECT_EQ(key.revenue.customers, 10);
  EXPECT_EQ(key.revenue.total, 1000);
  EXPECT_DOUBLE_EQ(key.revenue.ValueShareOfTop(10), 0.5);
  EXPECT_DOUBLE_EQ(key.revenue.ValueShareOfTop(20), 0.7);
  EXPECT_DOUBLE_EQ(key.revenue.ValueShareOfTop(15), 0.7);  // ceil(1.5) = 2
  EXPECT_DOUBLE_EQ(key.revenue.ValueShareOfTop(100), 1.0);
  // 500 + 200 + 100 = 800 reaches 80% with 3 of 10 customers.
  EXPECT_DOUBLE_EQ(key.revenue.customer_share_for_80, 0.3);
  EXPECT_EQ(ParetoSentence(key.revenue),
            "The top 20% of customers bring 70.0% of revenue; 80% of revenue "
            "comes from 30.0% of customers.");
}

TEST(AnalyzeKeyCustomers, AbcCrossingCustomerStaysInTheUpperClass) {
  KeyCustomers key = AnalyzeKeyCustomers(SummarizeCustomers(TenCustomers(), 5));
  // Shares above each customer: 0, .5, .7, .8, .85, .9, .94, .97, .99, 1.
  std::string letters;
  for (AbcClass abc : key.abc) letters += AbcClassLetter(abc);
  EXPECT_EQ(letters, "AAABBBBCCC");
  EXPECT_EQ(key.class_sizes[static_cast<int>(AbcClass::kA)], 3);
}

TEST(AnalyzeKeyCustomers, MarginCurveUsesOnlyCustomersWithKnownCost) {
  KeyCustomers key = AnalyzeKeyCustomers(SummarizeCustomers(TenCustomers(), 5));
  EXPECT_EQ(key.margin.customers, 9);
  EXPECT_EQ(key.margin.total, 250 + 100 + 50 + 25 + 25 + 20 + 15 + 10 + 5);
}

TEST(AnalyzeKeyCustomers, NoCustomersGivesAnEmptyCurve) {
  KeyCustomers key = AnalyzeKeyCustomers(SummarizeCustomers(BuildLog({}), 5));
  EXPECT_EQ(key.revenue.customers, 0);
  EXPECT_DOUBLE_EQ(key.revenue.ValueShareOfTop(20), 0.0);
}

TEST(AnalyzeKeyCustomers, PropertyCurveIsMonotoneAndConcave) {
  std::vector<Line> lines;
  for (int i = 0; i < 500; ++i) {
    lines.push_back({.customer = "c" + std::to_string(i % 137),
                     .order = "o" + std::to_string(i),
                     .day = i % 40,
                     .amount = (i * 7919) % 1000 - 100});
  }
  ParetoCurve curve =
      AnalyzeKeyCustomers(SummarizeCustomers(BuildLog(lines), 50)).revenue;
  for (int k = 1; k <= 100; ++k) {
    EXPECT_GE(curve.value_share[k], curve.value_share[k - 1]);
    EXPECT_GE(curve.value_share[k], k / 100.0 - 1e-12);  // top >= average
  }
}

}  // namespace
}  // namespace vafa::analytics
