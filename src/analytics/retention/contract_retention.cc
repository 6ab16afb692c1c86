#include "analytics/retention/contract_retention.h"

#include <cmath>
#include <string>

#include "analytics/clv/likelihood_fit.h"
#include "analytics/clv/special_functions.h"

namespace vafa::analytics::retention {
namespace {

using clv::Digamma;
using clv::LogGamma;

double LogBeta(double a, double b) {
  return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
}

// ln S(t) and its partial derivatives in (alpha, beta, c).
struct LogSurvival {
  double value = 0;
  double d_alpha = 0;
  double d_beta = 0;
  double d_c = 0;
};

LogSurvival LogSurvivalAt(const RetentionParameters& p, double t) {
  LogSurvival s;
  if (t <= 0) return s;  // S(0) = 1 whatever the parameters
  const double power = std::pow(t, p.c);
  const double shifted = p.beta + power;
  const double psi_all = Digamma(p.alpha + shifted);
  s.value = LogBeta(p.alpha, shifted) - LogBeta(p.alpha, p.beta);
  s.d_alpha = Digamma(p.alpha + p.beta) - psi_all;
  s.d_beta =
      Digamma(shifted) - psi_all - Digamma(p.beta) + Digamma(p.alpha + p.beta);
  s.d_c = (Digamma(shifted) - psi_all) * power * std::log(t);
  return s;
}

// ln S(t) alone, for projections and sums that need no derivative.
double LogSurvivalValue(const RetentionParameters& p, double t) {
  if (t <= 0) return 0;
  return LogBeta(p.alpha, p.beta + std::pow(t, p.c)) - LogBeta(p.alpha, p.beta);
}

}  // namespace

std::string_view RetentionModelName(RetentionModel model) {
  return model == RetentionModel::kShiftedBetaGeometric ? "sbg" : "bdw";
}

double RetentionData::Contracts() const {
  double total = 0;
  for (double n : ended) total += n;
  for (double n : active) total += n;
  return total;
}

Result<RetentionData> RetentionDataFromAliveCounts(
    std::span<const int64_t> alive) {
  if (alive.size() < 2) {
    return Status::Invalid(
        "alive counts: give at least two (at the start and after one "
        "period)");
  }
  if (alive[0] <= 0) {
    return Status::Invalid(
        "alive counts: the count at the start (position 0) must be positive");
  }
  RetentionData data;
  data.ended.assign(alive.size() - 1, 0);
  data.active.assign(alive.size() - 1, 0);
  for (size_t t = 1; t < alive.size(); ++t) {
    if (alive[t] < 0) {
      return Status::Invalid("alive counts: position " + std::to_string(t) +
                             " is negative");
    }
    if (alive[t] > alive[t - 1]) {
      return Status::Invalid(
          "alive counts: position " + std::to_string(t) + " (" +
          std::to_string(alive[t]) + ") is more than the one before it (" +
          std::to_string(alive[t - 1]) + "); a cohort can only shrink");
    }
    data.ended[t - 1] = static_cast<double>(alive[t - 1] - alive[t]);
  }
  data.active.back() = static_cast<double>(alive.back());
  return data;
}

double Survival(const RetentionParameters& parameters, double t) {
  return std::exp(LogSurvivalValue(parameters, t));
}

double RetentionRate(const RetentionParameters& parameters, int64_t t) {
  return std::exp(LogSurvivalValue(parameters, static_cast<double>(t)) -
                  LogSurvivalValue(parameters, static_cast<double>(t - 1)));
}

double RetentionLogLikelihood(RetentionModel model,
                              const RetentionParameters& parameters,
                              const RetentionData& data,
                              std::vector<double>* gradient) {
  const bool weibull = model == RetentionModel::kBetaDiscreteWeibull;
  RetentionParameters p = parameters;
  if (!weibull) p.c = 1;
  if (gradient != nullptr) gradient->assign(weibull ? 3 : 2, 0.0);
  const size_t periods = std::max(data.ended.size(), data.active.size());
  double total = 0;
  LogSurvival before = LogSurvivalAt(p, 0);
  for (size_t t = 1; t <= periods; ++t) {
    const LogSurvival now = LogSurvivalAt(p, static_cast<double>(t));
    const double ended = t <= data.ended.size() ? data.ended[t - 1] : 0;
    const double active = t <= data.active.size() ? data.active[t - 1] : 0;
    if (ended > 0) {
      // P(T = t) = S(t - 1) - S(t) = S(t - 1) (1 - exp(ln S(t) - ln S(t-1)))
      const double s_before = std::exp(before.value);
      const double s_now = std::exp(now.value);
      const double probability = s_before - s_now;
      total += ended * std::log(probability);
      if (gradient != nullptr) {
        (*gradient)[0] += ended *
                          (s_before * before.d_alpha - s_now * now.d_alpha) /
                          probability;
        (*gradient)[1] += ended *
                          (s_before * before.d_beta - s_now * now.d_beta) /
                          probability;
        if (weibull) {
          (*gradient)[2] +=
              ended * (s_before * before.d_c - s_now * now.d_c) / probability;
        }
      }
    }
    if (active > 0) {
      total += active * now.value;
      if (gradient != nullptr) {
        (*gradient)[0] += active * now.d_alpha;
        (*gradient)[1] += active * now.d_beta;
        if (weibull) (*gradient)[2] += active * now.d_c;
      }
    }
    before = now;
  }
  return total;
}

Result<RetentionFit> FitRetention(RetentionModel model,
                                  const RetentionData& data) {
  double ended = 0;
  for (double n : data.ended) ended += n;
  if (data.Contracts() <= 0) {
    return Status::Invalid("no contracts to fit");
  }
  if (ended <= 0) {
    return Status::Invalid(
        "no contract ended in the periods observed: there is no churn to "
        "fit");
  }
  const bool weibull = model == RetentionModel::kBetaDiscreteWeibull;
  auto log_likelihood = [&](const std::vector<double>& theta,
                            std::vector<double>* gradient) {
    RetentionParameters p{theta[0], theta[1], weibull ? theta[2] : 1.0};
    return RetentionLogLikelihood(model, p, data, gradient);
  };
  std::vector<double> start = {1.0, 1.0};
  if (weibull) {
    // From the sBG optimum (c = 1), which BdW nests.
    auto sbg = FitRetention(RetentionModel::kShiftedBetaGeometric, data);
    if (!sbg.ok()) return sbg.status();
    start = {sbg->parameters.alpha, sbg->parameters.beta, 1.0};
  }
  auto fit = clv::MaximizeLogLikelihood(log_likelihood, start);
  if (!fit.ok()) return fit.status();
  RetentionFit result;
  result.model = model;
  result.parameters = {fit->parameters[0], fit->parameters[1],
                       weibull ? fit->parameters[2] : 1.0};
  result.standard_errors = fit->standard_errors;
  result.log_likelihood = fit->log_likelihood;
  result.evaluations = fit->evaluations;
  return result;
}

double DiscountedExpectedResidualLifetime(const RetentionParameters& parameters,
                                          int64_t renewals, double discount) {
  if (!(discount > 0) || renewals < 0) return NAN;
  const double base =
      LogSurvivalValue(parameters, static_cast<double>(renewals));
  const double log_factor = -std::log1p(discount);
  double total = 0;
  for (int64_t k = 0; k < 10'000'000; ++k) {
    const double term = std::exp(
        LogSurvivalValue(parameters, static_cast<double>(renewals + 1 + k)) -
        base + static_cast<double>(k) * log_factor);
    total += term;
    if (term < 1e-12 * total) break;
  }
  return total;
}

int64_t MedianResidualPeriods(const RetentionParameters& parameters,
                              int64_t renewals, int64_t limit) {
  const double base =
      LogSurvivalValue(parameters, static_cast<double>(renewals));
  const double half = std::log(0.5);
  // S is decreasing: bisect for the first k with ln S(n + k) - base <= half.
  auto below = [&](int64_t k) {
    return LogSurvivalValue(parameters, static_cast<double>(renewals + k)) -
               base <=
           half;
  };
  if (!below(limit)) return -1;
  int64_t low = 0, high = limit;  // below(low) false, below(high) true
  while (high - low > 1) {
    const int64_t middle = low + (high - low) / 2;
    (below(middle) ? high : low) = middle;
  }
  return high;
}

}  // namespace vafa::analytics::retention
