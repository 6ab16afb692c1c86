#include "analytics/clv/gamma_gamma.h"

#include <cmath>
#include <vector>

#include "analytics/clv/internal/row_sum.h"
#include "analytics/clv/special_functions.h"

namespace vafa::analytics::clv {

double GammaGammaCustomerLogLikelihood(const GammaGammaParameters& params,
                                       double x, double m_x,
                                       std::array<double, 3>* gradient) {
  const double p = params.p, q = params.q, g = params.gamma;
  const double px = p * x;
  const double log_total = std::log(g + x * m_x);
  const double log_m = std::log(m_x);
  const double log_x = std::log(x);
  if (gradient != nullptr) {
    const double psi_sum = Digamma(px + q);
    (*gradient)[0] = x * (psi_sum - Digamma(px) + log_m + log_x - log_total);
    (*gradient)[1] = psi_sum - Digamma(q) + std::log(g) - log_total;
    (*gradient)[2] = q / g - (px + q) / (g + x * m_x);
  }
  return LogGamma(px + q) - LogGamma(px) - LogGamma(q) + q * std::log(g) +
         (px - 1) * log_m + px * log_x - (px + q) * log_total;
}

Result<GammaGammaModel> FitGammaGamma(const RepeatPurchaseData& data,
                                      const FitOptions& options) {
  if (data.monetary_mean.size() != data.size()) {
    return Status::Invalid("the Gamma-Gamma model needs monetary_mean",
                           "monetary_mean");
  }
  std::vector<double> x, m;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data.frequency[i] >= 1 && data.monetary_mean[i] > 0) {
      x.push_back(data.frequency[i]);
      m.push_back(data.monetary_mean[i]);
    }
  }
  if (x.size() < 3) {
    return Status::Invalid(
        "the Gamma-Gamma model needs at least 3 customers with repeat "
        "purchases and positive spend");
  }
  const LogLikelihoodFunction log_likelihood =
      [&](const std::vector<double>& theta, std::vector<double>* gradient) {
        const GammaGammaParameters params{theta[0], theta[1], theta[2]};
        const auto sums =
            SumOverRows<4>(x.size(), [&](std::size_t begin, std::size_t end,
                                         std::array<double, 4>& acc) {
              std::array<double, 3> g{};
              for (std::size_t i = begin; i < end; ++i) {
                acc[0] +=
                    GammaGammaCustomerLogLikelihood(params, x[i], m[i], &g);
                for (int k = 0; k < 3; ++k) acc[k + 1] += g[k];
              }
            });
        if (gradient != nullptr) {
          gradient->assign(sums.begin() + 1, sums.end());
        }
        return sums[0];
      };
  VAFA_ASSIGN_OR_RETURN(
      LikelihoodFit fit,
      MaximizeLogLikelihood(log_likelihood, {1.0, 1.0, 1.0}, options));
  GammaGammaModel model;
  model.parameters = {fit.parameters[0], fit.parameters[1], fit.parameters[2]};
  for (int k = 0; k < 3; ++k) {
    model.standard_errors[k] = fit.standard_errors[k];
    for (int j = 0; j < 3; ++j)
      model.covariance[k][j] = fit.covariance[k * 3 + j];
  }
  model.log_likelihood = fit.log_likelihood;
  model.customers = static_cast<int>(x.size());
  model.evaluations = fit.evaluations;
  return model;
}

double GammaGammaExpectedSpend(const GammaGammaParameters& params, double x,
                               double m_x) {
  return (params.gamma + x * m_x) * params.p / (params.p * x + params.q - 1);
}

IndependenceCheck CheckFrequencySpendIndependence(
    const RepeatPurchaseData& data) {
  double n = 0, sx = 0, sm = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data.frequency[i] >= 1 && i < data.monetary_mean.size()) {
      n += 1;
      sx += data.frequency[i];
      sm += data.monetary_mean[i];
    }
  }
  IndependenceCheck check;
  check.customers = static_cast<int>(n);
  if (n < 2) return check;
  const double mean_x = sx / n, mean_m = sm / n;
  double sxx = 0, smm = 0, sxm = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data.frequency[i] >= 1 && i < data.monetary_mean.size()) {
      const double dx = data.frequency[i] - mean_x;
      const double dm = data.monetary_mean[i] - mean_m;
      sxx += dx * dx;
      smm += dm * dm;
      sxm += dx * dm;
    }
  }
  check.correlation = (sxx > 0 && smm > 0) ? sxm / std::sqrt(sxx * smm) : 0;
  check.independent_enough =
      std::fabs(check.correlation) <= kMaxIndependentCorrelation;
  return check;
}

}  // namespace vafa::analytics::clv
