// `vafa retention --holdings` through the binary, on SQLite and PostgreSQL:
// a workspace whose holdings reproduce the two published cohorts (Fader &
// Hardie 2007: regular and high-end customers, alive at years 0-7) gives
// the published sBG fits, with customers who hold more than one product
// alive until their last holding closes.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_store_test.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

class HoldingsRetentionTest : public testing::CliStoreTest {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // One cohort of customers who opened in 2000 and left as `alive` says;
  // a leaver also held a card that closed a year before the account (or
  // with it, in the first year), which must not end the customer sooner.
  void AddCohort(const std::string& branch, const std::string& prefix,
                 const std::vector<int>& alive, std::string& customers,
                 std::string& holdings) {
    int customer = 0;
    for (size_t year = 0; year < alive.size(); ++year) {
      const int leaving =
          year + 1 < alive.size() ? alive[year] - alive[year + 1] : alive[year];
      const bool stays = year + 1 == alive.size();
      for (int k = 0; k < leaving; ++k, ++customer) {
        const std::string id = prefix + std::to_string(customer);
        customers += id + ",Customer " + id + "\n";
        const std::string closed =
            stays ? "" : std::to_string(2000 + year) + "-09-30";
        holdings += "A" + id + "," + id + ",SAV,account,2000-02-01," + closed +
                    "," + branch + "\n";
        if (!stays) {
          const std::string card_closed =
              std::to_string(2000 + (year == 0 ? 0 : year - 1)) + "-05-31";
          holdings += "K" + id + "," + id + ",CARD,card,2000-03-15," +
                      card_closed + "," + branch + "\n";
        }
      }
    }
  }
};

std::map<std::string, double> Parameters(const nlohmann::json& model) {
  std::map<std::string, double> out;
  for (const auto& p : model["parameters"]) out[p["name"]] = p["value"];
  return out;
}

TEST_P(HoldingsRetentionTest, HoldingsOfThePublishedCohortsGiveTheirFits) {
  std::string customers = "external_id,first_name\n";
  std::string holdings =
      "account_number,customer_id,product,product_type,open_date,close_date,"
      "branch\n";
  AddCohort("Regular", "R", {1000, 631, 468, 382, 326, 289, 262, 241},
            customers, holdings);
  AddCohort("High end", "H", {1000, 869, 743, 653, 593, 551, 517, 491},
            customers, holdings);
  auto made = Vafa({"import", "customers", Write("c.csv", customers)});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto held = Vafa({"import", "holdings", Write("h.csv", holdings)});
  ASSERT_EQ(held.exit_code, 0) << held.output;

  auto run = Vafa({"retention", "--holdings", "--by", "branch", "--as-of",
                   "2007-06-30", "--model", "sbg", "--format", "json"},
                  /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto document = nlohmann::json::parse(run.output);
  EXPECT_EQ(document["source"], "holdings");
  ASSERT_EQ(document["cohorts"].size(), 2u);
  const auto& high_end = document["cohorts"][0];
  EXPECT_EQ(high_end["name"], "High end 2000");
  EXPECT_EQ(high_end["group"], "High end");
  EXPECT_EQ(high_end["calibration_periods"], 7);
  const auto high_fit = Parameters(high_end["models"][0]);
  EXPECT_NEAR(high_fit.at("alpha"), 0.668, 5e-4);
  EXPECT_NEAR(high_fit.at("beta"), 3.806, 5e-4);
  EXPECT_NEAR(high_end["models"][0]["log_likelihood"].get<double>(), -1611.16,
              5e-3);
  const auto& regular = document["cohorts"][1];
  EXPECT_EQ(regular["name"], "Regular 2000");
  const auto regular_fit = Parameters(regular["models"][0]);
  EXPECT_NEAR(regular_fit.at("alpha"), 0.704, 5e-4);
  EXPECT_NEAR(regular_fit.at("beta"), 1.182, 5e-4);
  EXPECT_EQ(regular["models"][0]["residual"]["survivors"], 241);
  EXPECT_EQ(regular["models"][0]["periods"][7]["actual_alive"], 241);

  // Each surviving customer's residual lifetime and value, in a file.
  const std::string survivors = (folder_ / "survivors.csv").string();
  auto listed = Vafa({"retention", "--holdings", "--by", "branch", "--as-of",
                      "2007-06-30", "--model", "sbg", "--value-per-period",
                      "100", "--customers", survivors});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  std::ifstream in(survivors);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "customer_id,cohort,renewals,model,"
            "discounted_expected_residual_lifetime,residual_value");
  int regular_rows = 0, high_end_rows = 0;
  const double derl =
      regular["models"][0]["residual"]["discounted_expected_residual_lifetime"];
  while (std::getline(in, line)) {
    if (line.find(",Regular 2000,7,sbg,") != std::string::npos) {
      ++regular_rows;
      const double value = std::stod(line.substr(line.rfind(',') + 1));
      EXPECT_NEAR(value, 100 * derl, 1e-6) << line;
    }
    if (line.find(",High end 2000,7,sbg,") != std::string::npos) {
      ++high_end_rows;
    }
  }
  EXPECT_EQ(regular_rows, 241);
  EXPECT_EQ(high_end_rows, 491);

  // By product type, the cards (which all closed) are a cohort of their own.
  auto by_type = Vafa({"retention", "--holdings", "--by", "product-type",
                       "--as-of", "2007-06-30", "--model", "sbg"});
  ASSERT_EQ(by_type.exit_code, 0) << by_type.output;
  EXPECT_THAT(by_type.output, HasSubstr("Cohort account 2000"));
  EXPECT_THAT(by_type.output, HasSubstr("card 2000"));
}

TEST_P(HoldingsRetentionTest, AWorkspaceWithoutHoldingsIsToldWhatToImport) {
  ASSERT_EQ(Vafa({"import", "customers",
                  Write("c.csv", "external_id,first_name\nC1,Ali\n")})
                .exit_code,
            0);
  auto run = Vafa({"retention", "--holdings"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("has no holdings"));
  auto both = Vafa({"retention", "--holdings", "--alive", "1000,500"});
  EXPECT_NE(both.exit_code, 0);
  EXPECT_THAT(both.output, HasSubstr("either"));
}

TEST_P(HoldingsRetentionTest, TheBankDemoImportsWholeAndItsHoldingsFit) {
  auto demo = Vafa({"demo", "--kind", "bank", "--customers", "300", "--seed",
                    "2", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_THAT(demo.output, HasSubstr("generated a bank of 300 customers"));
  long long customers = 0, holdings = 0, balances = 0, branches = 0,
            managers = 0, complaints = 0;
  soci::session& sql = db().sql();
  sql << "SELECT COUNT(*) FROM customers", soci::into(customers);
  sql << "SELECT COUNT(*) FROM holdings", soci::into(holdings);
  sql << "SELECT COUNT(*) FROM holding_balances", soci::into(balances);
  sql << "SELECT COUNT(*) FROM branches", soci::into(branches);
  sql << "SELECT COUNT(*) FROM relationship_managers", soci::into(managers);
  sql << "SELECT COUNT(*) FROM interactions WHERE type = 'complaint'",
      soci::into(complaints);
  EXPECT_EQ(customers, 300);
  EXPECT_GT(holdings, 300);
  EXPECT_GT(balances, 20 * holdings / 2);
  EXPECT_GT(branches, 1);
  EXPECT_GE(managers, branches);
  EXPECT_GT(complaints, 0);
  EXPECT_THAT(demo.output,
              HasSubstr("imported holdings.csv: " + std::to_string(holdings)));

  auto run = Vafa({"retention", "--holdings", "--period", "quarter", "--as-of",
                   "2026-11-20", "--model", "sbg", "--format", "json"},
                  /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto document = nlohmann::json::parse(run.output);
  EXPECT_GT(document["cohorts"].size(), 3u);
  int64_t started = 0;
  for (const auto& cohort : document["cohorts"]) {
    started += cohort["models"][0]["periods"][0]["actual_alive"].get<int64_t>();
  }
  for (const auto& cohort : document["not_fitted"]) {
    started += cohort["alive"][0].get<int64_t>();
  }
  EXPECT_EQ(started, 300);  // every customer in one cohort
}

// The bank's files read straight (--holdings-file, --customers-file) give
// the cohorts and fits of the same files imported, by quarter, by product
// type and by branch, and the same survivors named by their keys.
TEST_P(HoldingsRetentionTest, TheFilesGiveTheReportOfTheStore) {
  const std::string bank = (folder_ / "bank").string();
  auto demo = Vafa({"demo", "--kind", "bank", "--customers", "600", "--seed",
                    "2", "--end", "2026-11-20", "--out", bank});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  const std::map<std::string, std::string> key_of_id =
      testing::CustomerKeysById(db());
  auto Run = [&](std::vector<std::string> more, const std::string& by,
                 const std::string& survivors) {
    std::vector<std::string> args = {
        "retention", "--period",    "quarter",
        "--as-of",   "2026-11-20",  "--format",
        "json",      "--customers", (folder_ / survivors).string()};
    if (!by.empty()) args.insert(args.end(), {"--by", by});
    args.insert(args.end(), more.begin(), more.end());
    auto run = Vafa(args, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  };
  const std::vector<std::string> files = {
      "--holdings-file", bank + "/holdings.csv", "--customers-file",
      bank + "/customers.csv"};
  for (const std::string by : {"", "product-type", "branch"}) {
    const std::string store = Run({"--holdings"}, by, "store.csv");
    const std::string read = Run(files, by, "files.csv");
    const auto document = nlohmann::json::parse(read);
    EXPECT_GT(document["cohorts"].size(), 3u) << by;
    EXPECT_EQ(store, read) << by;
    // The survivors' rows: the store's ids are the files' keys.
    std::ifstream store_rows(folder_ / "store.csv"),
        file_rows(folder_ / "files.csv");
    std::string expected, got;
    int compared = 0;
    while (std::getline(store_rows, expected)) {
      ASSERT_TRUE(std::getline(file_rows, got)) << by;
      if (compared++ > 0) {
        const size_t comma = expected.find(',');
        expected =
            key_of_id.at(expected.substr(0, comma)) + expected.substr(comma);
      }
      ASSERT_EQ(expected, got) << by << " row " << compared;
    }
    EXPECT_FALSE(std::getline(file_rows, got)) << by;
    EXPECT_GT(compared, 100) << by;
  }
  // A customers file without a holdings file is named, as is a holding of
  // a customer the customers file does not list.
  auto alone = Vafa(
      {"retention", "--holdings", "--customers-file", bank + "/customers.csv"});
  EXPECT_NE(alone.exit_code, 0);
  EXPECT_THAT(alone.output, HasSubstr("--customers-file is for"));
  const std::string stranger =
      Write("stranger.csv",
            "account_number,customer_id,product,product_type,open_date\n"
            "Z1,NOBODY,current,account,2024-02-03\n");
  auto refused = Vafa({"retention", "--holdings-file", stranger,
                       "--customers-file", bank + "/customers.csv"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("stranger.csv:2: column"));
}

VAFA_INSTANTIATE_BACKEND_TEST(HoldingsRetentionTest);

}  // namespace
}  // namespace vafa
