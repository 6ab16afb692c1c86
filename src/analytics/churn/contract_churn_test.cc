#include "analytics/churn/contract_churn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace vafa::analytics::churn {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Holding `h` of `rows` gets month-end balances `values`, 30 days apart,
// the last on `last_day`.
void AddBalances(ContractRows& rows, int32_t h, DayNumber last_day,
                 const std::vector<double>& values, double arrears = kNone,
                 double limit = kNone) {
  for (size_t k = 0; k < values.size(); ++k) {
    rows.balance_holding.push_back(h);
    rows.balance_day.push_back(
        last_day - static_cast<DayNumber>((values.size() - 1 - k) * 30));
    rows.balance.push_back(values[k]);
    rows.limit.push_back(limit);
    rows.arrears.push_back(arrears);
  }
}

int32_t AddHolding(ContractRows& rows, int32_t customer, ContractKind kind,
                   DayNumber opened, DayNumber closed = kNever) {
  rows.holding_customer.push_back(customer);
  rows.kind.push_back(kind);
  rows.opened.push_back(opened);
  rows.closed.push_back(closed);
  return static_cast<int32_t>(rows.kind.size() - 1);
}

TEST(ContractChurnTest, FeaturesOfAHandCheckedCustomer) {
  ContractRows rows;
  rows.customer_keys = {"A"};
  const int32_t account = AddHolding(rows, 0, ContractKind::kAccount, 1000);
  const int32_t card = AddHolding(rows, 0, ContractKind::kCard, 1100);
  AddHolding(rows, 0, ContractKind::kDeposit, 1050, 1900);  // closed
  // Rising until four months ago, then falling: 3 months without a rise.
  AddBalances(rows, account, 2000, {80, 90, 100, 120, 100, 90, 60});
  AddBalances(rows, card, 2000, {-50, -80, -160}, 30, 200);
  const ContractBook book = BuildContractBook(rows);
  const ContractFeatures f = BuildContractFeatures(book, {}, 2000);
  ASSERT_EQ(f.held[0], 1);
  EXPECT_EQ(f.at(0, kOpenHoldings), 2);
  EXPECT_EQ(f.at(0, kOpenKinds), 2);
  EXPECT_EQ(f.at(0, kClosingsRecent), 1);
  EXPECT_FLOAT_EQ(f.at(0, kTenureMonths), 1000 / 30.44f);
  EXPECT_EQ(f.at(0, kAccountBalance), 60);
  EXPECT_FLOAT_EQ(f.at(0, kAccountTrend3), 60.0f / 120 - 1);
  EXPECT_FLOAT_EQ(f.at(0, kAccountTrend6), 60.0f / 80 - 1);
  EXPECT_EQ(f.at(0, kMonthsWithoutCredit), 3);
  EXPECT_EQ(f.at(0, kArrears), 30);
  EXPECT_EQ(f.at(0, kMonthsInArrears), 3);  // the card's three month-ends
  EXPECT_FLOAT_EQ(f.at(0, kCardUtilisation), 0.8f);
  EXPECT_TRUE(std::isnan(f.at(0, kDepositBalance)));  // closed by then
  const std::vector<ContractReason> reasons = ContractRuleReasons(&f.values[0]);
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(ContractFactors()[reasons[0].factor].code, "credits_stopped");
  EXPECT_EQ(DescribeContractReason(reasons[0]),
            "no salary-like credit for 3 months: the current account has not "
            "risen since");
}

TEST(ContractChurnTest, BookOrdersBalancesByHoldingThenDayKeepingTies) {
  // Holdings given out of customer order, balances shuffled among them;
  // two balances of one holding and day keep the order they came in.
  ContractRows rows;
  rows.customer_keys = {"A", "B"};
  const int32_t b_loan = AddHolding(rows, 1, ContractKind::kLoan, 10);
  const int32_t a_account = AddHolding(rows, 0, ContractKind::kAccount, 20);
  const int32_t a_card = AddHolding(rows, 0, ContractKind::kCard, 30);
  const struct {
    int32_t holding;
    DayNumber day;
    double balance;
  } given[] = {{a_card, 90, 1},    {b_loan, 60, 2},    {a_account, 50, 3},
               {a_card, 40, 4},    {a_account, 50, 5}, {b_loan, 30, 6},
               {a_account, 45, 7}, {a_card, 90, 8}};
  for (const auto& b : given) {
    rows.balance_holding.push_back(b.holding);
    rows.balance_day.push_back(b.day);
    rows.balance.push_back(b.balance);
    rows.limit.push_back(kNone);
    rows.arrears.push_back(b.balance * 10);
  }
  const ContractBook book = BuildContractBook(rows);
  // A's account, A's card (in the order given), then B's loan.
  EXPECT_EQ(book.holding_begin, (std::vector<int64_t>{0, 2, 3}));
  EXPECT_EQ(book.kind, (std::vector<ContractKind>{ContractKind::kAccount,
                                                  ContractKind::kCard,
                                                  ContractKind::kLoan}));
  EXPECT_EQ(book.balance_begin, (std::vector<int64_t>{0, 3, 6, 8}));
  EXPECT_EQ(book.balance_day,
            (std::vector<DayNumber>{45, 50, 50, 40, 90, 90, 30, 60}));
  EXPECT_EQ(book.balance, (std::vector<double>{7, 3, 5, 4, 1, 8, 6, 2}));
  EXPECT_EQ(book.arrears,
            (std::vector<double>{70, 30, 50, 40, 10, 80, 60, 20}));
  EXPECT_TRUE(std::isnan(book.limit[0]));
}

TEST(ContractChurnTest, ACreditCardLeftUnusedIsACause) {
  ContractRows rows;
  rows.customer_keys = {"unused", "used", "prepaid"};
  for (int32_t c = 0; c < 3; ++c) {
    const int32_t account = AddHolding(rows, c, ContractKind::kAccount, 1000);
    AddBalances(rows, account, 2000, {100, 101, 102, 103, 104, 105, 106});
  }
  // Nothing owed on a card with a limit: unused. A card with no limit (a
  // prepaid card) tells nothing.
  AddBalances(rows, AddHolding(rows, 0, ContractKind::kCard, 1100), 2000,
              {-40, 0, 0}, 0, 200);
  AddBalances(rows, AddHolding(rows, 1, ContractKind::kCard, 1100), 2000,
              {-40, -20, -10}, 0, 200);
  AddBalances(rows, AddHolding(rows, 2, ContractKind::kCard, 1100), 2000,
              {5, 0, 0});
  const ContractFeatures f =
      BuildContractFeatures(BuildContractBook(rows), {}, 2000);
  const auto codes = [&](int32_t c) {
    std::vector<std::string_view> out;
    for (const ContractReason& r :
         ContractRuleReasons(&f.values[c * kContractFeatureCount])) {
      out.push_back(ContractFactors()[r.factor].code);
    }
    return out;
  };
  EXPECT_EQ(codes(0), std::vector<std::string_view>{"card_unused"});
  EXPECT_EQ(f.at(1, kCardUtilisation), 0.05f);
  EXPECT_TRUE(codes(1).empty());
  EXPECT_TRUE(codes(2).empty());
  EXPECT_EQ(DescribeContractReason({2, 0}), "credit card unused");
  EXPECT_NEAR(ContractRuleLogOdds(&f.values[0]), -3 + std::log(3.0), 1e-9);
}

TEST(ContractChurnTest, ABranchRegularWhoStoppedComingIsACause) {
  ContractRows rows;
  rows.customer_keys = {"moved", "regular", "mobile", "new"};
  for (int32_t c = 0; c < 4; ++c) {  // an account rising, a deposit kept
    const int32_t account = AddHolding(rows, c, ContractKind::kAccount, 0);
    AddBalances(rows, account, 1000, {100, 101, 102, 103, 104, 105, 106});
    const int32_t deposit = AddHolding(rows, c, ContractKind::kDeposit, 0);
    AddBalances(rows, deposit, 1000, {500, 500, 500, 500, 500, 500, 500});
  }
  const auto use = [&](int32_t c, DayNumber day, bool branch) {
    rows.use_customer.push_back(c);
    rows.use_day.push_back(day);
    rows.use_at_branch.push_back(branch ? 1 : 0);
  };
  // Cutoff 1000: the window before is (460, 820]. "moved": 8 uses there, 6
  // at the branch, the last visit on day 800, then the mobile app only.
  for (int32_t c : {0, 1}) {
    for (DayNumber day : {480, 520, 560, 600, 640, 680, 720, 800}) {
      use(c, day, day != 560 && day != 680);
    }
  }
  use(0, 900, false), use(0, 990, false), use(0, 400, true);
  // "regular": the same, and a visit on day 950.
  use(1, 950, true);
  // "mobile": 2 of 8 at the branch (days 470 and 520), none since.
  for (DayNumber day = 470; day <= 820; day += 50) use(2, day, day < 550);
  // "new": 5 uses in the window before, all at the branch: too few to say.
  for (DayNumber day : {700, 720, 740, 760, 800}) use(3, day, true);
  // A visit after the cutoff changes nothing.
  use(0, 1001, true);
  const ContractFeatures f =
      BuildContractFeatures(BuildContractBook(rows), {}, 1000);
  EXPECT_EQ(f.at(0, kBranchShareBefore), 0.75f);
  EXPECT_EQ(f.at(0, kDaysSinceBranch), 200);
  EXPECT_EQ(f.at(1, kBranchShareBefore), 0.75f);
  EXPECT_EQ(f.at(1, kDaysSinceBranch), 50);
  EXPECT_EQ(f.at(2, kBranchShareBefore), 0.25f);
  EXPECT_EQ(f.at(2, kDaysSinceBranch), 480);
  EXPECT_TRUE(std::isnan(f.at(3, kBranchShareBefore)));
  EXPECT_EQ(f.at(3, kDaysSinceBranch), 200);
  const auto codes = [&](int32_t c) {
    std::vector<std::string_view> out;
    for (const ContractReason& r :
         ContractRuleReasons(&f.values[c * kContractFeatureCount])) {
      out.push_back(ContractFactors()[r.factor].code);
    }
    return out;
  };
  EXPECT_EQ(codes(0), std::vector<std::string_view>{"branch_stopped"});
  EXPECT_TRUE(codes(1).empty());
  EXPECT_TRUE(codes(2).empty());
  EXPECT_TRUE(codes(3).empty());
  const auto reasons = ContractRuleReasons(&f.values[0]);
  EXPECT_EQ(DescribeContractReason(reasons[0]),
            "no branch visit for 200 days, after banking mostly at the branch");
  EXPECT_NEAR(ContractRuleLogOdds(&f.values[0]), -3 + std::log(8.0), 1e-9);
  EXPECT_EQ(ContractStage(&f.values[0], RiskBand::kMedium), "awareness");
  // No uses known (a book without interactions): no branch features.
  rows.use_customer.clear(), rows.use_day.clear(), rows.use_at_branch.clear();
  const ContractFeatures none =
      BuildContractFeatures(BuildContractBook(rows), {}, 1000);
  EXPECT_TRUE(std::isnan(none.at(0, kDaysSinceBranch)));
}

TEST(ContractChurnTest, ReasonsAreStoredAsCodesWithTheirValues) {
  // Factor 0 is credits_stopped, 1 complaint, 6 balance_falling.
  EXPECT_EQ(FormatContractReasons({{0, 4}, {1, 1}, {6, -5.0f / 12}}),
            "credits_stopped:4;complaint:1;balance_falling:-0.42");
  EXPECT_EQ(FormatContractReasons({{2, 0}}), "card_unused:0");
  EXPECT_EQ(FormatContractReasons({{4, std::nanf("")}}), "new_customer:nan");
  EXPECT_EQ(FormatContractReasons({}), "");
}

TEST(ContractChurnTest, LabelIsTheLastHoldingClosingWithinTheHorizon) {
  ContractRows rows;
  rows.customer_keys = {"closes", "keeps_one", "reopens", "gone_before"};
  AddHolding(rows, 0, ContractKind::kAccount, 100, 250);
  AddHolding(rows, 0, ContractKind::kCard, 100, 210);
  AddHolding(rows, 1, ContractKind::kAccount, 100, 250);
  AddHolding(rows, 1, ContractKind::kDeposit, 100);
  AddHolding(rows, 2, ContractKind::kAccount, 100, 250);
  AddHolding(rows, 2, ContractKind::kAccount, 260);  // a new one, kept
  AddHolding(rows, 3, ContractKind::kAccount, 100, 150);
  const ContractBook book = BuildContractBook(rows);
  EXPECT_EQ(ContractClosingLabels(book, 200, 100),
            (std::vector<uint8_t>{1, 0, 0, 0}));
  EXPECT_EQ(ContractClosingLabels(book, 200, 40),
            (std::vector<uint8_t>{0, 0, 0, 0}));  // 250 is after 240
  EXPECT_EQ(BuildContractFeatures(book, {}, 200).held,
            (std::vector<uint8_t>{1, 1, 1, 0}));
}

// A random book: 200 customers (or `customers`), each with holdings,
// monthly balances and a complaint or two.
struct RandomBank {
  ContractRows rows;
  ComplaintLog complaints;
};
RandomBank MakeRandomBank(uint32_t seed, int32_t customers = 200) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> day(0, 1500), count(1, 4), kind(0, 4);
  std::normal_distribution<double> noise(0, 1);
  RandomBank bank;
  bank.complaints.begin.push_back(0);
  for (int32_t c = 0; c < customers; ++c) {
    bank.rows.customer_keys.push_back("C" + std::to_string(c));
    for (int k = count(rng); k > 0; --k) {
      const DayNumber opened = day(rng);
      const DayNumber closed =
          rng() % 2 ? kNever : opened + 1 + static_cast<DayNumber>(rng() % 800);
      const int32_t h = AddHolding(
          bank.rows, c, static_cast<ContractKind>(kind(rng)), opened, closed);
      std::vector<double> values;
      for (DayNumber d = opened; d < std::min<DayNumber>(closed, 2300);
           d += 30) {
        values.push_back(1000 * std::exp(noise(rng)));
      }
      if (!values.empty()) {
        const DayNumber last =
            opened + static_cast<DayNumber>((values.size() - 1) * 30);
        AddBalances(bank.rows, h, last, values, rng() % 3 ? 0.0 : 50.0, 2000);
      }
    }
    for (int k = rng() % 3; k > 0; --k) {
      const DayNumber d = day(rng);
      bank.complaints.day.push_back(d);
      bank.complaints.resolved_day.push_back(
          rng() % 2 ? kNever : d + static_cast<DayNumber>(rng() % 90));
      bank.complaints.due_day.push_back(kNever);
      bank.complaints.satisfaction.push_back(0);
    }
    bank.complaints.begin.push_back(
        static_cast<int64_t>(bank.complaints.day.size()));
    // Channel uses every 45 days, at the branch a third of the time.
    for (DayNumber d = static_cast<DayNumber>(rng() % 45); d < 2000; d += 45) {
      bank.rows.use_customer.push_back(c);
      bank.rows.use_day.push_back(d);
      bank.rows.use_at_branch.push_back(rng() % 3 == 0 ? 1 : 0);
    }
  }
  return bank;
}

// Bitwise: NaN equals NaN, and nothing else is forgiven.
bool SameRows(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(ContractChurnTest, WhatHappensAfterTheCutoffChangesNoFeature) {
  constexpr DayNumber kCutoff = 1000;
  RandomBank bank = MakeRandomBank(7);
  const ContractFeatures before = BuildContractFeatures(
      BuildContractBook(bank.rows), bank.complaints, kCutoff);
  // Balances, closings, openings and complaints dated after the cutoff,
  // all changed.
  ContractRows& rows = bank.rows;
  int changed = 0;
  for (size_t b = 0; b < rows.balance_day.size(); ++b) {
    if (rows.balance_day[b] <= kCutoff) continue;
    rows.balance[b] = -rows.balance[b] * 3;
    rows.arrears[b] = 999;
    ++changed;
  }
  for (size_t h = 0; h < rows.kind.size(); ++h) {
    if (rows.closed[h] != kNever && rows.closed[h] > kCutoff) {
      rows.closed[h] = rows.closed[h] % 2 ? kNever : kCutoff + 1;
      ++changed;
    }
    if (rows.opened[h] > kCutoff) rows.opened[h] = kCutoff + 1;
  }
  AddHolding(rows, 0, ContractKind::kLoan, kCutoff + 5);
  for (size_t u = 0; u < rows.use_day.size(); ++u) {
    if (rows.use_day[u] <= kCutoff) continue;
    rows.use_at_branch[u] = 1 - rows.use_at_branch[u];
    ++changed;
  }
  for (size_t k = 0; k < bank.complaints.day.size(); ++k) {
    if (bank.complaints.day[k] > kCutoff) {
      bank.complaints.day[k] = kCutoff + 1;
      ++changed;
    } else if (bank.complaints.resolved_day[k] > kCutoff) {
      bank.complaints.resolved_day[k] = kCutoff + 1;
      ++changed;
    }
  }
  ASSERT_GT(changed, 100);
  const ContractFeatures after =
      BuildContractFeatures(BuildContractBook(rows), bank.complaints, kCutoff);
  EXPECT_EQ(before.held, after.held);
  EXPECT_TRUE(SameRows(before.values, after.values));
  // The same change before the cutoff is seen.
  rows.balance[0] += 1;
  rows.closed[0] = rows.opened[0];
  const ContractFeatures seen =
      BuildContractFeatures(BuildContractBook(rows), bank.complaints, kCutoff);
  EXPECT_FALSE(SameRows(before.values, seen.values));
  // And so is a branch visit before it: the last use by the cutoff of a
  // customer held then, not at the branch, becomes a visit.
  size_t visit = rows.use_day.size();
  for (size_t u = 0; u + 1 < rows.use_day.size(); ++u) {
    const bool last_by_cutoff =
        rows.use_day[u] <= kCutoff &&
        (rows.use_customer[u + 1] != rows.use_customer[u] ||
         rows.use_day[u + 1] > kCutoff);
    if (last_by_cutoff && rows.use_at_branch[u] == 0 &&
        after.held[rows.use_customer[u]] != 0) {
      visit = u;
      break;
    }
  }
  ASSERT_LT(visit, rows.use_day.size());
  rows.use_at_branch[visit] = 1;
  const ContractFeatures visited =
      BuildContractFeatures(BuildContractBook(rows), bank.complaints, kCutoff);
  EXPECT_FALSE(SameRows(seen.values, visited.values));
}

// Blocks of customers on several threads give every feature bit for bit,
// and so the same models, risks and reasons.
TEST(ContractChurnTest, SeveralThreadsGiveWhatOneGives) {
  const RandomBank bank = MakeRandomBank(11, 20000);
  const ContractBook book = BuildContractBook(bank.rows);
  for (DayNumber cutoff : {600, 1000, 1400}) {
    const ContractFeatures one =
        BuildContractFeatures(book, bank.complaints, cutoff, 1);
    const ContractFeatures three =
        BuildContractFeatures(book, bank.complaints, cutoff, 3);
    EXPECT_TRUE(SameRows(one.values, three.values)) << cutoff;
    EXPECT_EQ(one.held, three.held) << cutoff;
  }
  ContractChurnOptions options;
  options.as_of = 1500;
  options.trees.threads = 1;
  options.trees.rounds = 5;
  auto one = PredictContractChurn(book, bank.complaints, options);
  options.threads = 2;
  auto two = PredictContractChurn(book, bank.complaints, options);
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(two.ok()) << two.status().message();
  ASSERT_TRUE(one->evidence.learned_models) << one->evidence.refusal;
  ASSERT_EQ(one->evaluations.size(), two->evaluations.size());
  for (size_t m = 0; m < one->evaluations.size(); ++m) {
    EXPECT_EQ(one->evaluations[m].holdout.auc, two->evaluations[m].holdout.auc);
    EXPECT_EQ(one->evaluations[m].calibration.brier,
              two->evaluations[m].calibration.brier);
  }
  EXPECT_EQ(one->evidence.training_rows, two->evidence.training_rows);
  EXPECT_EQ(one->evidence.holdout_customers, two->evidence.holdout_customers);
  EXPECT_TRUE(SameRows(one->features.values, two->features.values));
  ASSERT_EQ(one->risk.size(), two->risk.size());
  for (size_t c = 0; c < one->risk.size(); ++c) {
    ASSERT_EQ(std::isnan(one->risk[c]), std::isnan(two->risk[c])) << c;
    if (std::isnan(one->risk[c])) continue;
    EXPECT_EQ(one->risk[c], two->risk[c]) << c;
    EXPECT_EQ(one->rule_risk[c], two->rule_risk[c]) << c;
    EXPECT_EQ(FormatContractReasons(one->reasons[c]),
              FormatContractReasons(two->reasons[c]))
        << c;
  }
  EXPECT_EQ(one->band, two->band);
}

TEST(ContractChurnTest, RiskIsAProbabilityAndTheRuleModelRanksACause) {
  // Customers whose account stops rising close; the others keep theirs.
  ContractRows rows;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(1, 0.05);
  for (int32_t c = 0; c < 400; ++c) {
    rows.customer_keys.push_back("K" + std::to_string(c));
    const bool stops = c % 4 == 0;
    const DayNumber closes = stops ? 1000 + c % 150 : kNever;
    const int32_t h = AddHolding(rows, c, ContractKind::kAccount, 0, closes);
    std::vector<double> values;
    double level = 100;
    for (DayNumber d = 0; d < std::min<DayNumber>(closes, 1200); d += 30) {
      if (stops && d > 600) level *= 0.7;
      values.push_back(level * noise(rng));
    }
    AddBalances(rows, h, static_cast<DayNumber>((values.size() - 1) * 30),
                values);
  }
  ContractChurnOptions options;
  options.as_of = 1200;
  options.horizon_months = 6;
  options.snapshots = 2;
  options.min_holdout_closers = 10;
  options.trees.threads = 1;
  auto result = PredictContractChurn(BuildContractBook(rows), {}, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_TRUE(result->evidence.learned_models) << result->evidence.refusal;
  EXPECT_GT(result->evaluations[0].holdout.auc, 0.9);  // rules
  for (size_t c = 0; c < result->risk.size(); ++c) {
    if (std::isnan(result->risk[c])) continue;
    EXPECT_GE(result->risk[c], 0);
    EXPECT_LE(result->risk[c], 1);
  }
}

}  // namespace
}  // namespace vafa::analytics::churn
