#include "analytics/kpi.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

// Day numbers (days since 1970-01-01) of the dates in the comments.
constexpr DayNumber kJan05 = 19727, kJan10 = 19732, kJan20 = 19742,
                    kFeb03 = 19756, kFeb15 = 19768, kFeb20 = 19773,
                    kFeb21 = 19774, kApr02 = 19815, kApr05 = 19818,
                    kApr10 = 19823, kMay01 = 19844;

// 2024, as_of = 2024-04-10; March is empty.
//   a: Jan 5 (two orders), Jan 20, Feb 3, Apr 2
//   b: Jan 10, a refund on Feb 15
//   c: Feb 20, Feb 21
//   d: Apr 5, and May 1 (after as_of)
TransactionLog FourMonths() {
  return BuildLog({
      {.customer = "a", .order = "a1", .day = kJan05, .amount = 100},
      {.customer = "a", .order = "a2", .day = kJan05, .amount = 50},
      {.customer = "a", .order = "a3", .day = kJan20, .amount = 30},
      {.customer = "a", .order = "a4", .day = kFeb03, .amount = 40},
      {.customer = "a", .order = "a5", .day = kApr02, .amount = 60},
      {.customer = "b", .order = "b1", .day = kJan10, .amount = 200},
      {.customer = "b", .order = "b2", .day = kFeb15, .amount = -50},
      {.customer = "c", .order = "c1", .day = kFeb20, .amount = 70},
      {.customer = "c", .order = "c2", .day = kFeb21, .amount = 30},
      {.customer = "d", .order = "d1", .day = kApr05, .amount = 10},
      {.customer = "d", .order = "d2", .day = kMay01, .amount = 999},
  });
}

TEST(ComputeRetentionKpis, HandCheckedMonthsIncludingAnEmptyOne) {
  RetentionKpis k =
      ComputeRetentionKpis(FourMonths(), kApr10, Calendar::kGregorian);
  ASSERT_EQ(k.size(), 4u);
  EXPECT_EQ(MonthLabel(k.month[0], k.calendar), "2024-01");
  EXPECT_EQ(MonthLabel(k.month[3], k.calendar), "2024-04");
  EXPECT_EQ(k.active_customers, (std::vector<int64_t>{2, 2, 0, 2}));
  EXPECT_EQ(k.new_customers, (std::vector<int64_t>{2, 1, 0, 1}));
  EXPECT_EQ(k.retained_customers, (std::vector<int64_t>{0, 1, 0, 0}));
  EXPECT_EQ(k.repeat_customers, (std::vector<int64_t>{1, 2, 0, 1}));
  // Two orders of a on Jan 5 are one purchase day.
  EXPECT_EQ(k.purchase_days, (std::vector<int64_t>{3, 3, 0, 2}));
  EXPECT_EQ(k.orders, (std::vector<int64_t>{4, 3, 0, 2}));
  EXPECT_EQ(k.gross_sales, (std::vector<int64_t>{380, 140, 0, 70}));
  EXPECT_EQ(k.refunds, (std::vector<int64_t>{0, -50, 0, 0}));
  EXPECT_EQ(k.revenue, (std::vector<int64_t>{380, 90, 0, 70}));

  EXPECT_TRUE(std::isnan(k.retention_rate[0]));  // no previous month
  EXPECT_DOUBLE_EQ(k.retention_rate[1], 0.5);
  EXPECT_DOUBLE_EQ(k.churn_rate[1], 0.5);
  EXPECT_DOUBLE_EQ(k.retention_rate[2], 0.0);  // nobody came back in March
  EXPECT_DOUBLE_EQ(k.churn_rate[2], 1.0);
  EXPECT_TRUE(std::isnan(k.retention_rate[3]));  // March had nobody to keep

  EXPECT_DOUBLE_EQ(k.acquisition_rate[0], 1.0);
  EXPECT_DOUBLE_EQ(k.acquisition_rate[1], 0.5);
  EXPECT_TRUE(std::isnan(k.acquisition_rate[2]));
  EXPECT_DOUBLE_EQ(k.repeat_purchase_rate[0], 0.5);
  EXPECT_DOUBLE_EQ(k.repeat_purchase_rate[1], 1.0);
  EXPECT_DOUBLE_EQ(k.purchase_frequency[0], 1.5);
  EXPECT_DOUBLE_EQ(k.average_order_value[0], 95.0);
  EXPECT_DOUBLE_EQ(k.average_order_value[1], 140.0 / 3.0);
  EXPECT_TRUE(std::isnan(k.average_order_value[2]));
}

TEST(ComputeRetentionKpis, JalaliMonthsSplitAGregorianMonth) {
  // 2026-11-21 is 1405-08-30 (last day of Aban); 2026-11-22 is 1405-09-01.
  TransactionLog log = BuildLog({
      {.customer = "a", .order = "a1", .day = 20778, .amount = 10},
      {.customer = "a", .order = "a2", .day = 20779, .amount = 10},
  });
  RetentionKpis gregorian =
      ComputeRetentionKpis(log, 20787, Calendar::kGregorian);
  RetentionKpis jalali = ComputeRetentionKpis(log, 20787, Calendar::kJalali);
  ASSERT_EQ(gregorian.size(), 1u);
  ASSERT_EQ(jalali.size(), 2u);
  EXPECT_EQ(MonthLabel(jalali.month[0], Calendar::kJalali), "1405-08");
  EXPECT_EQ(MonthLabel(jalali.month[1], Calendar::kJalali), "1405-09");
  EXPECT_EQ(jalali.retained_customers[1], 1);
  EXPECT_EQ(gregorian.repeat_customers[0], 1);
}

TEST(ComputeRetentionKpis, EmptyLogGivesNoMonths) {
  EXPECT_EQ(
      ComputeRetentionKpis(BuildLog({}), 100, Calendar::kGregorian).size(), 0u);
}

TEST(ComputeRetentionKpis, PropertyNewCustomersSumToBuyers) {
  std::vector<testing::Line> lines;
  for (int i = 0; i < 40000; ++i) {
    lines.push_back({.customer = "c" + std::to_string((i * 7919) % 20011),
                     .order = "o" + std::to_string(i),
                     .day = 19723 + (i * 37) % 700,
                     .amount = (i % 13) * 10 - 10});
  }
  TransactionLog log = BuildLog(lines);
  RetentionKpis one = ComputeRetentionKpis(log, 20300, Calendar::kJalali, 1);
  RetentionKpis two = ComputeRetentionKpis(log, 20300, Calendar::kJalali, 2);
  EXPECT_EQ(one.active_customers, two.active_customers);
  EXPECT_EQ(one.retained_customers, two.retained_customers);
  EXPECT_EQ(one.revenue, two.revenue);
  int64_t fresh = 0;
  for (int64_t count : one.new_customers) fresh += count;
  int64_t buyers = 0;
  for (int32_t customer = 0; customer < log.customer_count(); ++customer) {
    for (int64_t order = log.customer_begin[customer];
         order < log.customer_begin[customer + 1]; ++order) {
      if (log.day[order] <= 20300 && log.amount[order] >= 0) {
        ++buyers;
        break;
      }
    }
  }
  EXPECT_EQ(fresh, buyers);
  for (size_t m = 0; m < one.size(); ++m) {
    EXPECT_LE(one.retained_customers[m], one.active_customers[m]);
    EXPECT_LE(one.new_customers[m], one.active_customers[m]);
  }
}

}  // namespace
}  // namespace vafa::analytics
