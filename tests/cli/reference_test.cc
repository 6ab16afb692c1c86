// Published results reproduced through the shipped `vafa` binary, as a user
// runs it: CDNOW's 2,357-customer sample (tests/data/cdnow) as a
// transactions CSV, fitted by `vafa clv`. The figures are those of Fader,
// Hardie & Lee 2005 ("Counting your customers the easy way"; "RFM and
// CLV") that tests/data/cdnow/README.md lists; scripts/reference-check
// checks the full set.
#include <gmock/gmock.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/run_command.h"

namespace vafa {
namespace {

// The sample's fixed columns (customer, sample id, YYYYMMDD, CDs, dollars)
// as one order per line of a transactions file.
std::filesystem::path CdnowAsTransactionsCsv() {
  auto path = std::filesystem::temp_directory_path() /
              ("vafa_cdnow_" + std::to_string(getpid()) + ".csv");
  std::ifstream in("tests/data/cdnow/CDNOW_sample.txt");
  std::ofstream out(path);
  out << "customer_id,order_id,date,product,amount\n";
  std::string customer, sample_id, date, cds, dollars;
  int line = 0;
  while (in >> customer >> sample_id >> date >> cds >> dollars) {
    out << customer << ',' << customer << '-' << ++line << ','
        << date.substr(0, 4) << '-' << date.substr(4, 2) << '-'
        << date.substr(6, 2) << ",cd," << dollars << '\n';
  }
  EXPECT_EQ(line, 6919) << "the CDNOW sample has 6,919 purchases";
  return path;
}

// `vafa ARGS --format json`, parsed; a test failure when it is not one
// JSON document.
nlohmann::json RunJson(std::vector<std::string> args) {
  args.push_back("--format");
  args.push_back("json");
  auto run = testing::RunVafa(args, /*with_stderr=*/false);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  nlohmann::json parsed = nlohmann::json::parse(run.output, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << run.output;
  return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

// The value of parameter `name` of a model in the JSON document.
double Parameter(const nlohmann::json& model, const std::string& name) {
  for (const auto& p : model["parameters"]) {
    if (p["name"] == name) return p["value"].get<double>();
  }
  ADD_FAILURE() << "no parameter " << name << " in " << model.dump();
  return NAN;
}

class CdnowReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override { csv_ = CdnowAsTransactionsCsv(); }
  void TearDown() override { std::filesystem::remove(csv_); }
  std::filesystem::path csv_;
};

TEST_F(CdnowReferenceTest, CalibrationFitGivesThePublishedParameters) {
  // The 39-week calibration: purchases up to 1997-09-30, T in weeks.
  nlohmann::json run = RunJson({"clv", "--csv", csv_.string(), "--currency",
                                "USD", "--as-of", "1997-09-30"});
  const nlohmann::json& model = run["model"];
  EXPECT_EQ(model["model"], "bg_nbd");
  EXPECT_EQ(model["customers"], 2357);
  EXPECT_NEAR(Parameter(model, "r"), 0.243, 0.001) << run.dump();
  EXPECT_NEAR(Parameter(model, "alpha"), 4.414, 0.002);
  EXPECT_NEAR(Parameter(model, "a"), 0.793, 0.002);
  EXPECT_NEAR(Parameter(model, "b"), 2.426, 0.005);
  EXPECT_NEAR(model["log_likelihood"].get<double>(), -9582.4, 0.1);
  // The published fit is healthy: the diagnostics do not warn.
  EXPECT_EQ(model["diagnostics"]["degenerate"], false);
  EXPECT_TRUE(model["diagnostics"]["warning"].is_null());
  // Gamma-Gamma on the repeat buyers' mean repeat spend, in dollars.
  const nlohmann::json& spend = run["spend_model"];
  EXPECT_EQ(spend["customers"], 946);
  EXPECT_NEAR(Parameter(spend, "p"), 6.25, 0.01);
  EXPECT_NEAR(Parameter(spend, "q"), 3.74, 0.01);
  EXPECT_NEAR(Parameter(spend, "gamma"), 15.44, 0.01);
  EXPECT_EQ(spend["parameters"][2]["unit"], "USD");
  EXPECT_EQ(run["currency"], "USD");
  EXPECT_EQ(run["lifetime_value"]["currency"], "USD");
}

TEST_F(CdnowReferenceTest, HoldoutCountsThePublishedRepeatPurchases) {
  nlohmann::json run = RunJson({"clv", "--csv", csv_.string(), "--currency",
                                "USD", "--holdout-from", "1997-10-01"});
  const nlohmann::json& holdout = run["holdout"];
  ASSERT_EQ(holdout["models"].size(), 1u) << run.dump();
  EXPECT_EQ(holdout["models"][0]["model"], "bg_nbd");
  EXPECT_NEAR(holdout["models"][0]["actual"].get<double>(), 1882, 0.5);
  EXPECT_NEAR(holdout["models"][0]["predicted"].get<double>(), 1653.4, 2.0);
  EXPECT_GT(holdout["models"][0]["rmse"].get<double>(), 0);
}

// The text says the same as the JSON, and names gamma's unit.
TEST_F(CdnowReferenceTest, TextNamesTheCurrencyOfMoney) {
  auto run = testing::RunVafa({"clv", "--csv", csv_.string(), "--currency",
                               "USD", "--as-of", "1997-09-30"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, ::testing::HasSubstr("bg_nbd on 2357 customers"));
  EXPECT_THAT(run.output,
              ::testing::ContainsRegex("gamma = 15\\.44[0-9]* USD"));
  EXPECT_THAT(run.output, ::testing::ContainsRegex("total [0-9.,]+ USD"));
  EXPECT_THAT(run.output, ::testing::Not(::testing::HasSubstr("warning")));
}

// clv.csv gives money in dollars with cents, as the text and JSON do: a
// CDNOW customer's mean repeat order is tens of dollars, not thousands.
TEST_F(CdnowReferenceTest, ClvFileGivesMoneyInTheMajorUnit) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() /
      ("vafa_cdnow_clv_" + std::to_string(getpid()));
  auto run =
      testing::RunVafa({"clv", "--csv", csv_.string(), "--currency", "USD",
                        "--as-of", "1997-09-30", "--out", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream file(out / "clv.csv");
  std::string line;
  std::getline(file, line);
  ASSERT_EQ(line,
            "customer,frequency,recency,T,monetary_mean,p_alive,expected_"
            "purchases,expected_order_value,clv");
  double sum = 0;
  int repeat_buyers = 0;
  while (std::getline(file, line)) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) {
      cells.push_back(cell);
    }
    ASSERT_EQ(cells.size(), 9u) << line;
    // Two decimals on every money cell.
    for (size_t column : {4u, 7u, 8u}) {
      ASSERT_EQ(cells[column].size() - cells[column].find('.'), 3u) << line;
    }
    if (std::stoi(cells[1]) > 0) {
      sum += std::stod(cells[4]);
      ++repeat_buyers;
    }
  }
  std::filesystem::remove_all(out);
  ASSERT_EQ(repeat_buyers, 946);
  EXPECT_GT(sum / repeat_buyers, 20.0);
  EXPECT_LT(sum / repeat_buyers, 60.0);
}

}  // namespace
}  // namespace vafa

namespace vafa {
namespace {

TEST(AnalyzeSummaryTest, RetentionIsAPercentOrSaysWhyThereIsNone) {
  auto path = std::filesystem::temp_directory_path() /
              ("vafa_retention_" + std::to_string(getpid()) + ".csv");
  std::ofstream(path) << "customer_id,order_id,date,product,amount\n"
                         "a,1,2025-01-05,p,100\n"
                         "b,2,2025-01-06,p,100\n"
                         "a,3,2025-02-07,p,100\n"
                         "c,4,2025-02-08,p,100\n";
  // January is the only complete month: nobody was active before it.
  auto first = testing::RunVafa(
      {"analyze", "--csv", path.string(), "--as-of", "2025-02-01"});
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output,
              ::testing::HasSubstr("retention and churn not defined"));
  // February keeps a of January's a and b: 50%.
  auto second = testing::RunVafa(
      {"analyze", "--csv", path.string(), "--as-of", "2025-03-02"});
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output,
              ::testing::HasSubstr("retention 50.0%, churn 50.0%"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vafa

namespace vafa {
namespace {

// `vafa basket` on the FIMI retail data gives the frequent itemset counts
// that established miners agree on (tests/data/basket/retail_counts.txt).
TEST(RetailReferenceTest, BasketCountsTheEstablishedItemsets) {
  std::ifstream counts("tests/data/basket/retail_counts.txt");
  std::string line;
  int checked = 0;
  while (std::getline(counts, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    int64_t support = 0, itemsets = 0;
    fields >> support >> itemsets;
    if (support < 40) continue;  // the slow, huge one: unit test
    nlohmann::json run =
        RunJson({"basket", "--fimi", "tests/data/fimi/retail.dat",
                 "--min-support", std::to_string(support), "--top", "0"});
    EXPECT_EQ(run["baskets"], 88162);
    EXPECT_EQ(run["items"], 16470);
    EXPECT_EQ(run["frequent_itemsets"], itemsets) << "support " << support;
    EXPECT_GT(run["rules"].get<int64_t>(), 0);
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

// --itemsets-only counts the same itemsets, builds no rules, and writes the
// itemsets alone.
TEST(RetailReferenceTest, ItemsetsOnlyCountsWithoutRules) {
  auto folder = std::filesystem::temp_directory_path() /
                ("vafa_itemsets_" + std::to_string(getpid()));
  nlohmann::json run = RunJson(
      {"basket", "--fimi", "tests/data/fimi/retail.dat", "--min-support", "89",
       "--itemsets-only", "--out", folder.string()});
  EXPECT_EQ(run["frequent_itemsets"], 7589);
  EXPECT_TRUE(run["rules"].is_null());
  EXPECT_TRUE(run["top_rules"].empty());
  int64_t by_size = 0;
  for (const auto& [size, count] : run["itemsets_by_size"].items()) {
    by_size += count.get<int64_t>();
  }
  EXPECT_EQ(by_size, 7589);
  EXPECT_TRUE(std::filesystem::exists(folder / "itemsets.json"));
  EXPECT_FALSE(std::filesystem::exists(folder / "rules.json"));
  auto text =
      testing::RunVafa({"basket", "--fimi", "tests/data/fimi/retail.dat",
                        "--min-support", "89", "--itemsets-only"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output,
              ::testing::HasSubstr("7589 frequent itemsets at support 89 "
                                   "baskets (no rules: --itemsets-only)"));
  EXPECT_EQ(testing::RunVafa({"basket", "--fimi", "tests/data/fimi/retail.dat",
                              "--itemsets-only", "--offers"})
                .exit_code,
            1);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace vafa
