#include "analytics/clv/likelihood_fit.h"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

namespace vafa::analytics::clv {
namespace {

constexpr double kLogBound = 25;

struct SearchState {
  const LogLikelihoodFunction* log_likelihood;
  double scale = 1;  // 1 / |LL(start)|: keeps the first L-BFGS step modest
  std::vector<double> theta;
  std::vector<double> gradient;
  int evaluations = 0;
};

// NLopt minimises -LL over phi = ln(theta).
double NegativeLogLikelihoodInLogSpace(unsigned n, const double* phi,
                                       double* grad_phi, void* data) {
  auto* state = static_cast<SearchState*>(data);
  for (unsigned k = 0; k < n; ++k) state->theta[k] = std::exp(phi[k]);
  ++state->evaluations;
  const double ll = (*state->log_likelihood)(
      state->theta, grad_phi != nullptr ? &state->gradient : nullptr);
  if (!std::isfinite(ll)) {
    // Tell L-BFGS the point is bad without handing it a NaN gradient.
    if (grad_phi != nullptr) {
      for (unsigned k = 0; k < n; ++k) grad_phi[k] = 0;
    }
    return std::numeric_limits<double>::max();
  }
  if (grad_phi != nullptr) {
    for (unsigned k = 0; k < n; ++k) {
      grad_phi[k] = -state->scale * state->gradient[k] * state->theta[k];
    }
  }
  return -state->scale * ll;
}

struct OptimizerDeleter {
  void operator()(nlopt_opt opt) const { nlopt_destroy(opt); }
};

// Inverts a small symmetric positive-definite matrix by Cholesky; returns
// false when it is not positive definite.
bool InvertPositiveDefinite(std::vector<double>& m, int n) {
  std::vector<double> l(n * n, 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j <= i; ++j) {
      double sum = m[i * n + j];
      for (int k = 0; k < j; ++k) sum -= l[i * n + k] * l[j * n + k];
      if (i == j) {
        if (!(sum > 0)) return false;
        l[i * n + i] = std::sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  // inverse = L^-T L^-1, column by column of the identity.
  std::vector<double> inverse(n * n, 0.0);
  for (int col = 0; col < n; ++col) {
    std::vector<double> y(n, 0.0);
    for (int i = 0; i < n; ++i) {
      double sum = (i == col) ? 1.0 : 0.0;
      for (int k = 0; k < i; ++k) sum -= l[i * n + k] * y[k];
      y[i] = sum / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; --i) {
      double sum = y[i];
      for (int k = i + 1; k < n; ++k)
        sum -= l[k * n + i] * inverse[k * n + col];
      inverse[i * n + col] = sum / l[i * n + i];
    }
  }
  m = inverse;
  return true;
}

}  // namespace

std::vector<double> ParameterCovariance(
    const LogLikelihoodFunction& log_likelihood,
    const std::vector<double>& theta) {
  const int n = static_cast<int>(theta.size());
  std::vector<double> information(n * n, 0.0);
  std::vector<double> plus(n), minus(n);
  for (int j = 0; j < n; ++j) {
    const double step = 1e-5 * theta[j];
    std::vector<double> shifted = theta;
    shifted[j] = theta[j] + step;
    (void)log_likelihood(shifted, &plus);
    shifted[j] = theta[j] - step;
    (void)log_likelihood(shifted, &minus);
    for (int i = 0; i < n; ++i) {
      information[i * n + j] = -(plus[i] - minus[i]) / (2 * step);
    }
  }
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      const double mean =
          0.5 * (information[i * n + j] + information[j * n + i]);
      information[i * n + j] = information[j * n + i] = mean;
    }
  }
  if (!InvertPositiveDefinite(information, n)) {
    return std::vector<double>(n * n, std::numeric_limits<double>::quiet_NaN());
  }
  return information;
}

std::vector<double> StandardErrorsOf(const std::vector<double>& covariance,
                                     int n) {
  std::vector<double> errors(n);
  for (int i = 0; i < n; ++i) errors[i] = std::sqrt(covariance[i * n + i]);
  return errors;
}

std::vector<double> StandardErrors(const LogLikelihoodFunction& log_likelihood,
                                   const std::vector<double>& theta) {
  return StandardErrorsOf(ParameterCovariance(log_likelihood, theta),
                          static_cast<int>(theta.size()));
}

Result<LikelihoodFit> MaximizeLogLikelihood(
    const LogLikelihoodFunction& log_likelihood,
    const std::vector<double>& start, const FitOptions& options) {
  const unsigned n = static_cast<unsigned>(start.size());
  std::vector<double> phi(n);
  for (unsigned k = 0; k < n; ++k) {
    if (!(start[k] > 0) || !std::isfinite(start[k])) {
      return Status::Invalid("starting parameter " + std::to_string(k) +
                             " must be a finite number > 0");
    }
    phi[k] = std::log(start[k]);
  }
  SearchState state{&log_likelihood, 1.0, std::vector<double>(n),
                    std::vector<double>(n), 0};
  const double start_ll = log_likelihood(start, nullptr);
  if (!std::isfinite(start_ll)) {
    return Status::Invalid("the log-likelihood is not finite at the start");
  }
  state.scale = 1 / std::max(1.0, std::fabs(start_ll));
  auto run = [&](nlopt_algorithm algorithm, std::vector<double>& x,
                 double& minimum) -> nlopt_result {
    std::unique_ptr<nlopt_opt_s, OptimizerDeleter> opt(
        nlopt_create(algorithm, n));
    if (!opt) return NLOPT_OUT_OF_MEMORY;
    nlopt_set_min_objective(opt.get(), NegativeLogLikelihoodInLogSpace, &state);
    std::vector<double> lower(n, -kLogBound), upper(n, kLogBound);
    nlopt_set_lower_bounds(opt.get(), lower.data());
    nlopt_set_upper_bounds(opt.get(), upper.data());
    nlopt_set_ftol_rel(opt.get(), options.relative_tolerance);
    nlopt_set_xtol_rel(opt.get(), options.relative_tolerance);
    nlopt_set_maxeval(opt.get(), options.max_evaluations);
    return nlopt_optimize(opt.get(), x.data(), &minimum);
  };
  double minimum = 0;
  std::vector<double> first = phi;
  nlopt_result code = run(NLOPT_LD_LBFGS, first, minimum);
  // NLOPT_ROUNDOFF_LIMITED means the optimum is as good as doubles allow.
  if (code < 0 && code != NLOPT_ROUNDOFF_LIMITED) {
    // L-BFGS's line search gives up on some likelihood surfaces (a ridge
    // near the bounds); BOBYQA needs no gradient and goes on from the
    // point L-BFGS reached when that point is better than the start.
    bool moved = true;
    for (double v : first) moved = moved && std::isfinite(v);
    std::vector<double> from = moved ? first : phi;
    const nlopt_result retry = run(NLOPT_LN_BOBYQA, from, minimum);
    if (retry < 0 && retry != NLOPT_ROUNDOFF_LIMITED) {
      return Status::Internal("NLopt L-BFGS failed with code " +
                              std::to_string(static_cast<int>(code)) +
                              " and BOBYQA with code " +
                              std::to_string(static_cast<int>(retry)));
    }
    first = from;
  }
  phi = first;
  if (!std::isfinite(minimum) ||
      minimum == std::numeric_limits<double>::max()) {
    return Status::Internal("the log-likelihood is not finite at the optimum");
  }
  LikelihoodFit fit;
  fit.parameters.resize(n);
  for (unsigned k = 0; k < n; ++k) fit.parameters[k] = std::exp(phi[k]);
  fit.log_likelihood = -minimum / state.scale;
  fit.evaluations = state.evaluations;
  fit.covariance = ParameterCovariance(log_likelihood, fit.parameters);
  fit.standard_errors = StandardErrorsOf(fit.covariance, static_cast<int>(n));
  return fit;
}

}  // namespace vafa::analytics::clv
