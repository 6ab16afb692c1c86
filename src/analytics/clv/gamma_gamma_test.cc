#include "analytics/clv/gamma_gamma.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/internal/test_data.h"

namespace vafa::analytics::clv {
namespace {

RepeatPurchaseData CdnowCalibration() {
  const testing::CdnowLog log = testing::ReadCdnowSample();
  const auto split = SplitCalibrationHoldout(
      {log.customer, log.day, log.amount}, testing::CdnowDay(1997, 9, 30),
      testing::CdnowDay(1998, 6, 30), TimeUnit::kWeek);
  EXPECT_TRUE(split.ok());
  return split->calibration;
}

TEST(GammaGamma, FitReproducesPublishedCdnowEstimates) {
  const auto model = FitGammaGamma(CdnowCalibration());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Fader, Hardie & Lee 2005 ("RFM and CLV"), on the 946 repeat buyers.
  EXPECT_EQ(model->customers, 946);
  EXPECT_NEAR(model->parameters.p, 6.25, 0.01 * 6.25);
  EXPECT_NEAR(model->parameters.q, 3.74, 0.01 * 3.74);
  EXPECT_NEAR(model->parameters.gamma, 15.44, 0.01 * 15.44);
  for (double se : model->standard_errors) EXPECT_GT(se, 0);
}

TEST(GammaGamma, CustomerLikelihoodMatchesDensityByHand) {
  // Eq. 3 of the paper's appendix, written out with tgamma.
  const GammaGammaParameters g{6.0, 4.0, 15.0};
  const double x = 3, m = 35.5;
  const double density =
      std::tgamma(g.p * x + g.q) / (std::tgamma(g.p * x) * std::tgamma(g.q)) *
      std::pow(g.gamma, g.q) * std::pow(m, g.p * x - 1) * std::pow(x, g.p * x) /
      std::pow(g.gamma + m * x, g.p * x + g.q);
  EXPECT_NEAR(GammaGammaCustomerLogLikelihood(g, x, m, nullptr),
              std::log(density), 1e-10);
}

TEST(GammaGamma, GradientMatchesFiniteDifferences) {
  const GammaGammaParameters g{6.0, 4.0, 15.0};
  for (double x : {1.0, 4.0, 250.0}) {
    std::array<double, 3> gradient{};
    GammaGammaCustomerLogLikelihood(g, x, 27.0, &gradient);
    for (int k = 0; k < 3; ++k) {
      double v[3] = {g.p, g.q, g.gamma};
      const double h = 1e-6 * v[k];
      v[k] += h;
      const double up =
          GammaGammaCustomerLogLikelihood({v[0], v[1], v[2]}, x, 27.0, nullptr);
      v[k] -= 2 * h;
      const double down =
          GammaGammaCustomerLogLikelihood({v[0], v[1], v[2]}, x, 27.0, nullptr);
      EXPECT_NEAR(gradient[k], (up - down) / (2 * h),
                  1e-6 * (1 + std::fabs(gradient[k])));
    }
  }
}

TEST(GammaGamma, ExpectedSpendShrinksObservedMeanTowardsPopulationMean) {
  const GammaGammaParameters g{6.25, 3.74, 15.44};
  const double population = g.p * g.gamma / (g.q - 1);
  EXPECT_NEAR(GammaGammaExpectedSpend(g, 0, 0), population, 1e-12);
  // The weight on the customer's own mean grows with x.
  const double m = 100;
  double previous_gap = m - population;
  for (double x : {1.0, 2.0, 10.0, 100.0}) {
    const double spend = GammaGammaExpectedSpend(g, x, m);
    EXPECT_GT(spend, population);
    EXPECT_LT(m - spend, previous_gap);
    previous_gap = m - spend;
  }
}

TEST(GammaGamma, IndependenceCheckReportsCorrelation) {
  const IndependenceCheck cdnow =
      CheckFrequencySpendIndependence(CdnowCalibration());
  EXPECT_EQ(cdnow.customers, 946);
  EXPECT_LT(std::fabs(cdnow.correlation), kMaxIndependentCorrelation);
  EXPECT_TRUE(cdnow.independent_enough);
  // Spend that rises with frequency is flagged.
  RepeatPurchaseData linked;
  for (int i = 1; i <= 20; ++i) {
    linked.frequency.push_back(i);
    linked.recency.push_back(i);
    linked.age.push_back(30);
    linked.monetary_mean.push_back(10.0 * i);
  }
  const IndependenceCheck check = CheckFrequencySpendIndependence(linked);
  EXPECT_NEAR(check.correlation, 1.0, 1e-12);
  EXPECT_FALSE(check.independent_enough);
}

}  // namespace
}  // namespace vafa::analytics::clv
