// --on-error skip and --date-format for customers and interactions, as for
// transactions: the good rows are imported, the bad ones written unchanged
// to a rejects file with a reason, and the rejects, once fixed, complete
// the import to the store a clean file gives. Both backends.
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "import/importer.h"
#include "import/internal/import_test_support.h"
#include "store/import_batch_repository.h"
#include "store/workspace_repository.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

class SkipBadRowsTest : public ImportTest {
 protected:
  int64_t NewWorkspace(const std::string& slug) {
    store::WorkspaceRepository workspaces(db());
    return workspaces.Create(slug, slug, "IRR")->id;
  }
  std::string Customers(int64_t workspace_id) {
    return Select(
        "SELECT external_id, first_name, phone, birth_date, joined_at FROM "
        "customers WHERE workspace_id = :w ORDER BY external_id",
        workspace_id);
  }
  std::string Interactions(int64_t workspace_id) {
    return Select(
        "SELECT c.external_id, i.external_id, i.occurred_at, i.type, "
        "i.direction FROM interactions i JOIN customers c ON c.id = "
        "i.customer_id WHERE i.workspace_id = :w ORDER BY i.external_id",
        workspace_id);
  }
  std::string Select(const std::string& sql, int64_t workspace_id) {
    long long w = workspace_id;
    soci::rowset<soci::row> rows = (db().sql().prepare << sql, soci::use(w));
    std::string out;
    for (const soci::row& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (row.get_indicator(i) == soci::i_null) {
          out += "NULL";
        } else if (row.get_properties(i).get_data_type() == soci::dt_string) {
          out += row.get<std::string>(i);
        } else if (row.get_properties(i).get_data_type() == soci::dt_integer) {
          out += std::to_string(row.get<int>(i));
        } else {
          out += std::to_string(row.get<long long>(i));
        }
        out += '|';
      }
      out += '\n';
    }
    return out;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static void Replace(std::string& text, const std::string& from,
                      const std::string& to) {
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
};

constexpr char kCleanCustomers[] =
    "external_id,first_name,phone,birth_date,joined_at\n"
    "K1,Nima,09121110000,17/05/1990,01/03/2024\n"
    "K2,Tara,09121110001,01/12/1985,02/03/2024\n"
    "K3,Dara,09121110002,,03/03/2024\n"
    "K4,Sam,09121110003,05/06/2001,04/03/2024\n";

TEST_P(SkipBadRowsTest, CustomersFixedFromTheirRejectsEqualACleanFile) {
  const int64_t clean = NewWorkspace("clean");
  ImportOptions options = Options(Write("clean.csv", kCleanCustomers));
  options.date_format = "%d/%m/%Y";
  auto imported = ImportCustomers(db(), clean, options);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_THAT(Customers(clean), HasSubstr("K1|Nima|+989121110000|1990-05-17|"));

  std::string bad = kCleanCustomers;
  Replace(bad, "09121110001", "not a phone");
  Replace(bad, "05/06/2001", "5th June");
  options = Options(Write("crm.csv", bad));
  options.date_format = "%d/%m/%Y";
  ImportErrors errors;
  options.error_report = &errors;
  EXPECT_FALSE(ImportCustomers(db(), workspace_, options).ok())
      << "all or nothing by default";
  EXPECT_EQ(Count("customers"), 4);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "crm.rejects.csv"));

  options.on_error = OnError::kSkip;
  auto report = ImportCustomers(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->skipped, 2);
  EXPECT_EQ(errors.total(), 2);
  EXPECT_EQ(report->rejects_path, (folder_ / "crm.rejects.csv").string());
  std::string rejects = Read(report->rejects_path);
  EXPECT_THAT(rejects,
              ::testing::StartsWith(
                  "external_id,first_name,phone,birth_date,joined_at,reason\n"
                  "K2,Tara,not a phone,01/12/1985,02/03/2024,\"phone: "));
  EXPECT_THAT(rejects, HasSubstr("is not a phone number\"\n"
                                 "K4,Sam,09121110003,5th June,04/03/2024,"
                                 "birth_date: is not a date in the format "
                                 "%d/%m/%Y\n"));
  store::ImportBatchRepository batches(db());
  EXPECT_EQ(batches.Get(workspace_, report->batch_id)->rows_skipped, 2);

  Replace(rejects, "not a phone", "09121110001");
  Replace(rejects, "5th June", "05/06/2001");
  options = Options(Write("fixed.csv", rejects));
  options.date_format = "%d/%m/%Y";
  options.on_error = OnError::kSkip;
  report = ImportCustomers(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->skipped, 0);
  EXPECT_TRUE(report->rejects_path.empty());
  EXPECT_FALSE(std::filesystem::exists(folder_ / "fixed.rejects.csv"));
  EXPECT_EQ(Customers(workspace_), Customers(clean));
}

constexpr char kCleanInteractions[] =
    "customer_id,date,type,direction,interaction_id\n"
    "K1,17/05/2024 10:30,call,in,I-1\n"
    "K2,18/05/2024 11:00,visit,out,I-2\n"
    "K1,19/05/2024 09:15,email,out,I-3\n";

TEST_P(SkipBadRowsTest, InteractionsFixedFromTheirRejectsEqualACleanFile) {
  const int64_t clean = NewWorkspace("clean");
  for (int64_t workspace : {clean, workspace_}) {
    ASSERT_TRUE(
        ImportCustomers(db(), workspace,
                        Options(Write("c.csv", "external_id\nK1\nK2\n")))
            .ok());
  }
  ImportOptions options = Options(Write("clean.csv", kCleanInteractions));
  options.date_format = "%d/%m/%Y %H:%M";
  ASSERT_TRUE(ImportInteractions(db(), clean, options).ok());
  EXPECT_THAT(Interactions(clean), HasSubstr("K1|I-1|1715941800|call|inbound"));

  std::string bad = kCleanInteractions;
  Replace(bad, "K2,18/05", "K9,18/05");
  Replace(bad, "email,out", "email,sideways");
  options = Options(Write("log.csv", bad));
  options.date_format = "%d/%m/%Y %H:%M";
  options.on_error = OnError::kSkip;
  auto report = ImportInteractions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 1);
  EXPECT_EQ(report->skipped, 2);
  std::string rejects = Read(report->rejects_path);
  EXPECT_THAT(rejects, HasSubstr("K9,18/05/2024 11:00,visit,out,I-2,"
                                 "customer_id: no customer has this"));
  EXPECT_THAT(rejects, HasSubstr("direction: is not inbound or outbound\n"));

  Replace(rejects, "K9,", "K2,");
  Replace(rejects, "sideways", "out");
  options = Options(Write("fixed.csv", rejects));
  options.date_format = "%d/%m/%Y %H:%M";
  report = ImportInteractions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(Interactions(workspace_), Interactions(clean));
}

TEST_P(SkipBadRowsTest, AnOrderLeftOutLeavesNoProductOrCustomerOfItsOwn) {
  ImportOptions options =
      Options(Write("sales.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,2024-01-05,O1,P1,100\n"
                    "C9,2024-01-06,O2,P9,50\n"
                    "C1,2024-01-06,O3,P1,70\n"
                    "C9,2024-01-06,O2,P1,oops\n"
                    "C1,2024-01-07,O4,P8,20\n"
                    "C8,2024-01-07,O5,P8,30\n"
                    "C8,2024-01-07,O5,P7,x\n"));
  options.on_error = OnError::kSkip;
  options.create_missing_customers = true;
  auto report = ImportTransactions(db(), workspace_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->orders_created, 3);
  // P9 and C9 came only with O2, C8 only with O5; P8 is also in O4.
  EXPECT_EQ(Select("SELECT sku FROM products WHERE workspace_id = :w ORDER "
                   "BY sku",
                   workspace_),
            "P1|\nP8|\n");
  EXPECT_EQ(Select("SELECT external_id FROM customers WHERE workspace_id = "
                   ":w ORDER BY external_id",
                   workspace_),
            "C1|\n");
  EXPECT_EQ(Count("customer_search_terms"),
            Count("customer_search_terms WHERE customer_id IN (SELECT id "
                  "FROM customers)"));
  EXPECT_EQ(report->products_created, 2);
  EXPECT_EQ(report->customers_created, 1);

  // The fixed rejects import the two orders with their product and
  // customers.
  std::string rejects = Read(report->rejects_path);
  Replace(rejects, "oops", "60");
  Replace(rejects, ",x,", ",40,");
  report = ImportTransactions(db(), workspace_, [&] {
    ImportOptions fixed = Options(Write("fixed.csv", rejects));
    fixed.create_missing_customers = true;
    return fixed;
  }());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->orders_created, 2);
  EXPECT_EQ(Select("SELECT sku FROM products WHERE workspace_id = :w ORDER "
                   "BY sku",
                   workspace_),
            "P1|\nP7|\nP8|\nP9|\n");
}

VAFA_INSTANTIATE_BACKEND_TEST(SkipBadRowsTest);

}  // namespace
}  // namespace vafa::import
