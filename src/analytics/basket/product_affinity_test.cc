#include "analytics/basket/product_affinity.h"

#include <gtest/gtest.h>

namespace vafa::analytics::basket {
namespace {

// Products: 0 coffee, 1 milk, 2 sugar, 3 filters.
PurchaseEvents ShopEvents() {
  PurchaseEvents events;
  auto add = [&](int32_t customer, int32_t day, int32_t product) {
    events.customer.push_back(customer);
    events.day.push_back(day);
    events.product.push_back(product);
  };
  // Customer 0: coffee+milk on day 1, filters on day 5, coffee on day 40.
  add(0, 1, 0);
  add(0, 1, 1);
  add(0, 5, 3);
  add(0, 40, 0);
  // Customer 1: coffee+sugar on day 2 (coffee twice: one basket), filters day
  // 3.
  add(1, 2, 2);
  add(1, 2, 0);
  add(1, 2, 0);
  add(1, 3, 3);
  // Customer 2: milk only, on days 1 and 2.
  add(2, 1, 1);
  add(2, 2, 1);
  return events;
}

TEST(ProductAffinityTest, HistoryCountsBasketsAndCustomers) {
  const auto history = BuildPurchaseHistory(ShopEvents());
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->num_baskets, 7);
  EXPECT_EQ(history->num_customers, 3);
  EXPECT_EQ(history->product_baskets[0], 3);  // repeats in a basket once
  EXPECT_EQ(history->product_customers[1], 2);
}

TEST(ProductAffinityTest, BoughtWithAndBoughtNextByHand) {
  const auto history = BuildPurchaseHistory(ShopEvents());
  ASSERT_TRUE(history.ok());
  const auto coffee = ComputeProductAffinity(*history, 0, AffinityOptions());
  ASSERT_TRUE(coffee.ok());
  EXPECT_EQ(coffee->baskets, 3);
  EXPECT_EQ(coffee->customers, 2);
  // With coffee: milk in 1 of 3 coffee baskets, sugar in 1. Ties on count go
  // to the higher lift: sugar (1/3 over 1/7) beats milk (1/3 over 3/7).
  const AffinityEntries& with = coffee->bought_with;
  ASSERT_EQ(with.product.size(), 2u);
  EXPECT_EQ(with.product[0], 2);
  EXPECT_DOUBLE_EQ(with.share[0], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(with.lift[0], (1.0 / 3.0) / (1.0 / 7.0));
  EXPECT_EQ(with.product[1], 1);
  EXPECT_DOUBLE_EQ(with.lift[1], (1.0 / 3.0) / (3.0 / 7.0));
  // Next after the first coffee: both buyers bought filters later (share 1,
  // lift 1 / (2/3)); customer 0 bought coffee again (share 1/2).
  const AffinityEntries& next = coffee->bought_next;
  ASSERT_EQ(next.product.size(), 2u);
  EXPECT_EQ(next.product[0], 3);
  EXPECT_EQ(next.count[0], 2);
  EXPECT_DOUBLE_EQ(next.share[0], 1.0);
  EXPECT_DOUBLE_EQ(next.lift[0], 1.5);
  EXPECT_EQ(next.product[1], 0);
  EXPECT_EQ(next.count[1], 1);
}

TEST(ProductAffinityTest, WindowLimitsWhatCountsAsNext) {
  const auto history = BuildPurchaseHistory(ShopEvents());
  AffinityOptions options;
  options.window_days = 10;  // the day-40 coffee falls outside
  const auto coffee = ComputeProductAffinity(*history, 0, options);
  ASSERT_TRUE(coffee.ok());
  ASSERT_EQ(coffee->bought_next.product.size(), 1u);
  EXPECT_EQ(coffee->bought_next.product[0], 3);
  options = AffinityOptions();
  options.top_k = 1;
  const auto top = ComputeProductAffinity(*history, 0, options);
  EXPECT_EQ(top->bought_with.product.size(), 1u);
}

TEST(ProductAffinityTest, RejectsBadInput) {
  PurchaseEvents events = ShopEvents();
  events.day.pop_back();
  EXPECT_FALSE(BuildPurchaseHistory(events).ok());
  const auto history = BuildPurchaseHistory(ShopEvents());
  EXPECT_EQ(
      ComputeProductAffinity(*history, 9, AffinityOptions()).status().code(),
      StatusCode::kNotFound);
}

}  // namespace
}  // namespace vafa::analytics::basket
