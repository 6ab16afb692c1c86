// `vafa import KIND FILE --preview` through the binary, on both backends:
// it shows the mapping, how the file's text and dates are read, the first
// rows as they would be stored and the errors, as text or as one JSON
// document, for CSV in another encoding and for .xlsx workbooks, and the
// store keeps every row of every table as it was.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/store_test_support.h"
#include "tests/cli/cli_store_test.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

const std::string kData = "tests/data/import/";

class ImportPreviewCliTest : public testing::CliStoreTest {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // Every table with its number of rows, and the rows of those an import
  // writes.
  std::vector<std::string> EveryTable() {
    const std::string tables =
        db().backend() == store::Backend::kPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE "
              "table_schema = current_schema() AND table_type = 'BASE TABLE' "
              "ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
              "NOT LIKE 'sqlite_%' ORDER BY name";
    std::vector<std::string> out;
    for (const std::string& table : testing::Rows(db(), tables)) {
      for (const std::string& count :
           testing::Rows(db(), "SELECT COUNT(*) FROM " + table)) {
        out.push_back(table + ": " + count);
      }
    }
    for (const char* table : {"customers", "orders", "order_lines", "products",
                              "import_batches", "audit_log"}) {
      auto rows = testing::Rows(
          db(), std::string("SELECT * FROM ") + table + " ORDER BY 1");
      out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
  }
};

TEST_P(ImportPreviewCliTest, ShowsMappingDatesRowsAndErrorsAndWritesNothing) {
  auto customers =
      Vafa({"import", "customers", kData + "customers_fa_cp1256.csv",
            "--encoding", "auto", "--currency", "USD"});
  ASSERT_EQ(customers.exit_code, 0) << customers.output;
  const std::string file =
      Write("sales.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
            "CustomerID,Country\n"
            "536365,P1,Heart,6,12/1/10 8:26,2.55,C1,UK\n"
            "536366,P2,Lantern,2,12/13/10 9:00,x,C2,UK\n"
            "536367,P1,Heart,1,12/14/10 9:00,2.55,C2,UK\n");
  const auto before = EveryTable();

  auto shown = Vafa({"import", "transactions", file, "--currency", "GBP",
                     "--on-error", "skip", "--preview"});
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_THAT(shown.output, HasSubstr("nothing was written"));
  EXPECT_THAT(shown.output, HasSubstr("  InvoiceNo -> order_id\n"));
  EXPECT_THAT(shown.output, HasSubstr("  Country -> (ignored)\n"));
  EXPECT_THAT(shown.output,
              HasSubstr("dates read as month-first (%m/%d/%y %H:%M)"));
  EXPECT_THAT(shown.output, HasSubstr("\n2\t536365\tC1\t2010-12-01T08:26:00Z\t"
                                      "P1\tHeart\t\t6\t15.30\t"));
  EXPECT_THAT(shown.output, HasSubstr("unit_price"));
  EXPECT_THAT(shown.output, HasSubstr("skipped 1"));
  EXPECT_EQ(EveryTable(), before);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "sales.rejects.csv"));

  auto as_json = Vafa({"import", "transactions", file, "--currency", "GBP",
                       "--preview", "--format", "json"},
                      /*with_stderr=*/false);
  EXPECT_EQ(as_json.exit_code, 1) << "all or nothing: the file is refused";
  json preview = json::parse(as_json.output);
  EXPECT_FALSE(preview["accepted"]);
  EXPECT_EQ(preview["columns"][0]["field"], "order_id");
  EXPECT_TRUE(preview["columns"][7]["field"].is_null());
  EXPECT_EQ(preview["rows"].size(), 2u);
  EXPECT_EQ(preview["rows"][1]["values"][7], "2.55");
  EXPECT_EQ(preview["errors"]["groups"][0]["column"], "unit_price");
  EXPECT_EQ(EveryTable(), before);
}

TEST_P(ImportPreviewCliTest, ReadsEncodingsAndWorkbooksAsTheImportWould) {
  auto created = Vafa({"workspace", "create", "shop"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto before = EveryTable();
  auto cp1256 = Vafa({"import", "customers", kData + "customers_fa_cp1256.csv",
                      "--encoding", "auto", "--currency", "USD", "--preview"});
  EXPECT_EQ(cp1256.exit_code, 0) << cp1256.output;
  EXPECT_THAT(cp1256.output, HasSubstr("read as windows-1256 (guessed: "));
  EXPECT_THAT(cp1256.output, HasSubstr("-> external_id\n"));
  // Arabic yeh is stored as Persian yeh, the phone in E.164.
  EXPECT_THAT(cp1256.output,
              HasSubstr("create\tC1\tعلی\tرضایی\t+989121234567"));

  auto workbook = Vafa(
      {"import", "transactions", kData + "transactions.xlsx", "--currency",
       "USD", "--create-missing-customers", "--preview", "--format", "json"},
      /*with_stderr=*/false);
  EXPECT_EQ(workbook.exit_code, 0) << workbook.output;
  json preview = json::parse(workbook.output);
  EXPECT_THAT(preview["read_as"].get<std::string>(), HasSubstr("sheet"));
  ASSERT_EQ(preview["rows"].size(), 3u);
  EXPECT_EQ(preview["rows"][0]["values"][7], "10.50");
  EXPECT_EQ(preview["counts"]["orders_created"], 2);
  EXPECT_EQ(EveryTable(), before);
}

TEST_P(ImportPreviewCliTest, DoesNotCreateTheWorkspace) {
  auto shown =
      Vafa({"import", "customers", kData + "customers_fa.csv", "--preview"});
  EXPECT_NE(shown.exit_code, 0);
  EXPECT_THAT(shown.output, HasSubstr("no workspace \"shop\""));
  EXPECT_TRUE(testing::Rows(db(),
                            "SELECT slug FROM workspaces WHERE slug = "
                            "'shop'")
                  .empty());
  EXPECT_THAT(shown.output, Not(HasSubstr("preview of")));
}

VAFA_INSTANTIATE_BACKEND_TEST(ImportPreviewCliTest);

}  // namespace
}  // namespace vafa
