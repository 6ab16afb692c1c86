#include "analytics/clv/fit_diagnostics.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace vafa::analytics::clv {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Format(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Which behaviour a parameter governs, in the words the warning uses.
std::string RoleOf(const std::string& model, size_t index) {
  if (model == "gamma_gamma") return "spend";
  return index < 2 ? "purchase rate" : "dropout";
}

std::string SuggestionFor(const std::string& model) {
  if (model == "gamma_gamma") {
    return "treat the expected order values with care and compare them with "
           "each customer's own mean order value";
  }
  if (model == "pareto_nbd") {
    return "try --model mbg_nbd or --model auto (with --holdout-from)";
  }
  return "try --model pareto_nbd or --model auto (with --holdout-from)";
}

std::vector<double> CorrelationMatrix(std::span<const double> covariance,
                                      int n) {
  std::vector<double> correlation(n * n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      correlation[i * n + j] = CorrelationOf(covariance, n, i, j);
    }
  }
  return correlation;
}

}  // namespace

double FitDiagnostics::ShareLikelyAlive() const {
  return customers > 0 ? static_cast<double>(likely_alive) / customers : kNaN;
}

double FitDiagnostics::ShareLongSilent() const {
  return customers > 0 ? static_cast<double>(long_silent) / customers : kNaN;
}

double FitDiagnostics::ShareOfLongSilentLikelyAlive() const {
  return long_silent > 0
             ? static_cast<double>(long_silent_likely_alive) / long_silent
             : kNaN;
}

double CorrelationOf(std::span<const double> covariance, int n, int i, int j) {
  const double denominator =
      std::sqrt(covariance[i * n + i] * covariance[j * n + j]);
  if (!(denominator > 0)) return kNaN;
  return covariance[i * n + j] / denominator;
}

FitVerdict JudgeFit(const FitDiagnostics& fit) {
  FitVerdict verdict;
  bool missing_errors = false;
  for (const ParameterIdentifiability& p : fit.parameters) {
    if (!std::isfinite(p.relative_error)) {
      missing_errors = true;
    } else if (p.relative_error > kMaxRelativeStandardError) {
      verdict.problems.push_back(
          {"barely_identified",
           p.role + " is barely identified (" + p.name + " = " +
               Format("%.4g", p.value) + " has a standard error " +
               Format("%.1f", p.relative_error) + "x its value)"});
    }
  }
  if (missing_errors) {
    verdict.problems.push_back(
        {"no_standard_errors",
         "the fit has no standard errors (the likelihood is flat or the "
         "optimum lies on a boundary)"});
  }
  const size_t n = fit.parameters.size();
  for (size_t i = 0; i < n && !missing_errors; ++i) {
    for (size_t j = i + 1; j < n && j * n + i < fit.correlation.size(); ++j) {
      const double r = fit.correlation[i * n + j];
      if (std::fabs(r) > kMaxParameterCorrelation) {
        verdict.problems.push_back(
            {"confounded",
             fit.parameters[i].name + " and " + fit.parameters[j].name +
                 " are confounded (correlation " + Format("%.3f", r) + ")"});
      }
    }
  }
  if (fit.long_silent >= kMinLongSilentCustomers &&
      fit.ShareOfLongSilentLikelyAlive() > kMaxLongSilentLikelyAlive) {
    verdict.problems.push_back(
        {"alive_despite_silence",
         "P(alive) ignores silence: " +
             Format("%.0f%%", 100 * fit.ShareOfLongSilentLikelyAlive()) +
             " of the customers silent for more than 3x their own mean "
             "interval between purchases have P(alive) above 0.9"});
  }
  verdict.degenerate = !verdict.problems.empty();
  if (verdict.degenerate) {
    verdict.suggestion = SuggestionFor(fit.model);
    for (const FitProblem& problem : verdict.problems) {
      verdict.warning += (verdict.warning.empty() ? "" : "; ") + problem.text;
    }
    verdict.warning += ": " + verdict.suggestion;
  }
  return verdict;
}

FitDiagnostics DiagnosePurchaseModel(
    const PurchaseModel& model, const RepeatPurchaseData& data,
    std::span<const double> probability_alive) {
  FitDiagnostics fit;
  fit.model = std::string(PurchaseModelName(model.kind));
  const auto names = ParameterNames(model.kind);
  for (size_t k = 0; k < 4; ++k) {
    fit.parameters.push_back({std::string(names[k]), RoleOf(fit.model, k),
                              model.parameters[k], model.standard_errors[k],
                              model.standard_errors[k] / model.parameters[k]});
  }
  std::vector<double> covariance;
  for (const auto& row : model.covariance) {
    covariance.insert(covariance.end(), row.begin(), row.end());
  }
  fit.correlation = CorrelationMatrix(covariance, 4);
  fit.customers = static_cast<int64_t>(data.size());
  for (size_t i = 0; i < data.size() && i < probability_alive.size(); ++i) {
    const bool alive = probability_alive[i] > kLikelyAliveProbability;
    fit.likely_alive += alive;
    const double x = data.frequency[i];
    if (x < 1) continue;  // no interval between purchases to compare with
    const double mean_interval = data.recency[i] / x;
    if (data.age[i] - data.recency[i] > kLongSilenceIntervals * mean_interval) {
      ++fit.long_silent;
      fit.long_silent_likely_alive += alive;
    }
  }
  fit.verdict = JudgeFit(fit);
  return fit;
}

FitDiagnostics DiagnoseSpendModel(const GammaGammaModel& model,
                                  double spend_per_major_unit) {
  FitDiagnostics fit;
  fit.model = "gamma_gamma";
  const double scale[3] = {1, 1, spend_per_major_unit};
  const double values[3] = {model.parameters.p, model.parameters.q,
                            model.parameters.gamma};
  const char* names[3] = {"p", "q", "gamma"};
  for (size_t k = 0; k < 3; ++k) {
    fit.parameters.push_back({names[k], RoleOf(fit.model, k),
                              values[k] / scale[k],
                              model.standard_errors[k] / scale[k],
                              model.standard_errors[k] / values[k]});
  }
  std::vector<double> covariance;
  for (const auto& row : model.covariance) {
    covariance.insert(covariance.end(), row.begin(), row.end());
  }
  fit.correlation = CorrelationMatrix(covariance, 3);
  fit.verdict = JudgeFit(fit);
  return fit;
}

}  // namespace vafa::analytics::clv
