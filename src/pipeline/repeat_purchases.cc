#include "pipeline/repeat_purchases.h"

namespace vafa::pipeline {
using analytics::CustomerSummary;
using analytics::TransactionLog;

RepeatPurchaseInput RepeatPurchasesOf(const CustomerSummary& summary,
                                      analytics::clv::TimeUnit unit) {
  RepeatPurchaseInput input;
  analytics::clv::RepeatPurchaseData days;
  for (int32_t c = 0; c < summary.size(); ++c) {
    if (!summary.has_purchase(c) || summary.tenure_days[c] <= 0) continue;
    const int32_t repeats = summary.repeat_purchases[c];
    input.rows.push_back(c);
    days.frequency.push_back(repeats);
    days.recency.push_back(repeats > 0 ? summary.purchase_span_days[c] : 0);
    days.age.push_back(summary.tenure_days[c]);
    days.monetary_mean.push_back(
        repeats > 0
            ? static_cast<double>(summary.repeat_purchase_value[c]) / repeats
            : 0.0);
  }
  input.data = analytics::clv::ConvertDaysTo(days, unit);
  return input;
}

PurchaseColumns PurchasesOf(const TransactionLog& log) {
  PurchaseColumns purchases;
  const int64_t orders = log.order_count();
  purchases.customer.reserve(orders);
  purchases.day.reserve(orders);
  purchases.amount.reserve(orders);
  for (int64_t order = 0; order < orders; ++order) {
    if (log.amount[order] < 0) continue;  // a refund is not a purchase
    purchases.customer.push_back(log.customer[order]);
    purchases.day.push_back(log.day[order]);
    purchases.amount.push_back(static_cast<double>(log.amount[order]));
  }
  return purchases;
}

}  // namespace vafa::pipeline
