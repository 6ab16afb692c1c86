// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): while alive a customer
// buys at Poisson rate lambda ~ Gamma(r, alpha) and has an exponential
// lifetime with rate mu ~ Gamma(s, beta).
//
// The likelihood follows Fader & Hardie (2005), "A note on deriving the
// Pareto/NBD model and related expressions": its 2F1 terms are
// written with z = |alpha - beta| / (max(alpha, beta) + t), choosing the form
// for alpha >= beta or alpha < beta, so that z lies in [0, 1) and every series
// term is positive (no cancellation); the sums are kept in log space, so
// customers with hundreds of purchases do not underflow. The gradient
// differentiates the series term by term (special_functions.h).
//
// Pure and thread-safe; times in one unit (time_unit.h).
#ifndef VAFA_ANALYTICS_CLV_PARETO_NBD_H_
#define VAFA_ANALYTICS_CLV_PARETO_NBD_H_

#include <array>

#include "analytics/clv/repeat_purchase_data.h"

namespace vafa::analytics::clv {

struct ParetoNbdParameters {
  double r = 0;
  double alpha = 0;
  double s = 0;
  double beta = 0;
};

// One customer's log-likelihood and, if `gradient` is not null, its
// derivatives in (r, alpha, s, beta).
double ParetoNbdCustomerLogLikelihood(const ParetoNbdParameters& params,
                                      double x, double t_x, double age,
                                      std::array<double, 4>* gradient);

// The weighted sum over compressed rows, in parallel; with AddTimePoints
// applied to `data` the 2F1 terms are evaluated once per distinct (x, tau)
// instead of twice per row.
double ParetoNbdTotalLogLikelihood(const ParetoNbdParameters& params,
                                   const CompressedPurchaseData& data,
                                   std::array<double, 4>* gradient);

// P(alive at age | x, t_x) (Fader & Hardie 2005 note).
double ParetoNbdProbabilityAlive(const ParetoNbdParameters& params, double x,
                                 double t_x, double age);

// Expected purchases in (age, age + t] given (x, t_x, age) (same note).
double ParetoNbdConditionalExpectedPurchases(const ParetoNbdParameters& params,
                                             double x, double t_x, double age,
                                             double t);

// Expected purchases in (age, age + t] if the customer is alive at `age`.
double ParetoNbdExpectedPurchasesIfAlive(const ParetoNbdParameters& params,
                                         double x, double age, double t);

// Expected purchases in the first t units after the first purchase for a
// customer drawn at random (Schmittlein et al. 1987).
double ParetoNbdExpectedPurchases(const ParetoNbdParameters& params, double t);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_PARETO_NBD_H_
