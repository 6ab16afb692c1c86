#include "analytics/clv/purchase_model.h"

#include <string>
#include <vector>

#include "analytics/clv/internal/bg_nbd.h"
#include "analytics/clv/internal/pareto_nbd.h"

namespace vafa::analytics::clv {
namespace {

BgNbdParameters AsBgNbd(const std::array<double, 4>& p) {
  return {p[0], p[1], p[2], p[3]};
}
ParetoNbdParameters AsParetoNbd(const std::array<double, 4>& p) {
  return {p[0], p[1], p[2], p[3]};
}
DropoutTiming TimingOf(PurchaseModelKind kind) {
  return kind == PurchaseModelKind::kMbgNbd
             ? DropoutTiming::kAfterEveryPurchase
             : DropoutTiming::kAfterRepeatPurchases;
}

}  // namespace

std::string_view PurchaseModelName(PurchaseModelKind kind) {
  switch (kind) {
    case PurchaseModelKind::kBgNbd:
      return "bg_nbd";
    case PurchaseModelKind::kMbgNbd:
      return "mbg_nbd";
    case PurchaseModelKind::kParetoNbd:
      return "pareto_nbd";
  }
  return "bg_nbd";
}

Result<PurchaseModelKind> ParsePurchaseModelKind(std::string_view name) {
  for (PurchaseModelKind kind :
       {PurchaseModelKind::kBgNbd, PurchaseModelKind::kMbgNbd,
        PurchaseModelKind::kParetoNbd}) {
    if (name == PurchaseModelName(kind)) return kind;
  }
  return Status::Invalid("model \"" + std::string(name) +
                             "\" is not one of bg_nbd, mbg_nbd, pareto_nbd",
                         "model");
}

std::array<std::string_view, 4> ParameterNames(PurchaseModelKind kind) {
  if (kind == PurchaseModelKind::kParetoNbd) return {"r", "alpha", "s", "beta"};
  return {"r", "alpha", "a", "b"};
}

double TotalLogLikelihood(PurchaseModelKind kind,
                          const std::array<double, 4>& parameters,
                          const CompressedPurchaseData& data,
                          std::array<double, 4>* gradient) {
  if (kind == PurchaseModelKind::kParetoNbd) {
    return ParetoNbdTotalLogLikelihood(AsParetoNbd(parameters), data, gradient);
  }
  return BgNbdTotalLogLikelihood(TimingOf(kind), AsBgNbd(parameters), data,
                                 gradient);
}

Result<PurchaseModel> FitPurchaseModel(PurchaseModelKind kind,
                                       const RepeatPurchaseData& data,
                                       const FitOptions& options) {
  VAFA_RETURN_IF_ERROR(ValidateRepeatPurchaseData(data));
  if (data.size() == 0) {
    return Status::Invalid("no customers to fit a purchase model on");
  }
  CompressedPurchaseData compressed = CompressRepeatPurchaseData(data);
  if (kind == PurchaseModelKind::kParetoNbd) AddTimePoints(compressed);
  return FitPurchaseModel(kind, compressed, options);
}

Result<PurchaseModel> FitPurchaseModel(PurchaseModelKind kind,
                                       const CompressedPurchaseData& data,
                                       const FitOptions& options) {
  if (kind == PurchaseModelKind::kParetoNbd && data.point_frequency.empty() &&
      data.size() > 0) {
    CompressedPurchaseData with_points = data;
    AddTimePoints(with_points);
    return FitPurchaseModel(kind, with_points, options);
  }
  double customers = 0, total_age = 0;
  for (std::size_t row = 0; row < data.size(); ++row) {
    customers += data.weight[row];
    total_age += data.weight[row] * data.age[row];
  }
  if (customers == 0) {
    return Status::Invalid("no customers to fit a purchase model on");
  }
  const LogLikelihoodFunction log_likelihood =
      [&](const std::vector<double>& theta, std::vector<double>* gradient) {
        std::array<double, 4> params{theta[0], theta[1], theta[2], theta[3]};
        std::array<double, 4> g{};
        const double ll = TotalLogLikelihood(
            kind, params, data, gradient != nullptr ? &g : nullptr);
        if (gradient != nullptr) gradient->assign(g.begin(), g.end());
        return ll;
      };
  // Rates start at the inverse of the mean age, shapes at 1: a scale-free
  // start, so the iteration count does not depend on the time unit.
  const double mean_age = total_age / customers;
  std::vector<double> start = {1.0, mean_age, 1.0, 1.0};
  if (kind == PurchaseModelKind::kParetoNbd) start[3] = mean_age;
  VAFA_ASSIGN_OR_RETURN(LikelihoodFit fit,
                        MaximizeLogLikelihood(log_likelihood, start, options));
  PurchaseModel model;
  model.kind = kind;
  for (int k = 0; k < 4; ++k) {
    model.parameters[k] = fit.parameters[k];
    model.standard_errors[k] = fit.standard_errors[k];
    for (int j = 0; j < 4; ++j)
      model.covariance[k][j] = fit.covariance[k * 4 + j];
  }
  model.log_likelihood = fit.log_likelihood;
  model.customers = static_cast<int>(customers);
  model.evaluations = fit.evaluations;
  return model;
}

double ProbabilityAlive(const PurchaseModel& model, double x, double t_x,
                        double age) {
  if (model.kind == PurchaseModelKind::kParetoNbd) {
    return ParetoNbdProbabilityAlive(AsParetoNbd(model.parameters), x, t_x,
                                     age);
  }
  return BgNbdProbabilityAlive(TimingOf(model.kind), AsBgNbd(model.parameters),
                               x, t_x, age);
}

double ConditionalExpectedPurchases(const PurchaseModel& model, double x,
                                    double t_x, double age, double t) {
  if (model.kind == PurchaseModelKind::kParetoNbd) {
    return ParetoNbdConditionalExpectedPurchases(AsParetoNbd(model.parameters),
                                                 x, t_x, age, t);
  }
  return BgNbdConditionalExpectedPurchases(
      TimingOf(model.kind), AsBgNbd(model.parameters), x, t_x, age, t);
}

double ExpectedPurchasesIfAlive(const PurchaseModel& model, double x,
                                double age, double t) {
  if (model.kind == PurchaseModelKind::kParetoNbd) {
    return ParetoNbdExpectedPurchasesIfAlive(AsParetoNbd(model.parameters), x,
                                             age, t);
  }
  return BgNbdExpectedPurchasesIfAlive(TimingOf(model.kind),
                                       AsBgNbd(model.parameters), x, age, t);
}

double ExpectedPurchases(const PurchaseModel& model, double t) {
  if (model.kind == PurchaseModelKind::kParetoNbd) {
    return ParetoNbdExpectedPurchases(AsParetoNbd(model.parameters), t);
  }
  return BgNbdExpectedPurchases(TimingOf(model.kind), AsBgNbd(model.parameters),
                                t);
}

}  // namespace vafa::analytics::clv
