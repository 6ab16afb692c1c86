#include "cli/churn_json.h"

#include <array>
#include <cmath>
#include <map>

#include "cli/analysis_json.h"
#include "core/dates.h"

namespace vafa::cli {
namespace {

namespace churn = analytics::churn;

nlohmann::json ChurnEvaluationJson(const churn::ModelEvaluation& evaluation) {
  const churn::ClassifierMetrics& m = evaluation.holdout;
  nlohmann::json lift = nlohmann::json::array();
  for (double each : m.lift) lift.push_back(FiniteOrNull(each));
  return {{"model", evaluation.model},
          {"examples", m.examples},
          {"churners", m.positives},
          {"auc", FiniteOrNull(m.auc)},
          {"top_decile_precision", FiniteOrNull(m.top_decile_precision)},
          {"top_decile_recall", FiniteOrNull(m.top_decile_recall)},
          {"lift_by_decile", std::move(lift)},
          {"train_seconds", evaluation.train_seconds}};
}

}  // namespace

nlohmann::json ChurnResultJson(const churn::ChurnResult& result,
                               int window_days, const std::string& currency,
                               int minor_digits) {
  nlohmann::json evaluations = nlohmann::json::array();
  for (const auto& e : result.evaluations) {
    evaluations.push_back(ChurnEvaluationJson(e));
  }
  int64_t bands[3] = {0, 0, 0};
  int64_t scored = 0;
  std::map<std::string, std::array<double, 3>> stages;  // customers, value,
                                                        // value at risk
  for (size_t c = 0; c < result.risk.size(); ++c) {
    if (std::isnan(result.risk[c])) continue;
    ++scored;
    ++bands[static_cast<int>(result.band[c])];
    if (c >= result.stage.size() || result.stage[c].empty()) continue;
    auto& stage = stages[std::string(result.stage[c])];
    stage[0] += 1;
    if (c < result.value.size() && std::isfinite(result.value[c]))
      stage[1] += result.value[c];
    if (c < result.priority.size() && std::isfinite(result.priority[c]))
      stage[2] += result.priority[c];
  }
  nlohmann::json stage_list = nlohmann::json::array();
  for (const auto& [name, sums] : stages) {
    stage_list.push_back(
        {{"stage", name},
         {"customers", static_cast<int64_t>(sums[0])},
         {"value", MajorUnits(sums[1], minor_digits)},
         {"value_at_risk", MajorUnits(sums[2], minor_digits)}});
  }
  return {{"command", "churn"},
          {"as_of", FormatGregorian(result.as_of)},
          {"window_days", window_days},
          {"training_snapshot", FormatGregorian(result.training_snapshot)},
          {"evidence",
           {{"snapshots", result.evidence.snapshots},
            {"history_days", result.evidence.history_days},
            {"training_rows", result.evidence.training_rows},
            {"training_customers", result.evidence.training_customers},
            {"training_churners", result.evidence.training_churners},
            {"holdout_customers", result.evidence.holdout_customers},
            {"holdout_churners", result.evidence.holdout_churners},
            {"learned_models", result.evidence.learned_models},
            {"refusal", result.evidence.refusal}}},
          {"chosen_model", result.chosen_model},
          {"evaluations", std::move(evaluations)},
          {"customers_scored", scored},
          {"risk_bands",
           {{"high", bands[2]}, {"medium", bands[1]}, {"low", bands[0]}}},
          {"currency", currency},
          {"stages", std::move(stage_list)},
          {"seconds",
           {{"features", result.seconds_features},
            {"training", result.seconds_training},
            {"scoring", result.seconds_scoring},
            {"lifetime", result.seconds_lifetime}}}};
}

}  // namespace vafa::cli
