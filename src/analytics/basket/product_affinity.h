// Product affinity for a manager: for one product p, what is bought with it
// and what is bought next.
//   - Bought with: a basket is one customer's purchases on one day. For each
//     other product q, the baskets holding both, confidence = baskets(p, q) /
//     baskets(p), and lift = confidence / (baskets(q) / all baskets).
//   - Bought next: for each customer who bought p, the products they bought
//     on a later day than their first purchase of p (within `window_days`
//     when set; p itself counts, as a repeat purchase). For each such q, the
//     customers, share = customers / customers who bought p, and lift =
//     share / (customers who bought q / all customers).
// PurchaseHistory sorts the events once (O(n log n)); each query then costs
// O(events of the customers who bought p). Entries are ordered by count,
// then lift, then product index, and cut to top_k.
#ifndef VAFA_ANALYTICS_BASKET_PRODUCT_AFFINITY_H_
#define VAFA_ANALYTICS_BASKET_PRODUCT_AFFINITY_H_

#include <cstdint>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::basket {

// Purchase events as columns, in any order; day is any integer day number
// (e.g. days since 1970-01-01 in the shop's time zone).
struct PurchaseEvents {
  std::vector<int32_t> customer;
  std::vector<int32_t> day;
  std::vector<int32_t> product;
};

// The events sorted by (customer, day, product) without repeats, with the
// per-product basket and customer counts that lifts need.
struct PurchaseHistory {
  std::vector<int32_t> customer;
  std::vector<int32_t> day;
  std::vector<int32_t> product;
  std::vector<int64_t> customer_begin;       // customer -> first event, size+1
  std::vector<int64_t> product_baskets;      // product -> baskets holding it
  std::vector<int64_t> product_customers;    // product -> customers buying it
  std::vector<std::vector<int32_t>> buyers;  // product -> customers, ascending
  int64_t num_baskets = 0;
  int64_t num_customers = 0;  // customers with at least one event
};

// Fails when the columns differ in length or hold negative indices.
Result<PurchaseHistory> BuildPurchaseHistory(const PurchaseEvents& events);

struct AffinityOptions {
  int32_t top_k = 10;
  int32_t window_days = 0;  // 0: any later day counts as next
  int64_t min_count = 1;    // entries seen fewer times are left out
};

struct AffinityEntries {
  std::vector<int32_t> product;
  std::vector<int64_t> count;  // baskets (with) or customers (next)
  std::vector<double> share;   // confidence (with) or share (next)
  std::vector<double> lift;
};

struct ProductAffinity {
  int32_t product = -1;
  int64_t baskets = 0;    // baskets holding the product
  int64_t customers = 0;  // customers who bought it
  AffinityEntries bought_with;
  AffinityEntries bought_next;
};

Result<ProductAffinity> ComputeProductAffinity(const PurchaseHistory& history,
                                               int32_t product,
                                               const AffinityOptions& options);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_PRODUCT_AFFINITY_H_
