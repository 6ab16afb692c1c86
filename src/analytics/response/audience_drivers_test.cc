#include "analytics/response/audience_drivers.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/response/draw_features.h"

namespace vafa::analytics::response {
namespace {

// Four customers, two features (plus the bias column). Contributions of
// feature 0: 1, 1, 0, 0 (overall mean 0.5); feature 1: -1, 0, 0, 1
// (overall 0). The audience is the first two: feature 0 shifts by
// 1 - 0.5 = +0.5, feature 1 by -0.5 - 0 = -0.5.
struct Four {
  std::vector<float> contributions = {1, -1, 9, 1, 0, 9, 0, 0, 9, 0, 1, 9};
  std::vector<float> x = {5, 1, 3, NAN, 1, 2, 1, 2};
  std::vector<uint8_t> audience = {1, 1, 0, 0};
};

TEST(AudienceDriversTest, HandCheckedShiftsInEachDirection) {
  Four four;
  auto up =
      AudienceDrivers(four.contributions, four.x, 2, four.audience, +1, 3);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].feature, 0);
  EXPECT_DOUBLE_EQ(up[0].contribution, 0.5);
  EXPECT_DOUBLE_EQ(up[0].audience_mean, 4);   // (5 + 3) / 2
  EXPECT_DOUBLE_EQ(up[0].overall_mean, 2.5);  // (5 + 3 + 1 + 1) / 4
  auto down =
      AudienceDrivers(four.contributions, four.x, 2, four.audience, -1, 3);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0].feature, 1);
  EXPECT_DOUBLE_EQ(down[0].contribution, -0.5);
  EXPECT_DOUBLE_EQ(down[0].audience_mean, 1);  // the missing value left out
  EXPECT_DOUBLE_EQ(down[0].overall_mean, 5.0 / 3);
}

TEST(AudienceDriversTest, StrongestFirstAndAtMostTop) {
  // Feature 1 shifts by 2 - 1 = +1, feature 0 by 1 - 1/3 = +2/3. Each row
  // has its bias last, as the model gives the contributions.
  std::vector<float> contributions = {1, 2, 0, 0, 1, 0, 0, 0, 0};
  std::vector<float> x = {1, 1, 1, 1, 1, 1};
  std::vector<uint8_t> audience = {1, 0, 0};
  auto drivers = AudienceDrivers(contributions, x, 2, audience, +1, 1);
  ASSERT_EQ(drivers.size(), 1u);
  EXPECT_EQ(drivers[0].feature, 1);
  EXPECT_TRUE(AudienceDrivers(contributions, x, 2, {0, 0, 0}, +1, 3).empty());
}

// Contributions 0.1, -0.4, 0.3, 0 and the bias 5 (never a driver).
TEST(AudienceDriversTest, ACustomersDriversInEachDirection) {
  const std::vector<float> row = {0.1f, -0.4f, 0.3f, 0.0f, 5.0f};
  EXPECT_EQ(CustomerDrivers(row.data(), 4, +1, 3),
            "mean_order_value,recency_days");
  EXPECT_EQ(CustomerDrivers(row.data(), 4, +1, 1), "mean_order_value");
  EXPECT_EQ(CustomerDrivers(row.data(), 4, -1, 3), "orders_last_year");
  const std::vector<float> none = {0, 0, 0, 0, 1};
  EXPECT_EQ(CustomerDrivers(none.data(), 4, +1, 3), "");
}

TEST(AudienceDriversTest, WordsSayMoreOrLessInBothLanguages) {
  AudienceDriver driver{4, 0.3, 2.0, 0.5};  // past_responses
  ASSERT_EQ(kDrawFeatureNames[4], "past_responses");
  EXPECT_EQ(DescribeDriver(driver, "en"),
            "answers to past campaigns: higher than for the customers as a "
            "whole");
  EXPECT_EQ(DescribeDriver(driver, "fa"),
            "پاسخ به کمپین‌های پیشین: بیشتر از "
            "میانگین "
            "همه "
            "مشتریان");
  driver.audience_mean = 0.1;
  EXPECT_NE(DescribeDriver(driver, "en").find("lower"), std::string::npos);
}

}  // namespace
}  // namespace vafa::analytics::response
