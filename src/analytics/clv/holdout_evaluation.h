// Holdout evaluation of a purchase model fitted on a calibration period
// (calibration_holdout.h): predicted against actual repeat purchases in the
// holdout per customer, in total and by calibration-frequency bucket (Fader,
// Hardie & Lee 2005), the weekly "tracking plot" of cumulative repeat
// purchases (ibid.), and the choice of model by holdout error.
//
// Predictions for the holdout are conditional expectations E[Y(t) | x, t_x,
// T] with t the holdout length; the tracking plot uses the unconditional
// E[X(t)] summed over customers by their first purchase day. Pure; scoring is
// parallel over customers with results independent of the thread count.
#ifndef VAFA_ANALYTICS_CLV_HOLDOUT_EVALUATION_H_
#define VAFA_ANALYTICS_CLV_HOLDOUT_EVALUATION_H_

#include <span>
#include <vector>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/purchase_model.h"
#include "core/result.h"

namespace vafa::analytics::clv {

struct FrequencyBucket {
  int frequency =
      0;  // calibration repeat purchases; the last bucket is "or more"
  int customers = 0;
  double actual_mean = 0;
  double predicted_mean = 0;
};

struct HoldoutComparison {
  std::vector<double> predicted;  // per row of the split
  std::vector<double> actual;
  double predicted_total = 0;
  double actual_total = 0;
  double root_mean_squared_error = 0;  // per customer
  double mean_absolute_error = 0;
  std::vector<FrequencyBucket> buckets;  // 0, 1, ..., top_bucket+
};

HoldoutComparison CompareHoldout(const PurchaseModel& model,
                                 const CalibrationHoldout& split,
                                 int top_bucket = 7);

struct TrackingPoint {
  int period = 0;   // 1-based period index since the earliest first purchase
  int end_day = 0;  // last day of the period
  double actual_cumulative = 0;     // repeat purchases up to end_day
  double predicted_cumulative = 0;  // sum of E[X(end_day - first day)]
};

// One point per whole period of `period_days` from split.first_day to
// split.end_day (weekly by default).
std::vector<TrackingPoint> TrackRepeatPurchases(const PurchaseModel& model,
                                                const CalibrationHoldout& split,
                                                int period_days = 7);

struct ModelSelection {
  std::vector<PurchaseModel> models;           // one per candidate
  std::vector<HoldoutComparison> comparisons;  // same order
  int chosen = 0;  // index of the lowest per-customer RMSE in the holdout
};

// Fits every candidate on the calibration period and picks the one with the
// lowest root-mean-squared error of per-customer holdout purchases.
Result<ModelSelection> SelectPurchaseModelByHoldout(
    const CalibrationHoldout& split,
    std::span<const PurchaseModelKind> candidates,
    const FitOptions& options = {});

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_HOLDOUT_EVALUATION_H_
