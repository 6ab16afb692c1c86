#include "pipeline/churn_analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "analytics/report_csv.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/report_columns.h"
#include "pipeline/score_writer.h"
#include "store/customer_repository.h"

namespace vafa::pipeline {
using analytics::CustomerSummary;
using analytics::FormatShare;
using analytics::SummarizeCustomers;
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

std::string Number(double value) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
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

// Money in whole minor units.
std::string Money(double value) {
  return std::isnan(value) ? "" : std::to_string(std::llround(value));
}

void WriteCustomerRow(std::ostream& out, const churn::ChurnResult& r,
                      int32_t c) {
  out << FormatShare(r.risk[c]) << ',' << churn::RiskBandName(r.band[c]) << ','
      << FormatShare(r.rule_risk[c]) << ',' << r.stage[c] << ','
      << Money(r.value[c]) << ',' << Money(r.priority[c]) << ',' << r.action[c]
      << ',' << Money(r.action_value[c]) << ','
      << CsvText(churn::FormatReasons(r.reasons[c]));
}

}  // namespace

void WriteChurnCsv(std::ostream& out, const TransactionLog& log,
                   const churn::ChurnResult& result) {
  out << "customer,churn_risk,band,rule_risk,stage,value,priority,action,"
         "action_value,reasons\n";
  for (int32_t c = 0; c < log.customer_count(); ++c) {
    if (std::isnan(result.risk[c])) continue;
    out << CsvText(log.customer_keys[c]) << ',';
    WriteCustomerRow(out, result, c);
    out << '\n';
  }
}

void WriteChurnModelsCsv(std::ostream& out, const churn::ChurnResult& result) {
  out << "model,examples,churners,auc,top_decile_precision,top_decile_recall,"
         "lift_top_decile,brier,train_seconds,chosen\n";
  for (const churn::ModelEvaluation& e : result.evaluations) {
    out << e.model << ',' << e.holdout.examples << ',' << e.holdout.positives
        << ',' << FormatShare(e.holdout.auc) << ','
        << FormatShare(e.holdout.top_decile_precision) << ','
        << FormatShare(e.holdout.top_decile_recall) << ','
        << FormatShare(e.holdout.lift[0]) << ','
        << FormatShare(e.calibration.brier) << ',' << Number(e.train_seconds)
        << ',' << (e.model == result.chosen_model ? 1 : 0) << '\n';
  }
}

void WriteChurnEvidenceCsv(std::ostream& out, const churn::ChurnResult& result,
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
  out << "snapshots,history_days,window_days,training_rows,training_customers,"
         "training_churners,holdout_customers,holdout_churners,min_churners,"
         "learned_models,chosen_model,refusal,data_absent\n";
  out << e.snapshots << ',' << e.history_days << ',' << options.window_days
      << ',' << e.training_rows << ',' << e.training_customers << ','
      << e.training_churners << ',' << e.holdout_customers << ','
      << e.holdout_churners << ',' << options.min_holdout_churners << ','
      << (e.learned_models ? 1 : 0) << ',' << result.chosen_model << ','
      << CsvText(e.refusal) << ',' << absent << '\n';
}

void WriteChurnCalibrationCsv(std::ostream& out,
                              const churn::ChurnResult& result) {
  out << "model,decile,customers,mean_predicted,observed_rate\n";
  for (const churn::ModelEvaluation& e : result.evaluations) {
    for (int d = 0; d < 10; ++d) {
      const churn::ReliabilityBin& bin = e.calibration.deciles[d];
      out << e.model << ',' << d + 1 << ',' << bin.count << ','
          << FormatShare(bin.mean_predicted) << ','
          << FormatShare(bin.observed_rate) << '\n';
    }
  }
}

void WriteChurnLiftCsv(std::ostream& out, const churn::ChurnResult& result) {
  out << "decile";
  for (const auto& e : result.evaluations) out << ',' << e.model;
  out << '\n';
  for (int d = 0; d < 10; ++d) {
    out << d + 1;
    for (const auto& e : result.evaluations)
      out << ',' << FormatShare(e.holdout.lift[d]);
    out << '\n';
  }
}

void WriteChurnReasonsCsv(std::ostream& out, const churn::ChurnResult& result) {
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
  out << "reason,kind,controllable,customers,first,first_cause\n";
  for (size_t f = 0; f < factors.size(); ++f) {
    const char* kind = factors[f].kind == churn::ReasonKind::kCause ? "cause"
                       : factors[f].kind == churn::ReasonKind::kLifecycle
                           ? "lifecycle"
                           : "symptom";
    out << factors[f].code << ',' << kind << ','
        << (factors[f].controllable ? 1 : 0) << ',' << naming[f] << ','
        << first[f] << ',' << first_cause[f] << '\n';
  }
}

void WriteChurnStagesCsv(std::ostream& out, const churn::ChurnResult& result) {
  static constexpr std::string_view kStages[] = {
      "awareness", "search", "evaluation", "transfer", "settled"};
  out << "stage,customers,value,value_at_risk\n";
  for (std::string_view stage : kStages) {
    int64_t customers = 0;
    double value = 0, at_risk = 0;
    for (size_t c = 0; c < result.stage.size(); ++c) {
      if (result.stage[c] != stage) continue;
      ++customers;
      value += result.value[c];
      at_risk += result.priority[c];
    }
    out << stage << ',' << customers << ',' << Money(value) << ','
        << Money(at_risk) << '\n';
  }
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

void WriteRetentionListCsv(
    std::ostream& out, const LoadedLog& loaded,
    const churn::ChurnResult& result, int top,
    const std::unordered_map<int64_t, std::string>* names) {
  out << "customer_id,customer,name,churn_risk,band,rule_risk,stage,value,"
         "priority,action,action_value,reasons\n";
  for (int32_t c : RetentionList(result, top)) {
    const bool stored = !loaded.customer_ids.empty();
    std::string name;
    if (stored && names != nullptr) {
      auto found = names->find(loaded.customer_ids[c]);
      if (found != names->end()) name = found->second;
    }
    out << (stored ? std::to_string(loaded.customer_ids[c]) : std::string())
        << ',' << CsvText(loaded.log.customer_keys[c]) << ',' << CsvText(name)
        << ',';
    WriteCustomerRow(out, result, c);
    out << '\n';
  }
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
  // The writers make CSV, read once into the report's typed table here.
  Status kept;
  auto keep = [&](std::string name, auto&& write) {
    std::ostringstream csv;
    write(csv);
    auto table = ReportTableFromCsv(csv.str(), name, loaded.currency);
    if (!table.ok()) {
      if (kept.ok()) kept = table.status();
      return;
    }
    run.reports.push_back({"", std::move(table).value()});
  };
  keep("churn_evidence",
       [&](std::ostream& o) { WriteChurnEvidenceCsv(o, result, options); });
  keep("churn_models",
       [&](std::ostream& o) { WriteChurnModelsCsv(o, result); });
  keep("churn_calibration",
       [&](std::ostream& o) { WriteChurnCalibrationCsv(o, result); });
  keep("churn_lift", [&](std::ostream& o) { WriteChurnLiftCsv(o, result); });
  keep("churn_reasons",
       [&](std::ostream& o) { WriteChurnReasonsCsv(o, result); });
  keep("churn_stages",
       [&](std::ostream& o) { WriteChurnStagesCsv(o, result); });
  // The kept list names its customers, so a dashboard needs no more calls.
  std::vector<int64_t> ids;
  for (int32_t c : RetentionList(result, kRetentionListLength))
    ids.push_back(loaded.customer_ids[c]);
  std::unordered_map<int64_t, std::string> names;
  VAFA_ASSIGN_OR_RETURN(
      auto customers, store::CustomerRepository(db).GetMany(workspace_id, ids));
  for (const store::Customer& customer : customers)
    names.emplace(customer.id, customer.display_name);
  keep("retention_list", [&](std::ostream& o) {
    WriteRetentionListCsv(o, loaded, result, kRetentionListLength, &names);
  });
  VAFA_RETURN_IF_ERROR(kept);
  return WriteScores(db, workspace_id, loaded.customer_ids,
                     {risk, reasons, stage, priority, action_value}, run);
}

}  // namespace vafa::pipeline
