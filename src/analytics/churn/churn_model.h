// Churn early warning for a whole transaction log: learns from the log's own
// past and scores every customer now (docs/analytics.md, "Churn").
//
//  1. Training snapshots S_k = as_of - window - k * step (k = 0..snapshots-1,
//     step 90 days): features of the customers active at S_k (read on or
//     before S_k only) with the label "no purchase in (S_k, S_k + window]".
//     S_0 + window = as_of, so every label is fully observed.
//  2. Customers are split at random (by customer, seed given) into a
//     training share and a holdout; the logistic baseline and the boosted
//     trees learn on the training customers' rows, and all three models
//     (rules, logistic, trees) are evaluated on the holdout customers at S_0.
//  3. Every customer who ever bought is scored at as_of by the chosen model
//     ("auto": the learned model with the best holdout AUC); the rule model
//     gives the reasons, the stage and, with the customer's value, the
//     retention priority (value x risk) and next best action.
#ifndef VAFA_ANALYTICS_CHURN_CHURN_MODEL_H_
#define VAFA_ANALYTICS_CHURN_CHURN_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/churn/boosted_trees.h"
#include "analytics/churn/churn_features.h"
#include "analytics/churn/churn_rules.h"
#include "analytics/churn/classifier_metrics.h"

namespace vafa::analytics::churn {

struct ChurnOptions {
  DayNumber as_of = 0;  // required
  int window_days = kDefaultChurnWindowDays;
  int snapshots = 2;
  int snapshot_step_days = 90;
  double holdout_share = 0.25;
  uint64_t seed = 1;
  std::string model = "auto";  // auto, trees, logistic, rules
  BoostedTreesOptions trees;
  int threads = 0;
};

struct ModelEvaluation {
  std::string model;  // rules, logistic, trees
  ClassifierMetrics holdout;
  double train_seconds = 0;
};

struct ChurnResult {
  DayNumber as_of = 0;
  DayNumber training_snapshot = 0;  // S_0
  int64_t training_rows = 0;
  int64_t holdout_rows = 0;
  std::string chosen_model;
  std::vector<ModelEvaluation> evaluations;  // rules, logistic, trees
  // Per log customer (NaN / "" for those with no purchase).
  ChurnFeatures features;         // at as_of
  std::vector<double> risk;       // the chosen model's
  std::vector<double> rule_risk;  // the rule model's
  std::vector<RiskBand> band;
  std::vector<std::vector<Reason>> reasons;
  std::vector<std::string_view> stage;
  std::vector<double> value;     // the customer value used (CLV or revenue)
  std::vector<double> priority;  // value x risk
  std::vector<std::string_view> action;
  std::vector<double> action_value;  // priority x save rate
  double seconds_features = 0, seconds_training = 0, seconds_scoring = 0;
  // The lifetime model at as_of (customer value and the P(alive) features
  // of the scoring), when the caller fitted it (AnalyzeChurn does).
  double seconds_lifetime = 0;
};

// `customer_value`: per log customer, the value at stake (one-year CLV);
// may be empty, then the customer's revenue of the last year is used.
Result<ChurnResult> PredictChurn(const TransactionLog& log,
                                 const ComplaintLog& complaints,
                                 const ProbabilityAliveFunction& p_alive,
                                 const std::vector<double>& customer_value,
                                 const ChurnOptions& options);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CHURN_MODEL_H_
