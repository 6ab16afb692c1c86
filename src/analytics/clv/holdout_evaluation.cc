#include "analytics/clv/holdout_evaluation.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace vafa::analytics::clv {

HoldoutComparison CompareHoldout(const PurchaseModel& model,
                                 const CalibrationHoldout& split,
                                 int top_bucket) {
  const RepeatPurchaseData& data = split.calibration;
  const std::size_t n = data.size();
  HoldoutComparison out;
  out.predicted.resize(n);
  out.actual = split.holdout_purchases;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i < range.end();
                           ++i) {
                        out.predicted[i] = ConditionalExpectedPurchases(
                            model, data.frequency[i], data.recency[i],
                            data.age[i], split.holdout_length);
                      }
                    });
  out.buckets.resize(top_bucket + 1);
  for (int k = 0; k <= top_bucket; ++k) out.buckets[k].frequency = k;
  double squared = 0, absolute = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out.predicted_total += out.predicted[i];
    out.actual_total += out.actual[i];
    const double error = out.predicted[i] - out.actual[i];
    squared += error * error;
    absolute += std::fabs(error);
    FrequencyBucket& bucket =
        out.buckets[std::min(top_bucket, static_cast<int>(data.frequency[i]))];
    ++bucket.customers;
    bucket.actual_mean += out.actual[i];
    bucket.predicted_mean += out.predicted[i];
  }
  for (FrequencyBucket& bucket : out.buckets) {
    if (bucket.customers > 0) {
      bucket.actual_mean /= bucket.customers;
      bucket.predicted_mean /= bucket.customers;
    }
  }
  if (n > 0) {
    out.root_mean_squared_error = std::sqrt(squared / n);
    out.mean_absolute_error = absolute / n;
  }
  return out;
}

std::vector<TrackingPoint> TrackRepeatPurchases(const PurchaseModel& model,
                                                const CalibrationHoldout& split,
                                                int period_days) {
  // Customers who started on the same day share E[X(t)]: count them once.
  std::map<int, int> customers_by_first_day;
  for (int day : split.first_purchase_day) ++customers_by_first_day[day];
  const double days_per_unit = DaysPerUnit(split.unit);
  std::vector<TrackingPoint> points;
  double actual = 0;
  int next_day = split.first_day;
  for (int period = 1;; ++period) {
    const int end_day = split.first_day + period * period_days - 1;
    if (end_day > split.end_day) break;
    for (; next_day <= end_day; ++next_day) {
      actual += split.repeat_purchases_per_day[next_day - split.first_day];
    }
    double predicted = 0;
    for (const auto& [first_day, count] : customers_by_first_day) {
      if (first_day < end_day) {
        predicted += count * ExpectedPurchases(
                                 model, (end_day - first_day) / days_per_unit);
      }
    }
    points.push_back({period, end_day, actual, predicted});
  }
  return points;
}

Result<ModelSelection> SelectPurchaseModelByHoldout(
    const CalibrationHoldout& split,
    std::span<const PurchaseModelKind> candidates, const FitOptions& options) {
  if (candidates.empty()) {
    return Status::Invalid("no candidate models to choose from", "model");
  }
  ModelSelection selection;
  CompressedPurchaseData compressed =
      CompressRepeatPurchaseData(split.calibration);
  AddTimePoints(compressed);
  for (PurchaseModelKind kind : candidates) {
    Result<PurchaseModel> model = FitPurchaseModel(kind, compressed, options);
    if (!model.ok()) {
      return model.status().WithPlace(std::string(PurchaseModelName(kind)));
    }
    selection.comparisons.push_back(CompareHoldout(*model, split));
    selection.models.push_back(*std::move(model));
  }
  // A model whose predictions are not numbers (a degenerate fit, its
  // parameters run off to the bounds) is never chosen over one that has them.
  auto error_of = [&](std::size_t k) {
    const double rmse = selection.comparisons[k].root_mean_squared_error;
    return std::isnan(rmse) ? std::numeric_limits<double>::infinity() : rmse;
  };
  for (std::size_t k = 1; k < selection.models.size(); ++k) {
    if (error_of(k) < error_of(selection.chosen)) {
      selection.chosen = static_cast<int>(k);
    }
  }
  return selection;
}

}  // namespace vafa::analytics::clv
