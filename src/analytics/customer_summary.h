// CustomerSummary: one row per customer of the transaction log, as columns,
// computed at an `as_of` day. This is the interface every model reads (RFM,
// Pareto, profitability, CLV, churn), so a store can compute the same columns
// with one GROUP BY and feed the models without a TransactionLog.
//
// Definitions (docs/analytics.md, "Per-customer summary"):
//   - Only orders on or before as_of count.
//   - A purchase is an order whose amount is >= 0; a refund is an order whose
//     amount is < 0. Refunds reduce the money columns but are not purchases.
//   - purchase_days counts distinct days with a purchase: several orders on
//     one day are one purchase for frequency. repeat_purchases =
//     purchase_days - 1 (the "x" of BG/NBD and Pareto/NBD).
//   - recency_days = as_of - last purchase day; tenure_days (T) = as_of -
//     first purchase day; purchase_span_days = last - first purchase day
//     (the "t_x" of BG/NBD, in days).
//   - revenue is the net amount (purchases + refunds); margin = revenue -
//     cost of goods, known only when every order of the customer has a cost.
//   - repeat_purchase_value is what the purchases on days after the first
//     purchase day add up to, so repeat_purchase_value / repeat_purchases
//     is the m_x of the Gamma-Gamma spend model (the first purchase left
//     out, Fader, Hardie & Lee 2005b); mean_order_value counts every order.
// A customer with no purchase up to as_of has purchase_days == 0 and its day
// columns hold kNoDay. Models convert days to other units themselves.
//
// Parallel over customers (std::threads); same result for any thread count.
#ifndef VAFA_ANALYTICS_CUSTOMER_SUMMARY_H_
#define VAFA_ANALYTICS_CUSTOMER_SUMMARY_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "analytics/transaction_log.h"
#include "core/dates.h"

namespace vafa::analytics {

inline constexpr DayNumber kNoDay = std::numeric_limits<DayNumber>::min();

struct CustomerSummary {
  DayNumber as_of = 0;
  // All columns have one entry per customer index of the log.
  std::vector<DayNumber> first_purchase_day;
  std::vector<DayNumber> last_purchase_day;
  std::vector<int32_t> orders;                 // purchase orders
  std::vector<int32_t> refunds;                // refund orders
  std::vector<int32_t> purchase_days;          // distinct days with a purchase
  std::vector<int32_t> repeat_purchases;       // purchase_days - 1, or 0
  std::vector<int32_t> recency_days;           // as_of - last purchase
  std::vector<int32_t> tenure_days;            // T: as_of - first purchase
  std::vector<int32_t> purchase_span_days;     // last - first purchase
  std::vector<int64_t> revenue;                // net: purchases + refunds
  std::vector<int64_t> refund_amount;          // sum of refunds (<= 0)
  std::vector<double> mean_order_value;        // purchase amount / orders
  std::vector<int64_t> repeat_purchase_value;  // purchases after the first day
  std::vector<int64_t> cost_of_goods;          // valid when cost_known
  std::vector<uint8_t> cost_known;             // 1 when every order has a cost
  std::vector<int64_t> margin;                 // revenue - cost_of_goods, or 0
  std::vector<int32_t> distinct_products;
  std::vector<int32_t> distinct_channels;
  std::vector<int32_t> distinct_branches;
  std::vector<double> discounted_order_share;  // of purchase orders
  std::vector<uint8_t> first_order_discounted;

  int32_t size() const { return static_cast<int32_t>(orders.size()); }
  bool has_purchase(int32_t customer) const {
    return purchase_days[customer] > 0;
  }
};

// threads <= 0: all hardware threads. `distinct_counts` false leaves
// distinct_products, distinct_channels and distinct_branches empty (no
// entry per customer): only the summary report and churn read them, and
// collecting every customer's products is most of the summary's work.
CustomerSummary SummarizeCustomers(const TransactionLog& log, DayNumber as_of,
                                   int threads = 0,
                                   bool distinct_counts = true);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_CUSTOMER_SUMMARY_H_
