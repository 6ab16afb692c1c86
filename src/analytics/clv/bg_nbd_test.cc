#include "analytics/clv/internal/bg_nbd.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <vector>

#include "analytics/clv/internal/row_sum.h"
#include "analytics/clv/internal/test_data.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/purchase_simulator.h"

namespace vafa::analytics::clv {
namespace {

const BgNbdParameters kCdnowBgNbd{0.243, 4.414, 0.793, 2.426};

double Beta(double a, double b) {
  return std::tgamma(a) * std::tgamma(b) / std::tgamma(a + b);
}

TEST(BgNbd, CustomerLikelihoodMatchesEquationSixByHand) {
  // FHL 2005 eq. 6 written out with tgamma for one customer.
  const BgNbdParameters p{0.5, 2.0, 0.8, 1.5};
  const double x = 2, t_x = 3, age = 5;
  const double common =
      std::tgamma(p.r + x) * std::pow(p.alpha, p.r) / std::tgamma(p.r);
  const double likelihood = Beta(p.a, p.b + x) / Beta(p.a, p.b) * common /
                                std::pow(p.alpha + age, p.r + x) +
                            Beta(p.a + 1, p.b + x - 1) / Beta(p.a, p.b) *
                                common / std::pow(p.alpha + t_x, p.r + x);
  EXPECT_NEAR(BgNbdCustomerLogLikelihood(DropoutTiming::kAfterRepeatPurchases,
                                         p, x, t_x, age, nullptr),
              std::log(likelihood), 1e-12);
  // MBG/NBD (Batislam et al. 2007): the dropout coin is tossed x + 1
  // times and the dropout term is present for x = 0 too.
  const double mbg = Beta(p.a, p.b + x + 1) / Beta(p.a, p.b) * common /
                         std::pow(p.alpha + age, p.r + x) +
                     Beta(p.a + 1, p.b + x) / Beta(p.a, p.b) * common /
                         std::pow(p.alpha + t_x, p.r + x);
  EXPECT_NEAR(BgNbdCustomerLogLikelihood(DropoutTiming::kAfterEveryPurchase, p,
                                         x, t_x, age, nullptr),
              std::log(mbg), 1e-12);
}

TEST(BgNbd, FitReproducesPublishedCdnowEstimates) {
  const RepeatPurchaseData data = testing::ReadCdnowSummary();
  ASSERT_EQ(data.size(), 2357u);
  const auto model = FitPurchaseModel(PurchaseModelKind::kBgNbd, data);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Fader, Hardie & Lee 2005: r, alpha, a, b and LL.
  const double published[4] = {0.243, 4.414, 0.793, 2.426};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(model->parameters[k], published[k], 0.005 * published[k])
        << ParameterNames(model->kind)[k];
    EXPECT_GT(model->standard_errors[k], 0);
    EXPECT_LT(model->standard_errors[k], model->parameters[k]);
  }
  EXPECT_NEAR(model->log_likelihood, -9582.4, 0.1);
}

TEST(BgNbd, GradientMatchesFiniteDifferences) {
  const BgNbdParameters p{0.7, 3.0, 0.6, 2.5};
  const double customers[][3] = {
      {0, 0, 10}, {1, 2, 10}, {7, 9.5, 10}, {300, 30, 31}};
  for (DropoutTiming timing : {DropoutTiming::kAfterRepeatPurchases,
                               DropoutTiming::kAfterEveryPurchase}) {
    for (const auto& c : customers) {
      std::array<double, 4> gradient{};
      BgNbdCustomerLogLikelihood(timing, p, c[0], c[1], c[2], &gradient);
      for (int k = 0; k < 4; ++k) {
        double values[4] = {p.r, p.alpha, p.a, p.b};
        const double h = 1e-6 * values[k];
        values[k] += h;
        const double up = BgNbdCustomerLogLikelihood(
            timing, {values[0], values[1], values[2], values[3]}, c[0], c[1],
            c[2], nullptr);
        values[k] -= 2 * h;
        const double down = BgNbdCustomerLogLikelihood(
            timing, {values[0], values[1], values[2], values[3]}, c[0], c[1],
            c[2], nullptr);
        EXPECT_NEAR(gradient[k], (up - down) / (2 * h),
                    1e-6 * (1 + std::fabs(gradient[k])))
            << "parameter " << k << " x=" << c[0];
      }
    }
  }
}

TEST(BgNbd, TotalLikelihoodEqualsSumOverCustomers) {
  const RepeatPurchaseData data = testing::ReadCdnowSummary();
  double sum = 0;
  std::array<double, 4> sum_gradient{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::array<double, 4> g{};
    sum += BgNbdCustomerLogLikelihood(DropoutTiming::kAfterRepeatPurchases,
                                      kCdnowBgNbd, data.frequency[i],
                                      data.recency[i], data.age[i], &g);
    for (int k = 0; k < 4; ++k) sum_gradient[k] += g[k];
  }
  std::array<double, 4> gradient{};
  const double total =
      BgNbdTotalLogLikelihood(DropoutTiming::kAfterRepeatPurchases, kCdnowBgNbd,
                              CompressRepeatPurchaseData(data), &gradient);
  EXPECT_NEAR(total, sum, 1e-8 * std::fabs(sum));
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(gradient[k], sum_gradient[k], 1e-6);
}

TEST(BgNbd, TotalLikelihoodWithTimeTableEqualsSumOverCustomers) {
  // Whole-day data: times repeat, so the compressed rows carry a time table.
  SimulationSpec spec;
  spec.parameters = {0.243, 4.414 * 7, 0.793, 2.426};
  spec.whole_units = true;
  std::vector<double> ages(20000);
  for (std::size_t i = 0; i < ages.size(); ++i) ages[i] = 1 + i % 365;
  const RepeatPurchaseData data = SimulateRepeatPurchases(spec, ages);
  const CompressedPurchaseData compressed = CompressRepeatPurchaseData(data);
  ASSERT_FALSE(compressed.distinct_time.empty());
  const BgNbdParameters p{0.3, 25.0, 0.7, 2.0};
  for (DropoutTiming timing : {DropoutTiming::kAfterRepeatPurchases,
                               DropoutTiming::kAfterEveryPurchase}) {
    double sum = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
      sum += BgNbdCustomerLogLikelihood(timing, p, data.frequency[i],
                                        data.recency[i], data.age[i], nullptr);
    }
    EXPECT_NEAR(BgNbdTotalLogLikelihood(timing, p, compressed, nullptr), sum,
                1e-9 * std::fabs(sum));
  }
}

TEST(BgNbd, TotalLikelihoodDoesNotDependOnThreadCount) {
  SimulationSpec spec;
  spec.parameters = {0.243, 4.414, 0.793, 2.426};
  std::vector<double> ages(60000);
  for (std::size_t i = 0; i < ages.size(); ++i) ages[i] = 20 + i % 5000 * 0.01;
  const CompressedPurchaseData data =
      CompressRepeatPurchaseData(SimulateRepeatPurchases(spec, ages));
  ASSERT_GT(data.size(), 2 * kRowsPerChunk);
  std::array<double, 4> parallel_gradient{}, serial_gradient{};
  const double parallel =
      BgNbdTotalLogLikelihood(DropoutTiming::kAfterRepeatPurchases, kCdnowBgNbd,
                              data, &parallel_gradient);
  double serial = 0;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = BgNbdTotalLogLikelihood(DropoutTiming::kAfterRepeatPurchases,
                                     kCdnowBgNbd, data, &serial_gradient);
  }
  EXPECT_EQ(parallel, serial);
  EXPECT_EQ(parallel_gradient, serial_gradient);
}

TEST(BgNbd, ProbabilityAliveStaysInUnitIntervalAndFiniteAtExtremes) {
  for (DropoutTiming timing : {DropoutTiming::kAfterRepeatPurchases,
                               DropoutTiming::kAfterEveryPurchase}) {
    for (double x : {0.0, 1.0, 5.0, 200.0, 5000.0}) {
      for (double t_x : {0.0, 1.0, 20.0, 39.0}) {
        if ((x == 0) != (t_x == 0)) continue;
        const double alive =
            BgNbdProbabilityAlive(timing, kCdnowBgNbd, x, t_x, 39.0);
        EXPECT_GE(alive, 0.0);
        EXPECT_LE(alive, 1.0);
        const double expected = BgNbdConditionalExpectedPurchases(
            timing, kCdnowBgNbd, x, t_x, 39.0, 39.0);
        EXPECT_TRUE(std::isfinite(expected)) << x << " " << t_x;
        EXPECT_GE(expected, 0.0);
      }
    }
  }
  // A BG/NBD customer without repeat purchases cannot have dropped out.
  EXPECT_EQ(BgNbdProbabilityAlive(DropoutTiming::kAfterRepeatPurchases,
                                  kCdnowBgNbd, 0, 0, 39),
            1.0);
  // Many purchases long ago: almost surely gone, but not NaN.
  EXPECT_LT(BgNbdProbabilityAlive(DropoutTiming::kAfterRepeatPurchases,
                                  kCdnowBgNbd, 500, 1, 39),
            1e-10);
}

TEST(BgNbd, NewCustomerConditionalExpectationEqualsUnconditional) {
  // With x = 0 and T = 0 the posterior is the prior (FHL 2005 eq. 10 -> 9).
  for (DropoutTiming timing : {DropoutTiming::kAfterRepeatPurchases,
                               DropoutTiming::kAfterEveryPurchase}) {
    for (double t : {1.0, 10.0, 39.0, 200.0}) {
      const double conditional = BgNbdConditionalExpectedPurchases(
          timing, kCdnowBgNbd, 0, 0, 1e-12, t);
      EXPECT_NEAR(conditional, BgNbdExpectedPurchases(timing, kCdnowBgNbd, t),
                  1e-9 * (1 + conditional));
    }
  }
}

TEST(BgNbd, ExpectedPurchasesGrowWithTimeAndCustomerHistory) {
  double previous = 0;
  for (double t = 1; t <= 78; t += 1) {
    const double e = BgNbdExpectedPurchases(
        DropoutTiming::kAfterRepeatPurchases, kCdnowBgNbd, t);
    EXPECT_GT(e, previous);
    previous = e;
  }
  // A recent frequent buyer is expected to buy more than an idle one.
  const auto expect = [](double x, double t_x) {
    return BgNbdConditionalExpectedPurchases(
        DropoutTiming::kAfterRepeatPurchases, kCdnowBgNbd, x, t_x, 39, 10);
  };
  EXPECT_GT(expect(10, 38), expect(2, 38));
  EXPECT_GT(expect(10, 38), expect(10, 10));
}

}  // namespace
}  // namespace vafa::analytics::clv
