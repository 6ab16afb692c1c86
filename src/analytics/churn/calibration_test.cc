#include "analytics/churn/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace vafa::analytics::churn {
namespace {

// Two scores: z = 0 for four examples of which one churned, z = 1 for four
// of which three churned. The fit reproduces each group's rate: sigma(b) =
// 1/4 and sigma(a + b) = 3/4, so b = -ln 3 and a = 2 ln 3 (up to the ridge).
TEST(PlattScaling, HandCheckedTwoGroups) {
  std::vector<double> z = {0, 0, 0, 0, 1, 1, 1, 1};
  std::vector<uint8_t> y = {1, 0, 0, 0, 1, 1, 1, 0};
  PlattScaling fit = FitPlattScaling(z, y);
  ASSERT_TRUE(fit.fitted);
  EXPECT_NEAR(fit.intercept, -std::log(3.0), 1e-4);
  EXPECT_NEAR(fit.slope, 2 * std::log(3.0), 1e-4);
  EXPECT_NEAR(fit.Apply(0), 0.25, 1e-5);
  EXPECT_NEAR(fit.Apply(1), 0.75, 1e-5);
}

// A score that ranks backwards is not turned round: the slope is 0 and
// every example gets the base rate.
TEST(PlattScaling, BackwardScoreBecomesTheBaseRate) {
  std::vector<double> z = {0, 0, 0, 0, 1, 1, 1, 1};
  std::vector<uint8_t> y = {1, 1, 1, 0, 0, 0, 0, 1};
  PlattScaling fit = FitPlattScaling(z, y);
  ASSERT_TRUE(fit.fitted);
  EXPECT_EQ(fit.slope, 0);
  EXPECT_NEAR(fit.Apply(5), 0.5, 1e-6);
}

TEST(PlattScaling, OneClassLeavesTheScoreAsItIs) {
  PlattScaling fit = FitPlattScaling({0.5, 2}, {1, 1});
  EXPECT_FALSE(fit.fitted);
  EXPECT_NEAR(fit.Apply(0), 0.5, 1e-12);
}

// Property: on scores whose true churn probability is sigma(2 z - 1), the
// fit recovers a = 2, b = -1 and the calibrated risks have a smaller Brier
// score than the raw sigma(z).
TEST(PlattScaling, RecoversAKnownMiscalibration) {
  std::mt19937 random(3);
  std::normal_distribution<double> normal(0, 1.5);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> z;
  std::vector<uint8_t> y;
  for (int i = 0; i < 40000; ++i) {
    z.push_back(normal(random));
    y.push_back(u(random) < 1 / (1 + std::exp(-(2 * z.back() - 1))) ? 1 : 0);
  }
  PlattScaling fit = FitPlattScaling(z, y);
  EXPECT_NEAR(fit.slope, 2, 0.1);
  EXPECT_NEAR(fit.intercept, -1, 0.1);
  std::vector<double> raw, calibrated;
  for (double score : z) {
    raw.push_back(1 / (1 + std::exp(-score)));
    calibrated.push_back(fit.Apply(score));
  }
  EXPECT_LT(MeasureCalibration(calibrated, y).brier,
            MeasureCalibration(raw, y).brier);
}

// Risks 0.9 .. 0.0 for ten examples, the top three churned: the Brier score
// is the mean squared miss, each decile holds one example.
TEST(MeasureCalibration, HandCheckedBrierAndDeciles) {
  std::vector<double> risk = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  std::vector<uint8_t> label = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
  Calibration c = MeasureCalibration(risk, label);
  // Misses: 0.0..0.6 against 0 and 0.3, 0.2, 0.1 against 1.
  const double squares =
      0.01 + 0.04 + 0.09 + 0.16 + 0.25 + 0.36 + 0.09 + 0.04 + 0.01;
  EXPECT_NEAR(c.brier, squares / 10, 1e-12);
  EXPECT_EQ(c.deciles[0].count, 1);
  EXPECT_DOUBLE_EQ(c.deciles[0].mean_predicted, 0.9);
  EXPECT_DOUBLE_EQ(c.deciles[0].observed_rate, 1);
  EXPECT_DOUBLE_EQ(c.deciles[9].mean_predicted, 0.0);
  EXPECT_DOUBLE_EQ(c.deciles[9].observed_rate, 0);
  // 23 examples: deciles of 3, 3, 3, then 2.
  Calibration uneven = MeasureCalibration(std::vector<double>(23, 0.5),
                                          std::vector<uint8_t>(23, 1));
  EXPECT_EQ(uneven.deciles[2].count, 3);
  EXPECT_EQ(uneven.deciles[3].count, 2);
  EXPECT_TRUE(std::isnan(MeasureCalibration({}, {}).brier));
}

}  // namespace
}  // namespace vafa::analytics::churn
