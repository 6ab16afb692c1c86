#include "analytics/clv/internal/pareto_nbd.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/internal/test_data.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/special_functions.h"

namespace vafa::analytics::clv {
namespace {

const ParetoNbdParameters kCdnowParetoNbd{0.553, 10.578, 0.606, 11.669};

// The likelihood as the integral over the death time tau in (t_x, T]
// (Fader & Hardie 2005 note, before the integral is solved), by Simpson's rule.
double LikelihoodByQuadrature(const ParetoNbdParameters& p, double x,
                              double t_x, double age) {
  const double common =
      std::exp(LogGamma(p.r + x) - LogGamma(p.r) + p.r * std::log(p.alpha) +
               p.s * std::log(p.beta));
  const auto integrand = [&](double tau) {
    return p.s * std::pow(p.alpha + tau, -(p.r + x)) *
           std::pow(p.beta + tau, -(p.s + 1));
  };
  const int n = 20000;
  const double h = (age - t_x) / n;
  double sum = integrand(t_x) + integrand(age);
  for (int i = 1; i < n; ++i) sum += integrand(t_x + i * h) * (i % 2 ? 4 : 2);
  return common *
         (std::pow(p.alpha + age, -(p.r + x)) * std::pow(p.beta + age, -p.s) +
          sum * h / 3);
}

TEST(ParetoNbd, LikelihoodMatchesIntegralInBothHypergeometricCases) {
  const ParetoNbdParameters alpha_larger{0.8, 9.0, 1.3, 2.0};
  const ParetoNbdParameters beta_larger{0.8, 2.0, 1.3, 9.0};
  const double customers[][3] = {
      {0, 0, 20}, {1, 3, 20}, {6, 12.5, 20}, {40, 19, 20}};
  for (const auto& p : {alpha_larger, beta_larger, kCdnowParetoNbd}) {
    for (const auto& c : customers) {
      const double expected = LikelihoodByQuadrature(p, c[0], c[1], c[2]);
      EXPECT_NEAR(ParetoNbdCustomerLogLikelihood(p, c[0], c[1], c[2], nullptr),
                  std::log(expected), 1e-9)
          << "alpha=" << p.alpha << " x=" << c[0];
    }
  }
}

TEST(ParetoNbd, FitReproducesPublishedCdnowEstimates) {
  const RepeatPurchaseData data = testing::ReadCdnowSummary();
  const auto model = FitPurchaseModel(PurchaseModelKind::kParetoNbd, data);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Fader, Hardie & Lee 2005 (their Pareto/NBD comparison).
  const double published[4] = {0.553, 10.578, 0.606, 11.669};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(model->parameters[k], published[k], 0.01 * published[k])
        << ParameterNames(model->kind)[k];
    EXPECT_GT(model->standard_errors[k], 0);
  }
  EXPECT_NEAR(model->log_likelihood, -9595.0, 0.1);
}

TEST(ParetoNbd, GradientMatchesFiniteDifferences) {
  const ParetoNbdParameters cases[] = {
      {0.8, 9.0, 1.3, 2.0}, {0.8, 2.0, 1.3, 9.0}, kCdnowParetoNbd};
  const double customers[][3] = {
      {0, 0, 20}, {1, 3, 20}, {6, 12.5, 20}, {300, 19, 20}, {4, 20, 20}};
  for (const auto& p : cases) {
    for (const auto& c : customers) {
      std::array<double, 4> gradient{};
      ParetoNbdCustomerLogLikelihood(p, c[0], c[1], c[2], &gradient);
      for (int k = 0; k < 4; ++k) {
        double v[4] = {p.r, p.alpha, p.s, p.beta};
        const double h = 1e-6 * v[k];
        v[k] += h;
        const double up = ParetoNbdCustomerLogLikelihood(
            {v[0], v[1], v[2], v[3]}, c[0], c[1], c[2], nullptr);
        v[k] -= 2 * h;
        const double down = ParetoNbdCustomerLogLikelihood(
            {v[0], v[1], v[2], v[3]}, c[0], c[1], c[2], nullptr);
        EXPECT_NEAR(gradient[k], (up - down) / (2 * h),
                    1e-5 * (1 + std::fabs(gradient[k])))
            << "parameter " << k << " alpha=" << p.alpha << " x=" << c[0];
      }
    }
  }
}

TEST(ParetoNbd, TotalLikelihoodEqualsSumOverCustomers) {
  const RepeatPurchaseData data = testing::ReadCdnowSummary();
  double sum = 0;
  std::array<double, 4> sum_gradient{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::array<double, 4> g{};
    sum += ParetoNbdCustomerLogLikelihood(kCdnowParetoNbd, data.frequency[i],
                                          data.recency[i], data.age[i], &g);
    for (int k = 0; k < 4; ++k) sum_gradient[k] += g[k];
  }
  // Row by row, and with the 2F1 terms shared between rows.
  CompressedPurchaseData compressed = CompressRepeatPurchaseData(data);
  for (bool points : {false, true}) {
    if (points) AddTimePoints(compressed);
    std::array<double, 4> gradient{};
    const double total =
        ParetoNbdTotalLogLikelihood(kCdnowParetoNbd, compressed, &gradient);
    EXPECT_NEAR(total, sum, 1e-8 * std::fabs(sum));
    for (int k = 0; k < 4; ++k) {
      EXPECT_NEAR(gradient[k], sum_gradient[k],
                  1e-8 * (1 + std::fabs(sum_gradient[k])));
    }
  }
}

TEST(ParetoNbd, ProbabilityAliveInUnitIntervalAndFiniteAtExtremes) {
  for (double x : {0.0, 1.0, 10.0, 300.0, 3000.0}) {
    for (double t_x : {0.0, 0.5, 20.0, 39.0}) {
      if ((x == 0) != (t_x == 0)) continue;
      const double alive =
          ParetoNbdProbabilityAlive(kCdnowParetoNbd, x, t_x, 39);
      EXPECT_GE(alive, 0.0);
      EXPECT_LE(alive, 1.0);
      const double expected = ParetoNbdConditionalExpectedPurchases(
          kCdnowParetoNbd, x, t_x, 39, 39);
      EXPECT_TRUE(std::isfinite(expected));
      EXPECT_GE(expected, 0.0);
      const double ll =
          ParetoNbdCustomerLogLikelihood(kCdnowParetoNbd, x, t_x, 39, nullptr);
      EXPECT_TRUE(std::isfinite(ll)) << x << " " << t_x;
    }
  }
  // Bought at the very end of the period: as alive as anyone can be.
  EXPECT_EQ(ParetoNbdProbabilityAlive(kCdnowParetoNbd, 5, 39, 39), 1.0);
}

TEST(ParetoNbd, NewCustomerConditionalExpectationEqualsUnconditional) {
  for (double t : {1.0, 39.0, 500.0}) {
    EXPECT_NEAR(
        ParetoNbdConditionalExpectedPurchases(kCdnowParetoNbd, 0, 0, 1e-12, t),
        ParetoNbdExpectedPurchases(kCdnowParetoNbd, t), 1e-9);
  }
  // s = 1 takes the logarithmic limit instead of dividing by zero.
  const ParetoNbdParameters unit_s{0.5, 10, 1.0, 10};
  EXPECT_NEAR(ParetoNbdExpectedPurchases(unit_s, 10),
              0.5 / 10 * 10 * std::log(2.0), 1e-12);
}

}  // namespace
}  // namespace vafa::analytics::clv
