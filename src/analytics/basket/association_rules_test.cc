#include "analytics/basket/association_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace vafa::analytics::basket {
namespace {

// Tan, Steinbach & Kumar, Introduction to Data Mining (2006), Table 6.1:
// bread=0 milk=1 diapers=2 beer=3 eggs=4 cola=5.
Baskets TextbookBaskets() {
  Baskets baskets;
  baskets.Add(std::vector<int32_t>{0, 1});
  baskets.Add(std::vector<int32_t>{0, 2, 3, 4});
  baskets.Add(std::vector<int32_t>{1, 2, 3, 5});
  baskets.Add(std::vector<int32_t>{0, 1, 2, 3});
  baskets.Add(std::vector<int32_t>{0, 1, 2, 5});
  return baskets;
}

int64_t FindRule(const AssociationRules& rules,
                 const std::vector<int32_t>& antecedent,
                 const std::vector<int32_t>& consequent) {
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    const auto x = rules.antecedent(rule_idx);
    const auto y = rules.consequent(rule_idx);
    if (std::vector<int32_t>(x.begin(), x.end()) == antecedent &&
        std::vector<int32_t>(y.begin(), y.end()) == consequent) {
      return rule_idx;
    }
  }
  return -1;
}

AssociationRules TextbookRules(int64_t min_support) {
  MiningOptions options;
  options.min_support = min_support;
  const auto itemsets = MineFrequentItemsets(TextbookBaskets(), options);
  EXPECT_TRUE(itemsets.ok());
  auto rules = GenerateRules(*itemsets);
  EXPECT_TRUE(rules.ok());
  return *rules;
}

TEST(AssociationRulesTest, MeasuresMatchTheTextbookByHand) {
  const AssociationRules rules = TextbookRules(2);
  // {milk, diapers} -> {beer}: s = 2/5, c = 2/3 (Tan et al., Section 6.1).
  const int64_t rule = FindRule(rules, {1, 2}, {3});
  ASSERT_GE(rule, 0);
  EXPECT_EQ(rules.support_count[rule], 2);
  EXPECT_DOUBLE_EQ(rules.support[rule], 0.4);
  EXPECT_DOUBLE_EQ(rules.confidence[rule], 2.0 / 3.0);
  // lift = (2/3) / (3/5) = 10/9; leverage = 0.4 - 0.6 * 0.6 = 0.04;
  // conviction = (1 - 0.6) / (1 - 2/3) = 1.2.
  EXPECT_DOUBLE_EQ(rules.lift[rule], 10.0 / 9.0);
  EXPECT_NEAR(rules.leverage[rule], 0.04, 1e-12);
  EXPECT_NEAR(rules.conviction[rule], 1.2, 1e-12);
  // {beer} -> {milk, diapers}: c = 2/3 as well, same lift.
  const int64_t reverse = FindRule(rules, {3}, {1, 2});
  ASSERT_GE(reverse, 0);
  EXPECT_DOUBLE_EQ(rules.confidence[reverse], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(rules.lift[reverse], 10.0 / 9.0);
  // {beer} -> {diapers} always holds: confidence 1, conviction infinite.
  const int64_t sure = FindRule(rules, {3}, {2});
  ASSERT_GE(sure, 0);
  EXPECT_DOUBLE_EQ(rules.confidence[sure], 1.0);
  EXPECT_TRUE(std::isinf(rules.conviction[sure]));
  // {bread} -> {milk}: c = 3/4, lift = 0.75 / 0.8 = 0.9375 (< 1: negative).
  const int64_t bread_milk = FindRule(rules, {0}, {1});
  ASSERT_GE(bread_milk, 0);
  EXPECT_DOUBLE_EQ(rules.lift[bread_milk], 0.9375);
  EXPECT_NEAR(rules.leverage[bread_milk], 0.6 - 0.8 * 0.8, 1e-12);
}

TEST(AssociationRulesTest, EachFrequentItemsetGivesAllItsSplits) {
  // At support 3 the pairs {0,1} {0,2} {1,2} {2,3} give 2 rules each.
  EXPECT_EQ(TextbookRules(3).size(), 8);
}

TEST(AssociationRulesTest, FilterKeepsOnlyRulesPassingEveryBound) {
  const AssociationRules rules = TextbookRules(2);
  RuleFilter filter;
  filter.min_confidence = 0.7;
  filter.min_lift = 1.0;
  filter.max_consequent_size = 1;
  const AssociationRules kept = FilterRules(rules, filter);
  ASSERT_GT(kept.size(), 0);
  for (int64_t rule_idx = 0; rule_idx < kept.size(); ++rule_idx) {
    EXPECT_GE(kept.confidence[rule_idx], 0.7);
    EXPECT_GE(kept.lift[rule_idx], 1.0);
    EXPECT_EQ(kept.consequent(rule_idx).size(), 1u);
  }
  // Generating with the filter gives the same rules as filtering afterwards.
  MiningOptions options;
  options.min_support = 2;
  const auto itemsets = MineFrequentItemsets(TextbookBaskets(), options);
  const auto direct = GenerateRules(*itemsets, filter);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct->antecedent_items, kept.antecedent_items);
  EXPECT_EQ(direct->consequent_items, kept.consequent_items);
  filter = RuleFilter();
  filter.consequent_item = 3;
  const AssociationRules to_beer = FilterRules(rules, filter);
  ASSERT_GT(to_beer.size(), 0);
  for (int64_t rule_idx = 0; rule_idx < to_beer.size(); ++rule_idx) {
    const auto y = to_beer.consequent(rule_idx);
    EXPECT_TRUE(std::find(y.begin(), y.end(), 3) != y.end());
  }
}

TEST(AssociationRulesTest, SortOrdersByMeasureAndKeepsTiesStable) {
  AssociationRules rules = TextbookRules(2);
  const int64_t count = rules.size();
  SortRules(rules, RuleMeasure::kLift);
  ASSERT_EQ(rules.size(), count);
  for (int64_t rule_idx = 1; rule_idx < rules.size(); ++rule_idx) {
    EXPECT_GE(rules.lift[rule_idx - 1], rules.lift[rule_idx]);
  }
  SortRules(rules, RuleMeasure::kSupport, /*ascending=*/true);
  for (int64_t rule_idx = 1; rule_idx < rules.size(); ++rule_idx) {
    EXPECT_LE(rules.support[rule_idx - 1], rules.support[rule_idx]);
  }
}

TEST(AssociationRulesTest, MeasuresObeyTheirIdentitiesOnRandomData) {
  std::mt19937 random(11);
  Baskets baskets;
  for (int basket_idx = 0; basket_idx < 200; ++basket_idx) {
    std::vector<int32_t> items;
    for (int32_t item = 0; item < 8; ++item) {
      if (random() % (item + 2) == 0) items.push_back(item);
    }
    baskets.Add(items);
  }
  MiningOptions options;
  options.min_support = 5;
  const auto itemsets = MineFrequentItemsets(baskets, options);
  const auto rules = GenerateRules(*itemsets);
  ASSERT_TRUE(rules.ok());
  ASSERT_GT(rules->size(), 10);
  for (int64_t rule_idx = 0; rule_idx < rules->size(); ++rule_idx) {
    const double confidence = rules->confidence[rule_idx];
    EXPECT_GT(confidence, 0);
    EXPECT_LE(confidence, 1);
    EXPECT_LE(rules->support[rule_idx], confidence);
    // Leverage and lift - 1 always share their sign.
    const double lift_sign = rules->lift[rule_idx] - 1;
    EXPECT_GE(lift_sign * rules->leverage[rule_idx], -1e-15);
    // Conviction is 1 exactly when lift is 1 (independence).
    if (std::isfinite(rules->conviction[rule_idx])) {
      EXPECT_EQ(rules->conviction[rule_idx] > 1 + 1e-12, lift_sign > 1e-12);
    }
  }
}

TEST(AssociationRulesTest, IncompleteItemsetsAreRejected) {
  FrequentItemsets itemsets;
  itemsets.num_baskets = 10;
  itemsets.items = {0, 1};
  itemsets.offsets = {0, 2};
  itemsets.support = {3};
  EXPECT_EQ(GenerateRules(itemsets).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace vafa::analytics::basket
