#include "pipeline/transaction_source.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>

#include "analytics/customer_summary.h"
#include "core/dates.h"
#include "import/importer.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::pipeline {
using analytics::CustomerSummary;
using analytics::SummarizeCustomers;
using analytics::TransactionLog;

namespace {

using ::testing::HasSubstr;

constexpr char kLines[] =
    "customer_id,date,order_id,product,category,amount,discount,cost,channel\n"
    "C1,1403/08/15,O1,P1,tea,120000,10000,70000,store\n"
    "C1,1403/08/15,O1,P2,nuts,80000,,,store\n"
    "C2,2024-11-20,O2,P1,tea,60000,,30000,online\n"
    "C1,2024-12-01,O3,P2,nuts,-20000,,,store\n"
    "C2,2024-12-02,O4,P3,,45000,,20000,online\n";

class TransactionSourceTest : public store::BackendTest {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() /
                (name + std::to_string(::getpid()) + "_" +
                 store::BackendName(GetParam()));
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path.string();
  }
  void TearDown() override {
    for (auto& p : paths_) std::filesystem::remove(p);
  }
  std::vector<std::filesystem::path> paths_;
};

TEST_P(TransactionSourceTest, CsvAndStoreGiveTheSameSnapshot) {
  std::string transactions = Write("tx", kLines);
  auto from_csv = LoadTransactionsCsv(transactions, "IRR");
  ASSERT_TRUE(from_csv.ok()) << from_csv.status().ToString();

  store::WorkspaceRepository workspaces(db());
  int64_t workspace = workspaces.Create("shop", "Shop")->id;
  import::ImportOptions options;
  options.path = Write("c", "external_id\nC1\nC2\n");
  ASSERT_TRUE(import::ImportCustomers(db(), workspace, options).ok());
  options.path = transactions;
  ASSERT_TRUE(import::ImportTransactions(db(), workspace, options).ok());
  auto from_store = LoadTransactionsFromStore(db(), workspace);
  ASSERT_TRUE(from_store.ok()) << from_store.status().ToString();

  const TransactionLog& a = from_csv->log;
  const TransactionLog& b = from_store->log;
  EXPECT_EQ(a.customer_keys, b.customer_keys);
  EXPECT_EQ(a.order_count(), 4);
  EXPECT_EQ(a.line_count(), 5);
  EXPECT_EQ(a.customer, b.customer);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.amount, b.amount);
  EXPECT_EQ(a.discount, b.discount);
  EXPECT_EQ(a.cost, b.cost);
  EXPECT_EQ(a.item_begin, b.item_begin);
  EXPECT_EQ(from_csv->last_day, from_store->last_day);
  ASSERT_EQ(from_store->customer_ids.size(), 2u);
  EXPECT_NE(from_store->customer_ids[0], from_store->customer_ids[1]);

  DayNumber as_of = from_csv->last_day + 1;
  CustomerSummary sa = SummarizeCustomers(a, as_of, 1);
  CustomerSummary sb = SummarizeCustomers(b, as_of, 2);
  EXPECT_EQ(sa.revenue, sb.revenue);
  EXPECT_EQ(sa.orders, sb.orders);
  EXPECT_EQ(sa.revenue[0], 180000);  // C1: 120000 + 80000 - 20000 refund
}

// Deleted orders and the orders of deleted customers are left out; the
// rest keep their customers' store ids and acquisition costs.
TEST_P(TransactionSourceTest, StoreLeavesOutDeletedOrdersAndCustomers) {
  store::WorkspaceRepository workspaces(db());
  int64_t workspace = workspaces.Create("shop", "Shop")->id;
  import::ImportOptions options;
  options.path =
      Write("c", "external_id,acquisition_cost\nC1,5000\nC2,\nC3,7\n");
  ASSERT_TRUE(import::ImportCustomers(db(), workspace, options).ok());
  options.path = Write(
      "tx", std::string(kLines) + "C3,2024-12-03,O5,P1,tea,1000,,,store\n");
  ASSERT_TRUE(import::ImportTransactions(db(), workspace, options).ok());
  db().sql() << "UPDATE orders SET deleted_at = 1 WHERE external_id = 'O4'";
  db().sql() << "UPDATE customers SET deleted_at = 1 WHERE external_id = "
                "'C3'";
  long long c1 = 0;
  db().sql() << "SELECT id FROM customers WHERE external_id = 'C1'",
      soci::into(c1);

  auto loaded = LoadTransactionsFromStore(db(), workspace);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const TransactionLog& log = loaded->log;
  EXPECT_EQ(log.customer_keys, (std::vector<std::string>{"C1", "C2"}));
  EXPECT_EQ(log.order_count(), 3);  // O1, O2, O3
  EXPECT_EQ(log.line_count(), 4);
  ASSERT_EQ(loaded->customer_ids.size(), 2u);
  EXPECT_EQ(loaded->customer_ids[0], c1);
  EXPECT_EQ(loaded->acquisition_cost, (std::vector<int64_t>{5000, 0}));
  EXPECT_EQ(FormatGregorian(loaded->last_day), "2024-12-01");
}

TEST_P(TransactionSourceTest, BadCsvRowsAreNamedAsTheImporterNamesThem) {
  std::string path =
      Write("bad",
            "customer_id,date,order_id,product,amount\n"
            "C1,2024-13-01,O1,P1,100\nC2,2024-01-01,O2,P1,abc\n");
  auto loaded = LoadTransactionsCsv(path, "IRR");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(),
              HasSubstr(path + ":2: column \"date\""));
  EXPECT_THAT(loaded.status().message(),
              HasSubstr(path + ":3: column \"amount\""));
}

VAFA_INSTANTIATE_BACKEND_TEST(TransactionSourceTest);

}  // namespace
}  // namespace vafa::pipeline
