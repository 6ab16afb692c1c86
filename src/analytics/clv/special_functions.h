// Special functions the purchase models need and the C++ standard library
// lacks: the digamma function and Gauss's hypergeometric function 2F1 in the
// forms that the BG/NBD, MBG/NBD and Pareto/NBD expressions use.
//
// Every function is pure and thread-safe. The 2F1 evaluations sum the power
// series in z (|z| < 1); callers transform their arguments first so that z
// stays in [0, 1) and the series terms neither overflow nor cancel (see
// pareto_nbd.cc and ExpectedPurchasesWhileAlive below). A series that has not
// converged after kMaxSeriesTerms terms returns NaN rather than a wrong value
// (for the Pareto/NBD forms that happens only when max(alpha, beta) /
// min(alpha, beta) exceeds about 2,000, far from any fitted model; the
// optimiser treats such points as infeasible).
#ifndef VAFA_ANALYTICS_CLV_SPECIAL_FUNCTIONS_H_
#define VAFA_ANALYTICS_CLV_SPECIAL_FUNCTIONS_H_

namespace vafa::analytics::clv {

inline constexpr int kMaxSeriesTerms = 100'000;

// psi(x) = d/dx ln Gamma(x) for x > 0 (recurrence up to x >= 6, then the
// asymptotic series; absolute error below 1e-14).
double Digamma(double x);

// ln Gamma(x) for x > 0, thread-safe (glibc's lgamma writes the global
// signgam; lgamma_r does not).
double LogGamma(double x);

// 2F1(a, b; c; z) by its power series, for |z| < 1 and c not a non-positive
// integer. General-purpose; used by tests and small callers.
double Hypergeometric2F1(double a, double b, double c, double z);

// 2F1(a, b; a + 1; z) for 0 <= z < 1, a > 0, with its partial derivatives in
// a (c = a + 1 moves with a), b and z. With c = a + 1 the n-th series term is
// a / (a + n) * (b)_n / n! * z^n, which makes each partial a running sum over
// the same terms (Fader & Hardie 2005, "A note on deriving the Pareto/NBD
// model and related expressions", uses this form).
struct Hypergeometric2F1Derivatives {
  double value = 0;
  double d_a = 0;
  double d_b = 0;
  double d_z = 0;
};
Hypergeometric2F1Derivatives Hypergeometric2F1APlusOne(double a, double b,
                                                       double z);

// E[(1 - exp(-lambda p t)) / p] for lambda ~ Gamma(shape, rate) and
// p ~ Beta(a, b): the expected number of purchases in the next t time units
// of a customer who is alive now and who drops out after each purchase with
// probability p (the BG/NBD family; Fader, Hardie & Lee 2005, eq. 10 with the
// posterior parameters plugged in). Closed form
//   (a + b - 1) / (a - 1) * [1 - (rate / (rate + t))^shape
//                                 * 2F1(shape, b; a + b - 1; t / (rate + t))],
// evaluated after Euler's transformation 2F1(A, B; C; z) =
// (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z) so that the upper parameters
// stay O(1) for customers with hundreds of purchases, and with the a -> 1
// limit taken analytically (no division by a - 1).
double ExpectedPurchasesWhileAlive(double shape, double rate, double a,
                                   double b, double t);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_SPECIAL_FUNCTIONS_H_
