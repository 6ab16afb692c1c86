// Next product: which product a customer is most likely to open next,
// learned from the order in which customers opened products (a bank's
// accounts, cards, deposits and loans; docs/holdings.md, "Next product").
//
// The model is sequential and conditional. Every opening after a
// customer's first is a transition from what was opened before; the chance
// that the next opening is product j, given the customer's first product f
// (which, in a bank, says much of who the customer is) and latest product
// l, is counted over other customers' transitions and smoothed towards the
// chance given l alone, and that towards popularity (an interpolated
// back-off, as Jelinek & Mercer's for n-grams, with additive weights):
//   p0(j)       = (n(j) + 1) / (N + P)
//   p1(j | l)   = (n(l, j) + k p0(j)) / (n(l) + k)
//   p2(j | f, l) = (n(f, l, j) + k p1(j | l)) / (n(f, l) + k)
// n counts transitions (n(j): into j; n(l, j): from a latest l into j;
// n(f, l, j): the same from customers whose first was f), N all
// transitions, P the products, k the smoothing (5 by default). Products the
// customer already opened are not offered; the chances of the rest are
// rescaled to sum to one. The popularity baseline ranks the same products
// by n(j).
//
// The evaluation learns on the openings dated on or before a cutoff (the
// horizon before the day of the analysis) by the customers outside a
// holdout (a quarter, by a hash of the customer's key and the seed), and
// asks, for every holdout customer who had opened something by the cutoff
// and opened a product new to them after it, whether that product is the
// first suggestion (hit at 1) or among the first three (hit at 3), for the
// model and for the baseline. Pure functions; learning is O(openings),
// a suggestion O(P log P).
#ifndef VAFA_ANALYTICS_BASKET_NEXT_PRODUCT_H_
#define VAFA_ANALYTICS_BASKET_NEXT_PRODUCT_H_

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/basket/product_affinity.h"
#include "core/result.h"

namespace vafa::analytics::basket {

inline constexpr int32_t kEveryDay = std::numeric_limits<int32_t>::max();

struct NextProductModel {
  int32_t products = 0;
  double smoothing = 5;
  int64_t transitions = 0;            // N
  int64_t customers = 0;              // learned from
  std::vector<int64_t> into;          // n(j)
  std::vector<int64_t> after_latest;  // n(l, j) at l * products + j
  std::vector<int64_t> latest;        // n(l)
  // n(f, l, j) at [f * products + l][j], for the pairs seen.
  std::unordered_map<int64_t, std::vector<int64_t>> after_first_latest;
};

// Learns from the openings of `history` dated on or before `cutoff` of the
// customers with `learn[c] != 0` (an empty `learn`: every customer). A
// customer's openings are taken in the order of their days, then products.
NextProductModel LearnNextProduct(const PurchaseHistory& history,
                                  int32_t products, int32_t cutoff,
                                  const std::vector<uint8_t>& learn,
                                  double smoothing = 5);

struct ProductSuggestion {
  int32_t product = 0;
  double probability = 0;  // of being the next opening, among those offered
};

// The products not in `opened` (a customer's openings, first first), most
// likely first, at most `top`; ties go to the lower product index. Empty
// when `opened` is (the model needs a first product).
std::vector<ProductSuggestion> SuggestNextProducts(
    const NextProductModel& model, std::span<const int32_t> opened, int top);
// The baseline: the same products by n(j).
std::vector<ProductSuggestion> PopularNextProducts(
    const NextProductModel& model, std::span<const int32_t> opened, int top);

struct NextProductOptions {
  int32_t as_of = 0;           // the day of the analysis; required
  int32_t horizon_days = 365;  // the cutoff is as_of - horizon_days
  double holdout_share = 0.25;
  uint64_t seed = 1;
  double smoothing = 5;
};

struct NextProductEvaluation {
  int32_t cutoff = 0;
  int64_t training_customers = 0;
  int64_t training_transitions = 0;
  int64_t holdout_customers = 0;  // judged: something opened on both sides
  double hit_at_1 = 0, hit_at_3 = 0;
  double popular_hit_at_1 = 0, popular_hit_at_3 = 0;
};

// `customer_keys[c]` names customer c (the holdout draw reads it). Fails
// when the options are out of range.
Result<NextProductEvaluation> EvaluateNextProduct(
    const PurchaseHistory& history, int32_t products,
    const std::vector<std::string>& customer_keys,
    const NextProductOptions& options);

// Whether customer `key` is in the holdout for `seed` and `share`.
bool InNextProductHoldout(std::string_view key, uint64_t seed, double share);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_NEXT_PRODUCT_H_
