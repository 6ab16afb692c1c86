#include "pipeline/churn_analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include "analytics/report_tables.h"
#include "core/csv_cell.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/score_writer.h"
#include "store/customer_repository.h"

namespace vafa::pipeline {
using analytics::CustomerSummary;
using analytics::FormatShare;
using analytics::MoneyCell;
using analytics::NewReportTable;
using analytics::SummarizeCustomers;
using analytics::TextCell;
using analytics::TransactionLog;
namespace churn = analytics::churn;

Result<churn::ChurnResult> AnalyzeChurn(const LoadedLog& loaded,
                                        const churn::ComplaintLog& complaints,
                                        churn::ChurnOptions options,
                                        const ClvResult* lifetime_now) {
  if (options.as_of == 0) options.as_of = loaded.last_day + 1;
  // The value at stake: one-year CLV now (revenue of the last year when the
  // lifetime model cannot be fitted). The fit at as_of also gives the
  // P(alive) features of the scoring, so it is kept for that call.
  // The caller's scores are read in place, not copied.
  std::optional<ClvResult> fitted;
  const ClvResult* now = lifetime_now;
  const auto lifetime_started = std::chrono::steady_clock::now();
  if (now == nullptr) {
    CustomerSummary summary =
        SummarizeCustomers(loaded.log, options.as_of, options.threads);
    if (auto clv = ScoreLifetimeValue(summary, "bg_nbd"); clv.ok()) {
      fitted = std::move(clv).value();
      now = &*fitted;
    }
  }
  static const std::vector<double> kNoValue;
  const std::vector<double>& value = now != nullptr ? now->value : kNoValue;
  // P(alive) and expected purchases at each snapshot from a BG/NBD model
  // fitted on that snapshot's summary alone.
  const DayNumber as_of = options.as_of;
  const int threads = options.threads;
  churn::ProbabilityAliveFunction p_alive =
      [now, as_of, threads](
          const TransactionLog& log,
          DayNumber snapshot) -> Result<churn::LifetimeScores> {
    if (snapshot == as_of && now != nullptr) {
      return churn::LifetimeScores{now->p_alive, now->expected_purchases};
    }
    CustomerSummary summary = SummarizeCustomers(log, snapshot, threads);
    VAFA_ASSIGN_OR_RETURN(ClvResult clv, ScoreLifetimeValue(summary, "bg_nbd"));
    return churn::LifetimeScores{std::move(clv.p_alive),
                                 std::move(clv.expected_purchases)};
  };
  const double lifetime_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                    lifetime_started)
          .count();
  VAFA_ASSIGN_OR_RETURN(
      churn::ChurnResult result,
      churn::PredictChurn(loaded.log, complaints, p_alive, value, options));
  result.seconds_lifetime = lifetime_seconds;
  return result;
}

namespace {

// A figure with six significant digits, as a stream prints it.
double SixDigits(double value) {
  if (!std::isfinite(value)) return value;
  std::ostringstream out;
  out.precision(6);
  out << value;
  return std::stod(out.str());
}

// Customers with a purchase, by retention priority (highest first).
std::vector<int32_t> ByPriority(const churn::ChurnResult& result) {
  std::vector<int32_t> order;
  for (int32_t c = 0; c < static_cast<int32_t>(result.risk.size()); ++c)
    if (!std::isnan(result.risk[c])) order.push_back(c);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return result.priority[a] > result.priority[b];
  });
  return order;
}

void CustomerCells(ReportTable& table, const churn::ChurnResult& r, int32_t c) {
  table.Number(r.risk[c]);
  table.Text(churn::RiskBandName(r.band[c]));
  table.Number(r.rule_risk[c]);
  TextCell(table, r.stage[c]);
  MoneyCell(table, r.value[c]);
  MoneyCell(table, r.priority[c]);
  TextCell(table, r.action[c]);
  MoneyCell(table, r.action_value[c]);
  TextCell(table, churn::FormatReasons(r.reasons[c]));
}

constexpr std::pair<const char*, ColumnType> kCustomerColumns[] = {
    {"churn_risk", ColumnType::kNumber}, {"band", ColumnType::kText},
    {"rule_risk", ColumnType::kNumber},  {"stage", ColumnType::kText},
    {"value", ColumnType::kMoney},       {"priority", ColumnType::kInteger},
    {"action", ColumnType::kText},       {"action_value", ColumnType::kMoney},
    {"reasons", ColumnType::kText}};

}  // namespace

ReportTable ChurnTable(const TransactionLog& log,
                       const churn::ChurnResult& result) {
  ReportTable table =
      NewReportTable("churn", {{"customer", ColumnType::kText}});
  for (const auto& [name, type] : kCustomerColumns) {
    table.AddColumn(name, type, analytics::kShareDecimals);
  }
  for (int32_t c = 0; c < log.customer_count(); ++c) {
    if (std::isnan(result.risk[c])) continue;
    table.Text(log.customer_keys[c]);
    CustomerCells(table, result, c);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ChurnModelsTable(const churn::ChurnResult& result) {
  ReportTable table = NewReportTable(
      "churn_models", {{"model", ColumnType::kText},
                       {"examples", ColumnType::kInteger},
                       {"churners", ColumnType::kInteger},
                       {"auc", ColumnType::kNumber},
                       {"top_decile_precision", ColumnType::kNumber},
                       {"top_decile_recall", ColumnType::kNumber},
                       {"lift_top_decile", ColumnType::kNumber},
                       {"brier", ColumnType::kNumber}});
  // Seconds with six significant digits, not six decimals.
  table.AddColumn("train_seconds", ColumnType::kNumber, ReportTable::kShortest);
  table.AddColumn("chosen", ColumnType::kInteger);
  for (const churn::ModelEvaluation& e : result.evaluations) {
    TextCell(table, e.model);
    table.Integer(e.holdout.examples);
    table.Integer(e.holdout.positives);
    table.Number(e.holdout.auc);
    table.Number(e.holdout.top_decile_precision);
    table.Number(e.holdout.top_decile_recall);
    table.Number(e.holdout.lift[0]);
    table.Number(e.calibration.brier);
    table.Number(SixDigits(e.train_seconds));
    table.Integer(e.model == result.chosen_model ? 1 : 0);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ChurnEvidenceTable(const churn::ChurnResult& result,
                               const churn::ChurnOptions& options) {
  const churn::ChurnEvidence& e = result.evidence;
  const churn::ChurnDataCoverage& coverage = result.features.coverage;
  std::string absent;
  for (auto [present, name] : {std::pair{coverage.categories, "categories"},
                               std::pair{coverage.channels, "channels"},
                               std::pair{coverage.discounts, "discounts"},
                               std::pair{coverage.complaints, "complaints"}}) {
    if (present) continue;
    if (!absent.empty()) absent += ';';
    absent += name;
  }
  ReportTable table = NewReportTable(
      "churn_evidence", {{"snapshots", ColumnType::kInteger},
                         {"history_days", ColumnType::kInteger},
                         {"window_days", ColumnType::kInteger},
                         {"training_rows", ColumnType::kInteger},
                         {"training_customers", ColumnType::kInteger},
                         {"training_churners", ColumnType::kInteger},
                         {"holdout_customers", ColumnType::kInteger},
                         {"holdout_churners", ColumnType::kInteger},
                         {"min_churners", ColumnType::kInteger},
                         {"learned_models", ColumnType::kInteger},
                         {"chosen_model", ColumnType::kText},
                         {"refusal", ColumnType::kText},
                         {"data_absent", ColumnType::kText}});
  for (int64_t figure :
       {int64_t{e.snapshots}, int64_t{e.history_days},
        int64_t{options.window_days}, int64_t{e.training_rows},
        int64_t{e.training_customers}, int64_t{e.training_churners},
        int64_t{e.holdout_customers}, int64_t{e.holdout_churners},
        int64_t{options.min_holdout_churners},
        int64_t{e.learned_models ? 1 : 0}}) {
    table.Integer(figure);
  }
  TextCell(table, result.chosen_model);
  TextCell(table, e.refusal);
  TextCell(table, absent);
  table.EndWrittenRow();
  return table;
}

ReportTable ChurnCalibrationTable(const churn::ChurnResult& result) {
  ReportTable table = NewReportTable("churn_calibration",
                                     {{"model", ColumnType::kText},
                                      {"decile", ColumnType::kInteger},
                                      {"customers", ColumnType::kInteger},
                                      {"mean_predicted", ColumnType::kNumber},
                                      {"observed_rate", ColumnType::kNumber}});
  for (const churn::ModelEvaluation& e : result.evaluations) {
    for (int d = 0; d < 10; ++d) {
      const churn::ReliabilityBin& bin = e.calibration.deciles[d];
      TextCell(table, e.model);
      table.Integer(d + 1);
      table.Integer(bin.count);
      table.Number(bin.mean_predicted);
      table.Number(bin.observed_rate);
      table.EndWrittenRow();
    }
  }
  return table;
}

ReportTable ChurnLiftTable(const churn::ChurnResult& result) {
  ReportTable table =
      NewReportTable("churn_lift", {{"decile", ColumnType::kInteger}});
  for (const auto& e : result.evaluations) {
    table.AddColumn(e.model, ColumnType::kNumber, analytics::kShareDecimals);
  }
  for (int d = 0; d < 10; ++d) {
    table.Integer(d + 1);
    for (const auto& e : result.evaluations) table.Number(e.holdout.lift[d]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ChurnReasonsTable(const churn::ChurnResult& result) {
  const auto& factors = churn::ChurnFactors();
  std::vector<int64_t> naming(factors.size(), 0), first(factors.size(), 0),
      first_cause(factors.size(), 0);
  for (size_t c = 0; c < result.reasons.size(); ++c) {
    if (result.band[c] == churn::RiskBand::kLow) continue;
    const auto& reasons = result.reasons[c];
    bool cause_seen = false;
    for (size_t k = 0; k < reasons.size(); ++k) {
      const int f = reasons[k].factor;
      ++naming[f];
      if (k == 0) ++first[f];
      if (!cause_seen && factors[f].kind != churn::ReasonKind::kSymptom) {
        ++first_cause[f];
        cause_seen = true;
      }
    }
  }
  ReportTable table =
      NewReportTable("churn_reasons", {{"reason", ColumnType::kText},
                                       {"kind", ColumnType::kText},
                                       {"controllable", ColumnType::kInteger},
                                       {"customers", ColumnType::kInteger},
                                       {"first", ColumnType::kInteger},
                                       {"first_cause", ColumnType::kInteger}});
  for (size_t f = 0; f < factors.size(); ++f) {
    const char* kind = factors[f].kind == churn::ReasonKind::kCause ? "cause"
                       : factors[f].kind == churn::ReasonKind::kLifecycle
                           ? "lifecycle"
                           : "symptom";
    TextCell(table, factors[f].code);
    table.Text(kind);
    table.Integer(factors[f].controllable ? 1 : 0);
    table.Integer(naming[f]);
    table.Integer(first[f]);
    table.Integer(first_cause[f]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ChurnStagesTable(const churn::ChurnResult& result) {
  static constexpr std::string_view kStages[] = {
      "awareness", "search", "evaluation", "transfer", "settled"};
  ReportTable table =
      NewReportTable("churn_stages", {{"stage", ColumnType::kText},
                                      {"customers", ColumnType::kInteger},
                                      {"value", ColumnType::kMoney},
                                      {"value_at_risk", ColumnType::kMoney}});
  for (std::string_view stage : kStages) {
    int64_t customers = 0;
    double value = 0, at_risk = 0;
    for (size_t c = 0; c < result.stage.size(); ++c) {
      if (result.stage[c] != stage) continue;
      ++customers;
      value += result.value[c];
      at_risk += result.priority[c];
    }
    table.Text(stage);
    table.Integer(customers);
    MoneyCell(table, value);
    MoneyCell(table, at_risk);
    table.EndWrittenRow();
  }
  return table;
}

std::vector<int32_t> RetentionList(const churn::ChurnResult& result, int top) {
  std::vector<int32_t> list;
  for (int32_t c : ByPriority(result)) {
    if (static_cast<int>(list.size()) >= top) break;
    if (result.band[c] == churn::RiskBand::kLow || result.stage[c] == "settled")
      continue;
    list.push_back(c);
  }
  return list;
}

ReportTable RetentionListTable(
    const LoadedLog& loaded, const churn::ChurnResult& result, int top,
    const std::unordered_map<int64_t, std::string>* names) {
  ReportTable table =
      NewReportTable("retention_list", {{"customer_id", ColumnType::kInteger},
                                        {"customer", ColumnType::kText},
                                        {"name", ColumnType::kText}});
  for (const auto& [name, type] : kCustomerColumns) {
    table.AddColumn(name, type, analytics::kShareDecimals);
  }
  for (int32_t c : RetentionList(result, top)) {
    const bool stored = !loaded.customer_ids.empty();
    std::string name;
    if (stored && names != nullptr) {
      auto found = names->find(loaded.customer_ids[c]);
      if (found != names->end()) name = found->second;
    }
    if (stored) {
      table.Integer(loaded.customer_ids[c]);
    } else {
      table.Empty();
    }
    table.Text(loaded.log.customer_keys[c]);
    TextCell(table, name);
    CustomerCells(table, result, c);
    table.EndWrittenRow();
  }
  return table;
}

Result<int64_t> StoreChurn(store::Database& db, int64_t workspace_id,
                           const LoadedLog& loaded,
                           const churn::ChurnResult& result,
                           const churn::ChurnOptions& options,
                           int64_t started_at, int64_t duration_ms) {
  const size_t n = result.risk.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ScoreColumn risk{"churn_risk", result.risk, std::vector<std::string>(n)},
      reasons{"churn_reasons", result.rule_risk, std::vector<std::string>(n)},
      stage{"churn_stage", std::vector<double>(n, nan),
            std::vector<std::string>(n)},
      priority{"retention_priority", result.priority,
               std::vector<std::string>(n)},
      action_value{"retention_action_value", result.action_value, {}};
  for (size_t c = 0; c < n; ++c) {
    if (std::isnan(result.risk[c])) continue;
    risk.label[c] = churn::RiskBandName(result.band[c]);
    reasons.label[c] = churn::FormatReasons(result.reasons[c]);
    stage.label[c] = result.stage[c];
    priority.label[c] = result.action[c];
  }
  AnalysisRun run;
  run.kind = "churn";
  run.started_at = started_at;
  run.duration_ms = duration_ms;
  run.parameters = "{\"as_of\":\"" + FormatGregorian(result.as_of) +
                   "\",\"window_days\":" + std::to_string(options.window_days) +
                   ",\"model\":\"" + result.chosen_model + "\"}";
  run.data_fingerprint = std::to_string(loaded.log.order_count()) +
                         " orders, last " + FormatGregorian(loaded.last_day);
  int64_t at_risk = 0;
  for (churn::RiskBand band : result.band)
    at_risk += band != churn::RiskBand::kLow;
  double auc = nan;
  for (const auto& e : result.evaluations)
    if (e.model == result.chosen_model) auc = e.holdout.auc;
  run.summary = "{\"customers\":" + std::to_string(n) +
                ",\"at_risk\":" + std::to_string(at_risk) + ",\"model\":\"" +
                result.chosen_model + "\",\"holdout_auc\":" +
                (std::isnan(auc) ? "null" : FormatShare(auc)) +
                ",\"holdout_churners\":" +
                std::to_string(result.evidence.holdout_churners) +
                ",\"learned_models\":" +
                (result.evidence.learned_models ? "true" : "false") + "}";
  // The writers build the reports' tables, kept as they are.
  auto keep = [&](ReportTable table) {
    table.set_currency(loaded.currency);
    run.reports.push_back({"", std::move(table)});
  };
  keep(ChurnEvidenceTable(result, options));
  keep(ChurnModelsTable(result));
  keep(ChurnCalibrationTable(result));
  keep(ChurnLiftTable(result));
  keep(ChurnReasonsTable(result));
  keep(ChurnStagesTable(result));
  // The kept list names its customers, so a dashboard needs no more calls.
  std::vector<int64_t> ids;
  for (int32_t c : RetentionList(result, kRetentionListLength))
    ids.push_back(loaded.customer_ids[c]);
  std::unordered_map<int64_t, std::string> names;
  VAFA_ASSIGN_OR_RETURN(
      auto customers, store::CustomerRepository(db).GetMany(workspace_id, ids));
  for (const store::Customer& customer : customers)
    names.emplace(customer.id, customer.display_name);
  keep(RetentionListTable(loaded, result, kRetentionListLength, &names));
  return WriteScores(db, workspace_id, loaded.customer_ids,
                     {risk, reasons, stage, priority, action_value}, run);
}

}  // namespace vafa::pipeline
