// PredictContractChurn (contract_churn.h): the learning, holdout evaluation
// and scoring, as churn_model.cc does for the non-contractual case.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

#include "analytics/churn/contract_churn.h"
#include "analytics/churn/logistic_regression.h"
#include "analytics/parallel.h"
#include "core/hash.h"

namespace vafa::analytics::churn {
namespace {

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The holdout split: fixed by (seed, customer key).
double SplitDraw(uint64_t seed, std::string_view key) {
  return UnitInterval(
      Mix64(Fnv1a64(key) + seed * kGoldenGamma + 0x2545F4914F6CDD1DULL));
}

struct Examples {
  std::vector<float> x;
  std::vector<uint8_t> y;
  int64_t rows() const { return static_cast<int64_t>(y.size()); }
  void Add(const float* row, uint8_t label) {
    x.insert(x.end(), row, row + kContractFeatureCount);
    y.push_back(label);
  }
  int64_t positives() const {
    return std::count(y.begin(), y.end(), uint8_t{1});
  }
};

// The fewest contracts worth a thread of their own (parallel.h).
constexpr int64_t kContractsPerThread = 4096;

std::vector<double> RuleScores(const Examples& examples,
                               const PlattScaling* scaling, int threads) {
  std::vector<double> out(examples.rows());
  ParallelRanges(
      examples.rows(), threads, kContractsPerThread,
      [&](int64_t from, int64_t to) {
        for (int64_t r = from; r < to; ++r) {
          const double z = ContractRuleLogOdds(
              &examples.x[static_cast<size_t>(r) * kContractFeatureCount]);
          out[r] = scaling == nullptr ? z : scaling->Apply(z);
        }
      });
  return out;
}

ModelEvaluation Evaluate(std::string model, const std::vector<double>& risk,
                         const std::vector<uint8_t>& label, double seconds) {
  return {std::move(model), EvaluateClassifier(risk, label),
          MeasureCalibration(risk, label), seconds};
}

// Rows of the customers held at each past cutoff, training customers at
// every cutoff, holdout customers at S_0 only.
void CollectExamples(const ContractBook& book, const ComplaintLog& complaints,
                     const ContractChurnOptions& options, DayNumber first_day,
                     Examples& train, Examples& holdout,
                     ContractChurnResult& result) {
  ChurnEvidence& evidence = result.evidence;
  evidence.history_days = options.as_of - first_day;
  const int horizon = HorizonDays(options.horizon_months);
  std::vector<uint8_t> trained_on(book.customers(), 0);
  // Which side of the split each customer is on, drawn once for every
  // cutoff.
  std::vector<uint8_t> in_holdout(book.customers(), 0);
  ParallelRanges(book.customers(), options.threads, kContractsPerThread,
                 [&](int64_t from, int64_t to) {
                   for (int64_t c = from; c < to; ++c) {
                     in_holdout[c] =
                         SplitDraw(options.seed, book.customer_keys[c]) <
                         options.holdout_share;
                   }
                 });
  for (int k = 0; k < std::max(1, options.snapshots); ++k) {
    const DayNumber cutoff =
        result.training_cutoff - k * options.snapshot_step_days;
    if (k > 0 && cutoff <= first_day + options.snapshot_step_days) break;
    ++evidence.snapshots;
    const ContractFeatures features =
        BuildContractFeatures(book, complaints, cutoff, options.threads);
    const std::vector<uint8_t> labels =
        ContractClosingLabels(book, cutoff, horizon);
    for (int32_t c = 0; c < book.customers(); ++c) {
      if (features.held[c] == 0) continue;
      const float* row =
          &features.values[static_cast<size_t>(c) * kContractFeatureCount];
      if (in_holdout[c] != 0) {
        if (k == 0) holdout.Add(row, labels[c]);
      } else {
        train.Add(row, labels[c]);
        trained_on[c] = 1;
      }
    }
  }
  evidence.training_rows = train.rows();
  evidence.training_customers =
      std::count(trained_on.begin(), trained_on.end(), uint8_t{1});
  evidence.training_churners = train.positives();
  evidence.holdout_customers = holdout.rows();
  evidence.holdout_churners = holdout.positives();
  const int64_t stayers =
      evidence.holdout_customers - evidence.holdout_churners;
  const int64_t fewest = std::min(evidence.holdout_churners, stayers);
  if (fewest < options.min_holdout_closers) {
    evidence.refusal = "the holdout has " +
                       std::to_string(evidence.holdout_churners) +
                       " customers who closed and " + std::to_string(stayers) +
                       " who stayed, fewer than the " +
                       std::to_string(options.min_holdout_closers) +
                       " of each needed to judge a learned model";
  }
}

struct LearnedModels {
  std::optional<LogisticRegression> logistic;
  std::optional<BoostedTrees> trees;
};

Result<LearnedModels> Learn(const Examples& train, const Examples& holdout,
                            const ContractChurnOptions& options,
                            ContractChurnResult& result) {
  LearnedModels models;
  const auto logistic_start = Clock::now();
  VAFA_ASSIGN_OR_RETURN(
      LogisticRegression logistic,
      LogisticRegression::Fit(train.x, train.rows(), kContractFeatureCount,
                              train.y, {.threads = options.threads}));
  result.evaluations.push_back(
      Evaluate("logistic",
               logistic.PredictAll(holdout.x, holdout.rows(), options.threads),
               holdout.y, SecondsSince(logistic_start)));
  models.logistic = std::move(logistic);
  const auto trees_start = Clock::now();
  BoostedTreesOptions tree_options = options.trees;
  tree_options.seed = options.seed;
  VAFA_ASSIGN_OR_RETURN(
      BoostedTrees trees,
      BoostedTrees::Train(train.x, train.rows(), kContractFeatureCount, train.y,
                          tree_options));
  VAFA_ASSIGN_OR_RETURN(std::vector<double> tree_holdout,
                        trees.Predict(holdout.x, holdout.rows()));
  result.evaluations.push_back(
      Evaluate("trees", tree_holdout, holdout.y, SecondsSince(trees_start)));
  models.trees = std::move(trees);
  return models;
}

std::string ChooseModel(const ContractChurnOptions& options,
                        const ContractChurnResult& result) {
  if (!result.evidence.learned_models) return "rules";
  if (options.model != "auto") return options.model;
  const double logistic = result.evaluations[1].holdout.auc;
  const double trees = result.evaluations[2].holdout.auc;
  return trees >= logistic || std::isnan(logistic) ? "trees" : "logistic";
}

// Risk, reasons, stage and value of every customer held at as_of.
Status Score(const ContractBook& book, const ComplaintLog& complaints,
             const LearnedModels& models, int threads,
             ContractChurnResult& result) {
  result.features =
      BuildContractFeatures(book, complaints, result.as_of, threads);
  const ContractFeatures& features = result.features;
  const int32_t customers = book.customers();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.risk.assign(customers, nan);
  result.rule_risk.assign(customers, nan);
  result.value.assign(customers, nan);
  result.reasons.assign(customers, {});
  result.stage.assign(customers, "");
  std::vector<double> learned;
  if (result.chosen_model == "trees") {
    VAFA_ASSIGN_OR_RETURN(learned,
                          models.trees->Predict(features.values, customers));
  } else if (result.chosen_model == "logistic") {
    learned = models.logistic->PredictAll(features.values, customers, threads);
  }
  std::vector<double> value_at_risk(customers, nan);
  ParallelRanges(
      customers, threads, kContractsPerThread, [&](int64_t from, int64_t to) {
        for (int64_t c = from; c < to; ++c) {
          if (features.held[c] == 0) continue;
          const float* row =
              &features.values[static_cast<size_t>(c) * kContractFeatureCount];
          result.rule_risk[c] =
              result.rule_calibration.Apply(ContractRuleLogOdds(row));
          result.risk[c] = learned.empty() ? result.rule_risk[c] : learned[c];
          result.reasons[c] = ContractRuleReasons(row);
          double held = 0;
          for (int f : {kAccountBalance, kDepositBalance}) {
            if (!std::isnan(row[f])) held += std::max(0.0f, row[f]);
          }
          result.value[c] = held;
          value_at_risk[c] = held * result.risk[c];
        }
      });
  result.band = BandsByValueAtRisk(value_at_risk);
  for (int32_t c = 0; c < customers; ++c) {
    if (features.held[c] == 0) continue;
    result.stage[c] = ContractStage(
        &features.values[static_cast<size_t>(c) * kContractFeatureCount],
        result.band[c]);
  }
  return Status::Ok();
}

}  // namespace

Result<ContractChurnResult> PredictContractChurn(
    const ContractBook& book, const ComplaintLog& complaints,
    const ContractChurnOptions& options) {
  if (options.model != "auto" && options.model != "trees" &&
      options.model != "logistic" && options.model != "rules") {
    return Status::Invalid("--model is auto, trees, logistic or rules");
  }
  if (options.horizon_months < 1) {
    return Status::Invalid("--horizon-months: at least 1");
  }
  DayNumber first_day = kNever;
  for (DayNumber d : book.opened) first_day = std::min(first_day, d);
  if (first_day == kNever) {
    return Status::NotFound("the workspace has no holdings");
  }
  ContractChurnResult result;
  result.as_of = options.as_of;
  result.training_cutoff = options.as_of - HorizonDays(options.horizon_months);
  Examples train, holdout;
  CollectExamples(book, complaints, options, first_day, train, holdout, result);
  result.rule_calibration =
      FitPlattScaling(RuleScores(train, nullptr, options.threads), train.y);
  result.evaluations.push_back(Evaluate(
      "rules", RuleScores(holdout, &result.rule_calibration, options.threads),
      holdout.y, 0));
  LearnedModels models;
  result.evidence.learned_models =
      result.evidence.refusal.empty() && options.model != "rules";
  if (result.evidence.learned_models) {
    VAFA_ASSIGN_OR_RETURN(models, Learn(train, holdout, options, result));
  }
  result.chosen_model = ChooseModel(options, result);
  VAFA_RETURN_IF_ERROR(
      Score(book, complaints, models, options.threads, result));
  return result;
}

}  // namespace vafa::analytics::churn
