#include "analytics/basket/product_affinity.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <tuple>

namespace vafa::analytics::basket {
namespace {

struct Tally {
  std::vector<int64_t> count;
  std::vector<int32_t> touched;

  void Add(int32_t product) {
    if (count[product]++ == 0) touched.push_back(product);
  }
};

AffinityEntries Rank(Tally& tally, int64_t denominator,
                     const std::vector<int64_t>& base_count, int64_t base_total,
                     const AffinityOptions& options) {
  struct Row {
    int32_t product;
    int64_t count;
    double share;
    double lift;
  };
  std::vector<Row> rows;
  for (const int32_t product : tally.touched) {
    const int64_t count = tally.count[product];
    tally.count[product] = 0;
    if (count < options.min_count) continue;
    const double share =
        static_cast<double>(count) / static_cast<double>(denominator);
    const double base = static_cast<double>(base_count[product]) /
                        static_cast<double>(base_total);
    rows.push_back({product, count, share, share / base});
  }
  tally.touched.clear();
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(b.count, b.lift, a.product) <
           std::tie(a.count, a.lift, b.product);
  });
  if (options.top_k >= 0 && rows.size() > static_cast<size_t>(options.top_k)) {
    rows.resize(options.top_k);
  }
  AffinityEntries entries;
  for (const Row& row : rows) {
    entries.product.push_back(row.product);
    entries.count.push_back(row.count);
    entries.share.push_back(row.share);
    entries.lift.push_back(row.lift);
  }
  return entries;
}

}  // namespace

Result<PurchaseHistory> BuildPurchaseHistory(const PurchaseEvents& events) {
  const size_t count = events.customer.size();
  if (events.day.size() != count || events.product.size() != count) {
    return Status::Invalid(
        "purchase events: customer, day and product "
        "columns differ in length");
  }
  int32_t num_customers = 0;
  int32_t num_products = 0;
  for (size_t event = 0; event < count; ++event) {
    if (events.customer[event] < 0 || events.product[event] < 0) {
      return Status::Invalid("purchase event " + std::to_string(event) +
                             ": negative customer or product index");
    }
    num_customers = std::max(num_customers, events.customer[event] + 1);
    num_products = std::max(num_products, events.product[event] + 1);
  }
  std::vector<int64_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return std::tie(events.customer[a], events.day[a], events.product[a]) <
           std::tie(events.customer[b], events.day[b], events.product[b]);
  });
  PurchaseHistory history;
  history.customer_begin.assign(num_customers + 1, 0);
  history.product_baskets.assign(num_products, 0);
  history.product_customers.assign(num_products, 0);
  history.buyers.resize(num_products);
  for (size_t pos = 0; pos < count; ++pos) {
    const int64_t event = order[pos];
    const int32_t customer = events.customer[event];
    const int32_t day = events.day[event];
    const int32_t product = events.product[event];
    const bool new_customer =
        history.customer.empty() || history.customer.back() != customer;
    const bool new_basket = new_customer || history.day.back() != day;
    if (!new_basket && history.product.back() == product) continue;
    if (new_customer) ++history.num_customers;
    if (new_basket) ++history.num_baskets;
    history.customer.push_back(customer);
    history.day.push_back(day);
    history.product.push_back(product);
    ++history.product_baskets[product];
    ++history.customer_begin[customer + 1];
    std::vector<int32_t>& buyers = history.buyers[product];
    if (buyers.empty() || buyers.back() != customer) {
      buyers.push_back(customer);
      ++history.product_customers[product];
    }
  }
  for (int32_t customer = 0; customer < num_customers; ++customer) {
    history.customer_begin[customer + 1] += history.customer_begin[customer];
  }
  return history;
}

Result<ProductAffinity> ComputeProductAffinity(const PurchaseHistory& history,
                                               int32_t product,
                                               const AffinityOptions& options) {
  const auto num_products =
      static_cast<int32_t>(history.product_baskets.size());
  if (product < 0 || product >= num_products) {
    return Status::NotFound("product " + std::to_string(product) +
                            " has no purchases");
  }
  ProductAffinity affinity;
  affinity.product = product;
  affinity.baskets = history.product_baskets[product];
  affinity.customers = history.product_customers[product];
  Tally with{std::vector<int64_t>(num_products, 0), {}};
  Tally next{std::vector<int64_t>(num_products, 0), {}};
  std::vector<int32_t> seen_next(num_products, -1);
  for (const int32_t customer : history.buyers[product]) {
    const int64_t begin = history.customer_begin[customer];
    const int64_t end = history.customer_begin[customer + 1];
    // Days holding the product: every basket of such a day counts for
    // "with"; the first of them starts the "next" window.
    int64_t first_day_end = -1;
    int32_t first_day = 0;
    for (int64_t basket = begin; basket < end;) {
      int64_t basket_end = basket;
      bool holds = false;
      while (basket_end < end &&
             history.day[basket_end] == history.day[basket]) {
        holds = holds || history.product[basket_end] == product;
        ++basket_end;
      }
      if (holds) {
        for (int64_t pos = basket; pos < basket_end; ++pos) {
          if (history.product[pos] != product) with.Add(history.product[pos]);
        }
        if (first_day_end < 0) {
          first_day_end = basket_end;
          first_day = history.day[basket];
        }
      }
      basket = basket_end;
    }
    for (int64_t pos = first_day_end; pos >= 0 && pos < end; ++pos) {
      if (options.window_days > 0 &&
          static_cast<int64_t>(history.day[pos]) - first_day >
              options.window_days) {
        break;
      }
      const int32_t later = history.product[pos];
      if (seen_next[later] != customer) {
        seen_next[later] = customer;
        next.Add(later);
      }
    }
  }
  affinity.bought_with = Rank(with, affinity.baskets, history.product_baskets,
                              history.num_baskets, options);
  affinity.bought_next =
      Rank(next, affinity.customers, history.product_customers,
           history.num_customers, options);
  return affinity;
}

}  // namespace vafa::analytics::basket
