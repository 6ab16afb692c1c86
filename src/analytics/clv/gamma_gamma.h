// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using
// iso-value curves for customer base analysis", JMR 42(4);
// Colombo & Jiang 1999): a customer's transaction values are Gamma(p, nu)
// around a customer-level nu ~ Gamma(q, gamma), so the observed mean m_x of x
// repeat transactions has a closed-form density, and E[spend | x, m_x] shrinks
// m_x towards the population mean p gamma / (q - 1).
//
// The model assumes spend is independent of purchase frequency;
// CheckFrequencySpendIndependence measures that on the data so the user can
// see whether the assumption holds. Pure and thread-safe.
#ifndef VAFA_ANALYTICS_CLV_GAMMA_GAMMA_H_
#define VAFA_ANALYTICS_CLV_GAMMA_GAMMA_H_

#include <array>

#include "analytics/clv/likelihood_fit.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "core/result.h"

namespace vafa::analytics::clv {

struct GammaGammaParameters {
  double p = 0;
  double q = 0;
  double gamma = 0;
};

struct GammaGammaModel {
  GammaGammaParameters parameters;
  std::array<double, 3> standard_errors{};
  // The estimates' covariance, inverse(-Hessian) (NaN when not definite).
  std::array<std::array<double, 3>, 3> covariance{};
  double log_likelihood = 0;
  int customers = 0;  // repeat buyers the model was fitted on
  int evaluations = 0;
};

// ln f(m_x | p, q, gamma, x) for one customer with x >= 1 and m_x > 0, and
// its gradient in (p, q, gamma) when `gradient` is not null.
double GammaGammaCustomerLogLikelihood(const GammaGammaParameters& params,
                                       double x, double m_x,
                                       std::array<double, 3>* gradient);

// Fits on the customers with frequency >= 1 and monetary_mean > 0. Fails
// when data.monetary_mean is missing or fewer than 3 customers qualify.
Result<GammaGammaModel> FitGammaGamma(const RepeatPurchaseData& data,
                                      const FitOptions& options = {});

// E[M | x, m_x] = (gamma + x m_x) p / (p x + q - 1); the population mean
// p gamma / (q - 1) for customers without repeat purchases (requires q > 1).
double GammaGammaExpectedSpend(const GammaGammaParameters& params, double x,
                               double m_x);

// Pearson correlation of frequency and mean spend over the repeat buyers.
// The model's independence assumption is questionable when |correlation|
// exceeds kMaxIndependentCorrelation (0.3, a "moderate" correlation).
inline constexpr double kMaxIndependentCorrelation = 0.3;
struct IndependenceCheck {
  double correlation = 0;
  int customers = 0;
  bool independent_enough = true;
};
IndependenceCheck CheckFrequencySpendIndependence(
    const RepeatPurchaseData& data);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_GAMMA_GAMMA_H_
