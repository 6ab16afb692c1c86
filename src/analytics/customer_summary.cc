#include "analytics/customer_summary.h"

#include <algorithm>

#include "analytics/distinct_count.h"
#include "analytics/parallel.h"

namespace vafa::analytics {
namespace {

void Resize(CustomerSummary& summary, int32_t customers) {
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
  summary.distinct_products.assign(customers, 0);
  summary.distinct_channels.assign(customers, 0);
  summary.distinct_branches.assign(customers, 0);
  summary.discounted_order_share.assign(customers, 0.0);
  summary.first_order_discounted.assign(customers, 0);
}

}  // namespace

CustomerSummary SummarizeCustomers(const TransactionLog& log, DayNumber as_of,
                                   int threads) {
  CustomerSummary summary;
  summary.as_of = as_of;
  const int32_t customers = log.customer_count();
  Resize(summary, customers);

  ParallelFor(customers, threads, [&](int, int64_t begin, int64_t end) {
    std::vector<int32_t> products;
    std::vector<uint16_t> channels;
    std::vector<uint16_t> branches;
    for (auto customer = static_cast<int32_t>(begin); customer < end;
         ++customer) {
      products.clear();
      channels.clear();
      branches.clear();
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
        for (uint32_t item = log.item_begin[order];
             item < log.item_begin[order + 1]; ++item) {
          products.push_back(log.item_product[item]);
        }
        channels.push_back(log.channel[order]);
        branches.push_back(log.branch[order]);
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
      summary.distinct_products[customer] = DistinctCount(products);
      summary.distinct_channels[customer] = DistinctCount(channels);
      summary.distinct_branches[customer] = DistinctCount(branches);
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
