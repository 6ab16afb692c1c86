#include "analytics/clv/customer_value.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <optional>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/internal/test_data.h"
#include "analytics/clv/purchase_simulator.h"

namespace vafa::analytics::clv {
namespace {

PurchaseModel CdnowBgNbd() {
  PurchaseModel model;
  model.kind = PurchaseModelKind::kBgNbd;
  model.parameters = {0.243, 4.414, 0.793, 2.426};
  return model;
}

GammaGammaModel CdnowSpend() {
  GammaGammaModel spend;
  spend.parameters = {6.25, 3.74, 15.44};
  return spend;
}

RepeatPurchaseData ThreeCustomers() {
  RepeatPurchaseData data;
  data.frequency = {0, 4, 20};
  data.recency = {0, 30, 38};
  data.age = {39, 39, 39};
  data.monetary_mean = {0, 25, 40};
  return data;
}

TEST(CustomerValue, UndiscountedValueIsSpendTimesExpectedPurchases) {
  const GammaGammaModel spend = CdnowSpend();
  const RepeatPurchaseData data = ThreeCustomers();
  ClvOptions options;
  options.annual_discount_rate = 0;
  const auto values =
      ScoreCustomerValues(CdnowBgNbd(), &spend, data, TimeUnit::kWeek, options);
  ASSERT_TRUE(values.ok());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double expected =
        ConditionalExpectedPurchases(CdnowBgNbd(), data.frequency[i],
                                     data.recency[i], data.age[i], 365.25 / 7);
    EXPECT_NEAR(values->expected_purchases[i], expected, 1e-9);
    EXPECT_NEAR(
        values->lifetime_value[i],
        expected * GammaGammaExpectedSpend(spend.parameters, data.frequency[i],
                                           data.monetary_mean[i]),
        1e-8);
  }
}

TEST(CustomerValue, OneStepDiscountsTheWholeHorizonOnce) {
  // One cash-flow step of a year at 10%: CLV = E[spend] E[Y(1 year)] / 1.1.
  const GammaGammaModel spend = CdnowSpend();
  ClvOptions options;
  options.cash_flow_step_days = 365.25;
  const auto values = ScoreCustomerValues(
      CdnowBgNbd(), &spend, ThreeCustomers(), TimeUnit::kWeek, options);
  ASSERT_TRUE(values.ok());
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(values->lifetime_value[i],
                values->expected_spend[i] * values->expected_purchases[i] / 1.1,
                1e-9);
  }
}

TEST(CustomerValue, DiscountingLowersValueAndTimeUnitDoesNotChangeIt) {
  const GammaGammaModel spend = CdnowSpend();
  const RepeatPurchaseData weeks = ThreeCustomers();
  ClvOptions undiscounted;
  undiscounted.annual_discount_rate = 0;
  const auto plain = ScoreCustomerValues(CdnowBgNbd(), &spend, weeks,
                                         TimeUnit::kWeek, undiscounted);
  const auto discounted =
      ScoreCustomerValues(CdnowBgNbd(), &spend, weeks, TimeUnit::kWeek);
  ASSERT_TRUE(plain.ok() && discounted.ok());
  // The same model in days: rates alpha scale by 7, times by 7.
  PurchaseModel in_days = CdnowBgNbd();
  in_days.parameters[1] *= 7;
  RepeatPurchaseData days = weeks;
  for (double& t : days.recency) t *= 7;
  for (double& t : days.age) t *= 7;
  const auto daily = ScoreCustomerValues(in_days, &spend, days, TimeUnit::kDay);
  ASSERT_TRUE(daily.ok());
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LT(discounted->lifetime_value[i], plain->lifetime_value[i]);
    EXPECT_GT(discounted->lifetime_value[i], 0.9 * plain->lifetime_value[i]);
    EXPECT_NEAR(daily->lifetime_value[i], discounted->lifetime_value[i],
                1e-9 * discounted->lifetime_value[i]);
    EXPECT_NEAR(daily->probability_alive[i], discounted->probability_alive[i],
                1e-12);
  }
}

TEST(CustomerValue, ScoresEveryCdnowCustomerWithinBounds) {
  const testing::CdnowLog log = testing::ReadCdnowSample();
  const auto split = SplitCalibrationHoldout(
      {log.customer, log.day, log.amount}, testing::CdnowDay(1997, 9, 30),
      testing::CdnowDay(1998, 6, 30), TimeUnit::kWeek);
  ASSERT_TRUE(split.ok());
  const GammaGammaModel spend = CdnowSpend();
  const auto values = ScoreCustomerValues(CdnowBgNbd(), &spend,
                                          split->calibration, TimeUnit::kWeek);
  ASSERT_TRUE(values.ok());
  for (std::size_t i = 0; i < split->calibration.size(); ++i) {
    EXPECT_GE(values->probability_alive[i], 0);
    EXPECT_LE(values->probability_alive[i], 1);
    EXPECT_TRUE(std::isfinite(values->lifetime_value[i]));
    EXPECT_GE(values->lifetime_value[i], 0);
  }
}

TEST(CustomerValue, ResultsDoNotDependOnThreadCountAndSharedKeys) {
  SimulationSpec spec;
  spec.parameters = {0.243, 4.414 * 7, 0.793, 2.426};
  spec.spend = GammaGammaParameters{6.25, 3.74, 15.44};
  spec.whole_units = true;
  std::vector<double> ages(50000);
  for (std::size_t i = 0; i < ages.size(); ++i) ages[i] = 1 + i % 365;
  const RepeatPurchaseData data = SimulateRepeatPurchases(spec, ages);
  PurchaseModel bg_nbd = CdnowBgNbd();
  bg_nbd.parameters[1] *= 7;
  PurchaseModel pareto_nbd;
  pareto_nbd.kind = PurchaseModelKind::kParetoNbd;
  pareto_nbd.parameters = {0.553, 10.578 * 7, 0.606, 11.669 * 7};
  const GammaGammaModel spend = CdnowSpend();
  for (const PurchaseModel& model : {bg_nbd, pareto_nbd}) {
    const auto parallel =
        ScoreCustomerValues(model, &spend, data, TimeUnit::kDay);
    std::optional<Result<CustomerValues>> serial;
    {
      tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
      serial.emplace(ScoreCustomerValues(model, &spend, data, TimeUnit::kDay));
    }
    ASSERT_TRUE(parallel.ok() && serial->ok());
    EXPECT_EQ(parallel->lifetime_value, (*serial)->lifetime_value);
    EXPECT_EQ(parallel->probability_alive, (*serial)->probability_alive);
    // Grouped scoring equals scoring each customer on its own.
    for (std::size_t i = 0; i < data.size(); i += 997) {
      EXPECT_NEAR(parallel->probability_alive[i],
                  ProbabilityAlive(model, data.frequency[i], data.recency[i],
                                   data.age[i]),
                  1e-15);
      EXPECT_NEAR(
          parallel->expected_purchases[i],
          ConditionalExpectedPurchases(model, data.frequency[i],
                                       data.recency[i], data.age[i], 365.25),
          1e-12);
    }
  }
}

TEST(CustomerValue, RejectsBadOptions) {
  ClvOptions options;
  options.horizon_days = 10;
  options.cash_flow_step_days = 30;
  const auto values = ScoreCustomerValues(
      CdnowBgNbd(), nullptr, ThreeCustomers(), TimeUnit::kWeek, options);
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.status().field(), "cash_flow_step");
}

}  // namespace
}  // namespace vafa::analytics::clv
