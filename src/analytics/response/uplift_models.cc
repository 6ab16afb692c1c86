#include "analytics/response/uplift_models.h"

#include <utility>

namespace vafa::analytics::response {

std::string_view LearnerName(Learner learner) {
  return learner == Learner::kLogistic ? "logistic" : "boosted_trees";
}

std::string_view UpliftMethodName(UpliftMethod method) {
  return method == UpliftMethod::kTwoModel ? "two_model"
                                           : "class_transformation";
}

Result<Classifier> Classifier::Fit(Learner learner, const std::vector<float>& x,
                                   int64_t rows, int cols,
                                   const std::vector<uint8_t>& label,
                                   const std::vector<float>& weight,
                                   const LearnOptions& options) {
  Classifier model;
  model.learner_ = learner;
  if (learner == Learner::kLogistic) {
    VAFA_ASSIGN_OR_RETURN(auto fitted,
                          churn::LogisticRegression::FitWeighted(
                              x, rows, cols, label, weight, options.logistic));
    model.logistic_ =
        std::make_shared<churn::LogisticRegression>(std::move(fitted));
  } else {
    VAFA_ASSIGN_OR_RETURN(auto trained,
                          churn::BoostedTrees::Train(x, rows, cols, label,
                                                     options.trees, weight));
    model.trees_ = std::make_shared<churn::BoostedTrees>(std::move(trained));
  }
  return model;
}

Result<std::vector<double>> Classifier::Predict(const std::vector<float>& x,
                                                int64_t rows) const {
  if (learner_ == Learner::kLogistic) return logistic_->PredictAll(x, rows);
  return trees_->Predict(x, rows);
}

Result<std::vector<float>> Classifier::Contributions(
    const std::vector<float>& x, int64_t rows) const {
  if (learner_ == Learner::kLogistic) {
    return logistic_->Contributions(x, rows);
  }
  return trees_->Contributions(x, rows);
}

std::vector<float> SelectRows(const std::vector<float>& x, int cols,
                              const std::vector<uint8_t>& keep) {
  std::vector<float> out;
  for (size_t r = 0; r < keep.size(); ++r) {
    if (keep[r] == 0) continue;
    const float* row = &x[r * static_cast<size_t>(cols)];
    out.insert(out.end(), row, row + cols);
  }
  return out;
}

namespace {

Result<std::vector<Classifier>> FitTwoModels(
    Learner learner, const std::vector<float>& x, int cols,
    const std::vector<uint8_t>& treated, const std::vector<uint8_t>& bought,
    const LearnOptions& options) {
  std::vector<Classifier> models;
  for (uint8_t group : {uint8_t{1}, uint8_t{0}}) {
    std::vector<uint8_t> keep(treated.size());
    std::vector<uint8_t> label;
    for (size_t r = 0; r < treated.size(); ++r) {
      keep[r] = (treated[r] != 0) == (group != 0);
      if (keep[r] != 0) label.push_back(bought[r] != 0);
    }
    const std::vector<float> rows_x = SelectRows(x, cols, keep);
    auto fitted =
        Classifier::Fit(learner, rows_x, static_cast<int64_t>(label.size()),
                        cols, label, {}, options);
    if (!fitted.ok()) {
      return Status::Invalid(std::string(group != 0 ? "treated" : "control") +
                             " group: " + fitted.status().message());
    }
    models.push_back(std::move(*fitted));
  }
  return models;
}

Result<Classifier> FitTransformedClass(Learner learner,
                                       const std::vector<float>& x,
                                       int64_t rows, int cols,
                                       const std::vector<uint8_t>& treated,
                                       const std::vector<uint8_t>& bought,
                                       const LearnOptions& options) {
  int64_t treated_rows = 0;
  for (int64_t r = 0; r < rows; ++r) treated_rows += treated[r] != 0;
  if (treated_rows == 0 || treated_rows == rows) {
    return Status::Invalid("uplift needs treated and control members");
  }
  const double p = static_cast<double>(treated_rows) / rows;
  std::vector<uint8_t> z(rows);
  std::vector<float> weight(rows);
  for (int64_t r = 0; r < rows; ++r) {
    const bool t = treated[r] != 0, y = bought[r] != 0;
    z[r] = t == y;
    weight[r] = static_cast<float>(t ? 0.5 / p : 0.5 / (1 - p));
  }
  return Classifier::Fit(learner, x, rows, cols, z, weight, options);
}

}  // namespace

Result<UpliftModel> UpliftModel::Fit(UpliftMethod method, Learner learner,
                                     const std::vector<float>& x, int64_t rows,
                                     int cols,
                                     const std::vector<uint8_t>& treated,
                                     const std::vector<uint8_t>& bought,
                                     const LearnOptions& options) {
  UpliftModel model;
  model.method_ = method;
  if (method == UpliftMethod::kTwoModel) {
    VAFA_ASSIGN_OR_RETURN(model.models_, FitTwoModels(learner, x, cols, treated,
                                                      bought, options));
  } else {
    VAFA_ASSIGN_OR_RETURN(
        auto one,
        FitTransformedClass(learner, x, rows, cols, treated, bought, options));
    model.models_.push_back(std::move(one));
  }
  return model;
}

Result<std::vector<double>> UpliftModel::Predict(const std::vector<float>& x,
                                                 int64_t rows) const {
  VAFA_ASSIGN_OR_RETURN(std::vector<double> first, models_[0].Predict(x, rows));
  if (method_ == UpliftMethod::kClassTransformation) {
    for (double& v : first) v = 2 * v - 1;
    return first;
  }
  VAFA_ASSIGN_OR_RETURN(std::vector<double> control,
                        models_[1].Predict(x, rows));
  for (size_t r = 0; r < first.size(); ++r) first[r] -= control[r];
  return first;
}

Result<std::vector<float>> UpliftModel::Contributions(
    const std::vector<float>& x, int64_t rows) const {
  VAFA_ASSIGN_OR_RETURN(std::vector<float> first,
                        models_[0].Contributions(x, rows));
  if (method_ == UpliftMethod::kClassTransformation) return first;
  VAFA_ASSIGN_OR_RETURN(std::vector<float> control,
                        models_[1].Contributions(x, rows));
  for (size_t k = 0; k < first.size(); ++k) first[k] -= control[k];
  return first;
}

}  // namespace vafa::analytics::response
