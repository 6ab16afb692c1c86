// Next-best offers: for each customer, the products they do not hold that the
// association rules (and, optionally, their segment) suggest, ranked by
// expected value = probability of purchase x value of the product.
//
// The probability of product p for a customer holding the set H is the
// largest confidence among rules X -> {p} with X a subset of H (the rule that
// explains the offer); when segments are given, the share of the customer's
// segment that holds p competes as well ("customers like you hold it"), and
// wins when larger. Value is the product's margin or price in minor units,
// or 1 for every product when none is given (ranking by probability). Ties
// go to the higher probability, then the lower product index. Rules with
// more than one consequent item are not used. Customers are split over
// threads in contiguous ranges, so the result does not depend on scheduling.
// Cost per customer: the rules whose smallest antecedent item the customer
// holds, each checked in O(|X|).
#ifndef VAFA_ANALYTICS_BASKET_NEXT_BEST_OFFER_H_
#define VAFA_ANALYTICS_BASKET_NEXT_BEST_OFFER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "analytics/basket/association_rules.h"
#include "analytics/basket/baskets.h"
#include "core/result.h"

namespace vafa::analytics::basket {

struct OfferOptions {
  int32_t top_k = 3;  // offers per customer, at most
  // Per product value in minor units (margin or price); empty: all 1.
  std::span<const int64_t> product_value;
  // Per customer segment index, >= 0; empty: no segment suggestions.
  std::span<const int32_t> customer_segment;
  // A segment suggests a product only when at least this share holds it.
  double min_segment_share = 0.1;
  // Rules below this confidence are ignored.
  double min_confidence = 0;
  int32_t threads = 0;  // 0 means hardware concurrency
};

// Offers in CSR form: customer c's offers, best first, are the entries
// offsets[c] .. offsets[c+1] of the columns.
struct NextBestOffers {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> product;
  std::vector<double> probability;
  std::vector<double> expected_value;  // probability x value (minor units)
  std::vector<int64_t> rule;           // explaining rule, -1 for a segment

  int64_t num_customers() const {
    return static_cast<int64_t>(offsets.size()) - 1;
  }
};

// customer_products: one "basket" per customer holding the products they
// have bought (CSR, as Baskets). Fails when the option arrays do not match
// the number of customers or products.
Result<NextBestOffers> RecommendOffers(const Baskets& customer_products,
                                       const AssociationRules& rules,
                                       const OfferOptions& options);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_NEXT_BEST_OFFER_H_
