// Models learned from past campaigns' members (features as they stood at
// the draw), for two questions:
//
// - Response: will a treated member respond at all? A classifier trained
//   on the treated members' responses.
// - Uplift: how much more likely is a member to buy when treated than when
//   held out? Learned from the treatment and control groups every vafa
//   campaign keeps, in two ways that are compared:
//     two-model: P(buy | x, treated) and P(buy | x, held out) fitted apart;
//       the uplift is their difference.
//     class transformation: Z = 1 when a treated member bought or a held-out
//       member did not; with the groups weighed equally (treated rows
//       0.5 / p, held-out rows 0.5 / (1 - p), p the treated share),
//       P(Z = 1 | x) = (1 + uplift(x)) / 2, so one classifier gives the
//       uplift as 2 P(Z = 1 | x) - 1.
// Each with the logistic regression or XGBoost's boosted trees (the
// learners churn uses). Inputs are row-major floats, NaN for missing.
#ifndef VAFA_ANALYTICS_RESPONSE_UPLIFT_MODELS_H_
#define VAFA_ANALYTICS_RESPONSE_UPLIFT_MODELS_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "analytics/churn/boosted_trees.h"
#include "analytics/churn/logistic_regression.h"
#include "core/result.h"

namespace vafa::analytics::response {

enum class Learner { kLogistic, kBoostedTrees };
enum class UpliftMethod { kTwoModel, kClassTransformation };

std::string_view LearnerName(Learner learner);
std::string_view UpliftMethodName(UpliftMethod method);

struct LearnOptions {
  churn::LogisticOptions logistic;
  churn::BoostedTreesOptions trees;
};

// One fitted binary classifier of either kind.
class Classifier {
 public:
  static Result<Classifier> Fit(Learner learner, const std::vector<float>& x,
                                int64_t rows, int cols,
                                const std::vector<uint8_t>& label,
                                const std::vector<float>& weight,
                                const LearnOptions& options);
  Result<std::vector<double>> Predict(const std::vector<float>& x,
                                      int64_t rows) const;
  // Per row, each column's contribution to the log-odds, cols + 1 per row
  // (the last: the bias): SHAP values for the trees, weight times
  // standardised value for the logistic regression.
  Result<std::vector<float>> Contributions(const std::vector<float>& x,
                                           int64_t rows) const;

 private:
  Learner learner_ = Learner::kLogistic;
  std::shared_ptr<churn::LogisticRegression> logistic_;
  std::shared_ptr<churn::BoostedTrees> trees_;
};

// The rows of `x` (cols each) whose `keep` is set, in order.
std::vector<float> SelectRows(const std::vector<float>& x, int cols,
                              const std::vector<uint8_t>& keep);

class UpliftModel {
 public:
  // `treated` 1/0 and `bought` 1/0 per row. Fails when a group or an
  // outcome class is missing from the rows a model needs.
  static Result<UpliftModel> Fit(UpliftMethod method, Learner learner,
                                 const std::vector<float>& x, int64_t rows,
                                 int cols, const std::vector<uint8_t>& treated,
                                 const std::vector<uint8_t>& bought,
                                 const LearnOptions& options = {});
  // The predicted uplift per row, in [-1, 1].
  Result<std::vector<double>> Predict(const std::vector<float>& x,
                                      int64_t rows) const;
  // Per row, each column's contribution to the uplift on the log-odds
  // scale, cols + 1 per row: two-model, the treated model's contributions
  // less the held-out model's; class transformation, those of P(Z = 1).
  Result<std::vector<float>> Contributions(const std::vector<float>& x,
                                           int64_t rows) const;

 private:
  UpliftMethod method_ = UpliftMethod::kTwoModel;
  std::vector<Classifier> models_;  // two-model: treated, control
};

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_UPLIFT_MODELS_H_
