// PurchaseModel: one fitted purchase-frequency model (BG/NBD, MBG/NBD or
// Pareto/NBD) with its parameters, standard errors and log-likelihood, and
// the per-customer quantities every caller wants from it: P(alive), expected
// purchases in the next t units, expected purchases of a new customer.
//
// Fitting is maximum likelihood over compressed rows (repeat_purchase_data.h)
// with NLopt L-BFGS and analytic gradients (likelihood_fit.h). Pure and
// thread-safe; a PurchaseModel is a plain value.
#ifndef VAFA_ANALYTICS_CLV_PURCHASE_MODEL_H_
#define VAFA_ANALYTICS_CLV_PURCHASE_MODEL_H_

#include <array>
#include <string_view>

#include "analytics/clv/likelihood_fit.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "core/result.h"

namespace vafa::analytics::clv {

enum class PurchaseModelKind { kBgNbd, kMbgNbd, kParetoNbd };

// "bg_nbd", "mbg_nbd", "pareto_nbd".
std::string_view PurchaseModelName(PurchaseModelKind kind);
Result<PurchaseModelKind> ParsePurchaseModelKind(std::string_view name);

// Parameter names in order: r, alpha, a, b (BG/NBD, MBG/NBD) or r, alpha, s,
// beta (Pareto/NBD).
std::array<std::string_view, 4> ParameterNames(PurchaseModelKind kind);

struct PurchaseModel {
  PurchaseModelKind kind = PurchaseModelKind::kBgNbd;
  std::array<double, 4> parameters{};
  std::array<double, 4> standard_errors{};
  // The estimates' covariance, inverse(-Hessian) (NaN when not definite).
  std::array<std::array<double, 4>, 4> covariance{};
  double log_likelihood = 0;
  int customers = 0;
  int evaluations = 0;  // log-likelihood passes the optimiser made
};

// Validates and fits. Times in `data` are in the unit the model will report.
Result<PurchaseModel> FitPurchaseModel(PurchaseModelKind kind,
                                       const RepeatPurchaseData& data,
                                       const FitOptions& options = {});
Result<PurchaseModel> FitPurchaseModel(PurchaseModelKind kind,
                                       const CompressedPurchaseData& data,
                                       const FitOptions& options = {});

// The total log-likelihood of `data` at `parameters` (gradient optional).
double TotalLogLikelihood(PurchaseModelKind kind,
                          const std::array<double, 4>& parameters,
                          const CompressedPurchaseData& data,
                          std::array<double, 4>* gradient);

double ProbabilityAlive(const PurchaseModel& model, double x, double t_x,
                        double age);
double ConditionalExpectedPurchases(const PurchaseModel& model, double x,
                                    double t_x, double age, double t);
// The same without the P(alive) factor: purchases expected if alive now.
double ExpectedPurchasesIfAlive(const PurchaseModel& model, double x,
                                double age, double t);
// Expected repeat purchases in the first t units after the first purchase.
double ExpectedPurchases(const PurchaseModel& model, double t);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_PURCHASE_MODEL_H_
