#include "services/marketing/uplift.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::services::marketing {
namespace {

// 60 of 1,000 treated customers bought against 40 of 1,000 held out. R's
// prop.test(c(60, 40), c(1000, 1000), correct = FALSE) gives X-squared =
// 4.2105, p-value = 0.04017; the Wald interval of the difference is
// 0.02 ± 1.96 × sqrt(.06 × .94 / 1000 + .04 × .96 / 1000).
TEST(CampaignFigures, UpliftIntervalAndTestMatchTheReference) {
  GroupOutcome treatment{.members = 1000,
                         .responded = 80,
                         .converted = 50,
                         .recorded_revenue_minor = 9'000'000,
                         .buyers = 60,
                         .new_buyers = 6,
                         .never_bought = 200,
                         .window_revenue_minor = 30'000'000};
  GroupOutcome control{
      .members = 1000, .buyers = 40, .window_revenue_minor = 20'000'000};
  CampaignFigures f = ComputeCampaignFigures(treatment, control, 2'000'000);
  EXPECT_DOUBLE_EQ(f.response_rate, 0.08);
  EXPECT_DOUBLE_EQ(f.conversion_rate, 0.05);
  EXPECT_DOUBLE_EQ(f.acquisition_rate, 0.03);
  ASSERT_TRUE(f.has_control);
  EXPECT_NEAR(f.uplift, 0.02, 1e-12);
  EXPECT_NEAR(f.uplift_low, 0.000916753520, 1e-9);
  EXPECT_NEAR(f.uplift_high, 0.039083246480, 1e-9);
  EXPECT_NEAR(f.p_value, 0.04017387, 1e-7);
  // 30,000 - 20,000 per member over 1,000 members: 10,000,000 incremental.
  EXPECT_DOUBLE_EQ(f.incremental_revenue_minor, 10'000'000);
  EXPECT_DOUBLE_EQ(f.roi, 4.0);  // (10M - 2M) / 2M
}

// Four treated members spent 0, 100, 300 and 0 in the window (sum 400,
// squares 100,000: mean 100, variance (100,000 - 4 x 100^2) / 3 = 20,000);
// four held out 0, 0, 100 and 0 (mean 25, variance (10,000 - 4 x 25^2) / 3
// = 2,500). The standard error of the difference of means is
// sqrt(20,000 / 4 + 2,500 / 4) = 75: incremental revenue (100 - 25) x 4 =
// 300, within 300 +- 1.96 x 75 x 4, about [-288, 888].
TEST(CampaignFigures, IncrementalRevenueIntervalFromTheSpreadOfSpend) {
  GroupOutcome treatment{.members = 4,
                         .buyers = 2,
                         .window_revenue_minor = 400,
                         .window_revenue_squares = 100000};
  GroupOutcome control{.members = 4,
                       .buyers = 1,
                       .window_revenue_minor = 100,
                       .window_revenue_squares = 10000};
  CampaignFigures f = ComputeCampaignFigures(treatment, control, 0);
  EXPECT_DOUBLE_EQ(f.incremental_revenue_minor, 300);
  EXPECT_NEAR(f.incremental_revenue_low_minor, 300 - 587.9891953620162, 1e-9);
  EXPECT_NEAR(f.incremental_revenue_high_minor, 300 + 587.9891953620162, 1e-9);
  // Unmeasured spread: no interval.
  treatment.window_revenue_squares = control.window_revenue_squares = 0;
  f = ComputeCampaignFigures(treatment, control, 0);
  EXPECT_TRUE(std::isnan(f.incremental_revenue_low_minor));
}

TEST(CampaignFigures, WithoutAControlTheRecordedRevenueIsAllThereIs) {
  GroupOutcome treatment{.members = 10,
                         .responded = 2,
                         .converted = 1,
                         .recorded_revenue_minor = 300};
  CampaignFigures f = ComputeCampaignFigures(treatment, {}, 100);
  EXPECT_FALSE(f.has_control);
  EXPECT_TRUE(std::isnan(f.uplift));
  EXPECT_TRUE(std::isnan(f.buy_rate_control));
  EXPECT_DOUBLE_EQ(f.incremental_revenue_minor, 300);
  EXPECT_DOUBLE_EQ(f.roi, 2.0);
  EXPECT_TRUE(std::isnan(ComputeCampaignFigures(treatment, {}, 0).roi));
}

}  // namespace
}  // namespace vafa::services::marketing
