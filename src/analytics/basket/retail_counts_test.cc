// Published reference result: frequent itemset counts on the FIMI retail data
// (tests/data/basket/retail_counts.txt), for both miners, on the copy of
// retail.dat in tests/data/fimi. Run from the repository root.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analytics/basket/fimi_reader.h"
#include "analytics/basket/frequent_itemsets.h"

namespace vafa::analytics::basket {
namespace {

constexpr char kRetailPath[] = "tests/data/fimi/retail.dat";
constexpr char kCountsPath[] = "tests/data/basket/retail_counts.txt";

struct ExpectedCount {
  int64_t min_support;
  int64_t itemsets;
};

std::vector<ExpectedCount> ReadExpectedCounts() {
  std::ifstream in(kCountsPath);
  std::vector<ExpectedCount> counts;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ExpectedCount count{};
    fields >> count.min_support >> count.itemsets;
    counts.push_back(count);
  }
  return counts;
}

TEST(RetailCountsTest, BothMinersMatchTheEstablishedCounts) {
  const auto counts = ReadExpectedCounts();
  ASSERT_EQ(counts.size(), 3u) << "cannot read " << kCountsPath;
  const auto data = ReadFimiFile(kRetailPath);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->baskets.size(), 88162);
  for (const ExpectedCount& expected : counts) {
    for (const auto algorithm :
         {MiningAlgorithm::kFpGrowth, MiningAlgorithm::kEclat}) {
      MiningOptions options;
      options.min_support = expected.min_support;
      options.algorithm = algorithm;
      const auto mined = MineFrequentItemsets(data->baskets, options);
      ASSERT_TRUE(mined.ok());
      EXPECT_EQ(mined->size(), expected.itemsets)
          << "min_support " << expected.min_support << " algorithm "
          << static_cast<int>(algorithm);
    }
  }
}

TEST(RetailCountsTest, BothMinersAgreeOnEverySupportAtZeroPointOnePercent) {
  const auto data = ReadFimiFile(kRetailPath);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  MiningOptions options;
  options.min_support = 89;
  options.algorithm = MiningAlgorithm::kFpGrowth;
  const auto fp_growth = MineFrequentItemsets(data->baskets, options);
  options.algorithm = MiningAlgorithm::kEclat;
  const auto eclat = MineFrequentItemsets(data->baskets, options);
  ASSERT_TRUE(fp_growth.ok() && eclat.ok());
  EXPECT_EQ(fp_growth->items, eclat->items);
  EXPECT_EQ(fp_growth->offsets, eclat->offsets);
  EXPECT_EQ(fp_growth->support, eclat->support);
}

}  // namespace
}  // namespace vafa::analytics::basket
