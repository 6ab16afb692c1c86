#include "analytics/basket/baskets.h"

#include <algorithm>
#include <string>

namespace vafa::analytics::basket {

void Baskets::Add(std::span<const int32_t> basket_items) {
  for (const int32_t item : basket_items) {
    items.push_back(item);
    num_items = std::max(num_items, item + 1);
  }
  offsets.push_back(static_cast<int64_t>(items.size()));
}

Status ValidateBaskets(const Baskets& baskets) {
  if (baskets.offsets.empty() || baskets.offsets.front() != 0) {
    return Status::Invalid("baskets: offsets must start with 0", "offsets");
  }
  for (size_t idx = 1; idx < baskets.offsets.size(); ++idx) {
    if (baskets.offsets[idx] < baskets.offsets[idx - 1]) {
      return Status::Invalid(
          "baskets: offsets decrease at basket " + std::to_string(idx - 1),
          "offsets");
    }
  }
  if (baskets.offsets.back() != static_cast<int64_t>(baskets.items.size())) {
    return Status::Invalid("baskets: last offset " +
                               std::to_string(baskets.offsets.back()) +
                               " differs from the item count " +
                               std::to_string(baskets.items.size()),
                           "offsets");
  }
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    for (const int32_t item : baskets.basket(basket_idx)) {
      if (item < 0 || item >= baskets.num_items) {
        return Status::Invalid("baskets: basket " + std::to_string(basket_idx) +
                                   ": item " + std::to_string(item) +
                                   " is outside [0, " +
                                   std::to_string(baskets.num_items) + ")",
                               "items");
      }
    }
  }
  return Status::Ok();
}

Baskets GroupItems(const Baskets& baskets,
                   std::span<const int32_t> item_to_group, int32_t num_groups) {
  Baskets grouped;
  grouped.num_items = num_groups;
  grouped.offsets.reserve(baskets.offsets.size());
  grouped.items.reserve(baskets.items.size());
  std::vector<int32_t> groups;
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    groups.clear();
    for (const int32_t item : baskets.basket(basket_idx)) {
      const int32_t group = item_to_group[item];
      if (group >= 0) groups.push_back(group);
    }
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    grouped.items.insert(grouped.items.end(), groups.begin(), groups.end());
    grouped.offsets.push_back(static_cast<int64_t>(grouped.items.size()));
  }
  return grouped;
}

Baskets SelectBaskets(const Baskets& baskets, std::span<const uint8_t> keep) {
  Baskets selected;
  selected.num_items = baskets.num_items;
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    if (keep[basket_idx] == 0) continue;
    const auto items = baskets.basket(basket_idx);
    selected.items.insert(selected.items.end(), items.begin(), items.end());
    selected.offsets.push_back(static_cast<int64_t>(selected.items.size()));
  }
  return selected;
}

}  // namespace vafa::analytics::basket
