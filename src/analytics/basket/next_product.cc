#include "analytics/basket/next_product.h"

#include <algorithm>
#include <numeric>

#include "core/hash.h"

namespace vafa::analytics::basket {
namespace {

// The customer's products in the order opened, on or before `cutoff`,
// each once (a product opened again is not a new opening).
std::vector<int32_t> OpenedBy(const PurchaseHistory& history, int32_t customer,
                              int32_t cutoff) {
  std::vector<int32_t> out;
  if (customer + 1 >= static_cast<int32_t>(history.customer_begin.size())) {
    return out;
  }
  for (int64_t e = history.customer_begin[customer];
       e < history.customer_begin[customer + 1]; ++e) {
    if (history.day[e] > cutoff) break;
    if (std::find(out.begin(), out.end(), history.product[e]) == out.end()) {
      out.push_back(history.product[e]);
    }
  }
  return out;
}

// The first product the customer opened in (cutoff, until] that is not in
// `opened`; -1 when none.
int32_t FirstNewBetween(const PurchaseHistory& history, int32_t customer,
                        int32_t cutoff, int32_t until,
                        std::span<const int32_t> opened) {
  for (int64_t e = history.customer_begin[customer];
       e < history.customer_begin[customer + 1]; ++e) {
    if (history.day[e] <= cutoff) continue;
    if (history.day[e] > until) break;
    if (std::find(opened.begin(), opened.end(), history.product[e]) ==
        opened.end()) {
      return history.product[e];
    }
  }
  return -1;
}

// The products not opened, by `score` (highest first, then lower index),
// with the scores rescaled to sum to one, cut to `top`.
std::vector<ProductSuggestion> Rank(std::vector<double> score,
                                    std::span<const int32_t> opened, int top) {
  for (int32_t product : opened) {
    if (product >= 0 && product < static_cast<int32_t>(score.size())) {
      score[product] = -1;
    }
  }
  std::vector<ProductSuggestion> out;
  double sum = 0;
  for (size_t j = 0; j < score.size(); ++j) {
    if (score[j] < 0) continue;
    out.push_back({static_cast<int32_t>(j), score[j]});
    sum += score[j];
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ProductSuggestion& a, const ProductSuggestion& b) {
                     return a.probability > b.probability;
                   });
  if (out.size() > static_cast<size_t>(std::max(0, top))) out.resize(top);
  for (ProductSuggestion& each : out) {
    each.probability = sum > 0 ? each.probability / sum : 0;
  }
  return out;
}

}  // namespace

bool InNextProductHoldout(std::string_view key, uint64_t seed, double share) {
  return SeededDraw(seed, Fnv1a64(key), /*purpose=*/0x4E455854) < share;
}

NextProductModel LearnNextProduct(const PurchaseHistory& history,
                                  int32_t products, int32_t cutoff,
                                  const std::vector<uint8_t>& learn,
                                  double smoothing) {
  NextProductModel model;
  model.products = products;
  model.smoothing = smoothing;
  model.into.assign(products, 0);
  model.latest.assign(products, 0);
  model.after_latest.assign(static_cast<size_t>(products) * products, 0);
  const auto customers =
      static_cast<int32_t>(history.customer_begin.size()) - 1;
  for (int32_t c = 0; c < customers; ++c) {
    if (!learn.empty() &&
        (c >= static_cast<int32_t>(learn.size()) || learn[c] == 0)) {
      continue;
    }
    const std::vector<int32_t> opened = OpenedBy(history, c, cutoff);
    if (opened.empty()) continue;
    ++model.customers;
    const int32_t first = opened[0];
    for (size_t k = 1; k < opened.size(); ++k) {
      const int32_t latest = opened[k - 1], next = opened[k];
      if (first >= products || latest >= products || next >= products) {
        continue;
      }
      ++model.transitions;
      ++model.into[next];
      ++model.latest[latest];
      ++model.after_latest[static_cast<size_t>(latest) * products + next];
      std::vector<int64_t>& pair =
          model.after_first_latest[int64_t{first} * products + latest];
      if (pair.empty()) pair.assign(products, 0);
      ++pair[next];
    }
  }
  return model;
}

std::vector<ProductSuggestion> SuggestNextProducts(
    const NextProductModel& model, std::span<const int32_t> opened, int top) {
  const int32_t p = model.products;
  if (opened.empty() || opened.front() >= p || opened.back() >= p) return {};
  const int32_t first = opened.front(), latest = opened.back();
  const double k = model.smoothing;
  const auto pair = model.after_first_latest.find(int64_t{first} * p + latest);
  const int64_t pair_total =
      pair == model.after_first_latest.end()
          ? 0
          : std::accumulate(pair->second.begin(), pair->second.end(),
                            int64_t{0});
  std::vector<double> score(p);
  for (int32_t j = 0; j < p; ++j) {
    const double p0 = (static_cast<double>(model.into[j]) + 1) /
                      (static_cast<double>(model.transitions) + p);
    const double p1 =
        (static_cast<double>(
             model.after_latest[static_cast<size_t>(latest) * p + j]) +
         k * p0) /
        (static_cast<double>(model.latest[latest]) + k);
    const double n_pair = pair == model.after_first_latest.end()
                              ? 0
                              : static_cast<double>(pair->second[j]);
    score[j] = (n_pair + k * p1) / (static_cast<double>(pair_total) + k);
  }
  return Rank(std::move(score), opened, top);
}

std::vector<ProductSuggestion> PopularNextProducts(
    const NextProductModel& model, std::span<const int32_t> opened, int top) {
  std::vector<double> score(model.into.begin(), model.into.end());
  return Rank(std::move(score), opened, top);
}

Result<NextProductEvaluation> EvaluateNextProduct(
    const PurchaseHistory& history, int32_t products,
    const std::vector<std::string>& customer_keys,
    const NextProductOptions& options) {
  if (options.horizon_days < 1) {
    return Status::Invalid("horizon: at least one day");
  }
  if (!(options.holdout_share > 0 && options.holdout_share < 1)) {
    return Status::Invalid("holdout: a share between 0 and 1");
  }
  NextProductEvaluation out;
  out.cutoff = options.as_of - options.horizon_days;
  const auto customers = static_cast<int32_t>(
      std::min(customer_keys.size(), history.customer_begin.size() - 1));
  std::vector<uint8_t> learn(customers, 0);
  for (int32_t c = 0; c < customers; ++c) {
    learn[c] = InNextProductHoldout(customer_keys[c], options.seed,
                                    options.holdout_share)
                   ? 0
                   : 1;
  }
  const NextProductModel model =
      LearnNextProduct(history, products, out.cutoff, learn, options.smoothing);
  out.training_customers = model.customers;
  out.training_transitions = model.transitions;
  int64_t hits[4] = {};  // model at 1, at 3; popular at 1, at 3
  for (int32_t c = 0; c < customers; ++c) {
    if (learn[c] != 0) continue;
    const std::vector<int32_t> opened = OpenedBy(history, c, out.cutoff);
    if (opened.empty()) continue;
    // Openings after the day of the analysis are not known on it.
    const int32_t truth =
        FirstNewBetween(history, c, out.cutoff, options.as_of, opened);
    if (truth < 0) continue;
    ++out.holdout_customers;
    const auto score = [&](const std::vector<ProductSuggestion>& ranked,
                           int64_t* at) {
      for (size_t k = 0; k < ranked.size() && k < 3; ++k) {
        if (ranked[k].product != truth) continue;
        at[0] += k == 0;
        at[1] += 1;
      }
    };
    score(SuggestNextProducts(model, opened, 3), hits);
    score(PopularNextProducts(model, opened, 3), hits + 2);
  }
  const double judged = static_cast<double>(out.holdout_customers);
  if (out.holdout_customers > 0) {
    out.hit_at_1 = static_cast<double>(hits[0]) / judged;
    out.hit_at_3 = static_cast<double>(hits[1]) / judged;
    out.popular_hit_at_1 = static_cast<double>(hits[2]) / judged;
    out.popular_hit_at_3 = static_cast<double>(hits[3]) / judged;
  }
  return out;
}

}  // namespace vafa::analytics::basket
