#include "analytics/cohorts.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

// The months of kpi_test.cc: 2024-01 .. 2024-04 with March empty.
//   a: Jan, Feb, Apr     b: Jan, and a refund in Feb (not a purchase)
//   c: Feb (two days)    d: Apr, and May after as_of
TEST(ComputeCohorts, HandCheckedTriangleWithAnEmptyCohort) {
  TransactionLog log = BuildLog({
      {.customer = "a", .order = "a1", .day = 19727, .amount = 100},
      {.customer = "a", .order = "a2", .day = 19756, .amount = 40},
      {.customer = "a", .order = "a3", .day = 19815, .amount = 60},
      {.customer = "b", .order = "b1", .day = 19732, .amount = 200},
      {.customer = "b", .order = "b2", .day = 19768, .amount = -50},
      {.customer = "c", .order = "c1", .day = 19773, .amount = 70},
      {.customer = "c", .order = "c2", .day = 19774, .amount = 30},
      {.customer = "d", .order = "d1", .day = 19818, .amount = 10},
      {.customer = "d", .order = "d2", .day = 19844, .amount = 999},
  });
  CohortTable table = ComputeCohorts(log, 19823, Calendar::kGregorian);
  ASSERT_EQ(table.cohort_month.size(), 4u);
  EXPECT_EQ(MonthLabel(table.cohort_month[0], table.calendar), "2024-01");
  EXPECT_EQ(table.size, (std::vector<int64_t>{2, 1, 0, 1}));
  EXPECT_EQ(table.active[0], (std::vector<int64_t>{2, 1, 0, 1}));
  EXPECT_EQ(table.active[1], (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(table.active[2], (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(table.active[3], (std::vector<int64_t>{1}));
  EXPECT_DOUBLE_EQ(table.Retention(0, 1), 0.5);
  EXPECT_TRUE(std::isnan(table.Retention(2, 0)));
}

TEST(ComputeCohorts, RefundBeforeFirstPurchaseDoesNotStartTheCohort) {
  TransactionLog log = BuildLog({
      {.customer = "a", .order = "a1", .day = 19727, .amount = -10},
      {.customer = "a", .order = "a2", .day = 19756, .amount = 40},
  });
  CohortTable table = ComputeCohorts(log, 19760, Calendar::kGregorian);
  ASSERT_EQ(table.cohort_month.size(), 1u);
  EXPECT_EQ(MonthLabel(table.cohort_month[0], table.calendar), "2024-02");
  EXPECT_EQ(table.size[0], 1);
}

TEST(ComputeCohorts, PropertyCellsNeverExceedCohortSizeAndThreadsAgree) {
  std::vector<testing::Line> lines;
  for (int i = 0; i < 40000; ++i) {
    lines.push_back({.customer = "c" + std::to_string((i * 7919) % 20011),
                     .order = "o" + std::to_string(i),
                     .day = 19723 + (i * 37) % 700,
                     .amount = (i % 13) * 10 - 10});
  }
  TransactionLog log = BuildLog(lines);
  CohortTable one = ComputeCohorts(log, 20400, Calendar::kGregorian, 1);
  CohortTable two = ComputeCohorts(log, 20400, Calendar::kGregorian, 2);
  EXPECT_EQ(one.active, two.active);
  for (size_t c = 0; c < one.size.size(); ++c) {
    EXPECT_EQ(one.active[c][0], one.size[c]);
    for (int64_t cell : one.active[c]) EXPECT_LE(cell, one.size[c]);
  }
}

}  // namespace
}  // namespace vafa::analytics
