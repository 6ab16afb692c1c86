#include "analytics/clv/purchase_simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"

namespace vafa::analytics::clv {
namespace {

// Ages spread evenly over 20..52 weeks, as a cohort acquired over 8 months.
std::vector<double> Ages(int customers) {
  std::vector<double> ages(customers);
  for (int i = 0; i < customers; ++i)
    ages[i] = 20 + 32.0 * (i + 0.5) / customers;
  return ages;
}

struct RecoveryCase {
  PurchaseModelKind kind;
  std::array<double, 4> truth;
};

// The maximum-likelihood estimate is asymptotically normal around the truth
// with covariance the inverse Fisher information, which the fit estimates
// by the inverse observed information (its standard_errors). So each estimate
// must lie within 4 standard errors of the truth (a 4-sigma band: a false
// alarm has probability about 6e-5 per parameter).
TEST(PurchaseSimulator, FitsRecoverSimulatedParametersWithinSamplingError) {
  const RecoveryCase cases[] = {
      {PurchaseModelKind::kBgNbd, {0.25, 4.0, 0.8, 2.5}},
      {PurchaseModelKind::kMbgNbd, {0.5, 6.0, 0.4, 3.0}},
      {PurchaseModelKind::kParetoNbd, {0.55, 10.5, 0.6, 11.7}},
  };
  const std::vector<double> ages = Ages(20000);
  for (const RecoveryCase& c : cases) {
    for (std::uint64_t seed : {11u, 12u}) {
      SimulationSpec spec;
      spec.kind = c.kind;
      spec.parameters = c.truth;
      spec.seed = seed;
      const RepeatPurchaseData data = SimulateRepeatPurchases(spec, ages);
      const auto model = FitPurchaseModel(c.kind, data);
      ASSERT_TRUE(model.ok()) << model.status().ToString();
      for (int k = 0; k < 4; ++k) {
        const double se = model->standard_errors[k];
        ASSERT_TRUE(std::isfinite(se));
        EXPECT_LT(std::fabs(model->parameters[k] - c.truth[k]), 4 * se)
            << PurchaseModelName(c.kind) << " " << ParameterNames(c.kind)[k]
            << " seed " << seed << ": " << model->parameters[k] << " vs "
            << c.truth[k] << " se " << se;
      }
    }
  }
}

// The standard errors are honest: over independent replicates the spread of
// the estimates matches the mean reported standard error. With 30 replicates
// the sample sd has a relative error of about 13%, so the two agree within 40%.
TEST(PurchaseSimulator, StandardErrorsMatchSpreadOverReplicates) {
  const std::array<double, 4> truth = {0.25, 4.0, 0.8, 2.5};
  const std::vector<double> ages = Ages(4000);
  const int replicates = 30;
  std::array<double, 4> sum{}, sum_squares{}, sum_se{};
  for (int rep = 0; rep < replicates; ++rep) {
    SimulationSpec spec;
    spec.parameters = truth;
    spec.seed = 100 + rep;
    const auto model = FitPurchaseModel(PurchaseModelKind::kBgNbd,
                                        SimulateRepeatPurchases(spec, ages));
    ASSERT_TRUE(model.ok());
    for (int k = 0; k < 4; ++k) {
      sum[k] += model->parameters[k];
      sum_squares[k] += model->parameters[k] * model->parameters[k];
      sum_se[k] += model->standard_errors[k];
    }
  }
  for (int k = 0; k < 4; ++k) {
    const double mean = sum[k] / replicates;
    const double sd = std::sqrt((sum_squares[k] - replicates * mean * mean) /
                                (replicates - 1));
    const double mean_se = sum_se[k] / replicates;
    EXPECT_NEAR(sd / mean_se, 1.0, 0.4) << "parameter " << k;
  }
}

TEST(PurchaseSimulator, GammaGammaRecoversSpendParameters) {
  SimulationSpec spec;
  spec.parameters = {0.8, 4.0, 0.5, 2.5};
  spec.spend = GammaGammaParameters{6.25, 3.74, 15.44};
  spec.seed = 7;
  const RepeatPurchaseData data = SimulateRepeatPurchases(spec, Ages(20000));
  const auto model = FitGammaGamma(data);
  ASSERT_TRUE(model.ok());
  const double truth[3] = {6.25, 3.74, 15.44};
  const double fitted[3] = {model->parameters.p, model->parameters.q,
                            model->parameters.gamma};
  for (int k = 0; k < 3; ++k) {
    EXPECT_LT(std::fabs(fitted[k] - truth[k]), 4 * model->standard_errors[k])
        << "parameter " << k << ": " << fitted[k];
  }
  // Spend is drawn independently of frequency.
  EXPECT_TRUE(CheckFrequencySpendIndependence(data).independent_enough);
}

TEST(PurchaseSimulator, SameSeedSameHistoriesAndWholeUnitsAreWhole) {
  SimulationSpec spec;
  spec.parameters = {0.5, 2.0, 0.7, 3.0};
  spec.whole_units = true;
  spec.seed = 3;
  const std::vector<double> ages = {10, 30, 52, 52, 100};
  const RepeatPurchaseData a = SimulateRepeatPurchases(spec, ages);
  const RepeatPurchaseData b = SimulateRepeatPurchases(spec, ages);
  EXPECT_EQ(a.frequency, b.frequency);
  EXPECT_EQ(a.recency, b.recency);
  EXPECT_TRUE(ValidateRepeatPurchaseData(a).ok());
  for (double t_x : a.recency) EXPECT_EQ(t_x, std::floor(t_x));
}

}  // namespace
}  // namespace vafa::analytics::clv
