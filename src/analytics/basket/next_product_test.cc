#include "analytics/basket/next_product.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vafa::analytics::basket {
namespace {

// Products: 0 a salary account, 1 a youth account, 2 a card, 3 a loan,
// 4 a deposit.
enum : int32_t { kSalary, kYouth, kCard, kLoan, kDeposit, kProducts };

void Open(PurchaseEvents& events, int32_t customer, int32_t day,
          int32_t product) {
  events.customer.push_back(customer);
  events.day.push_back(day);
  events.product.push_back(product);
}

// Salary account, card, loan (twice); salary account, card; youth
// account, deposit, card; youth account, deposit.
PurchaseHistory FiveCustomers() {
  PurchaseEvents events;
  for (int32_t c : {0, 1}) {
    Open(events, c, 1, kSalary);
    Open(events, c, 10, kCard);
    Open(events, c, 20, kLoan);
  }
  Open(events, 2, 1, kSalary);
  Open(events, 2, 10, kCard);
  Open(events, 3, 1, kYouth);
  Open(events, 3, 10, kDeposit);
  Open(events, 3, 20, kCard);
  Open(events, 4, 1, kYouth);
  Open(events, 4, 10, kDeposit);
  return *BuildPurchaseHistory(events);
}

std::vector<int32_t> Products(const std::vector<ProductSuggestion>& ranked) {
  std::vector<int32_t> out;
  for (const ProductSuggestion& each : ranked) out.push_back(each.product);
  return out;
}

TEST(NextProductTest, CountsTheTransitionsOfEachOpening) {
  const NextProductModel model =
      LearnNextProduct(FiveCustomers(), kProducts, kEveryDay, {});
  EXPECT_EQ(model.customers, 5);
  EXPECT_EQ(model.transitions, 8);  // 2 + 2 + 1 + 2 + 1
  EXPECT_EQ(model.into, (std::vector<int64_t>{0, 0, 4, 2, 2}));
  EXPECT_EQ(model.latest, (std::vector<int64_t>{3, 2, 2, 0, 1}));
  EXPECT_EQ(model.after_latest[kSalary * kProducts + kCard], 3);
  EXPECT_EQ(model.after_first_latest.at(kYouth * kProducts + kDeposit),
            (std::vector<int64_t>{0, 0, 1, 0, 0}));
}

TEST(NextProductTest, HandCheckedChancesAfterASalaryAccount) {
  const NextProductModel model =
      LearnNextProduct(FiveCustomers(), kProducts, kEveryDay, {});
  // p0 = (n(j) + 1) / 13; p1(j | salary) = (n(salary, j) + 5 p0) / 8;
  // p2(j | salary, salary) = (n + 5 p1) / 8, over 832ths: youth 25, card
  // 632, loan 75, deposit 75; rescaled over these four (807).
  const std::vector<int32_t> opened = {kSalary};
  const auto ranked = SuggestNextProducts(model, opened, 3);
  ASSERT_EQ(Products(ranked), (std::vector<int32_t>{kCard, kLoan, kDeposit}));
  EXPECT_NEAR(ranked[0].probability, 632.0 / 807, 1e-12);
  EXPECT_NEAR(ranked[1].probability, 75.0 / 807, 1e-12);  // a tie: lower first
  EXPECT_NEAR(ranked[2].probability, 75.0 / 807, 1e-12);
}

TEST(NextProductTest, TheOrderSoFarDecidesWherePopularityCannot) {
  const NextProductModel model =
      LearnNextProduct(FiveCustomers(), kProducts, kEveryDay, {});
  const std::vector<int32_t> youth = {kYouth};
  const std::vector<int32_t> youth_deposit = {kYouth, kDeposit};
  const std::vector<int32_t> salary_card = {kSalary, kCard};
  EXPECT_EQ(SuggestNextProducts(model, youth, 1)[0].product, kDeposit);
  EXPECT_EQ(SuggestNextProducts(model, youth_deposit, 1)[0].product, kCard);
  EXPECT_EQ(SuggestNextProducts(model, salary_card, 1)[0].product, kLoan);
  // Popularity offers the card to everyone who lacks it, loan before
  // deposit on the tie.
  EXPECT_EQ(Products(PopularNextProducts(model, youth, 3)),
            (std::vector<int32_t>{kCard, kLoan, kDeposit}));
  EXPECT_EQ(Products(PopularNextProducts(model, salary_card, 2)),
            (std::vector<int32_t>{kLoan, kDeposit}));
  // What is held is never offered; nothing is offered to no history.
  for (const auto& each : SuggestNextProducts(model, salary_card, 5)) {
    EXPECT_NE(each.product, kSalary);
    EXPECT_NE(each.product, kCard);
  }
  EXPECT_TRUE(SuggestNextProducts(model, {}, 3).empty());
}

TEST(NextProductTest, LearnsOnlyWhatWasOpenedByTheCutoff) {
  const NextProductModel model =
      LearnNextProduct(FiveCustomers(), kProducts, 15, {});
  EXPECT_EQ(model.transitions, 5);  // the openings of day 20 are later
  EXPECT_EQ(model.into, (std::vector<int64_t>{0, 0, 3, 0, 2}));
  const NextProductModel some =
      LearnNextProduct(FiveCustomers(), kProducts, kEveryDay, {1, 0, 0, 0, 1});
  EXPECT_EQ(some.customers, 2);
  EXPECT_EQ(some.transitions, 3);
}

// Two kinds of customer, 400 in all: even ones open a salary account, a
// card and then a loan; odd ones a youth account, a deposit and then a
// card. Half of them (c % 4 < 2) opened all three long before the cutoff
// (day 150); the others opened the third after it.
bool Late(int32_t c) { return c % 4 >= 2; }
PurchaseHistory TwoLadders(std::vector<std::string>& keys) {
  PurchaseEvents events;
  for (int32_t c = 0; c < 400; ++c) {
    keys.push_back("K" + std::to_string(c));
    const bool even = c % 2 == 0;
    const int32_t start = Late(c) ? 100 : 0;
    Open(events, c, start, even ? kSalary : kYouth);
    Open(events, c, start + 20, even ? kCard : kDeposit);
    Open(events, c, Late(c) ? 200 + c % 40 : 40, even ? kLoan : kCard);
  }
  Open(events, 2, 400, kDeposit);  // after the day of the analysis: unknown
  return *BuildPurchaseHistory(events);
}

TEST(NextProductTest, EvaluationHitsWhereTheBaselineHalfMisses) {
  std::vector<std::string> keys;
  const PurchaseHistory history = TwoLadders(keys);
  NextProductOptions options;
  options.as_of = 300;
  options.horizon_days = 150;
  const auto evaluation =
      EvaluateNextProduct(history, kProducts, keys, options);
  ASSERT_TRUE(evaluation.ok()) << evaluation.status().ToString();
  // Judged: the late customers of the holdout (the early ones opened
  // nothing after the cutoff).
  int64_t holdout = 0, judged = 0, odd = 0, late_training = 0;
  for (int32_t c = 0; c < 400; ++c) {
    if (!InNextProductHoldout(keys[c], 1, 0.25)) {
      late_training += Late(c);
      continue;
    }
    ++holdout;
    if (!Late(c)) continue;
    ++judged;
    odd += c % 2;
  }
  EXPECT_EQ(evaluation->cutoff, 150);
  EXPECT_EQ(evaluation->holdout_customers, judged);
  EXPECT_GT(judged, 30);
  EXPECT_LT(judged, 70);
  EXPECT_EQ(evaluation->training_customers, 400 - holdout);
  // Two openings after the first of an early customer, one of a late.
  EXPECT_EQ(evaluation->training_transitions,
            2 * (400 - holdout - late_training) + late_training);
  EXPECT_DOUBLE_EQ(evaluation->hit_at_1, 1);
  EXPECT_DOUBLE_EQ(evaluation->hit_at_3, 1);
  // Popularity (card, then deposit, then loan) offers the card first:
  // right for the odd customers (who lack it), wrong for the even (who
  // hold it and are offered the deposit).
  EXPECT_DOUBLE_EQ(evaluation->popular_hit_at_1,
                   static_cast<double>(odd) / judged);
  EXPECT_DOUBLE_EQ(evaluation->popular_hit_at_3, 1);  // 3 of 3 left

  options.horizon_days = 0;
  EXPECT_FALSE(EvaluateNextProduct(history, kProducts, keys, options).ok());
  options.horizon_days = 150;
  options.holdout_share = 1;
  EXPECT_FALSE(EvaluateNextProduct(history, kProducts, keys, options).ok());
}

}  // namespace
}  // namespace vafa::analytics::basket
