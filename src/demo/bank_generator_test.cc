#include "demo/bank_generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace vafa::demo {
namespace {

std::vector<std::vector<std::string>> ReadCsv(
    const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream split(line);
    std::string cell;
    while (std::getline(split, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

class BankDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_bank_demo_" + std::to_string(::getpid()));
    DemoOptions options;
    options.customers = 4000;
    options.seed = 5;
    options.years = 3;
    options.end_day = DaysFromGregorian({2026, 11, 20});
    auto counts = WriteBankDemoFiles(options, folder_.string());
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    counts_ = *counts;
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::filesystem::path folder_;
  BankDemoCounts counts_;
};

TEST_F(BankDemoTest, ThePlantedCausesRaiseTheShareWhoClose) {
  EXPECT_EQ(counts_.customers, 4000);
  EXPECT_GT(counts_.closed, 200);
  EXPECT_GT(counts_.salary_stopped, 300);
  EXPECT_GT(counts_.complained, 150);
  EXPECT_GT(counts_.card_unused, 50);
  int with_cause = 0, with_cause_closed = 0, none = 0, none_closed = 0;
  for (const auto& row : ReadCsv(folder_ / "bank_truth.csv")) {
    ASSERT_EQ(row.size(), 8u);
    const bool cause = !row[2].empty() || !row[3].empty() || !row[4].empty() ||
                       !row[6].empty();
    const bool closed = !row[5].empty();
    (cause ? with_cause : none) += 1;
    (cause ? with_cause_closed : none_closed) += closed;
  }
  const double cause_rate = double(with_cause_closed) / with_cause;
  const double base_rate = double(none_closed) / none;
  EXPECT_GT(cause_rate, 5 * base_rate)
      << with_cause_closed << "/" << with_cause << " against " << none_closed
      << "/" << none;
}

TEST_F(BankDemoTest, BalancesFallAfterTheSalaryStopsAndMobileUseGrows) {
  std::map<std::string, std::string> stopped;  // customer -> month start
  for (const auto& row : ReadCsv(folder_ / "bank_truth.csv")) {
    if (!row[2].empty()) stopped[row[0]] = row[2];
  }
  // Current accounts of customers whose salary stopped: the mean balance
  // after the stop is well under the mean before.
  double before = 0, after = 0;
  int n_before = 0, n_after = 0;
  for (const auto& row : ReadCsv(folder_ / "balances.csv")) {
    const std::string prefix = row[0].substr(0, row[0].find('-'));
    if (!std::set<std::string>{"CUR", "YTH", "BIZ", "PRM", "PEN", "AGR"}
             .contains(prefix)) {
      continue;  // the segments' accounts only
    }
    auto found = stopped.find("B" + row[0].substr(4));
    if (found == stopped.end()) continue;
    const double balance = std::stod(row[2]);
    if (row[1] < found->second) {
      before += balance;
      ++n_before;
    } else {
      after += balance;
      ++n_after;
    }
  }
  ASSERT_GT(n_before, 0);
  ASSERT_GT(n_after, 0);
  EXPECT_LT(after / n_after, 0.6 * before / n_before);

  int early = 0, early_mobile = 0, late = 0, late_mobile = 0;
  for (const auto& row : ReadCsv(folder_ / "interactions.csv")) {
    if (row[3] != "banking") continue;
    const bool is_early = row[2] < "2024-11-01";
    (is_early ? early : late) += 1;
    (is_early ? early_mobile : late_mobile) += row[4] == "mobile";
  }
  EXPECT_GT(double(late_mobile) / late, double(early_mobile) / early + 0.2);
}

TEST_F(BankDemoTest, BranchRegularsWhoMoveStopVisitingTheBranchAndClose) {
  EXPECT_GT(counts_.moved, 100);
  std::map<std::string, std::string> moved;  // customer -> month start
  std::set<std::string> regulars;
  // Moves a year or more before the end (2026-11-20), whose closing, 6 to
  // 12 months later, falls inside the history.
  int moved_early = 0, moved_closed = 0, stayed = 0, stayed_closed = 0;
  for (const auto& row : ReadCsv(folder_ / "bank_truth.csv")) {
    if (row[7] == "yes") regulars.insert(row[0]);
    if (!row[6].empty()) {
      EXPECT_EQ(row[7], "yes") << row[0] << ": only branch regulars move";
      moved[row[0]] = row[6];
      if (row[6] < "2025-11-01") {
        ++moved_early;
        moved_closed += !row[5].empty();
      }
    } else if (row[2].empty() && row[3].empty() && row[4].empty()) {
      ++stayed;
      stayed_closed += !row[5].empty();
    }
  }
  // Most moves end in a closing; customers with no cause seldom close.
  ASSERT_GT(moved_early, 50);
  EXPECT_GT(double(moved_closed) / moved_early, 0.5);
  EXPECT_LT(double(stayed_closed) / stayed, 0.1);
  // Branch regulars bank mostly at the branch until they move; after it,
  // never there.
  int regular_uses = 0, regular_visits = 0, visits_after_move = 0;
  for (const auto& row : ReadCsv(folder_ / "interactions.csv")) {
    const bool visit = row[4] == "branch";
    auto found = moved.find(row[1]);
    if (found != moved.end() && row[2] >= found->second) {
      visits_after_move += visit;
    } else if (regulars.contains(row[1]) && row[3] == "banking") {
      ++regular_uses;
      regular_visits += visit;
    }
  }
  EXPECT_EQ(visits_after_move, 0);
  EXPECT_GT(double(regular_visits) / regular_uses, 0.55);
}

TEST_F(BankDemoTest, OpeningsFollowTheSegmentsLadders) {
  const std::map<std::string, std::pair<std::string, std::string>> first_two = {
      {"salaried", {"CUR", "CARD"}}, {"youth", {"YTH", "GIFT"}},
      {"business", {"BIZ", "POS"}},  {"premium", {"PRM", "LTD"}},
      {"pensioner", {"PEN", "INS"}}, {"farmer", {"AGR", "SAV"}}};
  std::map<std::string, std::string> segment;
  for (const auto& row : ReadCsv(folder_ / "bank_truth.csv")) {
    segment[row[0]] = row[1];
  }
  // Each customer's products by opening day.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>>
      opened;
  for (const auto& row : ReadCsv(folder_ / "holdings.csv")) {
    opened[row[1]].emplace_back(row[5], row[2]);
  }
  int second = 0, on_ladder = 0;
  for (auto& [customer, products] : opened) {
    std::sort(products.begin(), products.end());
    const auto& expected = first_two.at(segment.at(customer));
    EXPECT_EQ(products[0].second, expected.first) << customer;
    if (products.size() < 2) continue;
    ++second;
    on_ladder += products[1].second == expected.second;
  }
  ASSERT_GT(second, 1000);
  EXPECT_GT(on_ladder, 0.8 * second);
  EXPECT_LT(on_ladder, 0.95 * second);  // and some go their own way
}

TEST_F(BankDemoTest, TheSameSeedGivesTheSameBank) {
  const auto first = ReadCsv(folder_ / "holdings.csv");
  DemoOptions options;
  options.customers = 4000;
  options.seed = 5;
  options.years = 3;
  options.end_day = DaysFromGregorian({2026, 11, 20});
  const auto again = folder_ / "again";
  ASSERT_TRUE(WriteBankDemoFiles(options, again.string()).ok());
  EXPECT_EQ(ReadCsv(again / "holdings.csv"), first);
  EXPECT_EQ(static_cast<int64_t>(first.size()), counts_.holdings);
}

// Issue 28's bar: every customer opens exactly 3 products in the first of
// 36 months and has a balance of each at every month's end until they
// close everything (then none from the closing's month on); closings still
// follow the planted causes.
TEST(BankFixedBookTest, EveryCustomerHoldsThreeProductsWithEveryMonthEnd) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("vafa_bank_fixed_" + std::to_string(::getpid()));
  DemoOptions options;
  options.customers = 2000;
  options.seed = 3;
  options.months = 36;
  options.products_each = 3;
  options.end_day = DaysFromGregorian({2026, 11, 30});
  auto counts = WriteBankDemoFiles(options, folder.string());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->customers, 2000);
  EXPECT_EQ(counts->holdings, 6000);
  EXPECT_GT(counts->closed, 100);
  EXPECT_LT(counts->closed, 1000);
  std::map<std::string, int> holdings_of;        // customer -> holdings
  std::map<std::string, std::string> closed_of;  // holding -> closed on
  std::map<std::string, std::set<std::string>> products_of;
  for (const auto& row : ReadCsv(folder / "holdings.csv")) {
    ++holdings_of[row[1]];
    products_of[row[1]].insert(row[2]);
    // Opened in the first month, 2023-11.
    EXPECT_EQ(row[5].substr(0, 7), "2023-11") << row[0];
    closed_of[row[0]] = row[6];
  }
  EXPECT_EQ(holdings_of.size(), 2000u);
  for (const auto& [customer, count] : holdings_of) {
    EXPECT_EQ(count, 3) << customer;
    EXPECT_EQ(products_of[customer].size(), 3u) << customer;
  }
  std::map<std::string, std::vector<std::string>> days_of;
  for (const auto& row : ReadCsv(folder / "balances.csv")) {
    days_of[row[0]].push_back(row[1]);
  }
  int64_t balances = 0;
  for (const auto& [number, closed] : closed_of) {
    const std::vector<std::string>& days = days_of[number];
    balances += static_cast<int64_t>(days.size());
    ASSERT_FALSE(days.empty()) << number;
    EXPECT_EQ(days.front(), "2023-11-30") << number;
    EXPECT_TRUE(std::is_sorted(days.begin(), days.end())) << number;
    if (closed.empty()) {
      EXPECT_EQ(days.size(), 36u) << number;
      EXPECT_EQ(days.back(), "2026-10-31") << number;
    } else {
      // The last month-end before the closing's month.
      EXPECT_LT(days.size(), 36u) << number;
      EXPECT_LT(days.back(), closed) << number;
      EXPECT_EQ(days.back().substr(0, 7) < closed.substr(0, 7), true);
    }
  }
  EXPECT_EQ(balances, counts->balances);
  std::filesystem::remove_all(folder);
}

TEST(BankFixedBookTest, RefusesMoreProductsThanTheBankSells) {
  DemoOptions options;
  options.customers = 10;
  options.products_each = kMaxProductsEach + 1;
  auto counts = WriteBankDemoFiles(options, "/nonexistent/never-written");
  ASSERT_FALSE(counts.ok());
  EXPECT_NE(counts.status().message().find("--products-each"),
            std::string::npos);
}

}  // namespace
}  // namespace vafa::demo
