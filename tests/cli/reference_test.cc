// Published results reproduced through the shipped `vafa` binary, as a user
// runs it: CDNOW's 2,357-customer sample (tests/data/cdnow) as a
// transactions CSV, fitted by `vafa clv`. The figures are those of Fader,
// Hardie & Lee 2005 ("Counting your customers the easy way"; "RFM and
// CLV") that ../shared/data/README.md lists.
#include <gmock/gmock.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
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

// The number after `name = ` in the output.
double Parameter(const std::string& output, const std::string& name) {
  std::smatch match;
  std::regex pattern("\\b" + name + " = (-?[0-9.]+)");
  if (!std::regex_search(output, match, pattern)) return NAN;
  return std::stod(match[1]);
}

class CdnowReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override { csv_ = CdnowAsTransactionsCsv(); }
  void TearDown() override { std::filesystem::remove(csv_); }
  std::filesystem::path csv_;
};

TEST_F(CdnowReferenceTest, CalibrationFitGivesThePublishedParameters) {
  // The 39-week calibration: purchases up to 1997-09-30, T in weeks.
  auto run = testing::RunVafa({"clv", "--csv", csv_.string(), "--currency",
                               "USD", "--as-of", "1997-09-30"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, ::testing::HasSubstr("bg_nbd on 2357 customers"));
  EXPECT_NEAR(Parameter(run.output, "r"), 0.243, 0.001) << run.output;
  EXPECT_NEAR(Parameter(run.output, "alpha"), 4.414, 0.002);
  EXPECT_NEAR(Parameter(run.output, "a"), 0.793, 0.002);
  EXPECT_NEAR(Parameter(run.output, "b"), 2.426, 0.005);
  std::smatch likelihood;
  ASSERT_TRUE(std::regex_search(run.output, likelihood,
                                std::regex("log-likelihood (-[0-9.]+)")));
  EXPECT_NEAR(std::stod(likelihood[1]), -9582.4, 0.1);
  // Gamma-Gamma on the repeat buyers' mean repeat spend, in dollars.
  EXPECT_THAT(run.output,
              ::testing::HasSubstr("gamma_gamma on 946 repeat buyers"));
  EXPECT_NEAR(Parameter(run.output, "p"), 6.25, 0.01);
  EXPECT_NEAR(Parameter(run.output, "q"), 3.74, 0.01);
  EXPECT_NEAR(Parameter(run.output, "gamma"), 15.44, 0.01);
  EXPECT_THAT(run.output, ::testing::HasSubstr("USD"));
}

TEST_F(CdnowReferenceTest, HoldoutCountsThePublishedRepeatPurchases) {
  auto run = testing::RunVafa({"clv", "--csv", csv_.string(), "--currency",
                               "USD", "--holdout-from", "1997-10-01"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      run.output, match,
      std::regex("bg_nbd: predicted ([0-9.]+) repeat purchases, actual "
                 "([0-9.]+)")))
      << run.output;
  EXPECT_NEAR(std::stod(match[2]), 1882, 0.5);
  EXPECT_NEAR(std::stod(match[1]), 1653.4, 2.0);
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
    std::string support, itemsets;
    fields >> support >> itemsets;
    if (std::stoi(support) < 40) continue;  // the slow, huge one: unit test
    auto run =
        testing::RunVafa({"basket", "--fimi", "tests/data/fimi/retail.dat",
                          "--min-support", support, "--top", "0"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output,
                ::testing::HasSubstr("88162 baskets, 16470 items; " + itemsets +
                                     " frequent itemsets"))
        << "support " << support;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

}  // namespace
}  // namespace vafa
