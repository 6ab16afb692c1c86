// The baskets market-basket analysis mines from a loaded snapshot: one per
// order that is not a refund (amount > 0) within a range of days, of its
// products or of their categories, each item once. The orders of customers
// come first, in the log's order; then, when asked, the anonymous sales
// (LoadedLog::anonymous), whose products are numbered after the log's own
// (products only anonymous sales hold get new numbers, in order of first
// appearance), so item names and numbers agree across both. O(lines).
#ifndef VAFA_PIPELINE_ORDER_BASKETS_H_
#define VAFA_PIPELINE_ORDER_BASKETS_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analytics/basket/baskets.h"
#include "core/dates.h"
#include "pipeline/transaction_source.h"

namespace vafa::pipeline {

// The customer of an anonymous sale's basket.
inline constexpr int32_t kAnonymousBasket = -1;

struct OrderBaskets {
  analytics::basket::Baskets baskets;
  std::vector<std::string> item_names;
  // Per basket: the log customer, or kAnonymousBasket.
  std::vector<int32_t> basket_customer;
  std::vector<double> item_value;  // mean value of a line of the item
  int64_t anonymous_baskets = 0;   // of them, anonymous sales
};

struct BasketSelection {
  bool by_category = false;
  DayNumber from = std::numeric_limits<DayNumber>::min();
  DayNumber to = std::numeric_limits<DayNumber>::max();
  bool with_anonymous = true;
};

OrderBaskets BuildOrderBaskets(const LoadedLog& loaded,
                               const BasketSelection& selection = {});

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_ORDER_BASKETS_H_
