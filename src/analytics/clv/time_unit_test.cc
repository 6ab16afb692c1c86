#include "analytics/clv/time_unit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/internal/test_data.h"
#include "analytics/clv/purchase_model.h"

namespace vafa::analytics::clv {
namespace {

TEST(TimeUnit, ConvertsDaysWeeksAndMeanMonths) {
  EXPECT_EQ(DaysPerUnit(TimeUnit::kDay), 1.0);
  EXPECT_EQ(DaysPerUnit(TimeUnit::kWeek), 7.0);
  EXPECT_DOUBLE_EQ(12 * DaysPerUnit(TimeUnit::kMonth), 365.25);
  EXPECT_DOUBLE_EQ(DaysToUnits(273, TimeUnit::kWeek), 39.0);
  EXPECT_DOUBLE_EQ(UnitsToDays(2, TimeUnit::kMonth), 60.875);
}

TEST(TimeUnit, ParsesNamesAndRejectsOthers) {
  for (TimeUnit unit : {TimeUnit::kDay, TimeUnit::kWeek, TimeUnit::kMonth}) {
    const auto parsed = ParseTimeUnit(TimeUnitName(unit));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, unit);
  }
  const auto bad = ParseTimeUnit("fortnight");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "time_unit");
}

TEST(TimeUnit, FitInDaysEqualsFitInWeeksWithRatesRescaled) {
  // Shapes do not depend on the unit; the purchase rate alpha scales with it
  // and the log-likelihood shifts by sum(x) ln 7 (densities of times in days).
  const RepeatPurchaseData weeks = testing::ReadCdnowSummary();
  RepeatPurchaseData days = weeks;
  for (double& t : days.recency) t *= 7;
  for (double& t : days.age) t *= 7;
  const auto in_weeks = FitPurchaseModel(PurchaseModelKind::kBgNbd, weeks);
  const auto in_days = FitPurchaseModel(PurchaseModelKind::kBgNbd, days);
  ASSERT_TRUE(in_weeks.ok() && in_days.ok());
  EXPECT_NEAR(in_days->parameters[0], in_weeks->parameters[0], 1e-4);
  EXPECT_NEAR(in_days->parameters[1] / 7, in_weeks->parameters[1], 1e-3);
  EXPECT_NEAR(in_days->parameters[2], in_weeks->parameters[2], 1e-4);
  EXPECT_NEAR(in_days->parameters[3], in_weeks->parameters[3], 1e-3);
  double repeats = 0;
  for (double x : weeks.frequency) repeats += x;
  EXPECT_NEAR(in_days->log_likelihood,
              in_weeks->log_likelihood - repeats * std::log(7.0), 1e-3);
}

}  // namespace
}  // namespace vafa::analytics::clv
