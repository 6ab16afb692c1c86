#include "analytics/cohorts.h"

#include <algorithm>
#include <limits>

#include "analytics/parallel.h"

namespace vafa::analytics {

double CohortTable::Retention(size_t cohort, size_t months_since) const {
  if (size[cohort] == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(active[cohort][months_since]) /
         static_cast<double>(size[cohort]);
}

CohortTable ComputeCohorts(const TransactionLog& log, DayNumber as_of,
                           Calendar calendar, int threads) {
  CohortTable table;
  table.calendar = calendar;
  const int32_t customers = log.customer_count();
  DayNumber first_day = as_of + 1;
  for (int32_t customer = 0; customer < customers; ++customer) {
    for (int64_t order = log.customer_begin[customer];
         order < log.customer_begin[customer + 1]; ++order) {
      if (log.day[order] > as_of) break;
      if (log.amount[order] >= 0) {
        first_day = std::min(first_day, log.day[order]);
        break;
      }
    }
  }
  if (first_day > as_of) return table;
  const MonthTable month_of(first_day, as_of, calendar);
  const int32_t base = month_of(first_day);
  const auto months = static_cast<size_t>(month_of(as_of) - base + 1);

  // Cell (c, k) of the triangle lives at c * months + k in a flat count
  // array per chunk; merged in chunk order.
  const int chunks = ChunkCount(customers, threads);
  std::vector<std::vector<int64_t>> partial(
      chunks, std::vector<int64_t>(months * months, 0));
  ParallelFor(customers, threads, [&](int chunk, int64_t begin, int64_t end) {
    std::vector<int64_t>& cells = partial[chunk];
    for (int64_t customer = begin; customer < end; ++customer) {
      int32_t cohort = -1, current = -1;
      for (int64_t order = log.customer_begin[customer];
           order < log.customer_begin[customer + 1]; ++order) {
        const DayNumber day = log.day[order];
        if (day > as_of) break;
        if (log.amount[order] < 0) continue;
        const int32_t month = month_of(day) - base;
        if (cohort < 0) cohort = month;
        if (month != current) {
          ++cells[static_cast<size_t>(cohort) * months + (month - cohort)];
          current = month;
        }
      }
    }
  });

  for (size_t cohort = 0; cohort < months; ++cohort) {
    table.cohort_month.push_back(base + static_cast<int32_t>(cohort));
    std::vector<int64_t> row(months - cohort, 0);
    for (size_t since = 0; since < row.size(); ++since) {
      for (const auto& cells : partial) {
        row[since] += cells[cohort * months + since];
      }
    }
    table.size.push_back(row[0]);
    table.active.push_back(std::move(row));
  }
  return table;
}

}  // namespace vafa::analytics
