#include "services/customers/orders.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

class CustomerOrdersTest : public store::BackendTest {
 protected:
  // An order of `customer` in `workspace` at `at`; `deleted` soft-deletes it.
  int64_t Order(long long workspace, long long customer, long long at,
                long long total, bool deleted = false) {
    long long id = 0;
    std::string key = "o" + std::to_string(++orders_);
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    long long deleted_at = 5;
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, "
                  "external_id, ordered_at, currency, total_minor, "
                  "discount_minor, line_count, branch, deleted_at) VALUES (:w, "
                  ":c, :e, :a, 'IRR', :t, 10, 2, 'north', :d) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(total), soci::use(deleted_at, alive),
        soci::into(id);
    return id;
  }

  int orders_ = 0;
};

TEST_P(CustomerOrdersTest, RecentOrdersAreTheLatestOfTheCustomerNewestFirst) {
  const int64_t first = Order(1, 7, 100, 1000);
  const int64_t late = Order(1, 7, 300, 3000);
  const int64_t middle = Order(1, 7, 200, 2000);
  const int64_t late_tie = Order(1, 7, 300, 4000);  // same instant: by id
  Order(1, 7, 400, 5000, /*deleted=*/true);
  Order(1, 8, 500, 6000);  // another customer
  Order(2, 7, 600, 7000);  // the same customer id in another workspace

  auto all = RecentOrdersForCustomer(db(), 1, 7, 10);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id, late_tie);
  EXPECT_EQ((*all)[1].id, late);
  EXPECT_EQ((*all)[2].id, middle);
  EXPECT_EQ((*all)[3].id, first);
  const CustomerOrder& order = (*all)[2];
  EXPECT_EQ(order.external_id, "o3");
  EXPECT_EQ(order.ordered_at, 200);
  EXPECT_EQ(order.total_minor, 2000);
  EXPECT_EQ(order.discount_minor, 10);
  EXPECT_EQ(order.line_count, 2);
  EXPECT_EQ(order.currency, "IRR");
  EXPECT_EQ(order.branch, "north");
  EXPECT_EQ(order.channel, "");  // NULL in the store

  auto two = RecentOrdersForCustomer(db(), 1, 7, 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].id, late);
}

TEST_P(CustomerOrdersTest, TotalsCountOnlyTheCustomersLiveOrders) {
  Order(1, 7, 100, 1000);
  Order(1, 7, 300, 3000);
  Order(1, 7, 50, 9000, /*deleted=*/true);
  Order(1, 8, 10, 6000);
  Order(2, 7, 900, 7000);
  auto totals = OrderTotalsForCustomer(db(), 1, 7);
  ASSERT_TRUE(totals.ok()) << totals.status().ToString();
  EXPECT_EQ(totals->orders, 2);
  EXPECT_EQ(totals->revenue_minor, 4000);
  EXPECT_EQ(totals->first_order_at, 100);
  EXPECT_EQ(totals->last_order_at, 300);
}

TEST_P(CustomerOrdersTest, ACustomerWithoutOrdersHasNoSumOrDates) {
  Order(1, 8, 10, 6000);
  auto totals = OrderTotalsForCustomer(db(), 1, 7);
  ASSERT_TRUE(totals.ok()) << totals.status().ToString();
  EXPECT_EQ(totals->orders, 0);
  EXPECT_FALSE(totals->revenue_minor.has_value());
  EXPECT_FALSE(totals->first_order_at.has_value());
  EXPECT_FALSE(totals->last_order_at.has_value());
  auto none = RecentOrdersForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerOrdersTest);

}  // namespace
}  // namespace vafa::services::customers
