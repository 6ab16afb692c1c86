#include "pipeline/repeat_purchases.h"

#include <gtest/gtest.h>

#include "analytics/analytics_test_support.h"

namespace vafa::pipeline {
using analytics::CustomerSummary;
using analytics::SummarizeCustomers;
using analytics::TransactionLog;

namespace {

using analytics::testing::BuildLog;

// Customer a: 100 on day 10, 30 + 20 on day 17 (one purchase day of 50),
// a refund of -40 on day 20, 70 on day 24. Customer b: one purchase only.
// Customer c: 90 on day 10 and nothing but a refund after.
TransactionLog HandLog() {
  return BuildLog({{"a", "a1", 10, 100},
                   {"a", "a2", 17, 30},
                   {"a", "a3", 17, 20},
                   {"a", "a4", 20, -40},
                   {"a", "a5", 24, 70},
                   {"b", "b1", 12, 55},
                   {"c", "c1", 10, 90},
                   {"c", "c2", 15, -90}});
}

TEST(RepeatPurchasesTest, SpendIsTheMeanOfRepeatDaysWithoutTheFirst) {
  const TransactionLog log = HandLog();
  CustomerSummary summary = SummarizeCustomers(log, 31, 1);
  RepeatPurchaseInput input =
      RepeatPurchasesOf(summary, analytics::clv::TimeUnit::kDay);
  ASSERT_EQ(input.rows.size(), 3u);
  auto index_of = [&](const std::string& key) {
    for (int i = 0; i < log.customer_count(); ++i) {
      if (log.customer_keys[i] == key) return i;
    }
    return -1;
  };
  const int a = index_of("a");
  const int b = index_of("b");
  const int c = index_of("c");
  for (size_t i = 0; i < input.rows.size(); ++i) {
    const int customer = input.rows[i];
    if (customer == a) {
      // Two repeat days (17: 50, 24: 70); the first day's 100 and the
      // refund are left out: m_x = 60, not the mean order value 55.
      EXPECT_EQ(input.data.frequency[i], 2);
      EXPECT_EQ(input.data.recency[i], 14);
      EXPECT_EQ(input.data.age[i], 21);
      EXPECT_DOUBLE_EQ(input.data.monetary_mean[i], 60.0);
    } else if (customer == b || customer == c) {
      EXPECT_EQ(input.data.frequency[i], 0);
      EXPECT_EQ(input.data.recency[i], 0);
      EXPECT_DOUBLE_EQ(input.data.monetary_mean[i], 0.0);
    }
  }
}

TEST(RepeatPurchasesTest, RefundsAreNeverPurchasesOfTheSplit) {
  const TransactionLog log = HandLog();
  PurchaseColumns purchases = PurchasesOf(log);
  EXPECT_EQ(purchases.customer.size(), 6u);  // eight orders less two refunds
  for (double amount : purchases.amount) EXPECT_GE(amount, 0);
  // Holdout after day 18: customer c's refund on day 15 and a's on day 20
  // are no purchases; a's day 24 is its one holdout purchase.
  auto split = analytics::clv::SplitCalibrationHoldout(
      purchases.View(), 18, 30, analytics::clv::TimeUnit::kDay);
  ASSERT_TRUE(split.ok()) << split.status().message();
  double holdout = 0;
  for (double purchases_in_holdout : split->holdout_purchases) {
    holdout += purchases_in_holdout;
  }
  EXPECT_EQ(holdout, 1);
}

TEST(RepeatPurchasesTest, TheSummaryPathAndTheSplitPathAgree) {
  // A log with refunds, same-day orders and customers first seen late.
  std::vector<analytics::testing::Line> lines;
  for (int customer = 0; customer < 40; ++customer) {
    const std::string key = "k" + std::to_string(customer);
    for (int order = 0; order < customer % 7 + 1; ++order) {
      const DayNumber day = 100 + customer % 13 + order * (customer % 5 + 2);
      const int64_t amount =
          order % 4 == 3 ? -15 : 10 + (customer * 7 + order * 3) % 50;
      lines.push_back({key, key + "-" + std::to_string(order), day, amount});
    }
  }
  const TransactionLog log = BuildLog(lines);
  const DayNumber as_of = 130;
  RepeatPurchaseInput input = RepeatPurchasesOf(
      SummarizeCustomers(log, as_of, 1), analytics::clv::TimeUnit::kWeek);
  PurchaseColumns purchases = PurchasesOf(log);
  auto split = analytics::clv::SplitCalibrationHoldout(
      purchases.View(), as_of, as_of, analytics::clv::TimeUnit::kWeek);
  ASSERT_TRUE(split.ok());
  ASSERT_EQ(input.rows.size(), split->customer.size());
  for (size_t i = 0; i < input.rows.size(); ++i) {
    EXPECT_EQ(input.rows[i], split->customer[i]);
    EXPECT_EQ(input.data.frequency[i], split->calibration.frequency[i]) << i;
    EXPECT_DOUBLE_EQ(input.data.recency[i], split->calibration.recency[i]);
    EXPECT_DOUBLE_EQ(input.data.age[i], split->calibration.age[i]);
    EXPECT_DOUBLE_EQ(input.data.monetary_mean[i],
                     split->calibration.monetary_mean[i])
        << i;
  }
}

}  // namespace
}  // namespace vafa::pipeline
