#include "services/holdings/holdings.h"

#include <gtest/gtest.h>

#include <set>

#include "core/dates.h"
#include "store/store_test_support.h"

namespace vafa::services::holdings {
namespace {

constexpr int64_t kNow = 1733000000;

class HoldingsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("bank");
    other_workspace_ = AddWorkspace("other");
    customer_ = AddCustomer(workspace_, "C-1");
  }

  int64_t AddCustomer(int64_t workspace, const std::string& key) {
    store::Customer customer;
    customer.workspace_id = workspace;
    customer.external_id = key;
    customer.first_name = "Sara";
    customer.created_at = customer.updated_at = kNow;
    Status made = store::CustomerRepository(db()).Insert(customer);
    EXPECT_TRUE(made.ok()) << made.ToString();
    return customer.id;
  }

  Holding Open(const std::string& number, int64_t product,
               const std::string& opened_on) {
    Holding holding;
    holding.workspace_id = workspace_;
    holding.customer_id = customer_;
    holding.product_id = product;
    holding.external_id = number;
    holding.opened_on = opened_on;
    holding.status = "open";
    return holding;
  }

  int64_t workspace_ = 0;
  int64_t other_workspace_ = 0;
  int64_t customer_ = 0;
};

TEST_P(HoldingsTest, ACustomersHoldingsComeWithProductBranchManagerBalances) {
  auto branch = AddBranch(db(), workspace_, "ونک", "شعبه ونک", kNow);
  ASSERT_TRUE(branch.ok()) << branch.status().ToString();
  auto manager = AddRelationshipManager(db(), workspace_, "RM-7", "Ali Navabi",
                                        *branch, kNow);
  ASSERT_TRUE(manager.ok()) << manager.status().ToString();
  auto savings =
      AddHoldingProduct(db(), workspace_, "SAV", "Savings", "account", kNow);
  auto loan =
      AddHoldingProduct(db(), workspace_, "LN", "Car loan", "loan", kNow);
  ASSERT_TRUE(savings.ok() && loan.ok());

  Holding account = Open("0101", *savings, "2019-03-21");
  account.branch_id = *branch;
  account.manager_id = *manager;
  ASSERT_TRUE(InsertHolding(db(), account, kNow).ok());
  Holding closed = Open("L-9", *loan, "2020-01-05");
  closed.closed_on = "2023-06-30";
  closed.status = "closed";
  ASSERT_TRUE(InsertHolding(db(), closed, kNow).ok());
  Holding later = Open("0202", *savings, "2021-07-01");
  ASSERT_TRUE(InsertHolding(db(), later, kNow).ok());
  for (const char* day : {"2023-03-31", "2023-01-31", "2023-02-28"}) {
    HoldingBalance balance{.workspace_id = workspace_,
                           .holding_id = account.id,
                           .as_of = day,
                           .balance_minor = 1000};
    ASSERT_TRUE(PutBalance(db(), balance).ok());
  }
  // The same day again replaces the balance.
  ASSERT_TRUE(PutBalance(db(), {.workspace_id = workspace_,
                                .holding_id = account.id,
                                .as_of = "2023-03-31",
                                .balance_minor = -4000,
                                .credit_limit_minor = 5000,
                                .arrears_minor = 120})
                  .ok());

  auto held = HoldingsOfCustomer(db(), workspace_, customer_, 10, 2);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  ASSERT_EQ(held->size(), 3u);
  // Open holdings first, latest opened first; then the closed.
  EXPECT_EQ((*held)[0].external_id, "0202");
  EXPECT_EQ((*held)[1].external_id, "0101");
  EXPECT_EQ((*held)[2].external_id, "L-9");
  const CustomerHolding& first = (*held)[1];
  EXPECT_EQ(first.product_code, "SAV");
  EXPECT_EQ(first.product_type, "account");
  EXPECT_EQ(first.branch, "شعبه ونک");
  EXPECT_EQ(first.manager, "Ali Navabi");
  EXPECT_EQ(first.closed_on, "");
  ASSERT_EQ(first.balances.size(), 2u);  // the latest two, oldest first
  EXPECT_EQ(first.balances[0].as_of, "2023-02-28");
  EXPECT_EQ(first.balances[1].as_of, "2023-03-31");
  EXPECT_EQ(first.balances[1].balance_minor, -4000);
  EXPECT_EQ(first.balances[1].credit_limit_minor, 5000);
  EXPECT_EQ(first.balances[1].arrears_minor, 120);
  EXPECT_FALSE(first.balances[0].credit_limit_minor.has_value());
  EXPECT_EQ((*held)[2].closed_on, "2023-06-30");
  EXPECT_EQ((*held)[2].branch, "");
  EXPECT_EQ((*held)[2].manager, "");

  auto elsewhere = HoldingsOfCustomer(db(), other_workspace_, customer_, 10, 2);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->empty());
}

TEST_P(HoldingsTest, KeysAreUniqueInAWorkspaceOnly) {
  ASSERT_TRUE(AddBranch(db(), workspace_, "B1", "One", kNow).ok());
  auto again = AddBranch(db(), workspace_, "B1", "Other", kNow);
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(AddBranch(db(), other_workspace_, "B1", "One", kNow).ok());
  auto product =
      AddHoldingProduct(db(), workspace_, "SAV", "S", "account", kNow);
  ASSERT_TRUE(product.ok());
  Holding first = Open("0101", *product, "2020-01-01");
  ASSERT_TRUE(InsertHolding(db(), first, kNow).ok());
  Holding twice = Open("0101", *product, "2021-01-01");
  EXPECT_EQ(InsertHolding(db(), twice, kNow).code(), StatusCode::kConflict);

  auto keys = HoldingKeys(db(), workspace_, HoldingKeyTable::kHoldings);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->at("0101"), first.id);
  auto branches =
      HoldingKeys(db(), other_workspace_, HoldingKeyTable::kBranches);
  ASSERT_TRUE(branches.ok());
  EXPECT_EQ(branches->size(), 1u);
  auto types = ProductTypesByCode(db(), workspace_);
  ASSERT_TRUE(types.ok());
  EXPECT_EQ(types->at("SAV"), "account");
}

TEST_P(HoldingsTest, UpdateClosesAHoldingAndSpansShowIt) {
  auto product =
      AddHoldingProduct(db(), workspace_, "CC", "Card", "card", kNow);
  auto branch = AddBranch(db(), workspace_, "B1", "Tajrish", kNow);
  ASSERT_TRUE(product.ok() && branch.ok());
  Holding card = Open("4111", *product, "2020-02-01");
  card.branch_id = *branch;
  ASSERT_TRUE(InsertHolding(db(), card, kNow).ok());
  card.closed_on = "2022-02-01";
  card.status = "closed";
  ASSERT_TRUE(UpdateHolding(db(), card, kNow + 1).ok());
  Holding missing = Open("9999", *product, "2020-02-01");
  EXPECT_EQ(UpdateHolding(db(), missing, kNow).code(), StatusCode::kNotFound);

  auto spans = HoldingSpans(db(), workspace_);
  ASSERT_TRUE(spans.ok()) << spans.status().ToString();
  ASSERT_EQ(spans->size(), 1u);
  EXPECT_EQ((*spans)[0].customer_id, customer_);
  EXPECT_EQ((*spans)[0].product_type, "card");
  EXPECT_EQ((*spans)[0].branch, "Tajrish");
  EXPECT_EQ((*spans)[0].opened_on, "2020-02-01");
  EXPECT_EQ((*spans)[0].closed_on, "2022-02-01");
  auto none = HoldingSpans(db(), other_workspace_);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(HoldingsTest, EveryBalanceOfTheWorkspaceIsHandedOverOnce) {
  auto savings =
      AddHoldingProduct(db(), workspace_, "SAV", "Savings", "account", kNow);
  ASSERT_TRUE(savings.ok());
  Holding account = Open("0101", *savings, "2019-03-21");
  ASSERT_TRUE(InsertHolding(db(), account, kNow).ok());
  // More balances than one fetch holds, some with a limit and arrears.
  int64_t sum = 0;
  for (int day = 0; day < 12345; ++day) {
    HoldingBalance balance{.workspace_id = workspace_,
                           .holding_id = account.id,
                           .as_of = FormatGregorian(20000 + day),
                           .balance_minor = day - 500};
    if (day % 7 == 0) balance.credit_limit_minor = 10 * day;
    if (day % 11 == 0) balance.arrears_minor = day;
    sum += day - 500;
    ASSERT_TRUE(PutBalance(db(), balance).ok());
  }
  // Another workspace's balance is not handed over.
  auto other_product = AddHoldingProduct(db(), other_workspace_, "SAV",
                                         "Savings", "account", kNow);
  ASSERT_TRUE(other_product.ok());
  Holding other = Open("0101", *other_product, "2019-03-21");
  other.workspace_id = other_workspace_;
  ASSERT_TRUE(InsertHolding(db(), other, kNow).ok());
  ASSERT_TRUE(PutBalance(db(), {.workspace_id = other_workspace_,
                                .holding_id = other.id,
                                .as_of = "2024-01-31",
                                .balance_minor = 99})
                  .ok());

  int64_t rows = 0, seen_sum = 0, limits = 0, arrears = 0;
  std::set<std::string> days;
  Status read = ForEachBalanceOfWorkspace(
      db(), workspace_, [&](const BalanceRow& balance) {
        ++rows;
        EXPECT_EQ(balance.holding_id, account.id);
        seen_sum += balance.balance_minor;
        const int day = balance.balance_minor + 500;
        EXPECT_EQ(balance.as_of, FormatGregorian(20000 + day));
        days.emplace(balance.as_of);
        EXPECT_EQ(balance.credit_limit_minor.has_value(), day % 7 == 0);
        if (balance.credit_limit_minor) {
          ++limits;
          EXPECT_EQ(*balance.credit_limit_minor, 10 * day);
        }
        EXPECT_EQ(balance.arrears_minor.has_value(), day % 11 == 0);
        if (balance.arrears_minor) {
          ++arrears;
          EXPECT_EQ(*balance.arrears_minor, day);
        }
      });
  ASSERT_TRUE(read.ok()) << read.ToString();
  EXPECT_EQ(rows, 12345);
  EXPECT_EQ(days.size(), 12345u);
  EXPECT_EQ(seen_sum, sum);
  EXPECT_EQ(limits, 12345 / 7 + 1);
  EXPECT_EQ(arrears, 12345 / 11 + 1);
}

VAFA_INSTANTIATE_BACKEND_TEST(HoldingsTest);

TEST(ProductTypeTest, EnglishAndPersianNamesReadAsTheCanonicalType) {
  EXPECT_EQ(*ParseProductType("Loan"), "loan");
  EXPECT_EQ(*ParseProductType("وام"), "loan");
  EXPECT_EQ(*ParseProductType("تسهيلات"), "loan");  // Arabic yeh
  EXPECT_EQ(*ParseProductType("سپرده"), "deposit");
  EXPECT_EQ(*ParseProductType("بیمه‌نامه"), "policy");  // with ZWNJ
  EXPECT_EQ(*ParseProductType(" CARD "), "card");
  auto bad = ParseProductType("=cmd|' /C calc'!A0");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("account, deposit, card"),
            std::string::npos);
}

TEST(HoldingStatusTest, PersianStatusesReadAsTheCanonicalOnes) {
  EXPECT_EQ(*ParseHoldingStatus("بسته"), "closed");
  EXPECT_EQ(*ParseHoldingStatus("Active"), "open");
  EXPECT_EQ(*ParseHoldingStatus("مسدود"), "frozen");
  EXPECT_FALSE(ParseHoldingStatus("gone").ok());
}

}  // namespace
}  // namespace vafa::services::holdings
