// Frequent itemsets: every non-empty set of items that occurs in at least
// `min_support` baskets, with its support count. Two independent miners give
// the same answer, itemset by itemset:
//   - Eclat (Zaki 2000) with diffsets (Zaki & Gouda 2003, "Fast vertical
//     mining using diffsets"): vertical tid lists, extended by occurrence
//     delivery over the baskets (Uno, Kiyomi & Arimura 2004, LCM ver. 2)
//     while a class is wide, by intersection once it is narrow, and switched
//     to diffsets once they are the smaller representation (dense data). The
//     default: fastest on every data set measured (docs/basket.md);
//   - FP-Growth (Han, Pei & Yin 2000): a prefix tree of the baskets mined by
//     conditional trees; kept as the cross-check and for comparison.
// Both split the work by top-level item over `threads` std::threads. The
// result is deterministic: items ascending within an itemset, itemsets
// ordered by size, then lexicographically, whatever the algorithm or thread
// count. Memory is O(input + output) plus the tid lists or trees of one
// conditional database per depth per thread.
#ifndef VAFA_ANALYTICS_BASKET_FREQUENT_ITEMSETS_H_
#define VAFA_ANALYTICS_BASKET_FREQUENT_ITEMSETS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/basket/baskets.h"
#include "core/result.h"

namespace vafa::analytics::basket {

// Itemsets in CSR form: itemset s holds items[offsets[s] .. offsets[s+1]).
struct FrequentItemsets {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> items;
  std::vector<int64_t> support;  // baskets containing the itemset
  int64_t num_baskets = 0;       // baskets mined (denominator of fractions)

  int64_t size() const { return static_cast<int64_t>(support.size()); }
  std::span<const int32_t> itemset(int64_t itemset_idx) const {
    return {items.data() + offsets[itemset_idx],
            items.data() + offsets[itemset_idx + 1]};
  }
};

// kAuto is Eclat.
enum class MiningAlgorithm { kAuto, kFpGrowth, kEclat };

struct MiningOptions {
  int64_t min_support = 1;  // absolute count of baskets, >= 1
  int32_t max_size = 0;     // largest itemset reported; 0 means no limit
  MiningAlgorithm algorithm = MiningAlgorithm::kAuto;
  int32_t threads = 0;  // 0 means std::thread::hardware_concurrency()
};

// Turns a user's minimum support into a count of baskets: "89" is a count,
// "0.001" a fraction and "0.1%" a percentage of num_baskets, rounded up (a
// set is frequent when support >= fraction * num_baskets).
Result<int64_t> ParseMinSupport(std::string_view text, int64_t num_baskets);

// Mines all frequent itemsets. Fails on invalid baskets or options.
Result<FrequentItemsets> MineFrequentItemsets(const Baskets& baskets,
                                              const MiningOptions& options);

// Sorts itemsets into the canonical order described above (items within each
// itemset are expected to be ascending already).
void SortItemsets(FrequentItemsets& itemsets);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_FREQUENT_ITEMSETS_H_
