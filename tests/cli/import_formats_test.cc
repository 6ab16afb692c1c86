// The file formats of import and export, through the vafa binary on both
// backends: the same Persian customers from UTF-8, Windows-1256 and UTF-16
// CSV and from an .xlsx workbook give identical stores; a transactions
// workbook gives the orders its CSV gives; a non-UTF-8 file is refused with
// its line, byte offset and a hint; .xlsx exports and vCards import back to
// the same store; reports written as .xlsx hold numbers as numbers.
#include <gmock/gmock.h>
#include <soci/soci.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "import/xlsx_reader.h"
#include "store/store_test_support.h"
#include "tests/cli/run_command.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kData = "tests/data/import/";

using testing::Rows;

std::string CustomersOf(const std::string& workspace) {
  return "SELECT c.external_id, c.kind, c.first_name, c.last_name, "
         "c.organisation_name, c.phone, c.email, c.birth_date, c.city, "
         "c.province, c.acquisition_cost_minor, c.joined_at FROM customers c "
         "JOIN workspaces w ON w.id = c.workspace_id WHERE w.slug = '" +
         workspace + "' ORDER BY c.external_id";
}

std::string OrdersOf(const std::string& workspace) {
  return "SELECT o.external_id, c.external_id, o.ordered_at, o.total_minor, "
         "o.line_count, p.sku, l.quantity, l.amount_minor FROM orders o "
         "JOIN customers c ON c.id = o.customer_id "
         "JOIN order_lines l ON l.order_id = o.id "
         "JOIN products p ON p.id = l.product_id "
         "JOIN workspaces w ON w.id = o.workspace_id WHERE w.slug = '" +
         workspace + "' ORDER BY o.external_id, l.line_no";
}

// The text of one part of a ZIP package (an .xlsx file).
std::string ZipPart(const std::string& path, const std::string& part) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (zip == nullptr) return "";
  std::string text;
  if (zip_file_t* file = zip_fopen(zip, part.c_str(), 0)) {
    char block[4096];
    zip_int64_t n;
    while ((n = zip_fread(file, block, sizeof block)) > 0)
      text.append(block, n);
    zip_fclose(file);
  }
  zip_discard(zip);
  return text;
}

class ImportFormatsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_formats_" + std::to_string(getpid()) + "_" +
               store::BackendName(GetParam()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  testing::CommandResult Import(const std::string& workspace,
                                const std::string& kind,
                                const std::string& file,
                                std::vector<std::string> more = {}) {
    std::vector<std::string> args = {
        "--db", scratch_->location(), "--workspace", workspace, "import", kind,
        file,   "--currency",         "USD"};
    args.insert(args.end(), more.begin(), more.end());
    return testing::RunVafa(args);
  }

  std::filesystem::path folder_;
};

TEST_P(ImportFormatsTest, SameCustomersFromEveryEncodingAndFromExcel) {
  auto utf8 = Import("utf8", "customers", kData + "customers_fa.csv");
  ASSERT_EQ(utf8.exit_code, 0) << utf8.output;
  auto cp1256 = Import("cp1256", "customers", kData + "customers_fa_cp1256.csv",
                       {"--encoding", "windows-1256"});
  ASSERT_EQ(cp1256.exit_code, 0) << cp1256.output;
  EXPECT_THAT(cp1256.output, HasSubstr("read as windows-1256"));
  auto guessed =
      Import("guessed", "customers", kData + "customers_fa_cp1256.csv",
             {"--encoding", "auto"});
  ASSERT_EQ(guessed.exit_code, 0) << guessed.output;
  EXPECT_THAT(guessed.output, HasSubstr("read as windows-1256 (guessed: "));
  auto utf16 = Import("utf16", "customers", kData + "customers_fa_utf16.csv");
  ASSERT_EQ(utf16.exit_code, 0) << utf16.output;
  EXPECT_THAT(utf16.output, HasSubstr("read as UTF-16LE"));
  auto xlsx = Import("xlsx", "customers", kData + "customers_fa.xlsx");
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.output;
  EXPECT_THAT(xlsx.output, HasSubstr("read as sheet \"مشتريان\""));

  const auto expected = Rows(db(), CustomersOf("utf8"));
  ASSERT_EQ(expected.size(), 3u);
  // Arabic yeh (Windows-1256 has no Persian yeh) is stored as Persian yeh.
  EXPECT_THAT(expected[0],
              HasSubstr("C1|person|علی|رضایی|NULL|+989121234567|"
                        "ali@example.com|1990-05-17|تهران|NULL|255|"));
  EXPECT_THAT(expected[1], HasSubstr("|120000|"));
  for (const char* workspace : {"cp1256", "guessed", "utf16", "xlsx"}) {
    EXPECT_EQ(Rows(db(), CustomersOf(workspace)), expected) << workspace;
  }
}

TEST_P(ImportFormatsTest, TransactionsFromExcelMatchTheirCsv) {
  for (const char* workspace : {"csv", "xlsx"}) {
    auto customers = Import(workspace, "customers", kData + "customers_fa.csv");
    ASSERT_EQ(customers.exit_code, 0) << customers.output;
  }
  auto csv = Import("csv", "transactions", kData + "transactions.csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  auto xlsx = Import("xlsx", "transactions", kData + "transactions.xlsx");
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.output;
  const auto expected = Rows(db(), OrdersOf("csv"));
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_THAT(expected[1], HasSubstr("|P2|1|330"));
  EXPECT_EQ(Rows(db(), OrdersOf("xlsx")), expected);
}

TEST_P(ImportFormatsTest, NonUtf8FileIsRefusedWithLineOffsetAndHint) {
  auto refused =
      Import("refused", "customers", kData + "customers_fa_cp1256.csv");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output,
              HasSubstr("customers_fa_cp1256.csv:1: column 1: invalid UTF-8 "
                        "at byte offset 0 (0x98); the file is not UTF-8: "
                        "pass --encoding windows-1256"));
  EXPECT_TRUE(Rows(db(), CustomersOf("refused")).empty());
  auto wrong = Import("wrong", "customers", kData + "customers_fa_utf16.csv",
                      {"--encoding", "windows-1256"});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.output,
              HasSubstr("begins with a UTF-16LE byte-order mark"));
}

TEST_P(ImportFormatsTest, XlsxExportImportsIntoTheSameStore) {
  auto demo =
      testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                        "120", "--seed", "3", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  const std::string out = (folder_ / "xlsx").string();
  auto exported = testing::RunVafa({"--db", scratch_->location(), "export",
                                    "--out", out, "--format", "xlsx"});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  // An IRR workspace reads right to left; a cell is never a formula.
  const std::string sheet =
      ZipPart(out + "/customers.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr("rightToLeft=\"1\""));
  EXPECT_THAT(sheet, Not(HasSubstr("<f>")));
  for (const char* kind : {"customers", "transactions", "interactions"}) {
    auto imported =
        testing::RunVafa({"--db", scratch_->location(), "--workspace", "copy",
                          "import", kind, out + "/" + kind + ".xlsx"});
    ASSERT_EQ(imported.exit_code, 0) << kind << ": " << imported.output;
  }
  const auto source = Rows(db(), OrdersOf("demo"));
  EXPECT_GT(source.size(), 100u);
  EXPECT_EQ(Rows(db(), OrdersOf("copy")), source);
  EXPECT_EQ(Rows(db(), CustomersOf("copy")), Rows(db(), CustomersOf("demo")));
}

TEST_P(ImportFormatsTest, VcardExportImportsBackTheContactFields) {
  auto demo =
      testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                        "150", "--seed", "4", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  const std::string out = (folder_ / "vcf").string();
  auto exported = testing::RunVafa({"--db", scratch_->location(), "export",
                                    "--out", out, "--format", "vcf"});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_THAT(exported.output, HasSubstr("customers.vcf\t"));
  EXPECT_FALSE(std::filesystem::exists(out + "/transactions.vcf"));
  auto imported =
      testing::RunVafa({"--db", scratch_->location(), "--workspace", "cards",
                        "import", "customers", out + "/customers.vcf"});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const std::string fields =
      "SELECT c.external_id, c.kind, c.first_name, c.last_name, "
      "c.organisation_name, c.phone, c.email, c.birth_date, c.city, "
      "c.province FROM customers c JOIN workspaces w ON w.id = "
      "c.workspace_id WHERE w.slug = '";
  const auto source = Rows(db(), fields + "demo' ORDER BY c.external_id");
  EXPECT_GT(source.size(), 100u);
  EXPECT_EQ(Rows(db(), fields + "cards' ORDER BY c.external_id"), source);
}

TEST_P(ImportFormatsTest, ReportsAsXlsxHoldNumbersAsNumbers) {
  auto demo =
      testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                        "100", "--seed", "2", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  const std::string out = (folder_ / "reports").string();
  auto analyzed =
      testing::RunVafa({"--db", scratch_->location(), "analyze", "--report",
                        "rfm", "--out", out, "--format", "xlsx", "--rtl"});
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.output;
  const std::string sheet =
      ZipPart(out + "/rfm.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr("rightToLeft=\"1\""));
  // Number cells have no type attribute (t="s" or t="inlineStr" is text).
  EXPECT_THAT(sheet, ::testing::ContainsRegex("<c r=\"[A-Z]+2\"><v>"));
  auto reader = import::XlsxReader::Open(out + "/rfm.xlsx", "rfm.xlsx");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*(*reader)->Next(fields));
  EXPECT_GT(fields.size(), 3u);
  int rows = 0;
  while (*(*reader)->Next(fields)) ++rows;
  EXPECT_GT(rows, 50);
}

VAFA_INSTANTIATE_BACKEND_TEST(ImportFormatsTest);

}  // namespace
}  // namespace vafa
