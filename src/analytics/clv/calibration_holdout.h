// Calibration/holdout split of a purchase log, the standard way to judge a
// purchase model (Fader, Hardie & Lee 2005): the model is fitted on
// each customer's purchases up to a split day and its predictions are compared
// with the repeat purchases the customer made after it.
//
// Conventions (the literature's): purchases are counted on distinct days (two
// orders on one day are one purchase, their amounts add up); the first
// purchase day is not a repeat purchase; a purchase on day d happens at time
// d - first_day; the calibration period ends at the end of `split_day`
// (inclusive), so T = split_day - first_day; the holdout covers days
// split_day + 1 .. end_day. Customers whose first purchase is on or after the
// split day have T = 0 and are left out (listed in no row).
//
// O(n log n) in the number of events; pure.
#ifndef VAFA_ANALYTICS_CLV_CALIBRATION_HOLDOUT_H_
#define VAFA_ANALYTICS_CLV_CALIBRATION_HOLDOUT_H_

#include <span>
#include <vector>

#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/clv/time_unit.h"
#include "core/result.h"

namespace vafa::analytics::clv {

// A purchase log as columns: customer index (>= 0), day number (any epoch,
// e.g. days since 1970-01-01) and amount.
struct PurchaseLog {
  std::span<const int> customer;
  std::span<const int> day;
  std::span<const double> amount;
};

struct CalibrationHoldout {
  TimeUnit unit = TimeUnit::kWeek;
  int split_day = 0;          // last day of the calibration period
  int end_day = 0;            // last day of the holdout period
  double holdout_length = 0;  // (end_day - split_day) in `unit`

  // One row per customer first seen before split_day, in customer order.
  std::vector<int> customer;
  std::vector<int> first_purchase_day;
  RepeatPurchaseData calibration;         // in `unit`; monetary_mean filled
  std::vector<double> holdout_purchases;  // repeat purchase days in holdout

  // Repeat purchase days (of the rows above) per day, for day
  // first_day + k, k = 0 .. end_day - first_day; feeds the tracking plot.
  int first_day = 0;
  std::vector<int> repeat_purchases_per_day;
};

// Fails with the offending event's index when columns differ in length, a
// customer index is negative, or end_day < split_day. Events after end_day
// are ignored.
Result<CalibrationHoldout> SplitCalibrationHoldout(const PurchaseLog& log,
                                                   int split_day, int end_day,
                                                   TimeUnit unit);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_CALIBRATION_HOLDOUT_H_
