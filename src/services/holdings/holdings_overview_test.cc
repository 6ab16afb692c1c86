#include "services/holdings/holdings_overview.h"

#include <gtest/gtest.h>

namespace vafa::services::holdings {
namespace {

HoldingSpan Span(int64_t customer, const char* type, const char* opened,
                 const char* closed, int64_t holding) {
  return {.customer_id = customer,
          .product_type = type,
          .opened_on = opened,
          .closed_on = closed,
          .holding_id = holding};
}

// Three customers: 1 holds an account and a loan, 2 an account (its card
// closed), 3 closed their only deposit.
std::vector<HoldingSpan> Book() {
  return {Span(1, "account", "2024-01-05", "", 10),
          Span(1, "loan", "2024-03-20", "", 11),
          Span(2, "account", "2024-01-31", "", 20),
          Span(2, "card", "2024-02-01", "2024-03-02", 21),
          Span(3, "deposit", "2024-01-10", "2024-03-31", 30)};
}

TEST(HoldingsOverviewTest, CountsOpenHoldingsAndTheirCustomersByType) {
  HoldingsOverview overview = SummarizeHoldings(
      Book(), {{10, 500}, {11, -300}, {20, 700}, {21, 9}, {30, 4}});
  EXPECT_EQ(overview.customers_holding, 2);
  EXPECT_EQ(overview.customers_closed, 1);
  ASSERT_EQ(overview.by_type.size(), 2u);  // closed card and deposit left out
  EXPECT_EQ(overview.by_type[0].type, "account");
  EXPECT_EQ(overview.by_type[0].open_holdings, 2);
  EXPECT_EQ(overview.by_type[0].customers, 2);
  EXPECT_EQ(overview.by_type[0].balance_minor, 1200);
  EXPECT_EQ(overview.by_type[1].type, "loan");
  EXPECT_EQ(overview.by_type[1].customers, 1);
  EXPECT_EQ(overview.by_type[1].balance_minor, -300);
}

TEST(HoldingsOverviewTest, CountsOpeningsAndClosingsByMonthWithoutGaps) {
  std::vector<HoldingSpan> book = Book();
  book.push_back(Span(4, "plan", "2024-06-01", "", 40));
  HoldingsOverview overview = SummarizeHoldings(book, {});
  ASSERT_EQ(overview.by_month.size(), 6u);
  EXPECT_EQ(overview.by_month[0].month, "2024-01");
  EXPECT_EQ(overview.by_month[0].opened, 3);
  EXPECT_EQ(overview.by_month[0].closed, 0);
  EXPECT_EQ(overview.by_month[1].month, "2024-02");
  EXPECT_EQ(overview.by_month[1].opened, 1);
  EXPECT_EQ(overview.by_month[2].month, "2024-03");
  EXPECT_EQ(overview.by_month[2].opened, 1);
  EXPECT_EQ(overview.by_month[2].closed, 2);
  EXPECT_EQ(overview.by_month[3].month, "2024-04");
  EXPECT_EQ(overview.by_month[3].opened + overview.by_month[3].closed, 0);
  EXPECT_EQ(overview.by_month[5].month, "2024-06");
  EXPECT_EQ(overview.by_month[5].opened, 1);
  EXPECT_EQ(overview.by_type.back().type, "plan");
  EXPECT_EQ(overview.by_type.back().balance_minor, 0);  // no balance known
}

TEST(HoldingsOverviewTest, JalaliMonthsStartOnTheFirstOfTheJalaliMonth) {
  // 2024-03-20 is 1 Farvardin 1403; 2024-03-19 is 29 Esfand 1402;
  // 2024-01-05 is 15 Dey 1402, 2024-01-31 is 11 Bahman 1402.
  HoldingsOverview overview =
      SummarizeHoldings({Span(1, "account", "2024-01-05", "2024-03-19", 1),
                         Span(1, "loan", "2024-03-20", "", 2),
                         Span(2, "account", "2024-01-31", "", 3)},
                        {}, /*jalali=*/true);
  ASSERT_EQ(overview.by_month.size(), 4u);
  EXPECT_EQ(overview.by_month[0].month, "1402-10");
  EXPECT_EQ(overview.by_month[0].opened, 1);
  EXPECT_EQ(overview.by_month[1].month, "1402-11");
  EXPECT_EQ(overview.by_month[1].opened, 1);
  EXPECT_EQ(overview.by_month[2].month, "1402-12");
  EXPECT_EQ(overview.by_month[2].closed, 1);
  EXPECT_EQ(overview.by_month[3].month, "1403-01");
  EXPECT_EQ(overview.by_month[3].opened, 1);
}

TEST(HoldingsOverviewTest, NothingHeldIsEmpty) {
  HoldingsOverview overview = SummarizeHoldings({}, {});
  EXPECT_EQ(overview.customers_holding, 0);
  EXPECT_TRUE(overview.by_type.empty());
  EXPECT_TRUE(overview.by_month.empty());
}

}  // namespace
}  // namespace vafa::services::holdings
