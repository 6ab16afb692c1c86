// RepeatPurchaseData: the per-customer columns every purchase model reads, in
// one time unit (see time_unit.h): frequency x = number of repeat purchase
// days (the first purchase excluded), recency t_x = time from the first to
// the last purchase (0 when x = 0), age T = time from the first purchase to
// the end of the observation period, and, for the Gamma-Gamma spend model,
// the mean value of the repeat purchases m_x (0 when x = 0).
//
// ValidateRepeatPurchaseData names the first bad row and field; the models
// assume validated input. CompressRepeatPurchaseData groups identical
// (x, t_x, T) rows with a weight, which makes likelihood evaluation
// proportional to the number of distinct rows (purchase days are integers, so
// a million customers over a year collapse to far fewer rows).
#ifndef VAFA_ANALYTICS_CLV_REPEAT_PURCHASE_DATA_H_
#define VAFA_ANALYTICS_CLV_REPEAT_PURCHASE_DATA_H_

#include <cstddef>
#include <vector>

#include "analytics/clv/time_unit.h"
#include "core/status.h"

namespace vafa::analytics::clv {

struct RepeatPurchaseData {
  std::vector<double> frequency;      // x, a whole number >= 0
  std::vector<double> recency;        // t_x, 0 <= t_x <= T
  std::vector<double> age;            // T > 0
  std::vector<double> monetary_mean;  // m_x; may be empty if spend is unused

  std::size_t size() const { return frequency.size(); }
};

// Checks lengths and, row by row, that x is a whole number >= 0,
// 0 <= t_x <= T, T > 0, t_x = 0 when x = 0, and m_x >= 0 (when present).
Status ValidateRepeatPurchaseData(const RepeatPurchaseData& data);

// Converts recency and age from days to `unit` (frequency and spend keep).
RepeatPurchaseData ConvertDaysTo(const RepeatPurchaseData& in_days,
                                 TimeUnit unit);

// Distinct (x, t_x, T) rows (in order of first appearance) with how many
// customers share each, plus the
// sorted distinct values of x and each row's index into them (so a model can
// evaluate its x-only terms, e.g. ln Gamma(r + x), once per distinct x).
struct CompressedPurchaseData {
  std::vector<double> frequency;
  std::vector<double> recency;
  std::vector<double> age;
  std::vector<double> weight;
  std::vector<double> distinct_frequency;
  std::vector<int> frequency_index;
  // The sorted distinct values of t_x and T together, and each row's indices
  // into them (so ln(alpha + t) is evaluated once per distinct time); left
  // empty when there are more than a quarter as many times as rows.
  std::vector<double> distinct_time;
  std::vector<int> recency_time_index;
  std::vector<int> age_time_index;
  // Filled by AddTimePoints only: the distinct (x, tau) "points" over all
  // rows' (x, t_x) and (x, T), and each row's index into them, for terms
  // that depend on x and one time only (the Pareto/NBD 2F1 terms).
  std::vector<double> point_frequency;
  std::vector<double> point_time;
  std::vector<int> recency_point;
  std::vector<int> age_point;

  std::size_t size() const { return frequency.size(); }
};
CompressedPurchaseData CompressRepeatPurchaseData(
    const RepeatPurchaseData& data);

// Fills the point_* and *_point members of `data`.
void AddTimePoints(CompressedPurchaseData& data);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_REPEAT_PURCHASE_DATA_H_
