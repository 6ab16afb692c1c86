// Baskets: the input of every market-basket algorithm, in compressed sparse
// row (CSR) form. Basket b holds items[offsets[b] .. offsets[b+1]); items are
// dense indices 0..num_items-1 (products or categories, numbered by the
// caller). A basket is a set: the miners ignore repeated items within one
// basket and do not need the items sorted. Plain value type; no I/O.
#ifndef VAFA_ANALYTICS_BASKET_BASKETS_H_
#define VAFA_ANALYTICS_BASKET_BASKETS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"

namespace vafa::analytics::basket {

struct Baskets {
  std::vector<int64_t> offsets{0};  // size() + 1 entries, offsets[0] == 0
  std::vector<int32_t> items;
  int32_t num_items = 0;  // items are in [0, num_items)

  int64_t size() const { return static_cast<int64_t>(offsets.size()) - 1; }
  std::span<const int32_t> basket(int64_t basket_idx) const {
    return {items.data() + offsets[basket_idx],
            items.data() + offsets[basket_idx + 1]};
  }
  // Appends one basket; grows num_items to cover its items.
  void Add(std::span<const int32_t> basket_items);
};

// Checks the CSR invariants (offsets start at 0, never decrease, end at
// items.size(); every item in [0, num_items)) and names the first violation.
Status ValidateBaskets(const Baskets& baskets);

// Replaces each item by its group (e.g. product -> category) and drops
// repeats, so itemsets can be mined by category instead of product.
// item_to_group[item] must lie in [0, num_groups) or be -1 (item dropped).
Baskets GroupItems(const Baskets& baskets,
                   std::span<const int32_t> item_to_group, int32_t num_groups);

// Keeps the baskets whose keep[basket_idx] is non-zero (a period, a segment),
// in their original order.
Baskets SelectBaskets(const Baskets& baskets, std::span<const uint8_t> keep);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_BASKETS_H_
