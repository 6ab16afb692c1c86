// The contract reports as typed tables: each column's type (money in minor
// units of the workspace's currency, counts as integers, shares as numbers
// of six decimals, keys and labels as text) and the CSV rendered from the
// table, checked by hand on docs/holdings.md's worked example (the same
// bytes the reports' hand-written CSV had).
#include "pipeline/contract_profitability.h"

#include <gmock/gmock.h>

#include <sstream>

#include "core/report_table_csv.h"

namespace vafa::pipeline {
namespace {

using analytics::kNoDay;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

DayNumber Day(int year, int month, int day) {
  return DaysFromGregorian({year, month, day});
}

// docs/holdings.md's worked example (analytics/contract_profitability
// _test.cc, WorkedExample): Sara (0) with an account and a deposit and four
// channel uses in the quarter, a loan holder (1), a customer with only a
// branch visit (2) and one whose account closed in 2023 (3).
LoadedContracts WorkedExample() {
  LoadedContracts loaded;
  analytics::ContractBook& book = loaded.book;
  book.customers = 4;
  book.channels = {"branch", "mobile", "atm"};
  book.branches = {"North", "South"};
  auto hold = [&](int32_t customer, const char* type, DayNumber opened,
                  DayNumber closed, int32_t branch) {
    book.holding_customer.push_back(customer);
    book.holding_type.emplace_back(type);
    book.holding_opened.push_back(opened);
    book.holding_closed.push_back(closed);
    book.holding_branch.push_back(branch);
  };
  hold(0, "account", Day(2023, 12, 1), kNoDay, 0);
  hold(0, "deposit", Day(2024, 2, 10), Day(2024, 3, 15), 0);
  hold(1, "loan", Day(2024, 1, 15), kNoDay, 1);
  hold(3, "account", Day(2022, 1, 1), Day(2023, 6, 30), 1);
  auto balance = [&](int32_t holding, DayNumber day, int64_t minor) {
    book.balance_holding.push_back(holding);
    book.balance_day.push_back(day);
    book.balance_minor.push_back(minor);
  };
  balance(0, Day(2023, 12, 31), 9'000'000);
  balance(0, Day(2024, 1, 31), 1'200'000);
  balance(0, Day(2024, 2, 15), 999);
  balance(0, Day(2024, 2, 29), 1'500'000);
  balance(0, Day(2024, 3, 31), 2'400'000);
  balance(1, Day(2024, 2, 29), 4'000'000);
  balance(2, Day(2024, 1, 31), -6'000'000);
  balance(2, Day(2024, 2, 29), -5'900'000);
  balance(2, Day(2024, 3, 31), -5'800'000);
  auto use = [&](int32_t customer, DayNumber day, int32_t channel) {
    book.use_customer.push_back(customer);
    book.use_day.push_back(day);
    book.use_channel.push_back(channel);
  };
  use(0, Day(2023, 12, 20), 0);
  use(0, Day(2024, 1, 10), 0);
  use(0, Day(2024, 2, 5), 1);
  use(0, Day(2024, 3, 5), 1);
  use(0, Day(2024, 3, 6), 2);
  use(2, Day(2024, 2, 1), 0);
  const DayNumber always = Day(2000, 1, 1);
  loaded.rates.spreads = {{"account", always, 400},
                          {"account", Day(2024, 3, 1), 600},
                          {"deposit", always, 300},
                          {"loan", always, 500}};
  loaded.rates.fees = {{"account", always, 10'000},
                       {"deposit", always, 1'000},
                       {"loan", always, 50'000}};
  loaded.rates.channel_costs = {{"branch", always, 30'000},
                                {"mobile", always, 2'000},
                                {"atm", always, 0}};
  // The loan holder's key looks like a formula: the CSV protects it.
  loaded.customer_ids = {11, 12, 13, 14};
  loaded.customer_keys = {"sara", "=loan", "C3", "C4"};
  loaded.currency = "IRR";
  loaded.first_day = Day(2022, 1, 1);
  loaded.last_day = Day(2024, 3, 31);
  return loaded;
}

const ContractPeriod kQuarter{Day(2024, 1, 1), Day(2024, 3, 31)};

std::vector<ColumnType> TypesOf(const ReportTable& table) {
  std::vector<ColumnType> types;
  for (const ReportTable::Column& column : table.columns()) {
    types.push_back(column.type);
  }
  return types;
}

Result<ReportTable> Report(
    const std::string& name,
    analytics::MigrationPeriod length = analytics::MigrationPeriod::kMonth) {
  return ContractReportTable(WorkedExample(), kQuarter, length, name);
}

TEST(ContractReportTable, ProfitabilityHasMoneyColumnsAndTheHandCheckedCsv) {
  Result<ReportTable> table = Report("profitability");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->name(), "profitability");
  EXPECT_EQ(table->currency(), "IRR");
  using T = ColumnType;
  EXPECT_THAT(TypesOf(*table),
              ElementsAre(T::kText, T::kMoney, T::kMoney, T::kMoney, T::kMoney,
                          T::kInteger, T::kInteger));
  // Most profitable first; customer 3 held nothing in the quarter and
  // used no channel: not listed. The figures are those of the worked
  // example (margin 73,750 = 17.7M x 5% / 12, ...).
  EXPECT_EQ(RenderReportCsv(*table),
            "customer,margin,fees,cost_to_serve,profit,channel_uses,holdings\n"
            "'=loan,73750,150000,0,223750,0,1\n"
            "sara,31000,31000,34000,28000,4,2\n"
            "C3,0,0,30000,-30000,1,0\n");
  EXPECT_EQ(table->IntegerAt(4, 0), 223'750);
  EXPECT_EQ(table->TextAt(0, 0), "=loan");  // the value, unprotected
}

TEST(ContractReportTable, WriteContractReportWritesTheTablesCsv) {
  for (const std::string& name : ContractReportNames()) {
    Result<ReportTable> table = Report(name);
    ASSERT_TRUE(table.ok()) << name << ": " << table.status().message();
    EXPECT_EQ(table->name(), name);
    EXPECT_EQ(table->currency(), "IRR") << name;
    std::ostringstream written;
    ASSERT_TRUE(WriteContractReport(WorkedExample(), kQuarter,
                                    analytics::MigrationPeriod::kMonth, name,
                                    written)
                    .ok());
    EXPECT_EQ(written.str(), RenderReportCsv(*table)) << name;
  }
  EXPECT_EQ(Report("profit").status().code(), StatusCode::kNotFound);
}

TEST(ContractReportTable, ChannelMixSharesHaveSixDecimalsAndNoneWithoutUses) {
  Result<ReportTable> table = Report("channel_mix");
  ASSERT_TRUE(table.ok()) << table.status().message();
  using T = ColumnType;
  EXPECT_THAT(TypesOf(*table), ElementsAre(T::kText, T::kText, T::kText,
                                           T::kInteger, T::kNumber));
  const std::string csv = RenderReportCsv(*table);
  // All customers (no segment): January one branch visit; February a
  // branch visit (customer 2) and a mobile use; March a mobile and an ATM
  // use. Then the branches: North is Sara's; South's customers used no
  // channel, so its shares are empty.
  EXPECT_THAT(csv, StartsWith("segment,period,channel,uses,share\n"
                              ",2024-01,branch,1,1.000000\n"
                              ",2024-01,mobile,0,0.000000\n"
                              ",2024-01,atm,0,0.000000\n"
                              ",2024-02,branch,1,0.500000\n"
                              ",2024-02,mobile,1,0.500000\n"
                              ",2024-02,atm,0,0.000000\n"
                              ",2024-03,branch,0,0.000000\n"
                              ",2024-03,mobile,1,0.500000\n"
                              ",2024-03,atm,1,0.500000\n"
                              "North,2024-01,branch,1,1.000000\n"));
  EXPECT_THAT(csv, HasSubstr("North,2024-02,mobile,1,1.000000\n"));
  EXPECT_THAT(csv, HasSubstr("\nSouth,2024-03,atm,0,\n"));
  EXPECT_EQ(table->row_count(), 27u);  // 3 segments x 3 months x 3 channels
  EXPECT_TRUE(table->IsEmpty(0, 0));   // all customers: no segment
  EXPECT_TRUE(table->IsEmpty(4, 26));  // South's March ATM share
}

TEST(ContractReportTable, ChannelSavingsAreMoneyAgainstTheFirstMonthsMix) {
  Result<ReportTable> table = Report("channel_savings");
  ASSERT_TRUE(table.ok()) << table.status().message();
  using T = ColumnType;
  EXPECT_THAT(TypesOf(*table), ElementsAre(T::kText, T::kText, T::kInteger,
                                           T::kMoney, T::kMoney, T::kMoney));
  // January's one branch visit (30,000 a use) is the first mix; February's
  // two uses cost 32,000 against 60,000 at it, March's 2,000 (mobile and
  // ATM).
  EXPECT_THAT(RenderReportCsv(*table),
              StartsWith("segment,period,uses,cost,cost_at_first_mix,saved\n"
                         ",2024-01,1,30000,30000,0\n"
                         ",2024-02,2,32000,60000,28000\n"
                         ",2024-03,2,2000,60000,58000\n"
                         "North,2024-01,1,30000,30000,0\n"));
}

TEST(ContractReportTable, ChannelCustomersListEachUseCountThatIsNotZero) {
  Result<ReportTable> table =
      Report("channel_customers", analytics::MigrationPeriod::kQuarter);
  ASSERT_TRUE(table.ok()) << table.status().message();
  using T = ColumnType;
  EXPECT_THAT(TypesOf(*table),
              ElementsAre(T::kText, T::kText, T::kText, T::kInteger));
  EXPECT_EQ(RenderReportCsv(*table),
            "customer,period,channel,uses\n"
            "sara,2024-Q1,branch,1\n"
            "sara,2024-Q1,mobile,2\n"
            "sara,2024-Q1,atm,1\n"
            "C3,2024-Q1,branch,1\n");
}

TEST(ContractReportTable, KeyCustomerReportsCarryTheWorkspacesCurrency) {
  Result<ReportTable> value = Report("value");
  ASSERT_TRUE(value.ok()) << value.status().message();
  using T = ColumnType;
  EXPECT_THAT(TypesOf(*value),
              ElementsAre(T::kText, T::kText, T::kMoney, T::kText));
  // Ranked by profit: the loan holder is class A, Sara B, customer 2 C.
  EXPECT_THAT(RenderReportCsv(*value),
              HasSubstr("sara,B,28000,easy_acquire_easy_retain\n"));
  EXPECT_THAT(RenderReportCsv(*value), HasSubstr("'=loan,A,223750,"));
  Result<ReportTable> abc = Report("abc");
  ASSERT_TRUE(abc.ok());
  EXPECT_THAT(TypesOf(*abc),
              ElementsAre(T::kText, T::kInteger, T::kMoney, T::kMoney));
  EXPECT_EQ(abc->currency(), "IRR");
}

}  // namespace
}  // namespace vafa::pipeline
