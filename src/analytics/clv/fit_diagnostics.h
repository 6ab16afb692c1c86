// Fit diagnostics: whether a fitted lifetime model (BG/NBD, MBG/NBD,
// Pareto/NBD, Gamma-Gamma) can be believed, in numbers and in plain words.
//
// The numbers: per parameter the standard error over the value (how well
// the data pin it down), the correlation of the estimates from the inverse
// Hessian the fit computed, and for a purchase model the share of customers
// with P(alive) above 0.9 against the share silent for more than three times
// their own mean interval between purchases (a model that calls most of
// those alive has not learnt dropout from the data).
//
// The words: JudgeFit is the one rule, with the thresholds below, that calls
// a fit degenerate and writes the warning with the model to try instead.
// Pure and thread-safe.
#ifndef VAFA_ANALYTICS_CLV_FIT_DIAGNOSTICS_H_
#define VAFA_ANALYTICS_CLV_FIT_DIAGNOSTICS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"

namespace vafa::analytics::clv {

// A parameter whose standard error exceeds this multiple of its value is
// barely identified: a 95% interval would span zero several times over.
inline constexpr double kMaxRelativeStandardError = 1.0;
// Two estimates correlated beyond this are confounded: the data fix only a
// combination of them.
inline constexpr double kMaxParameterCorrelation = 0.99;
// "Likely alive" and "long silent" as the P(alive) check counts them.
inline constexpr double kLikelyAliveProbability = 0.9;
inline constexpr double kLongSilenceIntervals = 3.0;
// A purchase model that calls more than this share of the long-silent
// customers likely alive ignores silence; judged only when at least
// kMinLongSilentCustomers are long silent.
inline constexpr double kMaxLongSilentLikelyAlive = 0.5;
inline constexpr int64_t kMinLongSilentCustomers = 10;

struct ParameterIdentifiability {
  std::string name;
  std::string role;  // "purchase rate", "dropout", "spend"
  double value = 0;
  double standard_error = 0;  // NaN when the Hessian is not definite
  double relative_error = 0;  // standard_error / value
};

// What is wrong with a fit: a code for programs (barely_identified,
// no_standard_errors, confounded, alive_despite_silence) and a sentence.
struct FitProblem {
  std::string code;
  std::string text;
};

struct FitVerdict {
  bool degenerate = false;
  std::vector<FitProblem> problems;
  std::string suggestion;  // what to try instead
  std::string warning;     // problems and suggestion in one line; "" if healthy
};

struct FitDiagnostics {
  std::string model;  // bg_nbd, mbg_nbd, pareto_nbd, gamma_gamma
  std::vector<ParameterIdentifiability> parameters;
  // Correlations of the estimates, parameters.size() squared, row by row
  // (NaN when the Hessian is not definite).
  std::vector<double> correlation;
  // Purchase models only (0 customers for Gamma-Gamma).
  int64_t customers = 0;
  int64_t likely_alive = 0;  // P(alive) > kLikelyAliveProbability
  int64_t long_silent = 0;   // repeat buyers silent > 3x their mean interval
  int64_t long_silent_likely_alive = 0;  // both
  FitVerdict verdict;

  double ShareLikelyAlive() const;
  double ShareLongSilent() const;
  double ShareOfLongSilentLikelyAlive() const;  // NaN with none long silent
};

// The rule: a fit is degenerate when a parameter is barely identified (or
// has no standard error), two estimates are confounded, or the P(alive)
// check fails. `diagnostics.verdict` is not read.
FitVerdict JudgeFit(const FitDiagnostics& diagnostics);

// The evidence of a purchase model fitted on `data`, with `probability_alive`
// scored per row of `data`; the verdict filled by JudgeFit.
FitDiagnostics DiagnosePurchaseModel(const PurchaseModel& model,
                                     const RepeatPurchaseData& data,
                                     std::span<const double> probability_alive);
// `spend_per_major_unit`: what gamma's unit (the spend's) is per major unit
// of the currency (100 for amounts in cents), so the evidence states gamma
// in major units.
FitDiagnostics DiagnoseSpendModel(const GammaGammaModel& model,
                                  double spend_per_major_unit = 1);

// Correlation of i and j from an n x n covariance (NaN when undefined).
double CorrelationOf(std::span<const double> covariance, int n, int i, int j);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_FIT_DIAGNOSTICS_H_
