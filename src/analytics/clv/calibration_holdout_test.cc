#include "analytics/clv/calibration_holdout.h"

#include <gtest/gtest.h>

#include <cmath>

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

TEST(CalibrationHoldout, CdnowCalibrationEqualsPublishedSummary) {
  const CalibrationHoldout split = SplitCdnow();
  const RepeatPurchaseData published = testing::ReadCdnowSummary();
  ASSERT_EQ(split.calibration.size(), published.size());
  for (std::size_t i = 0; i < published.size(); ++i) {
    ASSERT_EQ(split.customer[i], static_cast<int>(i));
    EXPECT_EQ(split.calibration.frequency[i], published.frequency[i]) << i;
    // The published file rounds weeks to two decimals.
    EXPECT_NEAR(split.calibration.recency[i], published.recency[i], 0.0051)
        << i;
    EXPECT_NEAR(split.calibration.age[i], published.age[i], 0.0051) << i;
  }
  EXPECT_DOUBLE_EQ(split.holdout_length, 39.0);
}

TEST(CalibrationHoldout, CdnowHoldoutHas1882RepeatPurchases) {
  const CalibrationHoldout split = SplitCdnow();
  double total = 0;
  for (double h : split.holdout_purchases) total += h;
  EXPECT_EQ(total, 1882);
}

TEST(CalibrationHoldout, SameDayOrdersAreOnePurchaseAndFirstDayIsNotRepeat) {
  // Customer 0: first day 0 (two orders), repeats on 5 (two orders) and 9;
  // holdout purchase on 12; the order on day 30 is after the end.
  const std::vector<int> customer = {0, 0, 0, 0, 0, 0, 0, 1};
  const std::vector<int> day = {5, 0, 0, 5, 9, 12, 30, 3};
  const std::vector<double> amount = {4, 1, 2, 6, 20, 7, 9, 5};
  const auto split =
      SplitCalibrationHoldout({customer, day, amount}, 10, 20, TimeUnit::kDay);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->calibration.frequency[0], 2);
  EXPECT_EQ(split->calibration.recency[0], 9);
  EXPECT_EQ(split->calibration.age[0], 10);
  EXPECT_EQ(split->calibration.monetary_mean[0], (10.0 + 20.0) / 2);
  EXPECT_EQ(split->holdout_purchases[0], 1);
  EXPECT_EQ(split->calibration.frequency[1], 0);
  EXPECT_EQ(split->calibration.age[1], 7);
  EXPECT_EQ(split->holdout_length, 10);
}

TEST(CalibrationHoldout, RejectsMismatchedColumnsAndReversedDays) {
  const std::vector<int> customer = {0, 1};
  const std::vector<int> day = {1};
  const std::vector<double> amount = {1, 2};
  EXPECT_FALSE(
      SplitCalibrationHoldout({customer, day, amount}, 5, 9, TimeUnit::kDay)
          .ok());
  const std::vector<int> days = {1, 2};
  const auto reversed =
      SplitCalibrationHoldout({customer, days, amount}, 9, 5, TimeUnit::kDay);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().field(), "end_day");
}

}  // namespace
}  // namespace vafa::analytics::clv
