#include "analytics/basket/frequent_itemsets.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace vafa::analytics::basket {
namespace {

using Itemset = std::vector<int32_t>;

std::map<Itemset, int64_t> AsMap(const FrequentItemsets& itemsets) {
  std::map<Itemset, int64_t> result;
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    const auto items = itemsets.itemset(set_idx);
    result[Itemset(items.begin(), items.end())] = itemsets.support[set_idx];
  }
  return result;
}

// The definition itself: every subset of every basket, counted once per
// basket, kept when frequent and not larger than max_size.
std::map<Itemset, int64_t> CountNaively(const Baskets& baskets,
                                        int64_t min_support, int32_t max_size) {
  std::map<Itemset, int64_t> counts;
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    const auto raw = baskets.basket(basket_idx);
    Itemset items(raw.begin(), raw.end());
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    const uint32_t subsets = 1u << items.size();
    for (uint32_t mask = 1; mask < subsets; ++mask) {
      Itemset subset;
      for (size_t bit = 0; bit < items.size(); ++bit) {
        if (mask & (1u << bit)) subset.push_back(items[bit]);
      }
      if (max_size == 0 || static_cast<int32_t>(subset.size()) <= max_size) {
        ++counts[subset];
      }
    }
  }
  std::erase_if(counts,
                [&](const auto& entry) { return entry.second < min_support; });
  return counts;
}

Baskets RandomBaskets(uint32_t seed) {
  std::mt19937 random(seed);
  const int32_t num_items = 3 + static_cast<int32_t>(random() % 10);
  const int num_baskets = 1 + static_cast<int>(random() % 60);
  // Skewed item popularity, as in retail data, so that long itemsets occur.
  std::vector<double> weights(num_items);
  for (int32_t item = 0; item < num_items; ++item) {
    weights[item] = 1.0 / (1 + item);
  }
  std::discrete_distribution<int32_t> pick(weights.begin(), weights.end());
  Baskets baskets;
  baskets.num_items = num_items;
  if (seed % 3 == 0) {
    // Dense data, where the miners switch to diffsets.
    for (int basket_idx = 0; basket_idx < num_baskets; ++basket_idx) {
      std::vector<int32_t> items;
      for (int32_t item = 0; item < num_items; ++item) {
        if (random() % 10 < 7) items.push_back(item);
      }
      baskets.Add(items);
    }
    return baskets;
  }
  for (int basket_idx = 0; basket_idx < num_baskets; ++basket_idx) {
    const int length = static_cast<int>(random() % 9);  // repeats allowed
    std::vector<int32_t> items;
    for (int pos = 0; pos < length; ++pos) items.push_back(pick(random));
    baskets.Add(items);
  }
  return baskets;
}

class MinerAgreesWithNaiveCount
    : public testing::TestWithParam<MiningAlgorithm> {};

TEST_P(MinerAgreesWithNaiveCount, ItemsetByItemsetOverManySeeds) {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    const Baskets baskets = RandomBaskets(seed);
    std::mt19937 random(seed * 7919u);
    MiningOptions options;
    options.min_support = 1 + static_cast<int64_t>(random() % 5);
    options.max_size = static_cast<int32_t>(random() % 4);  // 0 = unlimited
    options.algorithm = GetParam();
    options.threads = 1 + static_cast<int32_t>(seed % 3);
    const auto mined = MineFrequentItemsets(baskets, options);
    ASSERT_TRUE(mined.ok()) << mined.status().ToString();
    ASSERT_EQ(AsMap(*mined),
              CountNaively(baskets, options.min_support, options.max_size))
        << "seed " << seed;
    EXPECT_EQ(mined->num_baskets, baskets.size());
  }
}

INSTANTIATE_TEST_SUITE_P(BothAlgorithms, MinerAgreesWithNaiveCount,
                         testing::Values(MiningAlgorithm::kFpGrowth,
                                         MiningAlgorithm::kEclat));

TEST(FrequentItemsetsTest, HandCheckedTinyCase) {
  // {bread, milk}, {bread, diapers, beer, eggs}, {milk, diapers, beer, cola},
  // {bread, milk, diapers, beer}, {bread, milk, diapers, cola}
  // bread=0 milk=1 diapers=2 beer=3 eggs=4 cola=5 (Tan, Steinbach & Kumar,
  // Introduction to Data Mining, Table 6.1).
  Baskets baskets;
  baskets.Add(std::vector<int32_t>{0, 1});
  baskets.Add(std::vector<int32_t>{0, 2, 3, 4});
  baskets.Add(std::vector<int32_t>{1, 2, 3, 5});
  baskets.Add(std::vector<int32_t>{0, 1, 2, 3});
  baskets.Add(std::vector<int32_t>{0, 1, 2, 5});
  MiningOptions options;
  options.min_support = 3;
  const auto mined = MineFrequentItemsets(baskets, options);
  ASSERT_TRUE(mined.ok());
  const std::map<Itemset, int64_t> expected = {
      {{0}, 4},    {{1}, 4},    {{2}, 4},    {{3}, 3},
      {{0, 1}, 3}, {{0, 2}, 3}, {{1, 2}, 3}, {{2, 3}, 3}};
  EXPECT_EQ(AsMap(*mined), expected);
  // Canonical order: by size, then lexicographically.
  EXPECT_EQ(mined->itemset(4)[0], 0);
  EXPECT_EQ(mined->itemset(4)[1], 1);
  EXPECT_EQ(mined->itemset(7)[0], 2);
}

TEST(FrequentItemsetsTest, SupportIsMonotoneUnderSubsets) {
  const Baskets baskets = RandomBaskets(42);
  MiningOptions options;
  options.min_support = 2;
  const auto mined = MineFrequentItemsets(baskets, options);
  ASSERT_TRUE(mined.ok());
  const auto by_set = AsMap(*mined);
  for (const auto& [items, support] : by_set) {
    for (size_t drop = 0; drop < items.size() && items.size() > 1; ++drop) {
      Itemset subset = items;
      subset.erase(subset.begin() + static_cast<std::ptrdiff_t>(drop));
      ASSERT_TRUE(by_set.contains(subset));
      EXPECT_GE(by_set.at(subset), support);
    }
  }
}

TEST(FrequentItemsetsTest, ThreadCountDoesNotChangeTheResult) {
  const Baskets baskets = RandomBaskets(7);
  MiningOptions options;
  options.min_support = 1;
  options.threads = 1;
  const auto one = MineFrequentItemsets(baskets, options);
  options.threads = 4;
  const auto four = MineFrequentItemsets(baskets, options);
  ASSERT_TRUE(one.ok() && four.ok());
  EXPECT_EQ(one->items, four->items);
  EXPECT_EQ(one->offsets, four->offsets);
  EXPECT_EQ(one->support, four->support);
}

TEST(FrequentItemsetsTest, RejectsBadOptionsAndBaskets) {
  Baskets baskets;
  baskets.Add(std::vector<int32_t>{0, 1});
  MiningOptions options;
  options.min_support = 0;
  EXPECT_EQ(MineFrequentItemsets(baskets, options).status().code(),
            StatusCode::kInvalidArgument);
  options.min_support = 1;
  baskets.items[1] = 9;  // outside num_items
  EXPECT_EQ(MineFrequentItemsets(baskets, options).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(FrequentItemsetsTest, EmptyInputHasNoItemsets) {
  const auto mined = MineFrequentItemsets(Baskets(), MiningOptions());
  ASSERT_TRUE(mined.ok());
  EXPECT_EQ(mined->size(), 0);
}

TEST(ParseMinSupportTest, AcceptsCountFractionAndPercent) {
  EXPECT_EQ(ParseMinSupport("89", 88162).value(), 89);
  EXPECT_EQ(ParseMinSupport("0.001", 88162).value(), 89);  // 88.162 -> 89
  EXPECT_EQ(ParseMinSupport("0.1%", 88162).value(), 89);
  EXPECT_EQ(ParseMinSupport("0.0005", 88162).value(), 45);  // 44.081 -> 45
  EXPECT_EQ(ParseMinSupport("0.5", 10).value(), 5);         // exact product
  EXPECT_EQ(ParseMinSupport("1%", 100).value(), 1);
}

TEST(ParseMinSupportTest, RejectsNonsense) {
  for (const char* text : {"", "abc", "0", "-3", "1.5", "0%", "2x", "0.1.1"}) {
    EXPECT_FALSE(ParseMinSupport(text, 100).ok()) << text;
  }
}

}  // namespace
}  // namespace vafa::analytics::basket
