// The customers ordered by one int64 column, ties by customer index: what
// the RFM quintiles and the Pareto rankings sort. When the values' range
// and the index fit 64 bits together, each customer is one packed integer
// ((value - lowest) << index bits | index) and the sort moves 8 bytes per
// customer with a plain integer compare; otherwise (value, index) pairs
// are sorted. Both give the same order.
#ifndef VAFA_ANALYTICS_VALUE_ORDER_H_
#define VAFA_ANALYTICS_VALUE_ORDER_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace vafa::analytics {

enum class ValueDirection { kAscending, kDescending };

// The indices with included[i] != 0, by value (ascending or descending),
// equal values by ascending index.
inline std::vector<int32_t> OrderByValue(std::span<const int64_t> values,
                                         std::span<const uint8_t> included,
                                         ValueDirection direction) {
  const bool descending = direction == ValueDirection::kDescending;
  size_t n = 0;
  int64_t lowest = 0, highest = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!included[i]) continue;
    lowest = n == 0 ? values[i] : std::min(lowest, values[i]);
    highest = n == 0 ? values[i] : std::max(highest, values[i]);
    ++n;
  }
  std::vector<int32_t> order;
  order.reserve(n);
  const int index_bits = std::bit_width(values.size());
  const uint64_t range =
      static_cast<uint64_t>(highest) - static_cast<uint64_t>(lowest);
  if (std::bit_width(range) + index_bits <= 64) {
    std::vector<uint64_t> keys;
    keys.reserve(n);
    for (size_t i = 0; i < values.size(); ++i) {
      if (!included[i]) continue;
      const uint64_t offset = descending ? static_cast<uint64_t>(highest) -
                                               static_cast<uint64_t>(values[i])
                                         : static_cast<uint64_t>(values[i]) -
                                               static_cast<uint64_t>(lowest);
      keys.push_back(offset << index_bits | i);
    }
    std::sort(keys.begin(), keys.end());
    const uint64_t mask = (uint64_t{1} << index_bits) - 1;
    for (uint64_t key : keys) order.push_back(static_cast<int32_t>(key & mask));
    return order;
  }
  std::vector<std::pair<int64_t, int32_t>> ranked;
  ranked.reserve(n);
  for (size_t i = 0; i < values.size(); ++i) {
    if (included[i]) ranked.emplace_back(values[i], static_cast<int32_t>(i));
  }
  std::sort(ranked.begin(), ranked.end(), [descending](auto a, auto b) {
    if (a.first != b.first) {
      return descending ? a.first > b.first : a.first < b.first;
    }
    return a.second < b.second;
  });
  for (const auto& entry : ranked) order.push_back(entry.second);
  return order;
}

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_VALUE_ORDER_H_
