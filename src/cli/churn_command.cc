// vafa churn: churn risk for every customer, from a rule model and models
// learned on the workspace's own past (logistic regression, boosted trees),
// with the evidence they learned from, their holdout AUC, top-decile
// precision and recall, Brier score and lift per decile, and the chosen
// model's reliability by decile; reasons in plain words, churn stages, and
// the retention list (value x risk) with a next best action.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "analytics/churn/churn_model.h"
#include "analytics/report_tables.h"
#include "cli/analysis_json.h"
#include "cli/analysis_source.h"
#include "cli/churn_json.h"
#include "cli/command.h"
#include "cli/contract_churn_command.h"
#include "core/csv_cell.h"
#include "core/report_table_csv.h"
#include "pipeline/churn_analysis.h"
#include "pipeline/complaint_source.h"
#include "store/database.h"

namespace vafa::cli {
namespace {

namespace churn = analytics::churn;

struct ChurnFlags {
  SourceFlags source;
  std::string interactions;
  std::string model = "auto";
  int window_days = churn::kDefaultChurnWindowDays;
  int snapshots = 2;
  double holdout = 0.25;
  uint64_t seed = 1;
  int top = 10;
  int threads = 0;
  std::string out;
  std::string format = "text";
  bool no_scores = false;
  bool snapshots_set = false;
  bool contracts = false;
  int horizon_months = 6;
  pipeline::ContractFiles files;  // --contracts from files
};

// --contracts: the churn of a workspace's holdings.
int RunContracts(CommandContext& context, const ChurnFlags& flags) {
  ContractChurnFlags contract;
  contract.as_of = flags.source.as_of;
  contract.horizon_months = flags.horizon_months;
  contract.snapshots = flags.snapshots_set ? flags.snapshots : 3;
  contract.holdout = flags.holdout;
  contract.seed = flags.seed;
  contract.model = flags.model;
  contract.top = flags.top;
  contract.threads = flags.threads;
  contract.out = flags.out;
  contract.format = flags.format;
  contract.no_scores = flags.no_scores;
  contract.files = flags.files;
  contract.files.interactions = flags.interactions;
  contract.currency = flags.source.currency;
  if (!flags.source.csv.empty()) {
    return Fail(Status::Invalid(
        "--contracts reads the workspace's holdings or --holdings, not --csv"));
  }
  const pipeline::ContractFiles& files = contract.files;
  if (files.holdings.empty() &&
      !(files.balances.empty() && files.customers.empty() &&
        files.interactions.empty())) {
    return Fail(Status::Invalid(
        "--balances, --customers and --interactions with --contracts need "
        "--holdings (the book read from files)"));
  }
  return RunContractChurn(context, contract);
}

// What the models learned from and were judged on, and whether the
// learned models ran.
void PrintEvidence(const churn::ChurnResult& result) {
  const churn::ChurnEvidence& e = result.evidence;
  std::cout << "Learned on " << e.training_rows << " customer snapshots ("
            << e.training_customers << " customers, " << e.training_churners
            << " churned) from " << e.snapshots << " snapshot"
            << (e.snapshots == 1 ? "" : "s") << " up to "
            << FormatGregorian(result.training_snapshot) << "; holdout of "
            << e.holdout_customers << " customers the models never saw ("
            << e.holdout_churners << " churned); " << e.history_days
            << " days of history.\n";
  if (!e.learned_models) {
    std::cout << "Rule model only (calibrated on the training rows): the "
                 "learned models were not run because "
              << e.refusal << ".\n";
  }
  const churn::ChurnDataCoverage& coverage = result.features.coverage;
  std::string absent;
  for (auto [present, what] :
       {std::pair{coverage.categories, "categories (one_category)"},
        std::pair{coverage.discounts, "discounts (no_discount)"},
        std::pair{coverage.channels, "channels (one_channel)"}}) {
    if (!present) absent += std::string(absent.empty() ? "" : ", ") + what;
  }
  if (!absent.empty()) {
    std::cout << "The data has no " << absent
              << ": those reasons are not used.\n";
  }
}

void PrintEvaluation(const churn::ChurnResult& result) {
  std::cout << "  model      AUC    top-10% precision  recall   Brier  lift by "
               "decile\n";
  for (const auto& e : result.evaluations) {
    std::cout << "  " << std::left << std::setw(9) << e.model << std::right
              << std::fixed << std::setprecision(3) << std::setw(6)
              << e.holdout.auc << std::setw(13)
              << e.holdout.top_decile_precision << std::setw(13)
              << e.holdout.top_decile_recall << std::setw(8)
              << e.calibration.brier << "  ";
    for (int d = 0; d < 10; ++d)
      std::cout << std::setprecision(2) << e.holdout.lift[d]
                << (d < 9 ? " " : "");
    std::cout << (e.model == result.chosen_model ? "  (chosen)" : "") << "\n";
  }
  for (const auto& e : result.evaluations) {
    if (e.model != result.chosen_model) continue;
    std::cout << "Reliability of " << e.model
              << " on the holdout (deciles of predicted risk, highest "
                 "first): decile, customers, mean predicted, observed\n";
    for (int d = 0; d < 10; ++d) {
      const churn::ReliabilityBin& bin = e.calibration.deciles[d];
      std::cout << "  " << std::setw(2) << d + 1 << std::setw(8) << bin.count
                << std::setprecision(3) << std::setw(8) << bin.mean_predicted
                << std::setw(8) << bin.observed_rate << "\n";
    }
  }
  std::cout << std::defaultfloat;
}

int RunChurn(CommandContext& context, const ChurnFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t started_at = store::NowSeconds();
  DiscardedText text_off(flags.format == "json");
  SourceFlags source_flags = flags.source;
  source_flags.threads = flags.threads;
  auto source = LoadAnalysisSource(context, source_flags);
  if (!source.ok()) return Fail(source.status());
  const pipeline::LoadedLog& loaded = source->loaded;
  Result<churn::ComplaintLog> complaints = churn::ComplaintLog{};
  if (!flags.interactions.empty()) {
    complaints = pipeline::LoadComplaintsCsv(flags.interactions, loaded);
  } else if (source->db != nullptr) {
    complaints = pipeline::LoadComplaintsFromStore(
        *source->db, source->workspace_id, loaded);
  }
  if (!complaints.ok()) return Fail(complaints.status());

  churn::ChurnOptions options;
  options.as_of = source->as_of;
  options.window_days = flags.window_days;
  options.snapshots = flags.snapshots;
  options.holdout_share = flags.holdout;
  options.seed = flags.seed;
  options.model = flags.model;
  options.threads = flags.threads;
  auto result = pipeline::AnalyzeChurn(loaded, *complaints, options);
  if (!result.ok()) return Fail(result.status());
  PrintEvidence(*result);
  PrintEvaluation(*result);

  int64_t bands[3] = {0, 0, 0};
  for (size_t c = 0; c < result->band.size(); ++c) {
    if (!std::isnan(result->risk[c]))
      ++bands[static_cast<int>(result->band[c])];
  }
  std::cout << "Risk now (" << result->chosen_model << ", " << flags.window_days
            << "-day window, as of " << FormatGregorian(result->as_of)
            << "), bands by share of the value at risk: high " << bands[2]
            << ", medium " << bands[1] << ", low " << bands[0] << "\n";
  {
    const std::string stages =
        RenderReportCsv(pipeline::ChurnStagesTable(*result));
    std::cout << "Stages (stage,customers,value,value_at_risk):\n";
    std::string line;
    std::istringstream in(stages);
    std::getline(in, line);
    while (std::getline(in, line)) std::cout << "  " << line << "\n";
  }
  if (flags.top > 0) {
    const std::string list = RenderReportCsv(
        pipeline::RetentionListTable(loaded, *result, flags.top));
    std::cout << "Retention priority (value x risk), top " << flags.top
              << ":\n";
    std::istringstream in(list);
    std::string line;
    std::getline(in, line);
    int rank = 0;
    while (std::getline(in, line)) {
      std::cout << "  " << ++rank << ". " << line << "\n";
    }
  }
  if (!flags.out.empty()) {
    std::filesystem::create_directories(flags.out);
    // Each report rendered from its table, as the API and the kept
    // reports render it.
    auto write = [&](ReportTable table) {
      table.set_currency(loaded.currency);
      std::ofstream file(std::filesystem::path(flags.out) /
                         (table.name() + ".csv"));
      RenderReportCsv(table, file);
    };
    write(pipeline::ChurnTable(loaded.log, *result));
    write(pipeline::ChurnEvidenceTable(*result, options));
    write(pipeline::ChurnModelsTable(*result));
    write(pipeline::ChurnCalibrationTable(*result));
    write(pipeline::ChurnLiftTable(*result));
    write(pipeline::ChurnReasonsTable(*result));
    write(pipeline::ChurnStagesTable(*result));
    write(pipeline::RetentionListTable(loaded, *result,
                                       pipeline::kRetentionListLength));
    std::cout << "wrote churn.csv, churn_evidence.csv, churn_models.csv, "
                 "churn_calibration.csv, churn_lift.csv, churn_reasons.csv, "
                 "churn_stages.csv, retention_list.csv to "
              << flags.out << "\n";
  }
  if (source->db != nullptr && !flags.no_scores) {
    const int64_t duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started)
            .count();
    auto stored =
        pipeline::StoreChurn(*source->db, source->workspace_id, loaded, *result,
                             options, started_at, duration_ms);
    if (!stored.ok()) return Fail(stored.status());
    std::cout << "scores stored as churn_risk, churn_reasons, churn_stage, "
                 "retention_priority (run "
              << *stored << ")\n";
  }
  std::cout << std::fixed << std::setprecision(2) << "features "
            << result->seconds_features << " s, training "
            << result->seconds_training << " s, scoring "
            << result->seconds_scoring << " s, lifetime model now "
            << result->seconds_lifetime << " s\n";
  if (flags.format == "json") {
    text_off.Restore();
    PrintJson(ChurnResultJson(*result, flags.window_days, source->currency,
                              source->minor_digits));
  }
  return 0;
}

}  // namespace

void AddChurnCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ChurnFlags>();
  CLI::App* command = app.add_subcommand(
      "churn",
      "Churn risk, reasons, stages and retention priority: a rule model and "
      "models learned on the workspace's own past, compared on a holdout");
  AddSourceOptions(*command, flags->source);
  command->add_option(
      "--interactions,--interactions-file", flags->interactions,
      "With --csv, or --contracts --holdings-file: an interactions CSV whose "
      "complaints (and, for contracts, channel uses) count as features");
  command
      ->add_option("--model", flags->model,
                   "The risk stored: auto (the learned model with the best "
                   "holdout AUC), trees, logistic or rules")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "trees", "logistic", "rules"}));
  command
      ->add_option("--window", flags->window_days,
                   "Churned: no purchase within this many days")
      ->capture_default_str()
      ->check(CLI::Range(30, 730));
  command
      ->add_option("--snapshots", flags->snapshots,
                   "Past snapshots to learn from, 90 days apart")
      ->capture_default_str()
      ->check(CLI::Range(1, 12));
  command
      ->add_option("--holdout", flags->holdout,
                   "Share of customers kept out of training to evaluate on")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 0.5));
  command->add_option("--seed", flags->seed, "Seed of the holdout split")
      ->capture_default_str();
  command
      ->add_option("--top", flags->top,
                   "Print this many customers of the retention list")
      ->capture_default_str();
  command->add_option("--threads", flags->threads, "0: all cores")
      ->capture_default_str();
  command->add_option("--out", flags->out,
                      "Write churn.csv and the reports to this folder");
  command->add_flag("--no-scores", flags->no_scores,
                    "Do not store scores in the workspace");
  command->add_flag("--contracts", flags->contracts,
                    "Customers who leave by closing their holdings (a bank, "
                    "an insurer): P(close within --horizon-months) from "
                    "balances, holdings and complaints (docs/holdings.md)");
  command
      ->add_option("--horizon-months", flags->horizon_months,
                   "With --contracts: closed: every holding closed within "
                   "this many months")
      ->capture_default_str()
      ->check(CLI::Range(1, 36));
  // The files' flags read as retention's and next-product's do
  // (--holdings-file, --customers-file); the short names stay.
  command->add_option("--holdings,--holdings-file", flags->files.holdings,
                      "With --contracts: read the book from this holdings "
                      "file (as `vafa import holdings` takes it) instead of "
                      "the store; nothing is stored");
  command->add_option("--balances,--balances-file", flags->files.balances,
                      "With --contracts --holdings: the balances file");
  command->add_option("--customers,--customers-file", flags->files.customers,
                      "With --contracts --holdings: the customers file (the "
                      "customers' keys and order)");
  AddFormatOption(*command, flags->format);
  command->callback([&context, flags, command] {
    flags->snapshots_set = command->count("--snapshots") > 0;
    context.run = [&context, flags] {
      return flags->contracts ? RunContracts(context, *flags)
                              : RunChurn(context, *flags);
    };
  });
}

}  // namespace vafa::cli
