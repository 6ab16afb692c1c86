#include <gmock/gmock.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "core/dates.h"
#include "core/persian_text.h"
#include "import/importer.h"
#include "import/interaction_vocabulary.h"
#include "import/internal/import_test_support.h"
#include "store/customer_repository.h"
#include "store/deferred_indexes.h"
#include "store/import_batch_repository.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

constexpr char kCustomers[] =
    "کد مشتری,نام,نام خانوادگی,موبایل,کد ملی,ایمیل,شهر,جنسیت\n"
    "C1,علي,كريمي,۰۹۱۲۱۲۳۴۵۶۷,۰۴۹۹۳۷۰۸۹۹,Ali@Example.com,تهران,مرد\n"
    "C2,Sara,Rezaei,+98 935 111 2233,,sara@example.com,Shiraz,female\n"
    "C3,مریم,یوسفی,,,,,\n";

using CustomerImportTest = ImportTest;

TEST_P(CustomerImportTest, CreatesCustomersFromPersianHeadersAndNormalises) {
  auto report =
      ImportCustomers(db(), workspace_, Options(Write("c.csv", kCustomers)));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 3);
  EXPECT_EQ(report->created, 3);
  EXPECT_GT(report->batch_id, 0);
  store::CustomerRepository repo(db());
  auto c1 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C1");
  ASSERT_TRUE(c1.ok() && c1->has_value());
  const store::Customer& c = **c1;
  EXPECT_EQ(c.first_name, "علی");  // Arabic yeh folded to Persian
  EXPECT_EQ(c.last_name, "کریمی");
  EXPECT_EQ(c.phone, "+989121234567");
  EXPECT_EQ(c.national_id, "0499370899");
  EXPECT_EQ(c.email, "ali@example.com");
  EXPECT_EQ(c.gender, "male");
  EXPECT_EQ(c.batch_id, report->batch_id);
}

TEST_P(CustomerImportTest, RerunningTheSameFileChangesNothing) {
  std::string path = Write("c.csv", kCustomers);
  ASSERT_TRUE(ImportCustomers(db(), workspace_, Options(path)).ok());
  std::string before = DumpAll();
  auto again = ImportCustomers(db(), workspace_, Options(path));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(DumpAll(), before);
}

TEST_P(CustomerImportTest, RejectsTheWholeFileNamingEveryBadField) {
  ASSERT_TRUE(
      ImportCustomers(db(), workspace_, Options(Write("ok.csv", kCustomers)))
          .ok());
  std::string before = DumpAll();
  long long batches = Count("import_batches");
  std::string bad = Write("bad.csv",
                          "external_id,first_name,phone,national_id,email\n"
                          "C10,Nima,09121112233,,nima@example.com\n"
                          "C11,Bad,0912-abc,,x@example.com\n"
                          "C12,Bad,,1234567890,\n"
                          "C13,Fine,,,\n"
                          "C14,Bad,,,not-an-email\n"
                          "C10,Again,,,\n");
  auto report = ImportCustomers(db(), workspace_, Options(bad));
  ASSERT_FALSE(report.ok());
  const std::string message = report.status().message();
  EXPECT_THAT(message, HasSubstr(bad + ":3: column \"phone\": \"0912-abc\""));
  EXPECT_THAT(message,
              HasSubstr(bad + ":4: column \"national_id\": \"1234567890\""));
  EXPECT_THAT(message,
              HasSubstr(bad + ":6: column \"email\": \"not-an-email\""));
  EXPECT_THAT(message, HasSubstr(bad + ":7: column \"external_id\": \"C10\": "
                                       "appears again (first on line 2)"));
  EXPECT_EQ(DumpAll(), before);
  EXPECT_EQ(Count("import_batches"), batches);
}

TEST_P(CustomerImportTest, MissingKeyColumnIsReportedWithTheHeaderLine) {
  auto report = ImportCustomers(
      db(), workspace_,
      Options(Write("c.csv", "first_name,phone\nAli,09121234567\n")));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr("c.csv:1: missing column \"external_id\""));
}

TEST_P(CustomerImportTest, WrongFieldCountIsNamedWithTheLine) {
  std::string path =
      Write("c.csv", "external_id,first_name\nC1,Ali\nC2,Reza,extra\nC3\n");
  auto report = ImportCustomers(db(), workspace_, Options(path));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr(path + ":3: has 3 fields; the header has 2"));
  EXPECT_THAT(report.status().message(),
              HasSubstr(path + ":4: has 1 fields; the header has 2"));
  EXPECT_EQ(Count("customers"), 0);
}

TEST_P(CustomerImportTest, EmptyFileIsAnError) {
  auto report =
      ImportCustomers(db(), workspace_, Options(Write("empty.csv", "")));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("empty file"));
}

TEST_P(CustomerImportTest, UpsertAppliesOnlyTheColumnsTheFileHas) {
  ASSERT_TRUE(
      ImportCustomers(db(), workspace_, Options(Write("c.csv", kCustomers)))
          .ok());
  auto report = ImportCustomers(
      db(), workspace_,
      Options(Write("phones.csv",
                    "external_id,phone\nC3,09351234567\nC4,09121110000\n")));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->updated, 1);
  EXPECT_EQ(report->created, 1);
  store::CustomerRepository repo(db());
  auto c3 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C3");
  ASSERT_TRUE(c3.ok() && c3->has_value());
  EXPECT_EQ((*c3)->first_name, "مریم");
  EXPECT_EQ((*c3)->phone, "+989351234567");
  EXPECT_EQ((*c3)->version, 2);
}

TEST_P(CustomerImportTest,
       UpdateModeRejectsUnknownKeysAndCreateModeSkipsKnown) {
  ASSERT_TRUE(
      ImportCustomers(db(), workspace_, Options(Write("c.csv", kCustomers)))
          .ok());
  ImportOptions update =
      Options(Write("u.csv", "external_id,city\nC1,Karaj\nC9,Qom\n"));
  update.mode = ImportMode::kUpdate;
  auto rejected = ImportCustomers(db(), workspace_, update);
  ASSERT_FALSE(rejected.ok());
  EXPECT_THAT(rejected.status().message(),
              HasSubstr(":3: column \"external_id\": \"C9\""));

  ImportOptions create =
      Options(Write("n.csv", "external_id,city\nC1,Karaj\nC9,Qom\n"));
  create.mode = ImportMode::kCreate;
  auto created = ImportCustomers(db(), workspace_, create);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->created, 1);
  EXPECT_EQ(created->unchanged, 1);
  store::CustomerRepository repo(db());
  auto c1 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C1");
  EXPECT_EQ((*c1)->city, "تهران");
}

TEST_P(CustomerImportTest, MatchesOnPhoneInAnyWrittenForm) {
  ASSERT_TRUE(
      ImportCustomers(db(), workspace_, Options(Write("c.csv", kCustomers)))
          .ok());
  ImportOptions options =
      Options(Write("p.csv", "mobile,city\n0912 123 4567,Isfahan\n"));
  options.key = store::CustomerKey::kPhone;
  auto report = ImportCustomers(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->updated, 1);
  store::CustomerRepository repo(db());
  auto c1 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C1");
  EXPECT_EQ((*c1)->city, "Isfahan");
}

TEST_P(CustomerImportTest, DryRunValidatesAndWritesNothing) {
  ImportOptions options = Options(Write("c.csv", kCustomers));
  options.dry_run = true;
  auto report = ImportCustomers(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 3);
  EXPECT_EQ(report->batch_id, 0);
  EXPECT_EQ(Count("customers"), 0);
  EXPECT_EQ(Count("import_batches"), 0);
}

TEST_P(CustomerImportTest, ContactsLinkToTheirOrganisation) {
  auto report = ImportCustomers(
      db(), workspace_,
      Options(Write(
          "o.csv",
          "external_id,kind,organisation_name,first_name,parent_external_id\n"
          "ORG1,حقوقی,شرکت آلفا,,\n"
          "P1,person,,Reza,ORG1\n"
          "P2,person,,Nima,ORG9\n")));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr(":4: column \"parent_external_id\": \"ORG9\""));
  auto fixed = ImportCustomers(
      db(), workspace_,
      Options(Write(
          "o2.csv",
          "external_id,kind,organisation_name,first_name,parent_external_id\n"
          "ORG1,حقوقی,شرکت آلفا,,\n"
          "P1,person,,Reza,ORG1\n")));
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  store::CustomerRepository repo(db());
  auto org =
      repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "ORG1");
  auto person =
      repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "P1");
  EXPECT_EQ((*org)->kind, "organisation");
  EXPECT_EQ((*org)->display_name, "شرکت آلفا");
  EXPECT_EQ((*person)->parent_id, (*org)->id);
}

// A first import large enough to build the customers' and search terms'
// indexes after the rows are in: search and matching work afterwards, and
// the next import updates through them.
TEST_P(CustomerImportTest, LargeFirstImportRebuildsItsIndexes) {
  const int kCustomers = 110000;
  std::string text = "external_id,first_name,last_name,phone,city\n";
  for (int i = 0; i < kCustomers; ++i) {
    text += "K" + std::to_string(i) + (i % 2 ? ",علي," : ",Sara,") + "Name" +
            std::to_string(i) + ",0912" + std::to_string(1000000 + i) +
            ",تهران\n";
  }
  auto report =
      ImportCustomers(db(), workspace_, Options(Write("many.csv", text)));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, kCustomers);

  store::CustomerRepository repo(db());
  auto found = repo.Search(workspace_, "09121012345", 10);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().external_id, "K12345");
  auto by_name = repo.Search(workspace_, "Name54321", 10);
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ(by_name->front().first_name, "علی");  // normalised from علي

  // The unique index on external ids is back.
  EXPECT_THROW(db().sql() << "INSERT INTO customers (workspace_id, "
                             "external_id, kind, display_name, created_at, "
                             "updated_at, version) VALUES (" +
                                 std::to_string(workspace_) +
                                 ", 'K7', 'person', 'x', 0, 0, 1)",
               std::exception);

  auto again = ImportCustomers(
      db(), workspace_,
      Options(Write("one.csv", "external_id,city\nK7,شیراز\nNEW,قم\n")));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(again->created, 1);
  auto k7 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "K7");
  ASSERT_TRUE(k7.ok() && k7->has_value());
  EXPECT_EQ((*k7)->city, "شیراز");
}

TEST_P(CustomerImportTest, BeforeCommitRunsInTheImportsTransaction) {
  ImportOptions options = Options(Write("c.csv", kCustomers));
  int64_t seen_batch = 0;
  long long customers_seen = 0;
  options.before_commit = [&](store::Database& db,
                              const store::ImportBatch& batch) {
    seen_batch = batch.id;
    db.sql() << "SELECT COUNT(*) FROM customers", soci::into(customers_seen);
    return Status::Internal("the audit log is full");
  };
  auto refused = ImportCustomers(db(), workspace_, options);
  EXPECT_FALSE(refused.ok());
  EXPECT_GT(seen_batch, 0);
  EXPECT_EQ(customers_seen, 3) << "called after the rows were written";
  EXPECT_EQ(Count("customers"), 0) << "its failure rolls the import back";
  EXPECT_EQ(Count("import_batches"), 0);
  options.before_commit = [&](store::Database&, const store::ImportBatch&) {
    return Status::Ok();
  };
  ASSERT_TRUE(ImportCustomers(db(), workspace_, options).ok());
  EXPECT_EQ(Count("customers"), 3);
  options.dry_run = true;
  options.before_commit = [&](store::Database&, const store::ImportBatch&) {
    ADD_FAILURE() << "a dry run commits nothing, so it records nothing";
    return Status::Ok();
  };
  EXPECT_TRUE(ImportCustomers(db(), workspace_, options).ok());
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerImportTest);

class TransactionImportTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto report =
        ImportCustomers(db(), workspace_, Options(Write("c.csv", kCustomers)));
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
};

constexpr char kTransactions[] =
    "کد مشتری,تاریخ,شماره فاکتور,کد کالا,نام کالا,تعداد,مبلغ,تخفیف,کانال\n"
    "C1,1403/08/15,F-1,SKU-1,چای,2,\"۱۲۰٬۰۰۰\",10000,store\n"
    "C1,۱۴۰۳-۰۸-۱۵,F-1,SKU-2,قهوه,1,80000,,store\n"
    "C2,2024-11-20T10:30:00,F-2,SKU-1,,1,\"60,000\",,online\n";

TEST_P(TransactionImportTest,
       GroupsLinesIntoOrdersWithJalaliDatesAndPersianDigits) {
  auto report = ImportTransactions(db(), workspace_,
                                   Options(Write("t.csv", kTransactions)));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 3);
  EXPECT_EQ(report->created, 3);
  EXPECT_EQ(report->orders_created, 2);
  EXPECT_EQ(report->products_created, 2);
  long long total = 0, discount = 0, lines = 0, at = 0;
  std::string channel;
  db().sql()
      << "SELECT total_minor, discount_minor, line_count, ordered_at, channel "
         "FROM orders WHERE external_id = 'F-1'",
      soci::into(total), soci::into(discount), soci::into(lines),
      soci::into(at), soci::into(channel);
  EXPECT_EQ(total, 200000);
  EXPECT_EQ(discount, 10000);
  EXPECT_EQ(lines, 2);
  EXPECT_EQ(FormatGregorian(DayOf(at)), "2024-11-05");
  EXPECT_EQ(channel, "store");
  std::string name;
  db().sql() << "SELECT name FROM products WHERE sku = 'SKU-1'",
      soci::into(name);
  EXPECT_EQ(name, "چای");
}

TEST_P(TransactionImportTest, TomanAmountsAreStoredInRial) {
  ImportOptions options = Options(Write("t.csv", kTransactions));
  options.currency = "toman";
  ASSERT_TRUE(ImportTransactions(db(), workspace_, options).ok());
  long long total = 0;
  db().sql() << "SELECT total_minor FROM orders WHERE external_id = 'F-2'",
      soci::into(total);
  EXPECT_EQ(total, 600000);
}

TEST_P(TransactionImportTest, RerunningTheSameFileChangesNothing) {
  std::string path = Write("t.csv", kTransactions);
  ASSERT_TRUE(ImportTransactions(db(), workspace_, Options(path)).ok());
  std::string before = DumpAll();
  auto again = ImportTransactions(db(), workspace_, Options(path));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(DumpAll(), before);
}

TEST_P(TransactionImportTest, RejectsEveryBadRowAndWritesNothing) {
  std::string before = DumpAll();
  std::string bad = Write("bad.csv",
                          "customer_id,date,order_id,product,quantity,amount\n"
                          "C1,2024-01-01,O1,P1,1,1000\n"
                          "C404,2024-01-02,O2,P1,1,1000\n"
                          "C1,1402/12/30,O3,P1,1,1000\n"
                          "C1,2024-01-03,O4,P1,abc,12x\n"
                          "C2,2024-01-01,O1,P2,1,500\n");
  auto report = ImportTransactions(db(), workspace_, Options(bad));
  ASSERT_FALSE(report.ok());
  const std::string message = report.status().message();
  EXPECT_THAT(
      message,
      HasSubstr(bad + ":3: column \"customer_id\": \"C404\": no customer"));
  EXPECT_THAT(message, HasSubstr(bad + ":4: column \"date\": \"1402/12/30\""));
  EXPECT_THAT(message, HasSubstr(bad + ":5: column \"amount\": \"12x\""));
  EXPECT_THAT(message, HasSubstr(bad + ":5: column \"quantity\": \"abc\""));
  EXPECT_THAT(message,
              HasSubstr(bad + ":6: column \"customer_id\": \"C2\": differs "
                              "from the customer of order \"O1\" on line 2"));
  // Errors found while reading and while gathering orders come in line
  // order.
  EXPECT_LT(message.find(bad + ":5:"), message.find(bad + ":6:"));
  EXPECT_LT(message.find(bad + ":3:"), message.find(bad + ":4:"));
  EXPECT_EQ(DumpAll(), before);
}

TEST_P(TransactionImportTest, CanCreateMissingCustomers) {
  ImportOptions options =
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C77,2024-01-01,O1,P1,1000\n"
                    "C77,2024-01-02,O2,P1,1000\n"));
  options.create_missing_customers = true;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->customers_created, 1);
  EXPECT_EQ(report->orders_created, 2);
}

TEST_P(TransactionImportTest, OrderIdsContinueAfterExistingOrders) {
  ASSERT_TRUE(ImportTransactions(db(), workspace_,
                                 Options(Write("t.csv", kTransactions)))
                  .ok());
  auto second = ImportTransactions(
      db(), workspace_,
      Options(Write("t2.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C3,2024-12-01,F-3,SKU-9,5000\n")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(Count("orders"), 3);
  long long distinct = 0;
  db().sql() << "SELECT COUNT(DISTINCT order_id) FROM order_lines",
      soci::into(distinct);
  EXPECT_EQ(distinct, 3);
}

// Large enough for many batches of the reading thread, several flushes of
// the streamed order lines (interrupted by new products and customers) and
// the deferred index builds; the orders must still add up line by line.
TEST_P(TransactionImportTest, LargeFileLandsWholeWithItsIndexes) {
  const int kOrders = store::DeferredIndexes::kMinRows + 20000;
  std::string text = "customer_id,date,order_id,product,product_name,amount\n";
  long long expected_total = 0;
  int lines = 0;
  for (int order = 0; order < kOrders; ++order) {
    // Every tenth order is by a customer the store does not know yet.
    const std::string customer = order % 10 == 0
                                     ? "N" + std::to_string(order / 10)
                                     : "C" + std::to_string(1 + order % 3);
    for (int line = 0; line <= order % 3; ++line) {
      const long long amount = 1000 + (order * 7 + line) % 5000;
      expected_total += amount;
      ++lines;
      text += customer + ",2024-0" + std::to_string(1 + order % 9) + "-1" +
              std::to_string(order % 10) + ",O" + std::to_string(order) + ",P" +
              std::to_string((order * 3 + line) % 100000) + ",کالای شماره " +
              std::to_string(line) + "," + std::to_string(amount) + "\n";
    }
  }
  ImportOptions options = Options(Write("large.csv", text));
  options.create_missing_customers = true;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, lines);
  EXPECT_EQ(report->created, lines);
  EXPECT_EQ(report->orders_created, kOrders);
  EXPECT_EQ(report->customers_created, (kOrders + 9) / 10);
  EXPECT_EQ(report->products_created, 100000);

  long long orders_total = 0, lines_total = 0, mismatched = 0;
  db().sql() << "SELECT SUM(total_minor) FROM orders", soci::into(orders_total);
  db().sql() << "SELECT SUM(amount_minor) FROM order_lines",
      soci::into(lines_total);
  db().sql() << "SELECT COUNT(*) FROM orders o JOIN (SELECT order_id, "
                "COUNT(*) AS n, MIN(customer_id) AS low, MAX(customer_id) AS "
                "high FROM order_lines GROUP BY order_id) l ON l.order_id = "
                "o.id WHERE o.line_count <> l.n OR o.customer_id <> l.low OR "
                "o.customer_id <> l.high",
      soci::into(mismatched);
  EXPECT_EQ(orders_total, expected_total);
  EXPECT_EQ(lines_total, expected_total);
  EXPECT_EQ(mismatched, 0);
  EXPECT_EQ(Count("products"), 100000);

  // The indexes are back, and the unique one holds.
  long long customer_index = 0;
  db().sql() << (GetParam() == store::Backend::kSqlite
                     ? "SELECT COUNT(*) FROM sqlite_master WHERE name = "
                       "'orders_customer'"
                     : "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN "
                       "('orders_customer', 'orders_pkey', "
                       "'orders_workspace_id_external_id_key', "
                       "'order_lines_pkey')"),
      soci::into(customer_index);
  EXPECT_EQ(customer_index, GetParam() == store::Backend::kSqlite ? 1 : 4);
  EXPECT_THROW(db().sql() << "INSERT INTO orders (workspace_id, customer_id, "
                             "external_id, ordered_at, currency, total_minor, "
                             "line_count) VALUES (" +
                                 std::to_string(workspace_) +
                                 ", 1, 'O5', 0, 'IRR', 0, 0)",
               std::exception);

  auto again = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->unchanged, lines);
  EXPECT_EQ(again->created, 0);
}

TEST_P(TransactionImportTest, LargeFileWithABadLastRowWritesNothing) {
  const int kOrders = store::DeferredIndexes::kMinRows + 1000;
  std::string text = "customer_id,date,order_id,product,amount\n";
  for (int order = 0; order < kOrders; ++order) {
    text += "C1,2024-05-05,O" + std::to_string(order) + ",P1,1000\n";
  }
  text += "C1,2024-13-05,LAST,P1,1000\n";
  auto report =
      ImportTransactions(db(), workspace_, Options(Write("large.csv", text)));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr(":" + std::to_string(kOrders + 2) +
                        ": column \"date\": \"2024-13-05\""));
  EXPECT_EQ(Count("orders"), 0);
  EXPECT_EQ(Count("order_lines"), 0);
  EXPECT_EQ(Count("products"), 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(TransactionImportTest);

using InteractionImportTest = TransactionImportTest;

TEST_P(InteractionImportTest, ImportsOnceAndNamesBadRows) {
  std::string path =
      Write("i.csv",
            "customer_id,date,type,channel,direction,subject\n"
            "C1,1403/08/20,call,phone,inbound,سوال درباره سفارش\n"
            "C2,2024-11-21 09:00,visit,branch,,\n");
  auto first = ImportInteractions(db(), workspace_, Options(path));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->created, 2);
  auto again = ImportInteractions(db(), workspace_, Options(path));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(Count("interactions"), 2);
  auto bad = ImportInteractions(
      db(), workspace_,
      Options(
          Write("b.csv",
                "customer_id,date,type,direction\nC1,soon,call,sideways\n")));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr(":2: column \"date\": \"soon\""));
  EXPECT_THAT(bad.status().message(),
              HasSubstr(":2: column \"direction\": \"sideways\""));
}

// Persian types and directions are stored as the codes every reader asks
// for («شکایت» as complaint, as churn's complaints read it); other types as
// written. A row without an id keeps the fingerprint of its type as
// written, so importing the file again adds nothing.
TEST_P(InteractionImportTest, PersianTypesAreStoredAsTheirCodes) {
  std::string path = Write("fa.csv",
                           "customer_id,date,type,channel,direction\n"
                           "C1,2024-11-20,شکایت,شعبه,ورودی\n"
                           "C1,2024-11-21,تماس,phone,خروجی\n"
                           "C2,2024-11-22,Complaint,branch,in\n"
                           "C2,2024-11-23,بازدید,,\n"
                           "C2,2024-11-24,پیگیری وام,,\n");
  auto first = ImportInteractions(db(), workspace_, Options(path));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->created, 5);
  std::vector<std::string> stored;
  soci::rowset<soci::row> rows =
      (db().sql().prepare << "SELECT type, COALESCE(direction, '') FROM "
                             "interactions ORDER BY occurred_at");
  for (const soci::row& row : rows) {
    stored.push_back(row.get<std::string>(0) + "/" + row.get<std::string>(1));
  }
  EXPECT_THAT(stored, testing::ElementsAre("complaint/inbound", "call/outbound",
                                           "complaint/inbound", "visit/",
                                           "پیگیری وام/"));
  auto again = ImportInteractions(db(), workspace_, Options(path));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(Count("interactions"), 5);
}

TEST(InteractionVocabulary, PersianWordsAreTheirCodes) {
  EXPECT_EQ(CanonicalInteractionType(NormalizeForSearch("شکایت")), "complaint");
  // An Arabic kaf and yeh, as some keyboards type it, is the same word.
  EXPECT_EQ(CanonicalInteractionType(NormalizeForSearch("شكايت")), "complaint");
  EXPECT_EQ(CanonicalInteractionType("complaint"), "complaint");
  EXPECT_EQ(CanonicalInteractionType(NormalizeForSearch("یادداشت")), "note");
  EXPECT_EQ(CanonicalInteractionType("banking"), "banking");
  EXPECT_EQ(CanonicalInteractionDirection(NormalizeForSearch("ورودی")),
            "inbound");
  EXPECT_EQ(CanonicalInteractionDirection("out"), "outbound");
  EXPECT_EQ(CanonicalInteractionDirection(""), "");
  EXPECT_EQ(CanonicalInteractionDirection("sideways"), "sideways");
}

VAFA_INSTANTIATE_BACKEND_TEST(InteractionImportTest);

}  // namespace
}  // namespace vafa::import
