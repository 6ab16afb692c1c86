#include "analytics/contract_profitability.h"

#include <gtest/gtest.h>

#include "analytics/channel_migration.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"

namespace vafa::analytics {
namespace {

DayNumber D(const char* iso) {
  const std::string text(iso);
  return DaysFromGregorian({std::stoi(text.substr(0, 4)),
                            std::stoi(text.substr(5, 2)),
                            std::stoi(text.substr(8, 2))});
}

void AddHolding(ContractBook& book, int32_t customer, const char* type,
                const char* opened, const char* closed, int32_t branch = -1) {
  book.holding_customer.push_back(customer);
  book.holding_type.emplace_back(type);
  book.holding_opened.push_back(D(opened));
  book.holding_closed.push_back(closed[0] ? D(closed) : kNoDay);
  book.holding_branch.push_back(branch);
}

void AddBalance(ContractBook& book, int32_t holding, const char* day,
                int64_t balance) {
  book.balance_holding.push_back(holding);
  book.balance_day.push_back(D(day));
  book.balance_minor.push_back(balance);
}

void AddUse(ContractBook& book, int32_t customer, const char* day,
            int32_t channel) {
  book.use_customer.push_back(customer);
  book.use_day.push_back(D(day));
  book.use_channel.push_back(channel);
}

// The worked example of docs/holdings.md ("Profitability per customer"),
// 2024-01-01 to 2024-03-31, checked by hand there:
//   0 (Sara): an account open throughout (spread 4% a year, 6% from
//     2024-03-01; fee 10,000 a month) and a deposit opened 2024-02-10 and
//     closed 2024-03-15 (3%; fee 1,000); four channel uses in the period
//     (branch 30,000, two mobile 2,000, an ATM that costs nothing) and one
//     before it.
//   1: a loan opened 2024-01-15 (5%; fee 50,000), no channel use.
//   2: no holding, one branch visit.
//   3: an account closed before the period.
ContractBook WorkedExample() {
  ContractBook book;
  book.customers = 4;
  book.channels = {"branch", "mobile", "atm"};
  book.branches = {"North", "South"};
  AddHolding(book, 0, "account", "2023-12-01", "", 0);
  AddHolding(book, 0, "deposit", "2024-02-10", "2024-03-15", 0);
  AddHolding(book, 1, "loan", "2024-01-15", "", 1);
  AddHolding(book, 3, "account", "2022-01-01", "2023-06-30", 1);
  AddBalance(book, 0, "2023-12-31", 9'000'000);  // before the period
  AddBalance(book, 0, "2024-01-31", 1'200'000);
  AddBalance(book, 0, "2024-02-15", 999);  // not the month's last
  AddBalance(book, 0, "2024-02-29", 1'500'000);
  AddBalance(book, 0, "2024-03-31", 2'400'000);
  AddBalance(book, 1, "2024-02-29", 4'000'000);
  AddBalance(book, 2, "2024-01-31", -6'000'000);
  AddBalance(book, 2, "2024-02-29", -5'900'000);
  AddBalance(book, 2, "2024-03-31", -5'800'000);
  AddUse(book, 0, "2023-12-20", 0);  // before the period
  AddUse(book, 0, "2024-01-10", 0);
  AddUse(book, 0, "2024-02-05", 1);
  AddUse(book, 0, "2024-03-05", 1);
  AddUse(book, 0, "2024-03-06", 2);
  AddUse(book, 2, "2024-02-01", 0);
  return book;
}

ContractRates WorkedRates() {
  ContractRates rates;
  rates.spreads = {{"account", D("2000-01-01"), 400},
                   {"account", D("2024-03-01"), 600},
                   {"deposit", D("2000-01-01"), 300},
                   {"loan", D("2000-01-01"), 500}};
  rates.fees = {{"account", D("2000-01-01"), 10'000},
                {"deposit", D("2000-01-01"), 1'000},
                {"loan", D("2000-01-01"), 50'000}};
  rates.channel_costs = {{"branch", D("2000-01-01"), 30'000},
                         {"mobile", D("2000-01-01"), 2'000},
                         {"atm", D("2000-01-01"), 0}};
  return rates;
}

TEST(ContractProfit, RateOnTakesTheLatestValidFromOnOrBeforeTheDay) {
  const ContractRates rates = WorkedRates();
  EXPECT_EQ(RateOn(rates.spreads, "account", D("2024-02-29")), 400);
  EXPECT_EQ(RateOn(rates.spreads, "account", D("2024-03-01")), 600);
  EXPECT_EQ(RateOn(rates.spreads, "account", D("1999-12-31")), 0);
  EXPECT_EQ(RateOn(rates.spreads, "policy", D("2024-03-01")), 0);
}

TEST(ContractProfit, WorkedExampleCheckedByHand) {
  auto result = ComputeContractProfit(WorkedExample(), WorkedRates(),
                                      D("2024-01-01"), D("2024-03-31"));
  ASSERT_TRUE(result.ok()) << result.status().message();
  // Sara's margin: account 1.2M x 4% / 12 = 4,000, 1.5M x 4% / 12 = 5,000
  // (the mid-February balance is not the month's last), 2.4M x 6% / 12 =
  // 12,000 (the spread changed on 1 March); deposit 4M x 3% / 12 = 10,000.
  // The loan: (6.0M + 5.9M + 5.8M) x 5% / 12 = 73,750.
  EXPECT_EQ(result->margin, (std::vector<int64_t>{31'000, 73'750, 0, 0}));
  // Fees at month ends while open: the account 3 x 10,000, the deposit only
  // at the end of February (opened and closed inside the period) 1,000; the
  // loan opened 15 January is open at all three month ends.
  EXPECT_EQ(result->fees, (std::vector<int64_t>{31'000, 150'000, 0, 0}));
  // Branch 30,000 + 2 x mobile 2,000 + an ATM use at 0; the use of
  // December is outside the period; customer 1 used no channel.
  EXPECT_EQ(result->cost_to_serve,
            (std::vector<int64_t>{34'000, 0, 30'000, 0}));
  EXPECT_EQ(result->uses, (std::vector<int32_t>{4, 0, 1, 0}));
  EXPECT_EQ(result->profit,
            (std::vector<int64_t>{28'000, 223'750, -30'000, 0}));
  EXPECT_EQ(result->holdings, (std::vector<int32_t>{2, 1, 0, 0}));
  EXPECT_EQ(result->total_profit, 221'750);
  EXPECT_TRUE(result->counts(2));
  EXPECT_FALSE(result->counts(3));
}

TEST(ContractProfit, AFeeIsNotChargedInTheMonthAHoldingClosesBeforeItsEnd) {
  ContractBook book;
  book.customers = 1;
  AddHolding(book, 0, "account", "2024-01-01", "2024-02-29");
  ContractRates rates;
  rates.fees = {{"account", D("2000-01-01"), 7}};
  auto result =
      ComputeContractProfit(book, rates, D("2024-01-01"), D("2024-12-31"));
  ASSERT_TRUE(result.ok());
  // Open at the end of January; closed on 29 February itself, so not open
  // at that month end.
  EXPECT_EQ(result->fees[0], 7);
  EXPECT_FALSE(result->open_at_end[0]);
}

TEST(ContractProfit, RefusesABookThatNamesNoCustomer) {
  ContractBook book = WorkedExample();
  book.holding_customer[0] = 9;
  auto result = ComputeContractProfit(book, WorkedRates(), D("2024-01-01"),
                                      D("2024-03-31"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field(), "holdings");
  EXPECT_FALSE(ComputeContractProfit(WorkedExample(), WorkedRates(),
                                     D("2024-04-01"), D("2024-03-31"))
                   .ok());
}

TEST(ContractProfit, KeyCustomersRankByProfit) {
  const ContractBook book = WorkedExample();
  auto profit = ComputeContractProfit(book, WorkedRates(), D("2024-01-01"),
                                      D("2024-03-31"));
  ASSERT_TRUE(profit.ok());
  const CustomerSummary summary = SummarizeContracts(book, *profit);
  EXPECT_EQ(summary.revenue, (std::vector<int64_t>{62'000, 223'750, 0, 0}));
  EXPECT_EQ(summary.margin,
            (std::vector<int64_t>{28'000, 223'750, -30'000, 0}));
  EXPECT_TRUE(summary.has_purchase(2));
  EXPECT_FALSE(summary.has_purchase(3));
  ParetoOptions options;
  options.classes_by_margin = true;
  const KeyCustomers key = AnalyzeKeyCustomers(summary, options);
  // By profit the loan holder alone holds 223,750 / 251,750 = 88.9% of the
  // positive profit and is ranked first: A; 88.9% is ranked above Sara,
  // below 95%: B; customer 2 earns the bank nothing: C.
  EXPECT_EQ(key.abc[1], AbcClass::kA);
  EXPECT_EQ(key.abc[0], AbcClass::kB);
  EXPECT_EQ(key.abc[2], AbcClass::kC);
  EXPECT_EQ(key.abc[3], AbcClass::kNone);
  auto matrix = AnalyzeProfitability(summary, {}, {});
  ASSERT_TRUE(matrix.ok());
  EXPECT_EQ(matrix->profit,
            (std::vector<int64_t>{28'000, 223'750, -30'000, 0}));
  using G = AcquisitionRetention;
  // Sara: two products, one open at the end: easy to keep; the loan holder
  // was won with credit and holds one product; customer 2 holds nothing.
  EXPECT_EQ(matrix->group[0], G::kEasyAcquireEasyRetain);
  EXPECT_EQ(matrix->group[1], G::kHardAcquireHardRetain);
  EXPECT_EQ(matrix->group[3], G::kNone);
}

// Quarters of 2024: two customers of two branches move from the branch to
// the mobile app and the ATM.
ContractBook MovingToMobile() {
  ContractBook book;
  book.customers = 3;
  book.channels = {"branch", "mobile", "atm"};
  book.branches = {"North", "South"};
  AddHolding(book, 0, "account", "2023-01-01", "", 0);
  AddHolding(book, 1, "account", "2023-01-01", "", 1);
  AddHolding(book, 2, "account", "2023-01-01", "", 1);  // never uses one
  AddUse(book, 0, "2024-01-10", 0);
  AddUse(book, 0, "2024-02-10", 0);
  AddUse(book, 0, "2024-03-10", 1);
  AddUse(book, 1, "2024-03-20", 0);
  AddUse(book, 0, "2024-04-10", 1);
  AddUse(book, 0, "2024-05-10", 1);
  AddUse(book, 0, "2024-06-10", 2);
  AddUse(book, 1, "2024-04-20", 0);
  AddUse(book, 1, "2024-05-20", 1);
  AddUse(book, 1, "2024-06-20", 2);
  return book;
}

TEST(ChannelMigration, SavingIsTheCostAtTheFirstMixLessTheCost) {
  const ContractBook book = MovingToMobile();
  auto result = ComputeChannelMigration(
      book, WorkedRates(), D("2024-01-01"), D("2024-08-31"),
      MigrationPeriod::kQuarter, BranchOfFirstHolding(book), book.branches);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const ChannelMix& all = result->all;
  ASSERT_EQ(all.periods.size(), 3u);
  EXPECT_EQ(all.periods[0].label, "2024-Q1");
  EXPECT_EQ(all.periods[2].last_day, D("2024-08-31"));
  // Q1: 3 branch + 1 mobile = 92,000, the first mix. Q2: 1 branch + 3
  // mobile + 2 ATM = 36,000; at Q1's mix 6 x 92,000 / 4 = 138,000.
  EXPECT_EQ(all.periods[0].uses, (std::vector<int64_t>{3, 1, 0}));
  EXPECT_EQ(all.periods[0].cost, 92'000);
  EXPECT_EQ(all.periods[0].saved, 0);
  EXPECT_EQ(all.periods[1].uses, (std::vector<int64_t>{1, 3, 2}));
  EXPECT_EQ(all.periods[1].cost, 36'000);
  EXPECT_EQ(all.periods[1].cost_at_first_mix, 138'000);
  EXPECT_EQ(all.periods[1].saved, 102'000);
  EXPECT_EQ(all.periods[2].total_uses, 0);
  EXPECT_EQ(all.periods[2].saved, 0);
  EXPECT_EQ(all.total_saved, 102'000);
  // North (customer 0): Q1 2 branch + 1 mobile = 62,000; Q2 2 mobile + 1
  // ATM = 4,000 against 3 x 62,000 / 3. South: Q1 1 branch = 30,000; Q2
  // branch, mobile, ATM = 32,000 against 3 x 30,000.
  ASSERT_EQ(result->by_segment.size(), 2u);
  EXPECT_EQ(result->by_segment[0].periods[1].saved, 58'000);
  EXPECT_EQ(result->by_segment[1].periods[1].cost, 32'000);
  EXPECT_EQ(result->by_segment[1].periods[1].saved, 58'000);
}

TEST(ChannelMigration, MonthsAndACustomerWithNoUse) {
  const ContractBook book = MovingToMobile();
  auto result =
      ComputeChannelMigration(book, WorkedRates(), D("2024-03-01"),
                              D("2024-04-30"), MigrationPeriod::kMonth);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->all.periods.size(), 2u);
  EXPECT_EQ(result->all.periods[0].label, "2024-03");
  // March: 1 mobile + 1 branch = 32,000; April: 1 mobile + 1 branch, the
  // same mix, saves nothing.
  EXPECT_EQ(result->all.periods[1].cost_at_first_mix, 32'000);
  EXPECT_EQ(result->all.total_saved, 0);
  const auto by_customer = ChannelUsesByCustomer(
      book, D("2024-03-01"), D("2024-04-30"), MigrationPeriod::kMonth);
  EXPECT_TRUE(by_customer[2].empty());
  EXPECT_EQ(by_customer[0][1], (std::vector<int32_t>{0, 1, 0}));
}

TEST(ChannelMigration, ZeroCostChannelsSaveNothingWhenEveryChannelIsFree) {
  const ContractBook book = MovingToMobile();
  ContractRates free;
  auto result = ComputeChannelMigration(
      book, free, D("2024-01-01"), D("2024-06-30"), MigrationPeriod::kQuarter);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->all.periods[1].cost, 0);
  EXPECT_EQ(result->all.total_saved, 0);
}

}  // namespace
}  // namespace vafa::analytics
