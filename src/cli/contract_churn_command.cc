#include "cli/contract_churn_command.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <utility>

#include "analytics/churn/contract_churn.h"
#include "cli/analysis_json.h"
#include "core/dates.h"
#include "pipeline/channel_uses.h"
#include "pipeline/complaint_source.h"
#include "pipeline/score_writer.h"
#include "services/holdings/holdings.h"
#include "store/database.h"

namespace vafa::cli {
namespace {

namespace churn = analytics::churn;

// A day of the store ("2024-01-05"); kNever for "" and for a day that does
// not read (a row written by hand).
DayNumber StoredDay(const std::string& text) {
  if (text.empty()) return churn::kNever;
  auto at = ParseDateTime(text);
  return at.ok() ? DayOf(*at) : churn::kNever;
}

struct LoadedBook {
  churn::ContractBook book;
  std::vector<int64_t> customer_ids;   // store id per book customer; empty
                                       // when read from files
  std::vector<std::string> file_keys;  // the files' key per book customer
  churn::ComplaintLog complaints;
};

// How reports name book customer c: the store id, or the files' key.
nlohmann::json CustomerJson(const LoadedBook& loaded, int32_t c) {
  if (loaded.customer_ids.empty()) return loaded.file_keys[c];
  return loaded.customer_ids[c];
}
std::string CustomerText(const LoadedBook& loaded, int32_t c) {
  if (loaded.customer_ids.empty()) return loaded.file_keys[c];
  return std::to_string(loaded.customer_ids[c]);
}

// StoredDay of the balances' days, each distinct text parsed once: a
// workspace's balances fall on a few hundred days at most.
class BalanceDays {
 public:
  DayNumber operator()(std::string_view text) {
    auto known = days_.find(text);
    if (known == days_.end()) {
      const std::string day(text);
      known = days_.emplace(day, StoredDay(day)).first;
    }
    return known->second;
  }

 private:
  std::map<std::string, DayNumber, std::less<>> days_;
};

Result<LoadedBook> LoadBook(store::Database& db, int64_t workspace_id) {
  VAFA_ASSIGN_OR_RETURN(std::vector<services::holdings::HoldingSpan> spans,
                        services::holdings::HoldingSpans(db, workspace_id));
  LoadedBook out;
  churn::ContractRows rows;
  std::unordered_map<int64_t, int32_t> customer_index, holding_index;
  for (const services::holdings::HoldingSpan& span : spans) {
    const DayNumber opened = StoredDay(span.opened_on);
    if (opened == churn::kNever) continue;
    auto [at, added] = customer_index.try_emplace(
        span.customer_id, static_cast<int32_t>(out.customer_ids.size()));
    if (added) {
      out.customer_ids.push_back(span.customer_id);
      rows.customer_keys.push_back(std::to_string(span.customer_id));
    }
    holding_index.emplace(span.holding_id,
                          static_cast<int32_t>(rows.kind.size()));
    rows.holding_customer.push_back(at->second);
    rows.kind.push_back(churn::ContractKindOf(span.product_type));
    rows.opened.push_back(opened);
    rows.closed.push_back(StoredDay(span.closed_on));
  }
  spans = {};
  const double none = std::nan("");
  BalanceDays days;
  VAFA_RETURN_IF_ERROR(services::holdings::ForEachBalanceOfWorkspace(
      db, workspace_id, [&](const services::holdings::BalanceRow& balance) {
        auto holding = holding_index.find(balance.holding_id);
        const DayNumber day = days(balance.as_of);
        if (holding == holding_index.end() || day == churn::kNever) return;
        rows.balance_holding.push_back(holding->second);
        rows.balance_day.push_back(day);
        rows.balance.push_back(static_cast<double>(balance.balance_minor));
        rows.limit.push_back(
            balance.credit_limit_minor
                ? static_cast<double>(*balance.credit_limit_minor)
                : none);
        rows.arrears.push_back(balance.arrears_minor
                                   ? static_cast<double>(*balance.arrears_minor)
                                   : none);
      }));
  VAFA_ASSIGN_OR_RETURN(
      pipeline::ChannelUses uses,
      pipeline::LoadChannelUsesOfCustomers(db, workspace_id, out.customer_ids));
  rows.use_customer = std::move(uses.customer);
  rows.use_day = std::move(uses.day);
  rows.use_at_branch = std::move(uses.at_branch);
  out.book = churn::BuildContractBook(rows);
  VAFA_ASSIGN_OR_RETURN(
      out.complaints,
      pipeline::LoadComplaintsOfCustomers(db, workspace_id, out.customer_ids));
  return out;
}

Result<LoadedBook> LoadBookOfFiles(const ContractChurnFlags& flags) {
  pipeline::ContractFileOptions options;
  options.currency = flags.currency;
  options.threads =
      flags.threads > 0
          ? flags.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  VAFA_ASSIGN_OR_RETURN(pipeline::ContractFileBook files,
                        pipeline::LoadContractFiles(flags.files, options));
  LoadedBook out;
  out.book = pipeline::BuildContractBookOfFiles(std::move(files.rows));
  out.complaints = std::move(files.complaints);
  out.file_keys = std::move(files.customer_keys);
  return out;
}

nlohmann::json EvaluationJson(const churn::ModelEvaluation& e) {
  nlohmann::json lift = nlohmann::json::array();
  for (double each : e.holdout.lift) lift.push_back(FiniteOrNull(each));
  nlohmann::json reliability = nlohmann::json::array();
  for (const churn::ReliabilityBin& bin : e.calibration.deciles) {
    reliability.push_back({{"customers", bin.count},
                           {"mean_predicted", FiniteOrNull(bin.mean_predicted)},
                           {"observed_rate", FiniteOrNull(bin.observed_rate)}});
  }
  return {
      {"model", e.model},
      {"examples", e.holdout.examples},
      {"closed", e.holdout.positives},
      {"auc", FiniteOrNull(e.holdout.auc)},
      {"top_decile_precision", FiniteOrNull(e.holdout.top_decile_precision)},
      {"top_decile_recall", FiniteOrNull(e.holdout.top_decile_recall)},
      {"lift_by_decile", std::move(lift)},
      {"brier", FiniteOrNull(e.calibration.brier)},
      {"reliability_by_decile", std::move(reliability)},
      {"train_seconds", e.train_seconds}};
}

struct ReasonCount {
  int64_t customers = 0;  // at risk, naming it
  int64_t first = 0;      // naming it first
};

// Reasons of the customers at risk (medium and high band), heaviest first.
std::map<int, ReasonCount> CountReasons(const churn::ContractChurnResult& r) {
  std::map<int, ReasonCount> out;
  for (size_t c = 0; c < r.reasons.size(); ++c) {
    if (std::isnan(r.risk[c]) || r.band[c] == churn::RiskBand::kLow) continue;
    for (size_t k = 0; k < r.reasons[c].size(); ++k) {
      ReasonCount& count = out[r.reasons[c][k].factor];
      ++count.customers;
      count.first += k == 0;
    }
  }
  return out;
}

// Held customers by risk, highest first.
std::vector<int32_t> ByRisk(const churn::ContractChurnResult& r) {
  std::vector<int32_t> out;
  for (size_t c = 0; c < r.risk.size(); ++c) {
    if (!std::isnan(r.risk[c])) out.push_back(static_cast<int32_t>(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](int32_t a, int32_t b) { return r.risk[a] > r.risk[b]; });
  return out;
}

std::string ReasonWords(const std::vector<churn::ContractReason>& reasons) {
  std::string out;
  for (const churn::ContractReason& reason : reasons) {
    out += (out.empty() ? "" : "; ") + churn::DescribeContractReason(reason);
  }
  return out;
}

nlohmann::json ResultJson(const churn::ContractChurnResult& r,
                          const LoadedBook& loaded,
                          const ContractChurnFlags& flags) {
  const churn::ChurnEvidence& e = r.evidence;
  nlohmann::json document = {
      {"as_of", FormatGregorian(r.as_of)},
      {"horizon_months", flags.horizon_months},
      {"training_cutoff", FormatGregorian(r.training_cutoff)},
      {"evidence",
       {{"cutoffs", e.snapshots},
        {"history_days", e.history_days},
        {"training_rows", e.training_rows},
        {"training_customers", e.training_customers},
        {"training_closed", e.training_churners},
        {"holdout_customers", e.holdout_customers},
        {"holdout_closed", e.holdout_churners},
        {"learned_models", e.learned_models},
        {"refusal", e.refusal}}},
      {"chosen_model", r.chosen_model}};
  nlohmann::json models = nlohmann::json::array();
  for (const auto& each : r.evaluations) models.push_back(EvaluationJson(each));
  document["models"] = std::move(models);
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& [factor, count] : CountReasons(r)) {
    const churn::ContractFactor& f = churn::ContractFactors()[factor];
    reasons.push_back(
        {{"reason", f.code},
         {"kind", f.kind == churn::ReasonKind::kCause       ? "cause"
                  : f.kind == churn::ReasonKind::kLifecycle ? "lifecycle"
                                                            : "symptom"},
         {"customers", count.customers},
         {"first", count.first}});
  }
  document["reasons_at_risk"] = std::move(reasons);
  std::map<std::string, int64_t> stages, bands;
  int64_t held = 0;
  for (size_t c = 0; c < r.risk.size(); ++c) {
    if (std::isnan(r.risk[c])) continue;
    ++held;
    ++bands[std::string(churn::RiskBandName(r.band[c]))];
    if (!r.stage[c].empty()) ++stages[std::string(r.stage[c])];
  }
  document["customers_held"] = held;
  document["bands"] = bands;
  document["stages"] = stages;
  nlohmann::json top = nlohmann::json::array();
  const std::vector<int32_t> order = ByRisk(r);
  for (size_t k = 0; k < order.size() && k < static_cast<size_t>(flags.top);
       ++k) {
    const int32_t c = order[k];
    nlohmann::json codes = nlohmann::json::array();
    for (const auto& reason : r.reasons[c]) {
      codes.push_back(churn::ContractFactors()[reason.factor].code);
    }
    top.push_back({{"customer_id", CustomerJson(loaded, c)},
                   {"risk", r.risk[c]},
                   {"band", churn::RiskBandName(r.band[c])},
                   {"stage", r.stage[c]},
                   {"reasons", std::move(codes)},
                   {"why", ReasonWords(r.reasons[c])}});
  }
  document["top"] = std::move(top);
  return document;
}

// One row per customer held at as_of: the risk, band, stage and reasons,
// then every feature (NaN written empty).
void WriteCustomersCsv(std::ostream& out, const churn::ContractChurnResult& r,
                       const LoadedBook& loaded) {
  out << "customer_id,risk,rule_risk,band,stage,reasons";
  for (int f = 0; f < churn::kContractFeatureCount; ++f) {
    out << "," << churn::ContractFeatureName(f);
  }
  out << "\n" << std::setprecision(9);
  for (size_t c = 0; c < r.risk.size(); ++c) {
    if (std::isnan(r.risk[c])) continue;
    out << CustomerText(loaded, static_cast<int32_t>(c)) << "," << r.risk[c]
        << "," << r.rule_risk[c] << "," << churn::RiskBandName(r.band[c]) << ","
        << r.stage[c] << ",";
    for (size_t k = 0; k < r.reasons[c].size(); ++k) {
      out << (k ? ";" : "")
          << churn::ContractFactors()[r.reasons[c][k].factor].code;
    }
    for (int f = 0; f < churn::kContractFeatureCount; ++f) {
      const float v = r.features.at(static_cast<int32_t>(c), f);
      out << ",";
      if (!std::isnan(v)) out << v;
    }
    out << "\n";
  }
}

Result<int64_t> StoreScores(store::Database& db, int64_t workspace_id,
                            const churn::ContractChurnResult& r,
                            const LoadedBook& loaded,
                            const ContractChurnFlags& flags,
                            int64_t started_at) {
  const size_t n = r.risk.size();
  pipeline::ScoreColumn risk{"contract_close_risk", r.risk,
                             std::vector<std::string>(n)};
  pipeline::ScoreColumn reasons{"contract_close_reasons", r.rule_risk,
                                std::vector<std::string>(n)};
  pipeline::ScoreColumn stage{
      "contract_close_stage", {}, std::vector<std::string>(n)};
  for (size_t c = 0; c < n; ++c) {
    if (std::isnan(r.risk[c])) continue;
    risk.label[c] = churn::RiskBandName(r.band[c]);
    reasons.label[c] = churn::FormatContractReasons(r.reasons[c]);
    stage.label[c] = r.stage[c];
  }
  pipeline::AnalysisRun run;
  run.kind = "contract_churn";
  run.started_at = started_at;
  run.duration_ms = (store::NowSeconds() - started_at) * 1000;
  run.parameters = nlohmann::json{
      {"as_of", FormatGregorian(r.as_of)},
      {"horizon_months", flags.horizon_months},
      {"model",
       r.chosen_model}}.dump();
  run.data_fingerprint = std::to_string(r.features.held.size()) + " customers";
  run.summary = ResultJson(r, loaded, flags).dump();
  return pipeline::WriteScores(db, workspace_id, loaded.customer_ids,
                               {risk, reasons, stage}, run);
}

void PrintText(const churn::ContractChurnResult& r, const LoadedBook& loaded,
               const ContractChurnFlags& flags) {
  const churn::ChurnEvidence& e = r.evidence;
  std::cout << "Closing within " << flags.horizon_months << " months, as of "
            << FormatGregorian(r.as_of) << ". Learned on " << e.training_rows
            << " customer cutoffs (" << e.training_customers << " customers, "
            << e.training_churners << " closed) from " << e.snapshots
            << " cutoffs up to " << FormatGregorian(r.training_cutoff)
            << "; holdout of " << e.holdout_customers << " customers ("
            << e.holdout_churners << " closed).\n";
  if (!e.learned_models && !e.refusal.empty()) {
    std::cout << "Rule model only: " << e.refusal << ".\n";
  }
  std::cout << "  model      AUC    top-10% precision  recall   Brier\n";
  for (const auto& each : r.evaluations) {
    std::cout << "  " << std::left << std::setw(9) << each.model << std::right
              << std::fixed << std::setprecision(3) << std::setw(6)
              << each.holdout.auc << std::setw(13)
              << each.holdout.top_decile_precision << std::setw(13)
              << each.holdout.top_decile_recall << std::setw(8)
              << each.calibration.brier
              << (each.model == r.chosen_model ? "  (chosen)" : "") << "\n";
  }
  std::cout << "Reasons of the customers at risk (customers, first):\n";
  for (const auto& [factor, count] : CountReasons(r)) {
    std::cout << "  " << churn::ContractFactors()[factor].code << " "
              << count.customers << ", " << count.first << "\n";
  }
  const std::vector<int32_t> order = ByRisk(r);
  std::cout << "Highest risk:\n";
  for (size_t k = 0; k < order.size() && k < static_cast<size_t>(flags.top);
       ++k) {
    const int32_t c = order[k];
    std::cout << "  customer " << CustomerText(loaded, c) << " "
              << std::setprecision(3) << r.risk[c] << " "
              << churn::RiskBandName(r.band[c]) << " " << r.stage[c] << ": "
              << ReasonWords(r.reasons[c]) << "\n";
  }
  std::cout << std::defaultfloat;
}

}  // namespace

int RunContractChurn(CommandContext& context, const ContractChurnFlags& flags) {
  const int64_t started_at = store::NowSeconds();
  const bool from_files = !flags.files.holdings.empty();
  std::unique_ptr<store::Database> db;
  int64_t workspace_id = 0;
  Result<LoadedBook> loaded = Status::Internal("not loaded");
  if (from_files) {
    loaded = LoadBookOfFiles(flags);
  } else {
    auto opened = context.Open();
    if (!opened.ok()) return Fail(opened.status());
    db = std::move(*opened);
    auto workspace = context.Workspace(*db, /*create=*/false);
    if (!workspace.ok()) return Fail(workspace.status());
    workspace_id = workspace->id;
    loaded = LoadBook(*db, workspace_id);
  }
  if (!loaded.ok()) return Fail(loaded.status());
  churn::ContractChurnOptions options;
  options.as_of = loaded->book.LastDay() + 1;
  if (!flags.as_of.empty()) {
    auto parsed = ParseDateTime(flags.as_of);
    if (!parsed.ok()) {
      return Fail(Status::Invalid("--as-of \"" + flags.as_of +
                                  "\": " + parsed.status().message()));
    }
    options.as_of = DayOf(*parsed);
  }
  options.horizon_months = flags.horizon_months;
  options.snapshots = flags.snapshots;
  options.holdout_share = flags.holdout;
  options.seed = flags.seed;
  options.model = flags.model;
  options.trees.threads = flags.threads;
  options.threads =
      flags.threads > 0
          ? flags.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto result =
      churn::PredictContractChurn(loaded->book, loaded->complaints, options);
  if (!result.ok()) return Fail(result.status());
  if (!flags.out.empty()) {
    std::error_code made;
    std::filesystem::create_directories(flags.out, made);
    std::ofstream file(std::filesystem::path(flags.out) / "contract_churn.csv");
    WriteCustomersCsv(file, *result, *loaded);
    file.close();
    if (made || !file) {
      return Fail(
          Status::Invalid(flags.out + ": cannot write contract_churn.csv"));
    }
  }
  int64_t run_id = 0;
  if (!flags.no_scores && !from_files) {
    auto stored =
        StoreScores(*db, workspace_id, *result, *loaded, flags, started_at);
    if (!stored.ok()) return Fail(stored.status());
    run_id = *stored;
  }
  if (flags.format == "json") {
    PrintJson(ResultJson(*result, *loaded, flags));
  } else {
    PrintText(*result, *loaded, flags);
    if (!flags.out.empty()) {
      std::cout << "wrote contract_churn.csv to " << flags.out << "\n";
    }
    if (run_id != 0) {
      std::cout << "scores stored as contract_close_risk, "
                   "contract_close_reasons, contract_close_stage (run "
                << run_id << ")\n";
    }
  }
  return 0;
}

}  // namespace vafa::cli
