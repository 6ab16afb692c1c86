// Retention KPIs by calendar month (Gregorian or Jalali), from the
// transaction log. Months run from the month of the earliest order up to the
// month of as_of, empty months included (all counts 0). Only orders on or
// before as_of count; a purchase is an order with amount >= 0, a refund one
// with amount < 0 (as in customer_summary.h).
//
// Per month m (docs/analytics.md, "Retention KPIs"):
//   active_customers     customers with a purchase in m
//   new_customers        customers whose first purchase is in m
//   retained_customers   customers with a purchase in m and in m - 1
//   acquisition_rate     new / active
//   retention_rate       retained / active(m - 1)
//   churn_rate           1 - retention_rate
//   repeat_purchase_rate customers with a purchase day in m that is not
//                        their first purchase day, / active
//   purchase_days        distinct (customer, day) pairs with a purchase
//   purchase_frequency   purchase_days / active (same-day orders count once)
//   orders, gross_sales  purchase orders and their amount
//   refunds              sum of refund amounts (<= 0)
//   revenue              gross_sales + refunds
//   average_order_value  gross_sales / orders
// A rate whose denominator is 0 is NaN (written as an empty cell).
// Parallel over customers; integer counts merged in chunk order, so the result
// does not depend on the thread count.
#ifndef VAFA_ANALYTICS_KPI_H_
#define VAFA_ANALYTICS_KPI_H_

#include <cstdint>
#include <vector>

#include "analytics/period.h"
#include "analytics/transaction_log.h"

namespace vafa::analytics {

struct RetentionKpis {
  Calendar calendar = Calendar::kGregorian;
  std::vector<int32_t> month;  // month numbers (period.h), consecutive
  std::vector<int64_t> active_customers;
  std::vector<int64_t> new_customers;
  std::vector<int64_t> retained_customers;
  std::vector<int64_t> repeat_customers;
  std::vector<int64_t> purchase_days;
  std::vector<int64_t> orders;
  std::vector<int64_t> gross_sales;
  std::vector<int64_t> refunds;
  std::vector<int64_t> revenue;
  std::vector<double> acquisition_rate;
  std::vector<double> retention_rate;
  std::vector<double> churn_rate;
  std::vector<double> repeat_purchase_rate;
  std::vector<double> purchase_frequency;
  std::vector<double> average_order_value;

  size_t size() const { return month.size(); }
};

RetentionKpis ComputeRetentionKpis(const TransactionLog& log, DayNumber as_of,
                                   Calendar calendar, int threads = 0);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_KPI_H_
