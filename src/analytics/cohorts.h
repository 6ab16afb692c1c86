// Cohort retention table: customers grouped by the month of their first
// purchase (Gregorian or Jalali), and for each cohort the number of its
// customers with a purchase k months later, k = 0, 1, ... up to the month of
// as_of. Cohorts run over every month from the earliest first purchase to
// as_of's month, empty cohorts included, so the table is a regular triangle.
// Purchases and as_of as in customer_summary.h. active[c][0] == size[c].
// Parallel over customers, deterministic for any thread count.
#ifndef VAFA_ANALYTICS_COHORTS_H_
#define VAFA_ANALYTICS_COHORTS_H_

#include <cstdint>
#include <vector>

#include "analytics/period.h"
#include "analytics/transaction_log.h"

namespace vafa::analytics {

struct CohortTable {
  Calendar calendar = Calendar::kGregorian;
  std::vector<int32_t> cohort_month;  // consecutive month numbers
  std::vector<int64_t> size;          // customers acquired in that month
  // active[c][k]: cohort c's customers with a purchase k months after c;
  // active[c].size() = months from c to as_of's month, inclusive.
  std::vector<std::vector<int64_t>> active;

  // active[c][k] / size[c]; NaN for an empty cohort.
  double Retention(size_t cohort, size_t months_since) const;
};

CohortTable ComputeCohorts(const TransactionLog& log, DayNumber as_of,
                           Calendar calendar, int threads = 0);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_COHORTS_H_
