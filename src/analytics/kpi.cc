#include "analytics/kpi.h"

#include <algorithm>
#include <limits>

#include "analytics/parallel.h"

namespace vafa::analytics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Ratio(double part, double whole) {
  return whole > 0 ? part / whole : kNaN;
}

struct MonthCounts {
  explicit MonthCounts(size_t months)
      : active(months),
        fresh(months),
        retained(months),
        repeat(months),
        purchase_days(months),
        orders(months),
        gross(months),
        refunds(months) {}
  std::vector<int64_t> active, fresh, retained, repeat, purchase_days, orders,
      gross, refunds;
};

}  // namespace

RetentionKpis ComputeRetentionKpis(const TransactionLog& log, DayNumber as_of,
                                   Calendar calendar, int threads) {
  RetentionKpis kpis;
  kpis.calendar = calendar;
  const int32_t customers = log.customer_count();
  DayNumber first_day = as_of + 1;
  for (int32_t customer = 0; customer < customers; ++customer) {
    // A customer's orders are in day order, so its first is its earliest.
    if (log.customer_begin[customer] < log.customer_begin[customer + 1]) {
      first_day = std::min(first_day, log.day[log.customer_begin[customer]]);
    }
  }
  if (first_day > as_of) return kpis;
  const MonthTable month_of(first_day, as_of, calendar);
  const int32_t base = month_of(first_day);
  const auto months = static_cast<size_t>(month_of(as_of) - base + 1);

  std::vector<MonthCounts> partial;
  partial.reserve(ChunkCount(customers, threads));
  for (int chunk = 0; chunk < ChunkCount(customers, threads); ++chunk) {
    partial.emplace_back(months);
  }
  ParallelFor(customers, threads, [&](int chunk, int64_t begin, int64_t end) {
    MonthCounts& counts = partial[chunk];
    for (int64_t customer = begin; customer < end; ++customer) {
      DayNumber first_purchase = -1, last_purchase = -1;
      bool any_purchase = false, repeat_counted = false;
      int32_t current = -2;  // month of the latest purchase, base-relative
      for (int64_t order = log.customer_begin[customer];
           order < log.customer_begin[customer + 1]; ++order) {
        const DayNumber day = log.day[order];
        if (day > as_of) break;
        const int32_t month = month_of(day) - base;
        const int64_t amount = log.amount[order];
        if (amount < 0) {
          counts.refunds[month] += amount;
          continue;
        }
        ++counts.orders[month];
        counts.gross[month] += amount;
        if (!any_purchase) {
          any_purchase = true;
          first_purchase = day;
          ++counts.fresh[month];
        }
        if (month != current) {
          ++counts.active[month];
          if (month == current + 1) ++counts.retained[month];
          current = month;
          repeat_counted = false;
        }
        if (day != last_purchase) {
          ++counts.purchase_days[month];
          if (day != first_purchase && !repeat_counted) {
            ++counts.repeat[month];
            repeat_counted = true;
          }
          last_purchase = day;
        }
      }
    }
  });

  MonthCounts total(months);
  for (const MonthCounts& counts : partial) {
    for (size_t m = 0; m < months; ++m) {
      total.active[m] += counts.active[m];
      total.fresh[m] += counts.fresh[m];
      total.retained[m] += counts.retained[m];
      total.repeat[m] += counts.repeat[m];
      total.purchase_days[m] += counts.purchase_days[m];
      total.orders[m] += counts.orders[m];
      total.gross[m] += counts.gross[m];
      total.refunds[m] += counts.refunds[m];
    }
  }
  for (size_t m = 0; m < months; ++m) {
    kpis.month.push_back(base + static_cast<int32_t>(m));
    const auto active = static_cast<double>(total.active[m]);
    const double previous =
        m > 0 ? static_cast<double>(total.active[m - 1]) : 0.0;
    const double retention =
        Ratio(static_cast<double>(total.retained[m]), previous);
    kpis.retention_rate.push_back(retention);
    kpis.churn_rate.push_back(1.0 - retention);
    kpis.acquisition_rate.push_back(
        Ratio(static_cast<double>(total.fresh[m]), active));
    kpis.repeat_purchase_rate.push_back(
        Ratio(static_cast<double>(total.repeat[m]), active));
    kpis.purchase_frequency.push_back(
        Ratio(static_cast<double>(total.purchase_days[m]), active));
    kpis.average_order_value.push_back(
        Ratio(static_cast<double>(total.gross[m]),
              static_cast<double>(total.orders[m])));
    kpis.revenue.push_back(total.gross[m] + total.refunds[m]);
  }
  kpis.active_customers = std::move(total.active);
  kpis.new_customers = std::move(total.fresh);
  kpis.retained_customers = std::move(total.retained);
  kpis.repeat_customers = std::move(total.repeat);
  kpis.purchase_days = std::move(total.purchase_days);
  kpis.orders = std::move(total.orders);
  kpis.gross_sales = std::move(total.gross);
  kpis.refunds = std::move(total.refunds);
  return kpis;
}

}  // namespace vafa::analytics
