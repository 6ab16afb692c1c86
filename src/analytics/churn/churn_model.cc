#include "analytics/churn/churn_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include "analytics/churn/logistic_regression.h"
#include "analytics/parallel.h"
#include "core/hash.h"

namespace vafa::analytics::churn {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A uniform number in [0, 1) fixed by (seed, customer key): the holdout
// split, the same whether the log came from a file or the store.
double SplitDraw(uint64_t seed, std::string_view key) {
  return UnitInterval(
      Mix64(Fnv1a64(key) + seed * kGoldenGamma + 0x632BE59BD9B4E019ULL));
}

struct Examples {
  std::vector<float> x;
  std::vector<uint8_t> y;
  int64_t rows() const { return static_cast<int64_t>(y.size()); }
  void Add(const float* row, uint8_t label) {
    x.insert(x.end(), row, row + kChurnFeatureCount);
    y.push_back(label);
  }
  int64_t positives() const {
    return std::count_if(y.begin(), y.end(), [](uint8_t v) { return v != 0; });
  }
};

std::vector<double> RuleLogOddsOf(const Examples& examples) {
  std::vector<double> out(examples.rows());
  for (int64_t r = 0; r < examples.rows(); ++r) {
    out[r] =
        RuleLogOdds(&examples.x[static_cast<size_t>(r) * kChurnFeatureCount]);
  }
  return out;
}

ModelEvaluation Evaluate(std::string model, const std::vector<double>& risk,
                         const std::vector<uint8_t>& label, double seconds) {
  return {std::move(model), EvaluateClassifier(risk, label),
          MeasureCalibration(risk, label), seconds};
}

// Why the learned models may not be judged on this evidence, in plain
// words; "" when they may.
std::string RefusalOf(const ChurnEvidence& evidence,
                      const ChurnOptions& options) {
  const int64_t min_days =
      static_cast<int64_t>(options.min_history_windows) * options.window_days;
  if (evidence.history_days < min_days) {
    return "the data spans " + std::to_string(evidence.history_days) +
           " days; the learned models need " + std::to_string(min_days) +
           " for a " + std::to_string(options.window_days) +
           "-day window (a whole window before the training snapshot and "
           "one after it)";
  }
  const int64_t stayers =
      evidence.holdout_customers - evidence.holdout_churners;
  if (evidence.holdout_churners < options.min_holdout_churners) {
    return "the holdout has " + std::to_string(evidence.holdout_churners) +
           " churners; the learned models need " +
           std::to_string(options.min_holdout_churners) +
           " to be judged fairly";
  }
  if (stayers < options.min_holdout_churners) {
    return "the holdout has " + std::to_string(stayers) +
           " customers who stayed; the learned models need " +
           std::to_string(options.min_holdout_churners) +
           " to be judged fairly";
  }
  return "";
}

// Rows of the customers active at each training snapshot, split by
// customer into training and holdout (holdout rows at S_0 only), and the
// counts of what was collected.
void CollectExamples(const TransactionLog& log, const ComplaintLog& complaints,
                     const ProbabilityAliveFunction& p_alive,
                     const ChurnOptions& options, DayNumber training_snapshot,
                     DayNumber first_day, Examples& train, Examples& holdout,
                     ChurnEvidence& evidence) {
  evidence.history_days = options.as_of - first_day;
  std::vector<uint8_t> trained_on(log.customer_count(), 0);
  for (int k = 0; k < std::max(1, options.snapshots); ++k) {
    const DayNumber snapshot =
        training_snapshot - k * options.snapshot_step_days;
    if (k > 0 && snapshot <= first_day + options.snapshot_step_days) break;
    ++evidence.snapshots;
    ChurnFeatures features =
        BuildChurnFeatures(log, complaints, snapshot, options.window_days,
                           p_alive, options.threads);
    std::vector<uint8_t> labels =
        ChurnLabels(log, snapshot, options.window_days, options.threads);
    for (int32_t c = 0; c < features.customers; ++c) {
      if (features.active[c] == 0) continue;
      const float* row =
          &features.values[static_cast<size_t>(c) * kChurnFeatureCount];
      if (SplitDraw(options.seed, log.customer_keys[c]) <
          options.holdout_share) {
        if (k == 0) holdout.Add(row, labels[c]);
      } else {
        train.Add(row, labels[c]);
        trained_on[c] = 1;
      }
    }
  }
  evidence.training_rows = train.rows();
  evidence.training_customers =
      std::count(trained_on.begin(), trained_on.end(), 1);
  evidence.training_churners = train.positives();
  evidence.holdout_customers = holdout.rows();
  evidence.holdout_churners = holdout.positives();
}

struct LearnedModels {
  std::optional<LogisticRegression> logistic;
  std::optional<BoostedTrees> trees;
};

// Trains the logistic baseline and the boosted trees and adds their
// holdout evaluations to `result`.
Result<LearnedModels> Learn(const Examples& train, const Examples& holdout,
                            const ChurnOptions& options, ChurnResult& result) {
  LearnedModels models;
  auto logistic_start = Clock::now();
  auto logistic = LogisticRegression::Fit(train.x, train.rows(),
                                          kChurnFeatureCount, train.y);
  if (!logistic.ok()) {
    return Status::Invalid("churn: cannot learn from " +
                           std::to_string(train.rows()) +
                           " examples: " + logistic.status().message());
  }
  result.evaluations.push_back(
      Evaluate("logistic", logistic->PredictAll(holdout.x, holdout.rows()),
               holdout.y, SecondsSince(logistic_start)));
  models.logistic = std::move(logistic).value();
  auto trees_start = Clock::now();
  BoostedTreesOptions tree_options = options.trees;
  tree_options.threads = options.threads;
  tree_options.seed = options.seed;
  VAFA_ASSIGN_OR_RETURN(
      BoostedTrees trees,
      BoostedTrees::Train(train.x, train.rows(), kChurnFeatureCount, train.y,
                          tree_options));
  VAFA_ASSIGN_OR_RETURN(std::vector<double> tree_holdout,
                        trees.Predict(holdout.x, holdout.rows()));
  result.evaluations.push_back(
      Evaluate("trees", tree_holdout, holdout.y, SecondsSince(trees_start)));
  models.trees = std::move(trees);
  return models;
}

// Per log customer: the value at stake (the caller's, or the revenue of
// the year up to as_of).
std::vector<double> ValueAtStake(const TransactionLog& log,
                                 const std::vector<double>& customer_value,
                                 DayNumber as_of) {
  const int32_t n = log.customer_count();
  if (static_cast<int32_t>(customer_value.size()) == n) return customer_value;
  std::vector<double> value(n, 0.0);
  for (int32_t c = 0; c < n; ++c) {
    for (int64_t o = log.customer_begin[c]; o < log.customer_begin[c + 1];
         ++o) {
      if (log.day[o] > as_of - 365 && log.day[o] <= as_of)
        value[c] += static_cast<double>(log.amount[o]);
    }
  }
  return value;
}

// The value above which a customer is in the top fifth of `scored`.
double HighValueLine(const std::vector<int32_t>& scored,
                     const std::vector<double>& value) {
  std::vector<double> sorted_values;
  for (int32_t c : scored)
    if (!std::isnan(value[c])) sorted_values.push_back(value[c]);
  if (sorted_values.empty()) return std::numeric_limits<double>::infinity();
  auto at = sorted_values.begin() +
            static_cast<std::ptrdiff_t>(sorted_values.size() * 4 / 5);
  std::nth_element(sorted_values.begin(), at, sorted_values.end());
  return *at;
}

Status CheckChurnOptions(const ChurnOptions& options) {
  if (options.as_of == 0) return Status::Invalid("churn: no analysis day");
  if (options.window_days < 30 || options.window_days > 730) {
    return Status::Invalid("--window must be between 30 and 730 days",
                           "window");
  }
  if (options.model != "auto" && options.model != "trees" &&
      options.model != "logistic" && options.model != "rules") {
    return Status::Invalid("--model is auto, trees, logistic or rules",
                           "model");
  }
  return Status::Ok();
}

// Calibrates the rule model, learns the others when the evidence allows,
// judges each on the holdout and chooses the model whose risk is kept.
Result<LearnedModels> TrainAndChoose(const Examples& train,
                                     const Examples& holdout,
                                     const ChurnOptions& options,
                                     ChurnResult& result) {
  // The rule model's probability: its log-odds Platt-scaled on the training
  // rows, judged on the holdout like the others.
  result.rule_calibration = FitPlattScaling(RuleLogOddsOf(train), train.y);
  std::vector<double> rule_holdout = RuleLogOddsOf(holdout);
  for (double& z : rule_holdout) z = result.rule_calibration.Apply(z);
  result.evaluations.push_back(Evaluate("rules", rule_holdout, holdout.y, 0));
  LearnedModels learned;
  if (result.evidence.learned_models) {
    VAFA_ASSIGN_OR_RETURN(learned, Learn(train, holdout, options, result));
  }
  result.chosen_model =
      result.evidence.learned_models ? options.model : "rules";
  if (result.chosen_model == "auto") {
    result.chosen_model =
        !(result.evaluations[1].holdout.auc > result.evaluations[2].holdout.auc)
            ? "trees"
            : "logistic";
  }
  return learned;
}

// The customers with a purchase by the analysis day, and their feature rows
// side by side.
struct BuyerRows {
  std::vector<int32_t> customers;
  std::vector<float> rows;  // customers.size() x kChurnFeatureCount
  int64_t count() const { return static_cast<int64_t>(customers.size()); }
  const float* row(int64_t i) const {
    return &rows[static_cast<size_t>(i) * kChurnFeatureCount];
  }
};

BuyerRows BuyerRowsOf(const ChurnFeatures& now) {
  BuyerRows buyers;
  for (int32_t c = 0; c < now.customers; ++c) {
    if (now.bought[c] == 0) continue;
    buyers.customers.push_back(c);
    const float* row = &now.values[static_cast<size_t>(c) * kChurnFeatureCount];
    buyers.rows.insert(buyers.rows.end(), row, row + kChurnFeatureCount);
  }
  return buyers;
}

// The chosen learned model's risk of each buyer; empty when the rules are
// chosen.
Result<std::vector<double>> PredictChosen(const std::string& model,
                                          const LearnedModels& learned,
                                          const BuyerRows& buyers) {
  if (model == "trees")
    return learned.trees->Predict(buyers.rows, buyers.count());
  if (model == "logistic") {
    return learned.logistic->PredictAll(buyers.rows, buyers.count());
  }
  return std::vector<double>();
}

// Every score of every customer NaN or empty: those without a purchase keep
// them.
void ClearScores(int32_t customers, ChurnResult& result) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.risk.assign(customers, nan);
  result.rule_risk.assign(customers, nan);
  result.reasons.assign(customers, {});
  result.stage.assign(customers, "");
  result.value.assign(customers, nan);
  result.priority.assign(customers, nan);
  result.action.assign(customers, "");
  result.action_value.assign(customers, nan);
}

// Each buyer's risk (the chosen model's, or the rules'), reasons, value at
// stake and value at risk.
void ScoreRisks(const BuyerRows& buyers, const std::vector<double>& chosen,
                const std::vector<double>& value, int threads,
                ChurnResult& result) {
  // Each customer's entries are written by one thread only.
  ParallelFor(buyers.count(), threads, [&](int, int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int32_t c = buyers.customers[i];
      const float* row = buyers.row(i);
      result.rule_risk[c] = result.rule_calibration.Apply(RuleLogOdds(row));
      result.risk[c] = chosen.empty() ? result.rule_risk[c] : chosen[i];
      result.reasons[c] = RuleReasons(row);
      const double v = std::isnan(value[c]) ? 0.0 : std::max(0.0, value[c]);
      result.value[c] = v;
      result.priority[c] = v * result.risk[c];
    }
  });
}

// Each buyer's stage and next best action, which need the bands.
void StageAndAct(const BuyerRows& buyers, double high_value,
                 const ChurnOptions& options, ChurnResult& result) {
  ParallelFor(
      buyers.count(), options.threads, [&](int, int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          const int32_t c = buyers.customers[i];
          result.stage[c] =
              ChurnStage(buyers.row(i), result.band[c], options.window_days);
          const double v = result.value[c];
          RetentionAction action = NextBestAction(
              result.reasons[c], result.band[c], v >= high_value && v > 0);
          result.action[c] = action.action;
          result.action_value[c] = result.priority[c] * action.save_rate;
        }
      });
}

// Step 4: every customer now, scored by the chosen model.
Status ScoreCustomersNow(const TransactionLog& log,
                         const ComplaintLog& complaints,
                         const ProbabilityAliveFunction& p_alive,
                         const std::vector<double>& customer_value,
                         const ChurnOptions& options,
                         const LearnedModels& learned, ChurnResult& result) {
  result.features =
      BuildChurnFeatures(log, complaints, options.as_of, options.window_days,
                         p_alive, options.threads);
  const BuyerRows buyers = BuyerRowsOf(result.features);
  VAFA_ASSIGN_OR_RETURN(std::vector<double> chosen,
                        PredictChosen(result.chosen_model, learned, buyers));
  const std::vector<double> value =
      ValueAtStake(log, customer_value, options.as_of);
  const double high_value = HighValueLine(buyers.customers, value);
  ClearScores(result.features.customers, result);
  ScoreRisks(buyers, chosen, value, options.threads, result);
  // Bands need every customer's value at risk; stages and actions need the
  // bands.
  result.band = BandsByValueAtRisk(result.priority);
  StageAndAct(buyers, high_value, options, result);
  return Status::Ok();
}

}  // namespace

Result<ChurnResult> PredictChurn(const TransactionLog& log,
                                 const ComplaintLog& complaints,
                                 const ProbabilityAliveFunction& p_alive,
                                 const std::vector<double>& customer_value,
                                 const ChurnOptions& options) {
  VAFA_RETURN_IF_ERROR(CheckChurnOptions(options));
  if (log.order_count() == 0) return Status::Invalid("churn: no orders");
  DayNumber first_day = std::numeric_limits<DayNumber>::max();
  for (DayNumber day : log.day) first_day = std::min(first_day, day);

  ChurnResult result;
  result.as_of = options.as_of;
  result.training_snapshot = options.as_of - options.window_days;
  if (result.training_snapshot <= first_day) {
    return Status::Invalid("churn: the history is too short to learn from: a " +
                           std::to_string(options.window_days) +
                           "-day window needs orders before " +
                           FormatGregorian(result.training_snapshot));
  }

  // 1-2: training and holdout examples from past snapshots.
  auto started = Clock::now();
  Examples train, holdout;
  ChurnEvidence& evidence = result.evidence;
  CollectExamples(log, complaints, p_alive, options, result.training_snapshot,
                  first_day, train, holdout, evidence);
  evidence.refusal = RefusalOf(evidence, options);
  evidence.learned_models = evidence.refusal.empty();
  result.seconds_features = SecondsSince(started);

  // 3: the models, judged on the holdout.
  started = Clock::now();
  VAFA_ASSIGN_OR_RETURN(LearnedModels learned,
                        TrainAndChoose(train, holdout, options, result));
  result.seconds_training = SecondsSince(started);

  started = Clock::now();
  VAFA_RETURN_IF_ERROR(ScoreCustomersNow(
      log, complaints, p_alive, customer_value, options, learned, result));
  result.seconds_scoring = SecondsSince(started);
  return result;
}

}  // namespace vafa::analytics::churn
