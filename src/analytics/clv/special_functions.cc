#include "analytics/clv/special_functions.h"

#include <cmath>
#include <limits>

namespace vafa::analytics::clv {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSeriesTolerance = 1e-17;

}  // namespace

double Digamma(double x) {
  if (!(x > 0)) return kNaN;
  double shift = 0;
  // psi(x) = psi(x + 1) - 1/x moves x into the range where the asymptotic
  // series (Abramowitz & Stegun 6.3.18) is accurate to double precision.
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const double inv = 1 / x;
  const double inv2 = inv * inv;
  const double tail =
      inv2 *
      (1.0 / 12 -
       inv2 * (1.0 / 120 -
               inv2 * (1.0 / 252 -
                       inv2 * (1.0 / 240 -
                               inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
  return shift + std::log(x) - 0.5 * inv - tail;
}

double LogGamma(double x) {
  int sign = 0;
  return lgamma_r(x, &sign);
}

double Hypergeometric2F1(double a, double b, double c, double z) {
  if (!(std::fabs(z) < 1)) return kNaN;
  double term = 1;
  double sum = 1;
  for (int n = 0; n < kMaxSeriesTerms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (term == 0) return sum;
    // Stop only once the terms shrink geometrically, so that a small early
    // term (a or b near a non-positive integer) does not end the sum.
    if (std::fabs(ratio) < 1 &&
        std::fabs(term) <= kSeriesTolerance * std::fabs(sum)) {
      return sum;
    }
  }
  return kNaN;
}

Hypergeometric2F1Derivatives Hypergeometric2F1APlusOne(double a, double b,
                                                       double z) {
  Hypergeometric2F1Derivatives out;
  // The terms fall like z^n, so the sum needs about 40 / (1 - z) of them:
  // give up at once rather than after kMaxSeriesTerms when that is hopeless.
  if (!(z >= 0 && z < 1) || !(a > 0) || (1 - z) * kMaxSeriesTerms < 40) {
    out.value = out.d_a = out.d_b = out.d_z = kNaN;
    return out;
  }
  // q_n = (b)_n z^n / n!; term t_n = a / (a + n) q_n;
  // d t_n / d a = q_n n / (a + n)^2; d t_n / d b = t_n sum_{k<n} 1/(b + k);
  // d t_n / d z = t_n n / z (summed as q_n a n / (a + n) z^(n-1)).
  double q = 1;         // q_n
  double q_over_z = 0;  // q_n / z, built without dividing by z
  double harmonic = 0;  // sum_{k<n} 1 / (b + k)
  out.value = 1;
  for (int n = 1; n < kMaxSeriesTerms; ++n) {
    const double step = (b + n - 1) / n;
    q_over_z = q * step;  // (b)_n z^(n-1) / n!
    q = q_over_z * z;
    harmonic += 1 / (b + n - 1);
    const double weight = a / (a + n);
    const double term = weight * q;
    out.value += term;
    out.d_a += q * n / ((a + n) * (a + n));
    out.d_b += term * harmonic;
    out.d_z += weight * q_over_z * n;
    const double size = std::fabs(q_over_z) * (n + std::fabs(harmonic) + 1);
    if (step * z < 1 && size <= kSeriesTolerance * std::fabs(out.value)) {
      return out;
    }
    if (q_over_z == 0) return out;
  }
  out.value = out.d_a = out.d_b = out.d_z = kNaN;
  return out;
}

double ExpectedPurchasesWhileAlive(double shape, double rate, double a,
                                   double b, double t) {
  if (t <= 0) return 0;
  const double c = a + b - 1;
  const double z = t / (rate + t);
  const double log_one_minus_z = -std::log1p(t / rate);
  // After Euler's transformation the bracket reads
  //   1 - (1 - z)^(a - 1) 2F1(u, a - 1; c; z),  u = a + b - 1 - shape,
  // and dividing by (a - 1) term by term leaves
  //   E1 - (1 - z)^(a - 1) S,  E1 = (1 - (1 - z)^(a - 1)) / (a - 1),
  //   S = sum_{n>=1} (u)_n (a)_(n-1) / ((c)_n n!) z^n.
  const double a_minus_one = a - 1;
  const double e1 =
      std::fabs(a_minus_one) < 1e-12
          ? -log_one_minus_z
          : -std::expm1(a_minus_one * log_one_minus_z) / a_minus_one;
  const double u = c - shape;
  double term = u / c * z;
  double sum = term;
  for (int n = 1; n < kMaxSeriesTerms; ++n) {
    const double ratio = (u + n) * (a + n - 1) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (term == 0) break;
    if (std::fabs(ratio) < 1 &&
        std::fabs(term) <= kSeriesTolerance * (std::fabs(sum) + e1)) {
      break;
    }
    if (n + 1 == kMaxSeriesTerms) return kNaN;
  }
  return c * (e1 - std::exp(a_minus_one * log_one_minus_z) * sum);
}

}  // namespace vafa::analytics::clv
