#include "analytics/customer_summary.h"

#include <algorithm>
#include <type_traits>

#include "analytics/distinct_count.h"
#include "analytics/parallel.h"

namespace vafa::analytics {
namespace {

void Resize(CustomerSummary& summary, int32_t customers, bool distinct_counts) {
  summary.first_purchase_day.assign(customers, kNoDay);
  summary.last_purchase_day.assign(customers, kNoDay);
  summary.orders.assign(customers, 0);
  summary.refunds.assign(customers, 0);
  summary.purchase_days.assign(customers, 0);
  summary.repeat_purchases.assign(customers, 0);
  summary.recency_days.assign(customers, 0);
  summary.tenure_days.assign(customers, 0);
  summary.purchase_span_days.assign(customers, 0);
  summary.revenue.assign(customers, 0);
  summary.refund_amount.assign(customers, 0);
  summary.mean_order_value.assign(customers, 0.0);
  summary.repeat_purchase_value.assign(customers, 0);
  summary.cost_of_goods.assign(customers, 0);
  summary.cost_known.assign(customers, 0);
  summary.margin.assign(customers, 0);
  if (distinct_counts) {
    summary.distinct_products.assign(customers, 0);
    summary.distinct_channels.assign(customers, 0);
    summary.distinct_branches.assign(customers, 0);
  }
  summary.discounted_order_share.assign(customers, 0.0);
  summary.first_order_discounted.assign(customers, 0);
}

// The distinct values of one customer's orders, counted as they come: a
// stamp per possible value (the dictionary's indices) remembers the last
// customer that had it, so nothing is sorted. A value outside the stamps
// (negative) is counted by sorting, as before.
template <typename T>
class SummaryDistinctValues {
 public:
  explicit SummaryDistinctValues(size_t domain) : stamp_(domain, -1) {}
  void Start(int32_t customer) {
    customer_ = customer;
    count_ = 0;
    outside_.clear();
  }
  void Add(T value) {
    if constexpr (std::is_signed_v<T>) {
      if (value < 0) {
        outside_.push_back(value);
        return;
      }
    }
    const auto at = static_cast<size_t>(value);
    if (at >= stamp_.size()) stamp_.resize(at + 1, -1);
    if (stamp_[at] != customer_) {
      stamp_[at] = customer_;
      ++count_;
    }
  }
  int32_t Count() {
    return outside_.empty() ? count_ : count_ + DistinctCount(outside_);
  }

 private:
  std::vector<int32_t> stamp_;
  std::vector<T> outside_;
  int32_t customer_ = -1;
  int32_t count_ = 0;
};

}  // namespace

CustomerSummary SummarizeCustomers(const TransactionLog& log, DayNumber as_of,
                                   int threads, bool distinct_counts) {
  CustomerSummary summary;
  summary.as_of = as_of;
  const int32_t customers = log.customer_count();
  Resize(summary, customers, distinct_counts);

  ParallelFor(customers, threads, [&](int, int64_t begin, int64_t end) {
    SummaryDistinctValues<int32_t> products(
        distinct_counts ? log.product_keys.size() : 0);
    SummaryDistinctValues<uint16_t> channels(
        distinct_counts ? log.channel_names.size() : 0);
    SummaryDistinctValues<uint16_t> branches(
        distinct_counts ? log.branch_names.size() : 0);
    for (auto customer = static_cast<int32_t>(begin); customer < end;
         ++customer) {
      products.Start(customer);
      channels.Start(customer);
      branches.Start(customer);
      int32_t orders = 0, refunds = 0, days = 0, discounted = 0;
      int64_t purchase_amount = 0, refund_amount = 0, cost = 0;
      int64_t first_day_amount = 0;
      bool cost_known = true;
      bool any_order = false;
      DayNumber first = kNoDay, last = kNoDay;
      for (int64_t order = log.customer_begin[customer];
           order < log.customer_begin[customer + 1]; ++order) {
        const DayNumber day = log.day[order];
        if (day > as_of) break;  // orders are in day order
        any_order = true;
        const int64_t amount = log.amount[order];
        if (log.cost[order] == kUnknownCost) {
          cost_known = false;
        } else {
          cost += log.cost[order];
        }
        if (distinct_counts) {
          for (uint32_t item = log.item_begin[order];
               item < log.item_begin[order + 1]; ++item) {
            products.Add(log.item_product[item]);
          }
          channels.Add(log.channel[order]);
          branches.Add(log.branch[order]);
        }
        if (amount < 0) {
          ++refunds;
          refund_amount += amount;
          continue;
        }
        const bool discounted_order = log.discount[order] > 0;
        if (orders == 0) {
          first = day;
          summary.first_order_discounted[customer] = discounted_order;
        }
        if (day != last) ++days;  // same-day orders are one purchase day
        last = day;
        ++orders;
        purchase_amount += amount;
        if (day == first) first_day_amount += amount;
        discounted += discounted_order;
      }
      if (!any_order) continue;
      summary.first_purchase_day[customer] = first;
      summary.last_purchase_day[customer] = last;
      summary.orders[customer] = orders;
      summary.refunds[customer] = refunds;
      summary.purchase_days[customer] = days;
      summary.revenue[customer] = purchase_amount + refund_amount;
      summary.refund_amount[customer] = refund_amount;
      summary.cost_known[customer] = cost_known;
      summary.cost_of_goods[customer] = cost_known ? cost : 0;
      summary.margin[customer] =
          cost_known ? purchase_amount + refund_amount - cost : 0;
      if (distinct_counts) {
        summary.distinct_products[customer] = products.Count();
        summary.distinct_channels[customer] = channels.Count();
        summary.distinct_branches[customer] = branches.Count();
      }
      if (orders > 0) {
        summary.repeat_purchases[customer] = days - 1;
        summary.recency_days[customer] = as_of - last;
        summary.tenure_days[customer] = as_of - first;
        summary.purchase_span_days[customer] = last - first;
        summary.mean_order_value[customer] =
            static_cast<double>(purchase_amount) / orders;
        summary.repeat_purchase_value[customer] =
            purchase_amount - first_day_amount;
        summary.discounted_order_share[customer] =
            static_cast<double>(discounted) / orders;
      }
    }
  });
  return summary;
}

}  // namespace vafa::analytics
