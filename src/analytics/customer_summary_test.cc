#include "analytics/customer_summary.h"

#include <gtest/gtest.h>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

// Customer "a": orders on days 10, 10 (same day), 25, and a refund on 30
//   without a cost;
//   one order after as_of (day 50) that must be ignored.
// Customer "b": a single purchase on day 40, discounted, costs known.
// Customer "c": only a purchase after as_of.
TransactionLog HandCheckedLog() {
  return BuildLog({
      {.customer = "a",
       .order = "a1",
       .day = 10,
       .amount = 100,
       .product = "p1",
       .cost = 70,
       .channel = "web",
       .branch = "north"},
      {.customer = "a",
       .order = "a2",
       .day = 10,
       .amount = 50,
       .product = "p2",
       .discount = 10,
       .cost = 30,
       .channel = "shop",
       .branch = "north"},
      {.customer = "a",
       .order = "a3",
       .day = 25,
       .amount = 90,
       .product = "p1",
       .cost = 60,
       .channel = "web",
       .branch = "south"},
      {.customer = "a",
       .order = "a4",
       .day = 30,
       .amount = -40,
       .product = "p1",
       .channel = "web",
       .branch = "south"},
      {.customer = "a", .order = "a5", .day = 50, .amount = 1000},
      {.customer = "b",
       .order = "b1",
       .day = 40,
       .amount = 200,
       .product = "p3",
       .discount = 20,
       .cost = 150},
      {.customer = "c", .order = "c1", .day = 60, .amount = 10},
  });
}

TEST(SummarizeCustomers, HandCheckedCustomerWithSameDayOrdersAndRefund) {
  CustomerSummary s = SummarizeCustomers(HandCheckedLog(), 45);
  const int a = 0;
  EXPECT_EQ(s.first_purchase_day[a], 10);
  EXPECT_EQ(s.last_purchase_day[a], 25);
  EXPECT_EQ(s.orders[a], 3);
  EXPECT_EQ(s.refunds[a], 1);
  EXPECT_EQ(s.purchase_days[a], 2);  // day 10 counted once
  EXPECT_EQ(s.repeat_purchases[a], 1);
  EXPECT_EQ(s.recency_days[a], 20);
  EXPECT_EQ(s.tenure_days[a], 35);
  EXPECT_EQ(s.purchase_span_days[a], 15);
  EXPECT_EQ(s.revenue[a], 200);  // 100 + 50 + 90 - 40
  EXPECT_EQ(s.refund_amount[a], -40);
  EXPECT_DOUBLE_EQ(s.mean_order_value[a], 80.0);  // 240 / 3
  // The refund has no cost, so the customer's margin is unknown.
  EXPECT_EQ(s.cost_known[a], 0);
  EXPECT_EQ(s.margin[a], 0);
  EXPECT_EQ(s.distinct_products[a], 2);
  EXPECT_EQ(s.distinct_channels[a], 2);
  EXPECT_EQ(s.distinct_branches[a], 2);
  EXPECT_DOUBLE_EQ(s.discounted_order_share[a], 1.0 / 3.0);
  EXPECT_EQ(s.first_order_discounted[a], 0);
}

// Without the distinct counts (what RFM, Pareto and the fits need), every
// other column is the same and the three distinct columns are left empty.
TEST(SummarizeCustomers, WithoutDistinctCountsTheOtherColumnsAreTheSame) {
  CustomerSummary full = SummarizeCustomers(HandCheckedLog(), 45);
  CustomerSummary lean = SummarizeCustomers(HandCheckedLog(), 45, 1, false);
  EXPECT_TRUE(lean.distinct_products.empty());
  EXPECT_TRUE(lean.distinct_channels.empty());
  EXPECT_TRUE(lean.distinct_branches.empty());
  ASSERT_EQ(lean.size(), 3);
  EXPECT_EQ(lean.purchase_days, full.purchase_days);
  EXPECT_EQ(lean.recency_days, full.recency_days);
  EXPECT_EQ(lean.revenue, full.revenue);
  EXPECT_EQ(lean.margin, full.margin);
  EXPECT_EQ(lean.repeat_purchase_value, full.repeat_purchase_value);
  EXPECT_EQ(lean.discounted_order_share, full.discounted_order_share);
  EXPECT_EQ(lean.first_order_discounted, full.first_order_discounted);
  EXPECT_EQ(lean.revenue[0], 200);
}

TEST(SummarizeCustomers, SinglePurchaseCustomerHasZeroRepeatsAndKnownMargin) {
  CustomerSummary s = SummarizeCustomers(HandCheckedLog(), 45);
  const int b = 1;
  EXPECT_EQ(s.orders[b], 1);
  EXPECT_EQ(s.purchase_days[b], 1);
  EXPECT_EQ(s.repeat_purchases[b], 0);
  EXPECT_EQ(s.recency_days[b], 5);
  EXPECT_EQ(s.tenure_days[b], 5);
  EXPECT_EQ(s.purchase_span_days[b], 0);
  EXPECT_EQ(s.cost_known[b], 1);
  EXPECT_EQ(s.cost_of_goods[b], 150);
  EXPECT_EQ(s.margin[b], 50);
  EXPECT_DOUBLE_EQ(s.discounted_order_share[b], 1.0);
  EXPECT_EQ(s.first_order_discounted[b], 1);
}

TEST(SummarizeCustomers, CustomerWithOnlyLaterOrdersHasNoPurchase) {
  CustomerSummary s = SummarizeCustomers(HandCheckedLog(), 45);
  const int c = 2;
  EXPECT_FALSE(s.has_purchase(c));
  EXPECT_EQ(s.first_purchase_day[c], kNoDay);
  EXPECT_EQ(s.revenue[c], 0);
}

TEST(SummarizeCustomers, RefundOnlyCustomerHasNoPurchaseButNegativeRevenue) {
  CustomerSummary s = SummarizeCustomers(
      BuildLog({{.customer = "r", .order = "r1", .day = 3, .amount = -70}}), 9);
  EXPECT_FALSE(s.has_purchase(0));
  EXPECT_EQ(s.refunds[0], 1);
  EXPECT_EQ(s.revenue[0], -70);
}

TEST(SummarizeCustomers, ThreadCountDoesNotChangeTheResult) {
  std::vector<testing::Line> lines;
  for (int i = 0; i < 60000; ++i) {
    const int customer = (i * 7919) % 20011;
    lines.push_back({.customer = "c" + std::to_string(customer),
                     .order = "o" + std::to_string(i),
                     .day = (i * 37) % 400,
                     .amount = (i % 11) * 100 - 100,
                     .product = "p" + std::to_string(i % 17)});
  }
  TransactionLog log = BuildLog(lines);
  CustomerSummary one = SummarizeCustomers(log, 399, 1);
  CustomerSummary two = SummarizeCustomers(log, 399, 2);
  EXPECT_EQ(one.purchase_days, two.purchase_days);
  EXPECT_EQ(one.revenue, two.revenue);
  EXPECT_EQ(one.distinct_products, two.distinct_products);
  EXPECT_EQ(one.mean_order_value, two.mean_order_value);
}

}  // namespace
}  // namespace vafa::analytics
