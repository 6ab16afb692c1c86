#include "analytics/clv/special_functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace vafa::analytics::clv {
namespace {

// Composite Simpson rule on [lo, hi] with n (even) intervals.
double Simpson(const std::function<double(double)>& f, double lo, double hi,
               int n) {
  const double h = (hi - lo) / n;
  double sum = f(lo) + f(hi);
  for (int i = 1; i < n; ++i) sum += f(lo + i * h) * (i % 2 == 1 ? 4 : 2);
  return sum * h / 3;
}

TEST(Digamma, MatchesKnownValuesAndRecurrence) {
  constexpr double kEulerGamma = 0.57721566490153286;
  EXPECT_NEAR(Digamma(1.0), -kEulerGamma, 1e-14);
  EXPECT_NEAR(Digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 1e-14);
  for (double x : {0.01, 0.3, 2.5, 17.0, 1e4}) {
    EXPECT_NEAR(Digamma(x + 1) - Digamma(x), 1 / x, 1e-12 * (1 + 1 / x));
    // psi is the derivative of ln Gamma.
    const double h = 1e-5 * x;
    EXPECT_NEAR(Digamma(x), (LogGamma(x + h) - LogGamma(x - h)) / (2 * h),
                1e-6 * (1 + std::fabs(Digamma(x))));
  }
}

TEST(Hypergeometric2F1, MatchesClosedForms) {
  for (double z : {0.0, 0.1, 0.5, 0.9, 0.99}) {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z.
    const double log_form = z == 0 ? 1 : -std::log1p(-z) / z;
    EXPECT_NEAR(Hypergeometric2F1(1, 1, 2, z), log_form, 1e-13 * log_form);
    EXPECT_NEAR(Hypergeometric2F1APlusOne(1, 1, z).value, log_form,
                1e-13 * log_form);
    // 2F1(a, b; b; z) = (1 - z)^-a.
    EXPECT_NEAR(Hypergeometric2F1(2.5, 0.7, 0.7, z), std::pow(1 - z, -2.5),
                1e-12 * std::pow(1 - z, -2.5));
    // 2F1(1/2, 1/2; 3/2; w^2) = arcsin(w) / w.
    const double w = std::sqrt(z);
    const double arcsin_form = z == 0 ? 1 : std::asin(w) / w;
    EXPECT_NEAR(Hypergeometric2F1APlusOne(0.5, 0.5, z).value, arcsin_form,
                1e-13);
    // 2F1(1/2, 1; 3/2; w^2) = artanh(w) / w.
    const double artanh_form = z == 0 ? 1 : std::atanh(w) / w;
    EXPECT_NEAR(Hypergeometric2F1APlusOne(0.5, 1, z).value, artanh_form,
                1e-12 * artanh_form);
  }
}

TEST(Hypergeometric2F1, APlusOneMatchesEulerIntegral) {
  // 2F1(a, b; a + 1; z) = a * int_0^1 t^(a-1) (1 - z t)^-b dt; for a < 1
  // the substitution u = t^a removes the singularity at 0.
  for (double a : {0.3, 1.7, 40.0}) {
    for (double b : {0.2, 1.6, 60.0}) {
      for (double z : {0.05, 0.4, 0.8}) {
        const double integral =
            a < 1
                ? Simpson(
                      [&](double u) {
                        return std::pow(1 - z * std::pow(u, 1 / a), -b);
                      },
                      0, 1, 20000)
                : a * Simpson(
                          [&](double t) {
                            return std::pow(t, a - 1) * std::pow(1 - z * t, -b);
                          },
                          0, 1, 20000);
        const double series = Hypergeometric2F1APlusOne(a, b, z).value;
        EXPECT_NEAR(series, integral, 1e-7 * integral)
            << "a=" << a << " b=" << b << " z=" << z;
      }
    }
  }
}

TEST(Hypergeometric2F1, APlusOneDerivativesMatchFiniteDifferences) {
  for (double a : {0.6, 12.0}) {
    for (double b : {0.4, 3.0}) {
      for (double z : {0.0, 0.3, 0.95}) {
        const auto f = Hypergeometric2F1APlusOne(a, b, z);
        const double h = 1e-6;
        const auto da = (Hypergeometric2F1APlusOne(a + h, b, z).value -
                         Hypergeometric2F1APlusOne(a - h, b, z).value) /
                        (2 * h);
        const auto db = (Hypergeometric2F1APlusOne(a, b + h, z).value -
                         Hypergeometric2F1APlusOne(a, b - h, z).value) /
                        (2 * h);
        const double z_lo = std::max(0.0, z - h);
        const auto dz = (Hypergeometric2F1APlusOne(a, b, z + h).value -
                         Hypergeometric2F1APlusOne(a, b, z_lo).value) /
                        (z + h - z_lo);
        EXPECT_NEAR(f.d_a, da, 1e-6 * (1 + std::fabs(da)));
        EXPECT_NEAR(f.d_b, db, 1e-6 * (1 + std::fabs(db)));
        EXPECT_NEAR(f.d_z, dz, 1e-5 * (1 + std::fabs(dz)));
      }
    }
  }
}

TEST(ExpectedPurchasesWhileAlive, MatchesDirectIntegralOverDropoutProbability) {
  // E_p[(1 - (rate / (rate + p t))^shape) / p], p ~ Beta(a, b), integrated
  // with p = w^(2/a), which turns p^(a-1) dp into (2/a) w dw. The (shape, b)
  // pairs are the posterior ones, (r + x, b0 + x), up to x = 2000.
  const double pairs[][2] = {{0.3, 1.5},
                             {0.243, 2.426},
                             {2.0, 3.5},
                             {250.243, 252.426},
                             {2000.3, 2001.5}};
  for (const auto& pair : pairs) {
    const double shape = pair[0], b = pair[1];
    for (double a : {0.8, 1.0, 2.5}) {
      for (double t : {1.0, 39.0, 400.0}) {
        const double rate = 12.0;
        const double beta_fn =
            std::exp(LogGamma(a) + LogGamma(b) - LogGamma(a + b));
        const double k = 2 / a;
        // Beta(a, b) has all its mass below hi (its sd is about sqrt(a) / b).
        const double hi = std::min(1.0, (a + 60 * std::sqrt(a) + 60) / (a + b));
        const double integral =
            Simpson(
                [&](double w) {
                  if (w == 0) return 0.0;
                  const double p = hi * std::pow(w, k);
                  const double inner =
                      -std::expm1(-shape * std::log1p(p * t / rate)) / p;
                  return k * w * std::exp((b - 1) * std::log1p(-p)) * inner;
                },
                0, 1, 200000) *
            std::pow(hi, a) / beta_fn;
        EXPECT_NEAR(ExpectedPurchasesWhileAlive(shape, rate, a, b, t), integral,
                    1e-6 * integral)
            << "shape=" << shape << " a=" << a << " b=" << b << " t=" << t;
      }
    }
  }
}

}  // namespace
}  // namespace vafa::analytics::clv
