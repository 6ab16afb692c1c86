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
//     The rule model's log-odds are Platt-scaled on the training rows
//     (calibration.h), so its risk is a probability too; every model's
//     Brier score and reliability by decile are measured on the holdout.
//  3. The learned models are refused, and the rule model kept, when the
//     evidence is too thin to judge them: fewer than `min_holdout_churners`
//     churners (or as many stayers) in the holdout, or a history shorter
//     than `min_history_windows` windows (a whole window before the
//     training snapshot, so "active" and the trends are read on a full
//     window, and the window after it). ChurnEvidence says which, in words.
//  4. Every customer who ever bought is scored at as_of by the chosen model
//     ("auto": the learned model with the best holdout AUC); the rule model
//     gives the reasons, the stage and, with the customer's value, the
//     retention priority (value x risk: the expected value at risk), the
//     band (by share of the total value at risk, churn_rules.h) and the
//     next best action.
#ifndef VAFA_ANALYTICS_CHURN_CHURN_MODEL_H_
#define VAFA_ANALYTICS_CHURN_CHURN_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/churn/boosted_trees.h"
#include "analytics/churn/calibration.h"
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
  // Below these the learned models are refused (docs/analytics.md).
  int64_t min_holdout_churners = 100;  // and as many stayers
  int min_history_windows = 2;         // as_of - first order >= this x window
};

struct ModelEvaluation {
  std::string model;  // rules, logistic, trees
  ClassifierMetrics holdout;
  Calibration calibration;  // on the same holdout
  double train_seconds = 0;
};

// What the models learned from and were judged on.
struct ChurnEvidence {
  int snapshots = 0;               // training snapshots read
  int64_t history_days = 0;        // as_of - the first order's day
  int64_t training_rows = 0;       // customer snapshots trained on
  int64_t training_customers = 0;  // distinct customers among them
  int64_t training_churners = 0;   // rows labelled churned
  int64_t holdout_customers = 0;   // evaluated on, at S_0
  int64_t holdout_churners = 0;
  bool learned_models = false;  // false: the rule model only
  std::string refusal;          // why not, in plain words; "" when they ran
};

struct ChurnResult {
  DayNumber as_of = 0;
  DayNumber training_snapshot = 0;  // S_0
  ChurnEvidence evidence;
  PlattScaling rule_calibration;  // rule log-odds -> probability
  std::string chosen_model;
  // rules, then logistic and trees when they ran.
  std::vector<ModelEvaluation> evaluations;
  // Per log customer (NaN / "" for those with no purchase).
  ChurnFeatures features;         // at as_of
  std::vector<double> risk;       // the chosen model's
  std::vector<double> rule_risk;  // the rule model's, calibrated
  std::vector<RiskBand> band;
  std::vector<std::vector<Reason>> reasons;
  std::vector<std::string_view> stage;
  std::vector<double> value;     // the customer value used (CLV or revenue)
  std::vector<double> priority;  // value x risk: expected value at risk
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
