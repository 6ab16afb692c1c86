// A raw invoice export (tests/data/invoices: CamelCase headers, M/D/YY H:MM
// dates, unit prices in pounds, cancellations, lines without a customer)
// imports in one command, and the store it makes holds the same customers,
// orders and revenue as the same data converted by hand. Also: a column
// mapping saved as a profile and used again; lines without a customer kept
// as anonymous sales, which basket analysis mines and customer analytics
// leave out. Both backends.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::vafa::testing::RunVafa;

class InvoiceImportTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_invoices_" + std::to_string(::getpid()) + "_" +
               std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  testing::CommandResult Vafa(const std::string& workspace,
                              std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--db", scratch_->location(), "--workspace", workspace});
    return RunVafa(args);
  }
  std::string Copy(const std::string& name) {
    const std::filesystem::path to = folder_ / name;
    std::filesystem::copy_file("tests/data/invoices/" + name, to);
    return to.string();
  }
  // Customers, orders (with their customer, time, total and line count) and
  // revenue of a workspace, by the file's keys.
  std::string Summary(const std::string& workspace) {
    std::ostringstream out;
    long long customers = 0, orders = 0, revenue = 0;
    db().sql() << "SELECT COUNT(*) FROM customers c JOIN workspaces w ON w.id "
                  "= c.workspace_id WHERE w.slug = :s",
        soci::use(workspace), soci::into(customers);
    db().sql() << "SELECT COUNT(*), COALESCE(SUM(o.total_minor), 0) FROM "
                  "orders o JOIN workspaces w ON w.id = o.workspace_id WHERE "
                  "w.slug = :s",
        soci::use(workspace), soci::into(orders), soci::into(revenue);
    out << customers << " customers, " << orders << " orders, revenue "
        << revenue << "\n";
    soci::rowset<soci::row> rows =
        (db().sql().prepare
             << "SELECT o.external_id, c.external_id, o.ordered_at, "
                "o.total_minor, o.line_count, o.currency FROM orders o JOIN "
                "customers c ON c.id = o.customer_id JOIN workspaces w ON w.id "
                "= o.workspace_id WHERE w.slug = :s ORDER BY o.external_id",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      out << row.get<std::string>(0) << '|' << row.get<std::string>(1) << '|'
          << row.get<long long>(2) << '|' << row.get<long long>(3) << '|'
          << row.get<int>(4) << '|' << row.get<std::string>(5) << '\n';
    }
    return out.str();
  }

  std::filesystem::path folder_;
};

TEST_P(InvoiceImportTest, ARawInvoiceExportImportsLikeItsHandConversion) {
  const std::string raw = Copy("invoices.csv");
  auto imported = Vafa(
      "raw", {"import", "transactions", raw, "--currency", "GBP", "--on-error",
              "skip", "--anonymous", "skip", "--create-missing-customers",
              "--report", (folder_ / "report.json").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("dates read as month-first"));
  EXPECT_THAT(imported.output, HasSubstr("lines without a customer left out"));
  EXPECT_THAT(imported.output, HasSubstr("had amounts rounded to the GBP"));
  EXPECT_THAT(imported.output, ::testing::Not(HasSubstr("skipped")));
  EXPECT_FALSE(std::filesystem::exists(folder_ / "invoices.rejects.csv"));
  std::ifstream report(folder_ / "report.json");
  std::string json((std::istreambuf_iterator<char>(report)), {});
  EXPECT_THAT(json, HasSubstr("\"ok\":true"));
  EXPECT_THAT(json, HasSubstr("\"currency\":\"GBP\""));

  auto converted =
      Vafa("hand", {"import", "transactions", Copy("invoices_converted.csv"),
                    "--currency", "GBP", "--create-missing-customers"});
  ASSERT_EQ(converted.exit_code, 0) << converted.output;
  const std::string hand = Summary("hand");
  EXPECT_THAT(hand, HasSubstr("14 customers"));
  EXPECT_EQ(Summary("raw"), hand);
}

TEST_P(InvoiceImportTest, AnonymousSalesKeptAreBasketsButNoOnesPurchases) {
  auto kept =
      Vafa("raw", {"import", "transactions", Copy("invoices.csv"), "--currency",
                   "GBP", "--on-error", "skip", "--anonymous", "keep",
                   "--create-missing-customers"});
  ASSERT_EQ(kept.exit_code, 0) << kept.output;
  EXPECT_THAT(kept.output,
              HasSubstr("62 lines without a customer kept as anonymous sales"));
  auto list = Vafa("raw", {"import", "list"});
  // skipped, anonymous
  EXPECT_THAT(list.output, HasSubstr("\t0\t62\t"));
  long long anonymous_orders = 0, customers = 0;
  db().sql() << "SELECT COUNT(*) FROM orders WHERE customer_id IS NULL",
      soci::into(anonymous_orders);
  db().sql() << "SELECT COUNT(*) FROM customers", soci::into(customers);
  EXPECT_EQ(anonymous_orders, 14);
  EXPECT_EQ(customers, 14);

  auto hand =
      Vafa("hand", {"import", "transactions", Copy("invoices_converted.csv"),
                    "--currency", "GBP", "--create-missing-customers"});
  ASSERT_EQ(hand.exit_code, 0) << hand.output;
  // Customer analytics see the same purchases as without the anonymous
  // sales.
  auto raw_rfm = Vafa("raw", {"analyze", "--report", "rfm", "--no-scores"});
  ASSERT_EQ(raw_rfm.exit_code, 0) << raw_rfm.output;
  auto hand_rfm = Vafa("hand", {"analyze", "--report", "rfm", "--no-scores"});
  EXPECT_EQ(raw_rfm.output, hand_rfm.output);

  // Basket analysis mines them too: the baskets of customers, then those of
  // anonymous sales with a positive total.
  auto raw_basket = Vafa("raw", {"basket", "--format", "json", "--min-support",
                                 "1", "--no-scores"});
  ASSERT_EQ(raw_basket.exit_code, 0) << raw_basket.output;
  auto hand_basket = Vafa("hand", {"basket", "--format", "json",
                                   "--min-support", "1", "--no-scores"});
  ASSERT_EQ(hand_basket.exit_code, 0) << hand_basket.output;
  const auto with = nlohmann::json::parse(raw_basket.output);
  const auto without = nlohmann::json::parse(hand_basket.output);
  EXPECT_EQ(without["anonymous_baskets"], 0);
  EXPECT_GT(with["anonymous_baskets"].get<int64_t>(), 0);
  EXPECT_EQ(with["baskets"].get<int64_t>(),
            without["baskets"].get<int64_t>() +
                with["anonymous_baskets"].get<int64_t>());

  // Exported, they come back with an empty customer and import back kept.
  const std::string out = (folder_ / "export").string();
  auto exported = Vafa("raw", {"export", "--out", out});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  auto again =
      Vafa("copy",
           {"import", "transactions", out + "/transactions.csv", "--currency",
            "GBP", "--anonymous", "keep", "--create-missing-customers"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("62 lines without a customer kept"));
}

TEST_P(InvoiceImportTest, BadRowsGoToTheRejectsFileAndTheReportCountsThem) {
  std::string text;
  {
    std::ifstream in("tests/data/invoices/invoices.csv");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // One unit price that is not a number, on an invoice of one line.
  const std::string bad_line =
      "536999,22423,REGENCY CAKESTAND 3 TIER,1,1/5/11 9:00,12.7x,17850,"
      "United Kingdom\n";
  const std::string path = (folder_ / "sales.csv").string();
  std::ofstream(path, std::ios::binary) << text << bad_line;

  auto refused =
      Vafa("raw", {"import", "transactions", path, "--currency", "GBP",
                   "--anonymous", "skip", "--create-missing-customers"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("1\tunit_price\tis not an amount"));
  EXPECT_THAT(refused.output, HasSubstr("nothing was imported"));

  auto skipped = Vafa("raw", {"import", "transactions", path, "--currency",
                              "GBP", "--anonymous", "skip", "--on-error",
                              "skip", "--create-missing-customers"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_THAT(skipped.output,
              HasSubstr("1 bad rows skipped, written to " +
                        (folder_ / "sales.rejects.csv").string()));
  std::ifstream rejects(folder_ / "sales.rejects.csv");
  std::string rejected((std::istreambuf_iterator<char>(rejects)), {});
  EXPECT_EQ(rejected,
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
            "CustomerID,Country,reason\n" +
                bad_line.substr(0, bad_line.size() - 1) +
                ",unit_price: is not an amount\n");
  auto list = Vafa("raw", {"import", "list"});
  // updated, unchanged, skipped
  EXPECT_THAT(list.output, HasSubstr("\t0\t0\t1\t"));
}

TEST_P(InvoiceImportTest, AMappingSavedAsAProfileIsUsedAgainByName) {
  const std::string path = (folder_ / "beleg.csv").string();
  std::ofstream(path) << "Kunde,Datum,Beleg,Artikel,Betrag\n"
                         "K1,05.11.2024,B1,A1,12.50\n";
  auto first = Vafa("shop", {"import", "transactions", path, "--currency",
                             "EUR", "--create-missing-customers",
                             "--date-format", "%d.%m.%Y", "--map",
                             "Kunde=customer_id,Datum=date,Beleg=order_id,"
                             "Artikel=product,Betrag=amount",
                             "--save-profile", "kasse"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("saved the column mapping"));
  auto profiles = Vafa("shop", {"import", "profiles"});
  EXPECT_THAT(profiles.output,
              HasSubstr("kasse\ttransactions\tKunde=customer_id,Datum=date"));

  std::ofstream(path) << "Kunde,Datum,Beleg,Artikel,Betrag\n"
                         "K1,06.11.2024,B2,A1,7.50\n";
  auto again =
      Vafa("shop", {"import", "transactions", path, "--currency", "EUR",
                    "--date-format", "%d.%m.%Y", "--profile", "kasse"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(Summary("shop"),
              HasSubstr("1 customers, 2 orders, revenue 2000"));
  auto wrong =
      Vafa("shop", {"import", "customers", path, "--profile", "kasse"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.output, HasSubstr("is for transactions files"));
  EXPECT_EQ(Vafa("shop", {"import", "profiles", "--delete", "kasse"}).exit_code,
            0);
  EXPECT_THAT(Vafa("shop", {"import", "profiles"}).output,
              ::testing::Not(HasSubstr("kasse")));
}

VAFA_INSTANTIATE_BACKEND_TEST(InvoiceImportTest);

}  // namespace
}  // namespace vafa
