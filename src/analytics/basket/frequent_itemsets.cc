#include "analytics/basket/frequent_itemsets.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>

#include "analytics/basket/internal/ranked_database.h"

namespace vafa::analytics::basket {

Result<int64_t> ParseMinSupport(std::string_view text, int64_t num_baskets) {
  const std::string original(text);
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  const bool has_point = text.find('.') != std::string_view::npos;
  if (!percent && !has_point) {
    int64_t count = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc() || end != text.data() + text.size() || count < 1) {
      return Status::Invalid("minimum support \"" + original +
                                 "\" is not a count >= 1, a fraction or a "
                                 "percentage",
                             "min_support");
    }
    return count;
  }
  const std::string number(text);
  char* end = nullptr;
  double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) value = -1;
  if (percent) value /= 100;
  if (!(value > 0 && value <= 1)) {
    return Status::Invalid("minimum support \"" + original +
                               "\" must be a fraction in (0, 1] or a "
                               "percentage in (0%, 100%]",
                           "min_support");
  }
  // Guard against 0.001 * 88162 = 88.162000000000006 style rounding upward
  // past an exact product.
  const double exact = value * static_cast<double>(num_baskets);
  const int64_t count = static_cast<int64_t>(std::ceil(exact - 1e-9));
  return std::max<int64_t>(1, count);
}

Result<FrequentItemsets> MineFrequentItemsets(const Baskets& baskets,
                                              const MiningOptions& options) {
  VAFA_RETURN_IF_ERROR(ValidateBaskets(baskets));
  if (options.min_support < 1) {
    return Status::Invalid("minimum support must be at least 1 basket",
                           "min_support");
  }
  if (options.max_size < 0) {
    return Status::Invalid("maximum itemset size must be >= 0", "max_size");
  }
  const internal::RankedDatabase database =
      internal::RankItems(baskets, options.min_support);
  std::vector<internal::ItemsetSink> sinks(
      internal::ResolveThreads(options.threads));
  if (options.algorithm == MiningAlgorithm::kFpGrowth) {
    internal::MineFpGrowth(database, options.min_support, options.max_size,
                           sinks);
  } else {
    internal::MineEclat(database, options.min_support, options.max_size, sinks);
  }
  return internal::MergeSinks(database, sinks, baskets.size());
}

void SortItemsets(FrequentItemsets& itemsets) {
  const int64_t count = itemsets.size();
  std::vector<int64_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    const auto set_a = itemsets.itemset(a);
    const auto set_b = itemsets.itemset(b);
    if (set_a.size() != set_b.size()) return set_a.size() < set_b.size();
    return std::lexicographical_compare(set_a.begin(), set_a.end(),
                                        set_b.begin(), set_b.end());
  });
  FrequentItemsets sorted;
  sorted.num_baskets = itemsets.num_baskets;
  sorted.offsets.reserve(itemsets.offsets.size());
  sorted.items.reserve(itemsets.items.size());
  sorted.support.reserve(itemsets.support.size());
  for (const int64_t set_idx : order) {
    const auto items = itemsets.itemset(set_idx);
    sorted.items.insert(sorted.items.end(), items.begin(), items.end());
    sorted.offsets.push_back(static_cast<int64_t>(sorted.items.size()));
    sorted.support.push_back(itemsets.support[set_idx]);
  }
  itemsets = std::move(sorted);
}

}  // namespace vafa::analytics::basket
