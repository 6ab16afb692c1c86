#include "analytics/clv/holdout_evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/internal/test_data.h"

namespace vafa::analytics::clv {
namespace {

CalibrationHoldout SplitCdnow() {
  const testing::CdnowLog log = testing::ReadCdnowSample();
  auto split = SplitCalibrationHoldout(
      {log.customer, log.day, log.amount}, testing::CdnowDay(1997, 9, 30),
      testing::CdnowDay(1998, 6, 30), TimeUnit::kWeek);
  EXPECT_TRUE(split.ok()) << split.status().ToString();
  return *std::move(split);
}

TEST(HoldoutEvaluation, HandCheckedComparisonOfTwoCustomers) {
  // Two customers over a 10-day holdout; errors are predicted - actual.
  CalibrationHoldout split;
  split.unit = TimeUnit::kDay;
  split.holdout_length = 10;
  split.calibration.frequency = {0, 3};
  split.calibration.recency = {0, 8};
  split.calibration.age = {10, 10};
  split.holdout_purchases = {0, 2};
  PurchaseModel model;
  model.parameters = {1.0, 5.0, 1.2, 3.0};
  const HoldoutComparison c = CompareHoldout(model, split, 2);
  const double p0 = ConditionalExpectedPurchases(model, 0, 0, 10, 10);
  const double p1 = ConditionalExpectedPurchases(model, 3, 8, 10, 10);
  EXPECT_DOUBLE_EQ(c.predicted_total, p0 + p1);
  EXPECT_EQ(c.actual_total, 2);
  EXPECT_NEAR(c.mean_absolute_error, (std::fabs(p0) + std::fabs(p1 - 2)) / 2,
              1e-12);
  EXPECT_NEAR(c.root_mean_squared_error,
              std::sqrt((p0 * p0 + (p1 - 2) * (p1 - 2)) / 2), 1e-12);
  ASSERT_EQ(c.buckets.size(), 3u);
  EXPECT_EQ(c.buckets[0].customers, 1);
  EXPECT_EQ(c.buckets[1].customers, 0);
  EXPECT_EQ(c.buckets[2].customers, 1);  // x = 3 falls in "2 or more"
  EXPECT_EQ(c.buckets[2].actual_mean, 2);
}

TEST(HoldoutEvaluation, BgNbdPredictsPublishedCdnowHoldoutTotal) {
  const CalibrationHoldout split = SplitCdnow();
  const auto model =
      FitPurchaseModel(PurchaseModelKind::kBgNbd, split.calibration);
  ASSERT_TRUE(model.ok());
  const HoldoutComparison comparison = CompareHoldout(*model, split);
  EXPECT_EQ(comparison.actual_total, 1882);
  // FHL 2005: about 1,653 predicted from the calibration fit.
  EXPECT_NEAR(comparison.predicted_total, 1653, 5);
  int customers = 0;
  for (const FrequencyBucket& bucket : comparison.buckets) {
    customers += bucket.customers;
  }
  EXPECT_EQ(customers, 2357);
  // The predicted mean rises with calibration frequency (as in FHL 2005).
  for (std::size_t k = 1; k < comparison.buckets.size(); ++k) {
    EXPECT_GT(comparison.buckets[k].predicted_mean,
              comparison.buckets[k - 1].predicted_mean);
  }
}

TEST(HoldoutEvaluation, TrackingPlotIsCumulativeAndEndsAtTheHoldoutTotals) {
  const CalibrationHoldout split = SplitCdnow();
  const auto model =
      FitPurchaseModel(PurchaseModelKind::kBgNbd, split.calibration);
  ASSERT_TRUE(model.ok());
  const auto points = TrackRepeatPurchases(*model, split);
  ASSERT_EQ(points.size(), 78u);
  EXPECT_EQ(points[38].end_day, testing::CdnowDay(1997, 9, 30));
  EXPECT_EQ(points[77].end_day, testing::CdnowDay(1998, 6, 30));
  double calibration_repeats = 0;
  for (double x : split.calibration.frequency) calibration_repeats += x;
  EXPECT_EQ(points[38].actual_cumulative, calibration_repeats);
  EXPECT_EQ(points[77].actual_cumulative - points[38].actual_cumulative, 1882);
  for (std::size_t k = 1; k < points.size(); ++k) {
    EXPECT_GE(points[k].actual_cumulative, points[k - 1].actual_cumulative);
    EXPECT_GT(points[k].predicted_cumulative,
              points[k - 1].predicted_cumulative);
  }
  // The fit tracks the calibration period closely (as in FHL 2005).
  EXPECT_NEAR(points[38].predicted_cumulative, calibration_repeats,
              0.03 * calibration_repeats);
}

TEST(HoldoutEvaluation, SelectionPicksTheLowestHoldoutError) {
  const CalibrationHoldout split = SplitCdnow();
  const PurchaseModelKind candidates[] = {PurchaseModelKind::kBgNbd,
                                          PurchaseModelKind::kMbgNbd,
                                          PurchaseModelKind::kParetoNbd};
  const auto selection = SelectPurchaseModelByHoldout(split, candidates);
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  ASSERT_EQ(selection->models.size(), 3u);
  for (const HoldoutComparison& c : selection->comparisons) {
    EXPECT_GE(
        c.root_mean_squared_error,
        selection->comparisons[selection->chosen].root_mean_squared_error);
  }
}

}  // namespace
}  // namespace vafa::analytics::clv
