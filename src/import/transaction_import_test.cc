// ImportTransactions with the options real export files need: a column
// mapping, unit prices, the workspace's currency, rounding, dates in a
// pattern or decided from the file, anonymous lines, and skipping bad rows
// into a rejects file that imports once fixed. Both backends.
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "core/dates.h"
#include "import/importer.h"
#include "import/internal/import_test_support.h"
#include "store/import_batch_repository.h"
#include "store/workspace_repository.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

constexpr char kCustomers[] =
    "customer_id,first_name\n"
    "C1,Ali\n"
    "C2,Sara\n";

class TransactionOptionsTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCustomers(workspace_);
  }
  void AddCustomers(int64_t workspace_id) {
    auto report = ImportCustomers(db(), workspace_id,
                                  Options(Write("c.csv", kCustomers)));
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  int64_t NewWorkspace(const std::string& slug,
                       const std::string& currency = "IRR") {
    store::WorkspaceRepository workspaces(db());
    return workspaces.Create(slug, slug, currency)->id;
  }
  // Orders and their lines by the file's keys, to compare workspaces.
  std::string Orders(int64_t workspace_id) {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db().sql().prepare
             << "SELECT o.external_id, c.external_id, o.ordered_at, "
                "o.total_minor, o.line_count, o.currency FROM orders o JOIN "
                "customers c ON c.id = o.customer_id WHERE o.workspace_id = :w "
                "ORDER BY o.external_id",
         soci::use(w));
    std::ostringstream out;
    for (const soci::row& row : rows) {
      out << row.get<std::string>(0) << '|' << row.get<std::string>(1) << '|'
          << row.get<long long>(2) << '|' << row.get<long long>(3) << '|'
          << row.get<int>(4) << '|' << row.get<std::string>(5) << '\n';
    }
    soci::rowset<soci::row> lines =
        (db().sql().prepare
             << "SELECT o.external_id, p.sku, l.amount_minor FROM order_lines "
                "l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id "
                "= l.product_id WHERE l.workspace_id = :w ORDER BY "
                "o.external_id, p.sku, l.amount_minor",
         soci::use(w));
    for (const soci::row& row : lines) {
      out << row.get<std::string>(0) << '/' << row.get<std::string>(1) << '/'
          << row.get<long long>(2) << '\n';
    }
    return out.str();
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

TEST_P(TransactionOptionsTest, MappedColumnsAndUnitPricesMakeTheLineTotals) {
  ImportOptions options =
      Options(Write("t.csv",
                    "Beleg,Kunde,InvoiceDate,StockCode,Qty,UnitPrice,VAT\n"
                    "B1,C1,12/1/10 8:26,P1,6,2.55,\n"
                    "B1,C1,12/1/10 8:26,P2,3,0.29,0.10\n"
                    "B2,C2,12/2/10 9:00,P1,3,0.335,\n"));
  options.column_mapping = {{"Beleg", "order_id"}, {"Kunde", "customer_id"}};
  options.currency = "GBP";
  options.date_format = "%m/%d/%y %H:%M";
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->orders_created, 2);
  EXPECT_EQ(report->rounded, 1);  // 3 x 0.335 = 1.005
  EXPECT_EQ(Orders(workspace_),
            "B1|C1|1291191960|1627|2|GBP\n"  // 15.30 + 0.87 + 0.10
            "B2|C2|1291280400|101|1|GBP\n"
            "B1/P1/1530\nB1/P2/97\nB2/P1/101\n");
}

TEST_P(TransactionOptionsTest, AmountsAreInTheWorkspacesCurrencyByDefault) {
  const int64_t uk = NewWorkspace("uk", "GBP");
  AddCustomers(uk);
  auto report = ImportTransactions(
      db(), uk,
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,2024-01-05,O1,P1,12.50\n"
                    "C1,2024-01-05,O1,P2,0.005\n")));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->currency, "GBP");
  EXPECT_EQ(report->rounded, 1);
  EXPECT_THAT(Orders(uk), HasSubstr("O1|C1|1704412800|1251|2|GBP"));
}

TEST_P(TransactionOptionsTest, StrictAmountsRefuseWhatWouldBeRounded) {
  ImportOptions options = Options(Write(
      "t.csv",
      "customer_id,date,order_id,product,amount\nC1,2024-01-05,O1,P1,0.001\n"));
  options.currency = "GBP";
  options.strict_amounts = true;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr("more decimals than the currency allows"));
  EXPECT_EQ(Count("orders"), 0);
}

TEST_P(TransactionOptionsTest, TheDateColumnDecidesMonthFirst) {
  auto report = ImportTransactions(
      db(), workspace_,
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,12/1/10 8:26,O1,P1,100\n"
                    "C1,12/13/10 9:00,O2,P1,100\n")));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->date_format, "month-first (%m/%d/%y %H:%M)");
  EXPECT_THAT(Orders(workspace_), HasSubstr("O1|C1|1291191960|"));
}

TEST_P(TransactionOptionsTest, AmbiguousDatesStopTheImportAndAskForAFormat) {
  ImportOptions options =
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,1/2/2024,O1,P1,100\n"
                    "C1,3/4/2024,O2,P1,100\n"));
  const long long batches = Count("import_batches");
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("line 2 \"1/2/2024\""));
  EXPECT_THAT(report.status().message(), HasSubstr("line 3 \"3/4/2024\""));
  EXPECT_THAT(report.status().message(), HasSubstr("--date-format"));
  EXPECT_EQ(Count("import_batches"), batches);
  options.date_format = "%d/%m/%Y";
  report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_THAT(Orders(workspace_), HasSubstr("O1|C1|1706745600|"));  // 1 Feb
}

TEST_P(TransactionOptionsTest, AnonymousLinesAreLeftOutAndTheirShareCounted) {
  ImportOptions options = Options(Write("t.csv",
                                        "customer_id,date,order_id,product,"
                                        "amount\n"
                                        "C1,2024-01-05,O1,P1,300\n"
                                        ",2024-01-05,O2,P1,100\n"
                                        ",2024-01-05,O2,P2,0\n"));
  EXPECT_FALSE(ImportTransactions(db(), workspace_, options).ok());
  options.anonymous = AnonymousSales::kSkip;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->anonymous_lines, 2);
  EXPECT_EQ(report->anonymous_revenue, 100);
  EXPECT_EQ(report->imported_revenue, 300);
  EXPECT_EQ(report->orders_created, 1);
  EXPECT_EQ(Count("customers"), 2);
}

// Two customers' orders and two anonymous sales (one of two lines), in
// a file whose lines of one order are not together.
constexpr char kWithAnonymousSales[] =
    "customer_id,date,order_id,product,amount\n"
    "C1,2024-01-05,O1,P1,300\n"
    ",2024-01-05,A1,P1,100\n"
    "C2,2024-01-06,O2,P2,200\n"
    ",2024-01-06,A2,P3,250\n"
    ",2024-01-05,A1,P3,150\n";

TEST_P(TransactionOptionsTest, AnonymousSalesKeptAreOrdersWithoutACustomer) {
  ImportOptions options = Options(Write("t.csv", kWithAnonymousSales));
  options.anonymous = AnonymousSales::kKeep;
  const std::string customers_before = Dump("customers", "id");
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->anonymous_kept);
  EXPECT_EQ(report->anonymous_lines, 3);
  EXPECT_EQ(report->anonymous_revenue, 500);
  EXPECT_EQ(report->imported_revenue, 500);
  EXPECT_EQ(report->orders_created, 4);
  EXPECT_EQ(report->created, 5);
  EXPECT_EQ(report->products_created, 3);
  EXPECT_EQ(Dump("customers", "id"), customers_before);
  long long anonymous_orders = 0, anonymous_total = 0, anonymous_lines = 0;
  db().sql() << "SELECT COUNT(*), SUM(total_minor) FROM orders WHERE "
                "customer_id IS NULL",
      soci::into(anonymous_orders), soci::into(anonymous_total);
  db().sql() << "SELECT COUNT(*) FROM order_lines WHERE customer_id IS NULL",
      soci::into(anonymous_lines);
  EXPECT_EQ(anonymous_orders, 2);
  EXPECT_EQ(anonymous_total, 500);
  EXPECT_EQ(anonymous_lines, 3);
  store::ImportBatchRepository batches(db());
  EXPECT_EQ(batches.Get(workspace_, report->batch_id)->rows_anonymous, 3);

  // Importing it again adds nothing; reverting it removes the anonymous
  // sales with the rest.
  auto again = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->orders_created, 0);
  EXPECT_EQ(again->unchanged, 5);
  ASSERT_TRUE(RevertBatch(db(), workspace_, again->batch_id).ok());
  ASSERT_TRUE(RevertBatch(db(), workspace_, report->batch_id).ok());
  EXPECT_EQ(Count("orders"), 0);
  EXPECT_EQ(Count("order_lines"), 0);
  EXPECT_EQ(Count("products"), 0);
}

TEST_P(TransactionOptionsTest, AnOrderHasCustomerKeysOrNone) {
  ImportOptions options =
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,2024-01-05,O1,P1,300\n"
                    ",2024-01-05,O1,P2,100\n"
                    ",2024-01-05,A1,P1,100\n"
                    "C9,2024-01-05,A1,P2,100\n"));
  options.anonymous = AnonymousSales::kKeep;
  options.create_missing_customers = true;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr("is empty, but order \"O1\" on line 2 has a customer"));
  EXPECT_THAT(report.status().message(),
              HasSubstr("differs from the customer of order \"A1\" on line 4"));
  EXPECT_EQ(Count("orders"), 0);
}

TEST_P(TransactionOptionsTest,
       AnAnonymousSaleWithABadLineIsLeftOutWholeAndUncounted) {
  ImportOptions options = Options(Write("t.csv",
                                        "customer_id,date,order_id,product,"
                                        "amount\n"
                                        "C1,2024-01-05,O1,P1,300\n"
                                        ",2024-01-05,A1,P1,100\n"
                                        ",2024-01-06,A2,P2,250\n"
                                        ",2024-01-05,A1,P3,oops\n"));
  options.anonymous = AnonymousSales::kKeep;
  options.on_error = OnError::kSkip;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->skipped, 2);
  EXPECT_EQ(report->anonymous_lines, 1);
  EXPECT_EQ(report->anonymous_revenue, 250);
  EXPECT_EQ(report->imported_revenue, 300);
  EXPECT_EQ(report->orders_created, 2);
  long long anonymous_orders = 0;
  db().sql() << "SELECT COUNT(*) FROM orders WHERE customer_id IS NULL",
      soci::into(anonymous_orders);
  EXPECT_EQ(anonymous_orders, 1);
  EXPECT_EQ(Count("order_lines"), 2);
  // P3 came only with the rejected line.
  EXPECT_EQ(Count("products"), 2);
}

constexpr char kCleanFile[] =
    "customer_id,date,order_id,product,quantity,amount\n"
    "C1,2024-01-05,O1,P1,1,100\n"
    "C1,2024-01-05,O2,P1,2,200\n"
    "C2,2024-01-06,O3,P2,1,150\n"
    "C1,2024-01-05,O2,P2,1,50\n"
    "C2,2024-01-06,O3,P3,1,300\n"
    "C2,2024-01-07,O4,P1,1,400\n"
    "C2,2024-01-07,O5,P1,1,500\n";

constexpr char kBadFile[] =
    "customer_id,date,order_id,product,quantity,amount\n"
    "C1,2024-01-05,O1,P1,1,100\n"
    "C1,2024-01-05,O2,P1,2,200\n"
    "C2,2024-01-06,O3,P2,1,oops\n"
    "C1,2024-01-05,O2,P2,1,x50\n"
    "C2,2024-01-06,O3,P3,1,300\n"
    "C2,2024-01-07,O4,P1,1,400\n"
    "C9,2024-01-07,O5,P1,1,500\n";

TEST_P(TransactionOptionsTest,
       SkippedRowsFixedInTheRejectsFileCompleteTheImport) {
  const int64_t clean = NewWorkspace("clean");
  AddCustomers(clean);
  ASSERT_TRUE(
      ImportTransactions(db(), clean, Options(Write("clean.csv", kCleanFile)))
          .ok());

  ImportOptions options = Options(Write("sales.csv", kBadFile));
  options.on_error = OnError::kSkip;
  ImportErrors errors;
  options.error_report = &errors;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->skipped, 5);  // O2 and O3 whole, and O5
  EXPECT_EQ(report->orders_created, 2);
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->rejects_path, (folder_ / "sales.rejects.csv").string());
  EXPECT_EQ(errors.total(), 5);
  EXPECT_THAT(
      errors.Format("sales.csv"),
      HasSubstr("2\torder_id\tanother line of this order was rejected"));
  store::ImportBatchRepository batches(db());
  EXPECT_EQ(batches.Get(workspace_, report->batch_id)->rows_skipped, 5);
  EXPECT_EQ(Count("order_lines"), 7 + 2);  // the clean workspace's and O1, O4

  std::string rejects = Read(report->rejects_path);
  EXPECT_EQ(rejects,
            "customer_id,date,order_id,product,quantity,amount,reason\n"
            "C2,2024-01-06,O3,P2,1,oops,amount: is not an amount\n"
            "C1,2024-01-05,O2,P2,1,x50,amount: is not an amount\n"
            "C2,2024-01-06,O3,P3,1,300,order_id: another line of this order "
            "was rejected\n"
            "C9,2024-01-07,O5,P1,1,500,\"customer_id: no customer has this "
            "external_id (import customers first, or use "
            "--create-missing-customers)\"\n"
            "C1,2024-01-05,O2,P1,2,200,order_id: another line of this order "
            "was rejected\n");
  for (auto [bad, good] : {std::pair{"oops", "150"}, std::pair{"x50", "50"},
                           std::pair{"C9,", "C2,"}}) {
    rejects.replace(rejects.find(bad), std::string(bad).size(), good);
  }
  auto fixed = ImportTransactions(db(), workspace_,
                                  Options(Write("fixed.csv", rejects)));
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ(fixed->orders_created, 3);
  EXPECT_EQ(Orders(workspace_), Orders(clean));

  // Both batches revert, the later first.
  EXPECT_TRUE(RevertBatch(db(), workspace_, fixed->batch_id).ok());
  EXPECT_TRUE(RevertBatch(db(), workspace_, report->batch_id).ok());
  EXPECT_EQ(Orders(workspace_), "");
}

TEST_P(TransactionOptionsTest, AllOrNothingStaysTheDefault) {
  ImportErrors errors(1);
  ImportOptions options = Options(Write("sales.csv", kBadFile));
  options.error_report = &errors;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("nothing was imported"));
  EXPECT_EQ(errors.total(), 3);
  EXPECT_EQ(errors.groups()[0].count, 2);  // two bad amounts
  EXPECT_EQ(errors.groups()[0].examples.size(), 1u);
  EXPECT_THAT(errors.ToJson("sales.csv"),
              HasSubstr("{\"column\":\"amount\",\"reason\":\"is not an "
                        "amount\",\"count\":2,\"examples\":[{\"line\":4,"));
  EXPECT_EQ(Count("orders"), 0);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "sales.rejects.csv"));
}

VAFA_INSTANTIATE_BACKEND_TEST(TransactionOptionsTest);

}  // namespace
}  // namespace vafa::import
