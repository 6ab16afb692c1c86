// `vafa import holdings` and `vafa import balances` through the binary, on
// SQLite and PostgreSQL: Persian and English headers, Jalali dates and
// Persian digits, re-imports that close holdings, and hostile files that
// must change nothing.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <fstream>
#include <string>

#include "tests/cli/cli_store_test.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

class HoldingsImportTest : public testing::CliStoreTest {
 protected:
  void SetUp() override {
    CliStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto customers = Vafa({"import", "customers",
                           Write("c.csv",
                                 "کد مشتری,نام,نام خانوادگی\n"
                                 "C1,علی,کریمی\n"
                                 "C2,Sara,Rezaei\n")});
    ASSERT_EQ(customers.exit_code, 0) << customers.output;
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  long long Count(const std::string& table) {
    long long n = 0;
    db().sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  // A holding's fields as "customer|product type|opened|closed|status|
  // branch|manager".
  std::string Holding(const std::string& number) {
    std::string customer, type, opened, closed, status, branch, manager;
    soci::indicator closed_ind, branch_ind, manager_ind;
    db().sql() << "SELECT c.external_id, p.type, h.opened_on, h.closed_on, "
                  "h.status, b.name, m.name FROM holdings h JOIN customers c "
                  "ON c.id = h.customer_id JOIN holding_products p ON p.id = "
                  "h.product_id LEFT JOIN branches b ON b.id = h.branch_id "
                  "LEFT JOIN relationship_managers m ON m.id = h.manager_id "
                  "WHERE h.external_id = :e",
        soci::use(number), soci::into(customer), soci::into(type),
        soci::into(opened), soci::into(closed, closed_ind), soci::into(status),
        soci::into(branch, branch_ind), soci::into(manager, manager_ind);
    if (closed_ind == soci::i_null) closed = "";
    if (branch_ind == soci::i_null) branch = "";
    if (manager_ind == soci::i_null) manager = "";
    return customer + "|" + type + "|" + opened + "|" + closed + "|" + status +
           "|" + branch + "|" + manager;
  }

  testing::CommandResult ImportPersianHoldings() {
    return Vafa({"import", "holdings",
                 Write("h.csv",
                       "شماره حساب,کد مشتری,محصول,نوع محصول,تاریخ افتتاح,"
                       "تاریخ بستن,شعبه,مدیر حساب\n"
                       "۰۱۰۱-۲۳۴,C1,SAV,حساب,۱۳۹۸/۰۱/۰۱,,ونک,مریم رضایی\n"
                       "L-9,C1,LN,وام,1399/10/15,1402/04/09,ونک,\n"
                       "4111,C2,CC,card,2021-07-01,,Tajrish,RM-7\n"
                       // SAV is new in this file: its type was given once.
                       "0202,C2,SAV,,1400/01/01,,ونک,\n")});
  }
};

TEST_P(HoldingsImportTest, PersianHeadersJalaliDatesAndPersianDigits) {
  auto run = ImportPersianHoldings();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("4 rows, 4 created"));
  EXPECT_EQ(Holding("0202"), "C2|account|2021-03-21||open|ونک|");
  EXPECT_EQ(Holding("0101-234"), "C1|account|2019-03-21||open|ونک|مریم رضایی");
  EXPECT_EQ(Holding("L-9"), "C1|loan|2021-01-04|2023-06-30|closed|ونک|");
  EXPECT_EQ(Holding("4111"), "C2|card|2021-07-01||open|Tajrish|RM-7");
  EXPECT_EQ(Count("branches"), 2);
  EXPECT_EQ(Count("relationship_managers"), 2);
  EXPECT_EQ(Count("holding_products"), 3);

  auto balances = Vafa({"import", "balances",
                        Write("b.csv",
                              "account number,date,balance,credit limit,"
                              "arrears\n"
                              "0101-234,2023-01-31,\"1,250,000\",,\n"
                              "4111,2023-01-31,-40000,500000,1200\n"
                              "4111,1401/11/12,-35000,500000,0\n")});
  ASSERT_EQ(balances.exit_code, 0) << balances.output;
  EXPECT_THAT(balances.output, HasSubstr("3 rows, 3 created"));
  long long balance = 0, limit = 0, arrears = 0;
  db().sql() << "SELECT balance_minor, credit_limit_minor, arrears_minor "
                "FROM holding_balances b JOIN holdings h ON h.id = "
                "b.holding_id WHERE h.external_id = '4111' AND b.as_of = "
                "'2023-01-31'",
      soci::into(balance), soci::into(limit), soci::into(arrears);
  // 1401/11/12 is 2023-02-01: a second day, not the same one.
  EXPECT_EQ(Count("holding_balances"), 3);
  EXPECT_EQ(balance, -40000);
  EXPECT_EQ(limit, 500000);
  EXPECT_EQ(arrears, 1200);
}

TEST_P(HoldingsImportTest, ALaterFileClosesWhatAnEarlierOneOpened) {
  ASSERT_EQ(ImportPersianHoldings().exit_code, 0);
  auto later = Vafa({"import", "holdings",
                     Write("later.csv",
                           "account_number,customer_id,product,open_date,"
                           "close_date,status,branch\n"
                           "4111,C2,CC,2021-07-01,2024-02-10,بسته,Tajrish\n")});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_THAT(later.output, HasSubstr("1 updated"));
  EXPECT_EQ(Holding("4111"), "C2|card|2021-07-01|2024-02-10|closed|Tajrish|");
  EXPECT_EQ(Count("holdings"), 4);
}

// A holding opened and closed in the same file (its first row is added in
// bulk, held back until the second needs it), and a new one after it.
TEST_P(HoldingsImportTest, ALaterRowOfTheSameFileUpdatesWhatAnEarlierAdded) {
  auto file = Vafa({"import", "holdings",
                    Write("same.csv",
                          "account_number,customer_id,product,product_type,"
                          "open_date,close_date,status,branch\n"
                          "9001,C1,CC,card,2021-07-01,,,Tajrish\n"
                          "9001,C1,CC,,2021-07-01,2024-02-10,closed,Tajrish\n"
                          "9002,C2,CC,,2022-01-05,,,\n")});
  ASSERT_EQ(file.exit_code, 0) << file.output;
  EXPECT_THAT(file.output, HasSubstr("1 updated"));
  EXPECT_EQ(Holding("9001"), "C1|card|2021-07-01|2024-02-10|closed|Tajrish|");
  EXPECT_EQ(Holding("9002"), "C2|card|2022-01-05||open||");
  EXPECT_EQ(Count("holdings"), 2);
  // A holding inserted with the table's own next id (as InsertHolding does)
  // does not collide with the ids the import gave.
  db().sql() << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
                "external_id, opened_on, status, created_at, updated_at) "
                "SELECT workspace_id, customer_id, product_id, '9003', "
                "opened_on, status, created_at, updated_at FROM holdings "
                "WHERE external_id = '9002'";
  long long distinct = 0;
  db().sql() << "SELECT COUNT(DISTINCT id) FROM holdings", soci::into(distinct);
  EXPECT_EQ(distinct, 3);
}

TEST_P(HoldingsImportTest, RevertRefusesHoldingsAndTheCustomersTheyName) {
  ASSERT_EQ(ImportPersianHoldings().exit_code, 0);
  // Batch 1 made the customers, batch 2 the holdings.
  auto holdings = Vafa({"import", "revert", "2"});
  EXPECT_EQ(holdings.exit_code, 1) << holdings.output;
  EXPECT_THAT(holdings.output, HasSubstr("cannot be reverted"));
  auto customers = Vafa({"import", "revert", "1"});
  EXPECT_EQ(customers.exit_code, 1) << customers.output;
  EXPECT_THAT(customers.output, HasSubstr("4 holdings of customers"));
  EXPECT_EQ(Count("holdings"), 4);
  EXPECT_EQ(Count("customers"), 2);
}

TEST_P(HoldingsImportTest, BadRowsAreNamedAndNothingIsWritten) {
  const std::string huge(200000, 'x');
  auto run =
      Vafa({"import", "holdings",
            Write("bad.csv",
                  "account_number,customer_id,product,product_type,open_date,"
                  "close_date,branch\n"
                  "A1,C1,SAV,account,2020-01-01,,Vanak\n"
                  "A2,C9,SAV,account,2020-01-01,,Vanak\n"
                  "A3,C1,SAV,account,2022-05-01,2021-01-01,Vanak\n"
                  "A4,C1,NEW,,2020-01-01,,Vanak\n"
                  "A5,C1,SAV,account,2020-01-01,," +
                      huge +
                      "\n"
                      "A6,C1,SAV,\"=cmd|' /C calc'!A0\",2020-01-01,,Vanak\n"
                      "A7,C1,SAV,account,1403/13/01,,Vanak\n")});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("bad.csv:3: column \"customer_id\""));
  EXPECT_THAT(run.output, HasSubstr("no customer has this external_id"));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:4: column \"close_date\""));
  EXPECT_THAT(run.output, HasSubstr("is before the open date 2022-05-01"));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:5: column \"product_type\""));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:6: column \"branch\""));
  EXPECT_THAT(run.output, HasSubstr("is longer than 200 bytes"));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:7: column \"product_type\""));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:8: column \"open_date\""));
  EXPECT_LT(run.output.size(), 20000u);  // the huge cell is not echoed
  EXPECT_EQ(Count("holdings"), 0);
  EXPECT_EQ(Count("holding_products"), 0);
  EXPECT_EQ(Count("branches"), 0);
  EXPECT_EQ(Count("import_batches WHERE kind = 'holdings'"), 0);
}

TEST_P(HoldingsImportTest, BadBalancesAreNamedAndNothingIsWritten) {
  ASSERT_EQ(ImportPersianHoldings().exit_code, 0);
  auto run = Vafa({"import", "balances",
                   Write("bad.csv",
                         "شماره حساب,تاریخ,مانده\n"
                         "4111,2023-01-31,۱۲۵۰۰۰\n"
                         "NOPE,2023-01-31,1\n"
                         "4111,2023-02-28,=1+1\n"
                         "4111,,5\n")});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("bad.csv:3: column \"account_number\""));
  EXPECT_THAT(run.output, HasSubstr("no holding has this number"));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:4: column \"balance\""));
  EXPECT_THAT(run.output, HasSubstr("bad.csv:5: column \"date\""));
  EXPECT_EQ(Count("holding_balances"), 0);

  auto good = Vafa({"import", "balances",
                    Write("good.csv",
                          "شماره حساب,تاریخ,مانده\n"
                          "4111,2023-01-31,۱۲۵۰۰۰\n")});
  ASSERT_EQ(good.exit_code, 0) << good.output;
  long long balance = 0;
  db().sql() << "SELECT balance_minor FROM holding_balances",
      soci::into(balance);
  EXPECT_EQ(balance, 125000);
}

// A holding's day given twice in one file, and again in a later file:
// the last one given stands, as each row replaced the one before (on
// PostgreSQL the rows are copied and upserted a chunk at a time).
TEST_P(HoldingsImportTest, TheLastBalanceOfADayStands) {
  ASSERT_EQ(ImportPersianHoldings().exit_code, 0);
  auto first = Vafa({"import", "balances",
                     Write("b1.csv",
                           "account_number,date,balance,credit_limit,arrears\n"
                           "4111,2023-01-31,100,5000,\n"
                           "0202,2023-01-31,7,,\n"
                           "4111,2023-01-31,200,,30\n"
                           "4111,2023-02-28,300,5000,\n")});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  auto second = Vafa({"import", "balances",
                      Write("b2.csv",
                            "account_number,date,balance\n"
                            "4111,2023-02-28,400\n")});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(Count("holding_balances"), 3);
  long long jan = 0, feb = 0, arrears = 0, limit = 0;
  soci::indicator limit_ind;
  db().sql() << "SELECT b.balance_minor, b.arrears_minor, b.credit_limit_minor "
                "FROM holding_balances b JOIN holdings h ON h.id = "
                "b.holding_id WHERE h.external_id = '4111' AND b.as_of = "
                "'2023-01-31'",
      soci::into(jan), soci::into(arrears), soci::into(limit, limit_ind);
  EXPECT_EQ(jan, 200);
  EXPECT_EQ(arrears, 30);
  EXPECT_EQ(limit_ind, soci::i_null) << "the later row had no limit";
  db().sql() << "SELECT b.balance_minor FROM holding_balances b JOIN "
                "holdings h ON h.id = b.holding_id WHERE h.external_id = "
                "'4111' AND b.as_of = '2023-02-28'",
      soci::into(feb);
  EXPECT_EQ(feb, 400);
}

VAFA_INSTANTIATE_BACKEND_TEST(HoldingsImportTest);

}  // namespace
}  // namespace vafa
