#include "pipeline/contract_files.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace vafa::pipeline {
namespace {

namespace churn = analytics::churn;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ContractFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_contract_files_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path folder_;
};

DayNumber Day(const char* iso) { return DayOf(*ParseDateTime(iso)); }

// One customer's one account: the holdings file of the tests about
// balances.
constexpr const char* kOneAccount =
    "account_number,customer_id,product,product_type,open_date\n"
    "A1,C1,ACC,account,2024-01-05\n";

// Three customers, C2's holding first in the file: the book lists the
// holders in the customers file's order, each one's holdings by opening
// day; a product's type comes from its first row; Persian headers.
TEST_F(ContractFilesTest, ReadsTheBookInTheStoresOrderWithPersianHeaders) {
  ContractFiles files;
  files.customers = Write("customers.csv", "external_id\nC1\nC2\nC3\n");
  files.holdings =
      Write("holdings.csv",
            "شماره حساب,کد مشتری,کد محصول,نوع محصول,تاریخ افتتاح,تاریخ بستن\n"
            "A1,C2,ACC,account,2024-01-05,\n"
            "D1,C1,DEP,deposit,2024-02-01,2024-06-30\n"
            "A2,C1,ACC,,2023-12-01,\n");
  files.balances = Write("balances.csv",
                         "شماره حساب,تاریخ,مانده,سقف اعتبار,معوقه\n"
                         "A1,2024-01-31,100,,\n"
                         "D1,2024-02-29,5000,,7\n"
                         "A2,2024-01-31,-70,300,\n");
  auto loaded = LoadContractFiles(files, {.threads = 1});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const churn::ContractRows& rows = loaded->rows;
  EXPECT_THAT(loaded->customer_keys, ElementsAre("C1", "C2"));
  EXPECT_THAT(rows.customer_keys, ElementsAre("1", "2"));    // a store's ids
  EXPECT_THAT(rows.holding_customer, ElementsAre(0, 0, 1));  // A2, D1, A1
  EXPECT_THAT(rows.kind, ElementsAre(churn::ContractKind::kAccount,
                                     churn::ContractKind::kDeposit,
                                     churn::ContractKind::kAccount));
  EXPECT_THAT(rows.opened, ElementsAre(Day("2023-12-01"), Day("2024-02-01"),
                                       Day("2024-01-05")));
  EXPECT_THAT(rows.closed,
              ElementsAre(churn::kNever, Day("2024-06-30"), churn::kNever));
  // Balances in file order, each naming its holding's place.
  EXPECT_THAT(rows.balance_holding, ElementsAre(2, 1, 0));
  EXPECT_THAT(rows.balance, ElementsAre(100, 5000, -70));
  EXPECT_TRUE(std::isnan(rows.limit[0]));
  EXPECT_EQ(rows.limit[2], 300);
  EXPECT_EQ(rows.arrears[1], 7);
  EXPECT_TRUE(std::isnan(rows.arrears[2]));
}

// A holding named twice is its last row at its first row's place; a
// balance of one holding on one day is its last row, as a store keeps.
TEST_F(ContractFilesTest, KeepsTheLastRowOfAHoldingAndOfABalanceDay) {
  ContractFiles files;
  files.holdings = Write("holdings.csv",
                         "account_number,customer_id,product,product_type,"
                         "open_date,close_date\n"
                         "A1,C1,ACC,account,2024-01-05,\n"
                         "L1,C1,LN,loan,2024-01-05,\n"
                         "A1,C1,ACC,account,2024-01-05,2024-09-01\n");
  files.balances = Write("balances.csv",
                         "account_number,date,balance\n"
                         "A1,2024-01-31,100\n"
                         "A1,2024-02-29,120\n"
                         "A1,2024-01-31,150\n");
  auto loaded = LoadContractFiles(files, {.threads = 1});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_THAT(loaded->rows.closed,
              ElementsAre(Day("2024-09-01"), churn::kNever));
  const churn::ContractBook book = BuildContractBookOfFiles(loaded->rows);
  EXPECT_THAT(book.balance_begin, ElementsAre(0, 2, 2));
  EXPECT_THAT(book.balance_day,
              ElementsAre(Day("2024-01-31"), Day("2024-02-29")));
  EXPECT_THAT(book.balance, ElementsAre(150, 120));
}

// A bad value refuses the whole file with the import's message: the file,
// the line and the column.
TEST_F(ContractFilesTest, NamesTheFileLineAndColumnOfABadRow) {
  ContractFiles files;
  files.holdings = Write("holdings.csv", kOneAccount);
  files.balances = Write("balances.csv",
                         "account_number,date,balance\n"
                         "A1,2024-01-31,100\n"
                         "A1,2024-13-45,100\n"
                         "Z9,2024-01-31,100\n");
  auto loaded = LoadContractFiles(files, {.threads = 2});
  ASSERT_FALSE(loaded.ok());
  const std::string message = loaded.status().message();
  EXPECT_THAT(message, HasSubstr("balances.csv:3"));
  EXPECT_THAT(message, HasSubstr("date"));
  EXPECT_THAT(message, HasSubstr("balances.csv:4"));
  EXPECT_THAT(message, HasSubstr("no holding has this number"));

  files.balances.clear();
  files.customers = Write("customers.csv", "external_id\nC7\n");
  loaded = LoadContractFiles(files, {.threads = 1});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("holdings.csv:2"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("customer_id"));
}

// Complaints and channel uses from the interactions: a branch visit in
// Persian, a resolved complaint, a customer holding nothing skipped.
TEST_F(ContractFilesTest, ReadsComplaintsAndChannelUses) {
  ContractFiles files;
  files.holdings = Write("holdings.csv", kOneAccount);
  files.interactions = Write("interactions.csv",
                             "customer_id,date,type,channel,outcome\n"
                             "C1,2024-02-01,banking,شعبه,\n"
                             "C1,2024-02-03,complaint,phone,resolved\n"
                             "C9,2024-02-03,complaint,branch,\n"
                             "C1,2024-02-05,banking,,\n");
  auto loaded = LoadContractFiles(files, {.threads = 1});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_THAT(loaded->rows.use_customer, ElementsAre(0, 0));
  EXPECT_THAT(loaded->rows.use_day,
              ElementsAre(Day("2024-02-01"), Day("2024-02-03")));
  EXPECT_THAT(loaded->rows.use_at_branch, ElementsAre(1, 0));
  EXPECT_THAT(loaded->complaints.day, ElementsAre(Day("2024-02-03")));
  EXPECT_THAT(loaded->complaints.resolved_day, ElementsAre(Day("2024-02-03")));
}

// Lines the clean reader leaves (a number to trim, Persian digits, a Jalali
// day, decimals to round) are read as the import reads them, among clean
// ones, on one thread or two.
TEST_F(ContractFilesTest, ReadsMessyBalancesAsTheImportDoes) {
  ContractFiles files;
  files.holdings = Write("holdings.csv", kOneAccount);
  files.balances = Write("balances.csv",
                         "account_number,date,balance,credit_limit,arrears\n"
                         "A1,2024-01-31,100,,\n"
                         " A1 ,2024-02-29,۲۰۰,,\n"
                         "A1,1403-01-15,7, 9 ,\n"
                         "A1,2024-05-31,12.4,,-3\n"
                         "A1,2024-06-30,-5,,\n");
  for (int threads : {1, 2}) {
    auto loaded = LoadContractFiles(files, {.threads = threads});
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    const churn::ContractRows& rows = loaded->rows;
    EXPECT_THAT(rows.balance_holding, ElementsAre(0, 0, 0, 0, 0));
    EXPECT_THAT(
        rows.balance_day,
        ElementsAre(Day("2024-01-31"), Day("2024-02-29"), Day("2024-04-03"),
                    Day("2024-05-31"), Day("2024-06-30")));
    EXPECT_THAT(rows.balance, ElementsAre(100, 200, 7, 12, -5));
    EXPECT_EQ(rows.limit[2], 9);
    EXPECT_TRUE(std::isnan(rows.limit[3]));
    EXPECT_EQ(rows.arrears[3], -3);
    EXPECT_TRUE(std::isnan(rows.arrears[4]));
  }
}

// The book of rows whose balances are out of day order, with a day given
// twice: each holding's balances by day, a day's last row kept; rows whose
// holdings are not by customer give the same book through the analytics'
// build.
TEST_F(ContractFilesTest, BuildsTheBookByHoldingAndDayKeepingADaysLastRow) {
  churn::ContractRows rows;
  rows.customer_keys = {"1", "2"};
  rows.holding_customer = {0, 0, 1};
  rows.kind.assign(3, churn::ContractKind::kAccount);
  rows.opened = {Day("2024-01-01"), Day("2024-01-02"), Day("2024-01-03")};
  rows.closed.assign(3, churn::kNever);
  rows.balance_holding = {1, 0, 1, 2, 1};
  rows.balance_day = {Day("2024-03-31"), Day("2024-01-31"), Day("2024-01-31"),
                      Day("2024-02-29"), Day("2024-03-31")};
  rows.balance = {10, 20, 30, 40, 50};
  rows.limit = {1, 2, 3, 4, 5};
  rows.arrears = {6, 7, 8, 9, 0};
  const churn::ContractBook book = BuildContractBookOfFiles(rows);
  EXPECT_THAT(book.balance_begin, ElementsAre(0, 1, 3, 4));
  EXPECT_THAT(book.balance_day,
              ElementsAre(Day("2024-01-31"), Day("2024-01-31"),
                          Day("2024-03-31"), Day("2024-02-29")));
  EXPECT_THAT(book.balance, ElementsAre(20, 30, 50, 40));
  EXPECT_THAT(book.limit, ElementsAre(2, 3, 5, 4));
  EXPECT_THAT(book.arrears, ElementsAre(7, 8, 0, 9));
  EXPECT_THAT(book.holding_begin, ElementsAre(0, 2, 3));

  // The same holdings listed customer 2's first.
  churn::ContractRows swapped = rows;
  swapped.holding_customer = {1, 0, 0};
  swapped.opened = {rows.opened[2], rows.opened[0], rows.opened[1]};
  swapped.balance_holding = {2, 1, 2, 0, 2};
  const churn::ContractBook same = BuildContractBookOfFiles(swapped);
  EXPECT_EQ(same.balance_begin, book.balance_begin);
  EXPECT_EQ(same.balance_day, book.balance_day);
  EXPECT_EQ(same.balance, book.balance);
  EXPECT_EQ(same.arrears, book.arrears);
  EXPECT_EQ(same.opened, book.opened);
}

// Several threads read what one reads, in the same order; a file with a
// quote is read on one thread, to the same result.
TEST_F(ContractFilesTest, SeveralThreadsReadWhatOneReads) {
  std::string holdings =
      "account_number,customer_id,product,product_type,open_date\n";
  std::string balances = "account_number,date,balance,credit_limit,arrears\n";
  std::string interactions = "customer_id,date,type,channel\n";
  for (int h = 0; h < 300; ++h) {
    const std::string number = "H" + std::to_string(h);
    const std::string customer = "C" + std::to_string(h % 97);
    holdings += number + "," + customer + ",P" + std::to_string(h % 4) +
                (h % 4 == 0   ? ",account"
                 : h % 4 == 1 ? ",card"
                              : ",deposit") +
                ",2023-01-" + std::to_string(10 + h % 9) + "\n";
    for (int month = 1; month <= 9; ++month) {
      balances += number + ",2024-0" + std::to_string(month) + "-28," +
                  std::to_string(h * 10 + month) +
                  (h % 4 == 1 ? ",500," : ",,") + std::to_string(month % 3) +
                  "\n";
    }
    interactions += customer + ",2024-03-" + std::to_string(10 + h % 9) +
                    (h % 5 == 0 ? ",complaint,branch\n" : ",banking,mobile\n");
  }
  ContractFiles files;
  files.holdings = Write("holdings.csv", holdings);
  files.balances = Write("balances.csv", balances);
  files.interactions = Write("interactions.csv", interactions);
  auto one = LoadContractFiles(files, {.threads = 1});
  auto three = LoadContractFiles(files, {.threads = 3});
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(three.ok()) << three.status().message();
  EXPECT_TRUE(three->parallel);
  EXPECT_EQ(one->rows.balance_holding.size(), 2700u);
  EXPECT_EQ(one->rows.balance_holding, three->rows.balance_holding);
  EXPECT_EQ(one->rows.balance_day, three->rows.balance_day);
  EXPECT_EQ(one->rows.balance, three->rows.balance);
  EXPECT_EQ(one->rows.use_customer, three->rows.use_customer);
  EXPECT_EQ(one->rows.use_day, three->rows.use_day);
  EXPECT_EQ(one->complaints.day, three->complaints.day);

  files.balances = Write(
      "quoted.csv", "\"account_number\"" + balances.substr(balances.find(',')));
  auto quoted = LoadContractFiles(files, {.threads = 3});
  ASSERT_TRUE(quoted.ok()) << quoted.status().message();
  EXPECT_EQ(quoted->rows.balance, one->rows.balance);
  EXPECT_EQ(quoted->rows.balance_day, one->rows.balance_day);
}

// The customers and holdings files read on several threads give the book
// one thread gives: the customers' order, a number named again (its first
// row's place, its last row's values), a product's type from its first
// row even when that row is in another thread's range.
TEST_F(ContractFilesTest, SeveralThreadsReadTheHoldingsAsOneDoes) {
  std::string customers = "external_id\n";
  for (int c = 96; c >= 0; --c) customers += "C" + std::to_string(c) + "\n";
  // P0..P3 typed on every row; P9 typed on its first row, and on the
  // others when `typed_again`.
  const auto holdings_text = [](bool typed_again) {
    std::string text =
        "account_number,customer_id,product,product_type,open_date,"
        "close_date\n";
    for (int h = 0; h < 300; ++h) {
      const int named = h % 50 == 49 ? h - 40 : h;  // some named again
      const std::string product =
          h % 7 == 0 ? (h == 0 || typed_again ? "P9,loan" : "P9,")
                     : "P" + std::to_string(h % 4) +
                           (h % 4 == 0   ? ",account"
                            : h % 4 == 1 ? ",card"
                                         : ",deposit");
      text += "H" + std::to_string(named) + ",C" + std::to_string(h % 97) +
              "," + product + ",2023-01-" + std::to_string(10 + h % 9) +
              (h % 11 == 0 ? ",2024-05-01\n" : ",\n");
    }
    return text;
  };
  ContractFiles files;
  files.customers = Write("customers.csv", customers);
  for (bool typed_again : {true, false}) {
    files.holdings = Write("holdings.csv", holdings_text(typed_again));
    auto one = LoadContractFiles(files, {.threads = 1});
    ASSERT_TRUE(one.ok()) << one.status().message();
    EXPECT_EQ(one->rows.holding_customer.size(), 294u);  // 6 named again
    EXPECT_EQ(one->customer_keys.front(), "C96");
    for (int threads : {2, 3}) {
      auto more = LoadContractFiles(files, {.threads = threads});
      ASSERT_TRUE(more.ok()) << more.status().message();
      EXPECT_EQ(one->customer_keys, more->customer_keys);
      EXPECT_EQ(one->rows.customer_keys, more->rows.customer_keys);
      EXPECT_EQ(one->rows.holding_customer, more->rows.holding_customer);
      EXPECT_EQ(one->rows.kind, more->rows.kind);
      EXPECT_EQ(one->rows.opened, more->rows.opened);
      EXPECT_EQ(one->rows.closed, more->rows.closed);
    }
  }
  const std::string holdings = holdings_text(true);

  // A product typed two ways in two ranges, and a customer the customers
  // file lacks: the message one thread gives.
  const std::string bad_type = holdings + "H900,C5,P1,deposit,2023-02-01,\n";
  const std::string unknown = holdings + "H901,C500,P1,card,2023-02-01,\n";
  for (const std::string& text : {bad_type, unknown}) {
    files.holdings = Write("bad_holdings.csv", text);
    auto serial = LoadContractFiles(files, {.threads = 1});
    auto parallel = LoadContractFiles(files, {.threads = 3});
    ASSERT_FALSE(serial.ok());
    ASSERT_FALSE(parallel.ok());
    EXPECT_THAT(serial.status().message(), HasSubstr("302"));
    EXPECT_EQ(serial.status().message(), parallel.status().message());
  }
}

// Balances by holding and day with a customer's holdings in another order
// than the book's, and channel uses by customer out of day order (as a
// bank's files give them), are put in order where they lie: the book the
// analytics' build makes of the same rows.
TEST_F(ContractFilesTest, RowsInTheBooksOrderGiveTheAnalyticsBook) {
  churn::ContractRows rows;
  rows.customer_keys = {"1", "2", "3"};
  rows.holding_customer = {0, 0, 2};
  rows.kind = {churn::ContractKind::kAccount, churn::ContractKind::kCard,
               churn::ContractKind::kDeposit};
  rows.opened = {Day("2024-01-01"), Day("2024-01-02"), Day("2024-01-03")};
  rows.closed.assign(3, churn::kNever);
  rows.balance_holding = {1, 0, 0, 2, 2};
  rows.balance_day = {Day("2024-01-31"), Day("2024-01-31"), Day("2024-02-29"),
                      Day("2024-01-31"), Day("2024-03-31")};
  rows.balance = {10, 20, 30, 40, 50};
  rows.limit = {1, 2, 3, 4, 5};
  rows.arrears = {6, 7, 8, 9, 0};
  rows.use_customer = {0, 0, 2};
  rows.use_day = {Day("2024-01-05"), Day("2024-01-05"), Day("2024-01-04")};
  rows.use_at_branch = {1, 0, 1};
  const churn::ContractBook expected = churn::BuildContractBook(rows);
  const churn::ContractBook book = BuildContractBookOfFiles(rows);
  EXPECT_EQ(book.holding_begin, expected.holding_begin);
  EXPECT_EQ(book.balance_begin, expected.balance_begin);
  EXPECT_EQ(book.balance_day, expected.balance_day);
  EXPECT_EQ(book.balance, expected.balance);
  EXPECT_EQ(book.limit, expected.limit);
  EXPECT_EQ(book.arrears, expected.arrears);
  EXPECT_EQ(book.use_begin, expected.use_begin);
  EXPECT_EQ(book.use_day, expected.use_day);
  EXPECT_EQ(book.use_at_branch, expected.use_at_branch);
  EXPECT_THAT(book.balance, ElementsAre(20, 30, 10, 40, 50));
  EXPECT_THAT(book.use_begin, ElementsAre(0, 2, 2, 3));

  // Uses out of day order within a customer, and then not by customer.
  rows.use_day = {Day("2024-01-06"), Day("2024-01-05"), Day("2024-01-04")};
  const churn::ContractBook sorted = BuildContractBookOfFiles(rows);
  EXPECT_EQ(sorted.use_day, churn::BuildContractBook(rows).use_day);
  EXPECT_THAT(sorted.use_at_branch, ElementsAre(0, 1, 1));
  rows.use_customer = {2, 0, 0};
  const churn::ContractBook other = BuildContractBookOfFiles(rows);
  EXPECT_EQ(other.use_begin, churn::BuildContractBook(rows).use_begin);
  EXPECT_EQ(other.use_day, churn::BuildContractBook(rows).use_day);
  EXPECT_EQ(other.use_at_branch, churn::BuildContractBook(rows).use_at_branch);
}

}  // namespace
}  // namespace vafa::pipeline
