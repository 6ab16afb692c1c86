// Maximum-likelihood fitting shared by the purchase and spend models.
//
// The optimiser is NLopt's L-BFGS (NLOPT_LD_LBFGS): the log-likelihoods are
// smooth with analytic gradients and only 3-4 parameters, where a
// quasi-Newton method converges in a few dozen evaluations, each a pass over
// the customers; derivative-free methods (Nelder-Mead, which lifetimes uses)
// need several times more passes. Parameters are positive, so the search runs
// on phi = ln(theta) (the gradient is chained: dLL/dphi = theta dLL/dtheta),
// boxed to |phi| <= 25 so a wild step cannot overflow.
//
// Standard errors are the square roots of the diagonal of the inverse of the
// observed information matrix (minus the Hessian of the log-likelihood in the
// original parameters), the Hessian taken by central differences of the
// analytic gradient with relative step 1e-5 and symmetrised.
#ifndef VAFA_ANALYTICS_CLV_LIKELIHOOD_FIT_H_
#define VAFA_ANALYTICS_CLV_LIKELIHOOD_FIT_H_

#include <functional>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::clv {

// Returns the total log-likelihood at `theta` and, when `gradient` is not
// null, writes dLL/dtheta into it (same length as theta).
using LogLikelihoodFunction = std::function<double(
    const std::vector<double>& theta, std::vector<double>* gradient)>;

struct LikelihoodFit {
  std::vector<double> parameters;
  std::vector<double> standard_errors;  // NaN when the Hessian is not definite
  // inverse(-Hessian), n x n row by row (NaN when not definite): the
  // asymptotic covariance of the estimates.
  std::vector<double> covariance;
  double log_likelihood = 0;
  int evaluations = 0;
};

struct FitOptions {
  double relative_tolerance = 1e-12;  // on the objective and on phi
  int max_evaluations = 5000;
};

// Maximises `log_likelihood` from `start` (all entries > 0). Fails with
// kInvalidArgument on a bad start and kInternal when NLopt reports a failure
// or the optimum is not finite.
Result<LikelihoodFit> MaximizeLogLikelihood(
    const LogLikelihoodFunction& log_likelihood,
    const std::vector<double>& start, const FitOptions& options = {});

// inverse(-Hessian) at theta, n x n row by row, Hessian by central
// differences of the gradient; all NaN when -Hessian is not positive
// definite.
std::vector<double> ParameterCovariance(
    const LogLikelihoodFunction& log_likelihood,
    const std::vector<double>& theta);

// sqrt of the diagonal of an n x n covariance (NaN stays NaN).
std::vector<double> StandardErrorsOf(const std::vector<double>& covariance,
                                     int n);

// sqrt(diag(inverse(-Hessian))) at theta, Hessian by central differences of
// the gradient; NaN entries when -Hessian is not positive definite.
std::vector<double> StandardErrors(const LogLikelihoodFunction& log_likelihood,
                                   const std::vector<double>& theta);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_LIKELIHOOD_FIT_H_
