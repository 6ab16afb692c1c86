// vafa clv: customer lifetime value with the BG/NBD family and Gamma-Gamma,
// with the fitted parameters and their standard errors, an optional
// calibration/holdout evaluation (and model choice by holdout error), per
// customer P(alive), expected purchases, expected order value and CLV.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/fit_diagnostics.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/holdout_evaluation.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/clv/time_unit.h"
#include "analytics/customer_summary.h"
#include "analytics/report_tables.h"
#include "cli/analysis_json.h"
#include "cli/analysis_source.h"
#include "cli/command.h"
#include "core/money.h"
#include "core/report_table_csv.h"
#include "pipeline/repeat_purchases.h"
#include "pipeline/score_writer.h"
#include "pipeline/transaction_source.h"

namespace vafa::cli {
namespace {

struct ClvFlags {
  SourceFlags source;
  std::string model = "bg_nbd";
  std::string unit = "week";
  double horizon_days = 365.25;
  double discount = 0.10;
  double margin = 1.0;
  std::string holdout_from;
  std::string out;
  std::string format = "text";
  bool no_scores = false;
};

void PrintModel(const analytics::clv::PurchaseModel& model) {
  auto names = analytics::clv::ParameterNames(model.kind);
  std::cout << analytics::clv::PurchaseModelName(model.kind) << " on "
            << model.customers << " customers, log-likelihood " << std::fixed
            << std::setprecision(2) << model.log_likelihood << "\n";
  for (int i = 0; i < 4; ++i) {
    if (names[i].empty()) continue;
    std::cout << "  " << names[i] << " = " << std::setprecision(4)
              << model.parameters[i] << " (standard error "
              << model.standard_errors[i] << ")\n";
  }
}

// A degenerate fit's warning, in the text output.
void PrintVerdict(const analytics::clv::FitDiagnostics& fit) {
  std::cout << "  diagnostics: P(alive) > 0.9 for " << std::setprecision(1)
            << 100 * fit.ShareLikelyAlive() << "% of customers; "
            << 100 * fit.ShareLongSilent()
            << "% silent for more than 3x their own interval\n";
  if (fit.verdict.degenerate) {
    std::cout << "  warning: " << fit.verdict.warning << "\n";
  }
}

// holdout_buckets.csv: the chosen model's mean holdout purchases against
// the actual, by calibration repeat purchases (the last bucket "or more",
// "7+"); tracking.csv: the cumulative repeat purchases per period.
void WriteHoldoutFiles(const std::filesystem::path& folder,
                       const analytics::clv::ModelSelection& selection,
                       const analytics::clv::CalibrationHoldout& split) {
  const auto& chosen = selection.comparisons[selection.chosen];
  ReportTable buckets = analytics::NewReportTable(
      "holdout_buckets", {{"calibration_repeat_purchases", ColumnType::kText},
                          {"customers", ColumnType::kInteger},
                          {"actual_mean", ColumnType::kNumber},
                          {"predicted_mean", ColumnType::kNumber}});
  for (const auto& b : chosen.buckets) {
    buckets.Text(std::to_string(b.frequency) +
                 (&b == &chosen.buckets.back() ? "+" : ""));
    buckets.Integer(b.customers);
    buckets.Number(b.actual_mean);
    buckets.Number(b.predicted_mean);
    buckets.EndWrittenRow();
  }
  std::ofstream buckets_file(folder / "holdout_buckets.csv");
  RenderReportCsv(buckets, buckets_file);
  ReportTable tracking = analytics::NewReportTable(
      "tracking", {{"week", ColumnType::kInteger},
                   {"end_day", ColumnType::kDate},
                   {"actual_cumulative", ColumnType::kNumber},
                   {"predicted_cumulative", ColumnType::kNumber}});
  for (const auto& p : analytics::clv::TrackRepeatPurchases(
           selection.models[selection.chosen], split)) {
    tracking.Integer(p.period);
    tracking.Date(p.end_day, analytics::kNoDay);
    tracking.Number(p.actual_cumulative);
    tracking.Number(p.predicted_cumulative);
    tracking.EndWrittenRow();
  }
  std::ofstream tracking_file(folder / "tracking.csv");
  RenderReportCsv(tracking, tracking_file);
}

// The calibration/holdout evaluation (and, for --model auto, the choice):
// the kind to fit on everything, the evaluation as JSON, files under --out.
Result<analytics::clv::PurchaseModelKind> EvaluateHoldout(
    const analytics::TransactionLog& log, DayNumber as_of,
    analytics::clv::TimeUnit unit, analytics::clv::PurchaseModelKind kind,
    const ClvFlags& flags, bool text, nlohmann::json& evaluation) {
  auto split_at = ParseDateTime(flags.holdout_from);
  if (!split_at.ok()) {
    return Status::Invalid("--holdout-from: " + split_at.status().message());
  }
  const pipeline::PurchaseColumns purchases = pipeline::PurchasesOf(log);
  VAFA_ASSIGN_OR_RETURN(
      analytics::clv::CalibrationHoldout split,
      analytics::clv::SplitCalibrationHoldout(
          purchases.View(), DayOf(*split_at) - 1, as_of - 1, unit));
  std::vector<analytics::clv::PurchaseModelKind> candidates = {kind};
  if (flags.model == "auto") {
    candidates = {analytics::clv::PurchaseModelKind::kBgNbd,
                  analytics::clv::PurchaseModelKind::kMbgNbd,
                  analytics::clv::PurchaseModelKind::kParetoNbd};
  }
  VAFA_ASSIGN_OR_RETURN(
      analytics::clv::ModelSelection selection,
      analytics::clv::SelectPurchaseModelByHoldout(split, candidates));
  if (text) {
    std::cout << "Calibration to " << FormatGregorian(split.split_day)
              << ", holdout to " << FormatGregorian(split.end_day) << " ("
              << split.customer.size() << " customers):\n";
  }
  evaluation = {{"calibration_end", FormatGregorian(split.split_day)},
                {"holdout_end", FormatGregorian(split.end_day)},
                {"customers", split.customer.size()},
                {"models", nlohmann::json::array()}};
  for (size_t i = 0; i < selection.models.size(); ++i) {
    const auto& c = selection.comparisons[i];
    if (text) {
      std::cout << "  "
                << analytics::clv::PurchaseModelName(selection.models[i].kind)
                << ": predicted " << std::fixed << std::setprecision(1)
                << c.predicted_total << " repeat purchases, actual "
                << c.actual_total << ", RMSE per customer "
                << std::setprecision(3) << c.root_mean_squared_error << "\n";
    }
    // The calibration fit is judged as the full fit is.
    const analytics::clv::PurchaseModel& calibrated = selection.models[i];
    std::vector<double> p_alive;
    for (size_t row = 0; row < split.calibration.size(); ++row) {
      p_alive.push_back(analytics::clv::ProbabilityAlive(
          calibrated, split.calibration.frequency[row],
          split.calibration.recency[row], split.calibration.age[row]));
    }
    const analytics::clv::FitDiagnostics fit =
        analytics::clv::DiagnosePurchaseModel(calibrated, split.calibration,
                                              p_alive);
    if (text && fit.verdict.degenerate) {
      std::cout << "    warning (calibration fit): " << fit.verdict.warning
                << "\n";
    }
    nlohmann::json fitted = PurchaseModelJson(calibrated);
    fitted["diagnostics"] = DiagnosticsJson(fit);
    fitted["predicted"] = c.predicted_total;
    fitted["actual"] = c.actual_total;
    fitted["rmse"] = c.root_mean_squared_error;
    fitted["mean_absolute_error"] = c.mean_absolute_error;
    evaluation["models"].push_back(std::move(fitted));
  }
  kind = selection.models[selection.chosen].kind;
  evaluation["chosen"] = analytics::clv::PurchaseModelName(kind);
  if (flags.model == "auto" && text)
    std::cout << "chosen: " << analytics::clv::PurchaseModelName(kind) << "\n";
  if (!flags.out.empty()) {
    WriteHoldoutFiles(std::filesystem::path(flags.out), selection, split);
  }
  return kind;
}

// A number cell of money in the currency's major unit, shown with its
// minor digits ("15.44"): a sum in minor units rounded to the nearest one.
void MajorUnitsCell(ReportTable& table, double minor, int digits) {
  table.Number(static_cast<double>(std::llround(minor)) /
               std::pow(10.0, digits));
}

// clv.csv: money (the mean repeat order, the expected order value and the
// lifetime value) in the currency's major unit, like the CLI's figures, in
// number columns of the currency's minor digits; times in the model's unit
// and probabilities with six decimals.
ReportTable ClvFileTable(const analytics::TransactionLog& log,
                         const std::vector<int32_t>& rows,
                         const analytics::clv::RepeatPurchaseData& data,
                         const analytics::clv::CustomerValues& values,
                         int digits) {
  using analytics::kShareDecimals;
  ReportTable table("clv");
  table.AddColumn("customer", ColumnType::kText);
  table.AddColumn("frequency", ColumnType::kInteger);
  table.AddColumn("recency", ColumnType::kNumber, kShareDecimals);
  table.AddColumn("T", ColumnType::kNumber, kShareDecimals);
  table.AddColumn("monetary_mean", ColumnType::kNumber, digits);
  table.AddColumn("p_alive", ColumnType::kNumber, kShareDecimals);
  table.AddColumn("expected_purchases", ColumnType::kNumber, kShareDecimals);
  table.AddColumn("expected_order_value", ColumnType::kNumber, digits);
  table.AddColumn("clv", ColumnType::kNumber, digits);
  for (size_t i = 0; i < rows.size(); ++i) {
    table.Text(log.customer_keys[rows[i]]);
    // A whole number of repeat purchases (repeat_purchase_data.h).
    table.Integer(static_cast<int64_t>(data.frequency[i]));
    table.Number(data.recency[i]);
    table.Number(data.age[i]);
    MajorUnitsCell(table, data.monetary_mean[i], digits);
    table.Number(values.probability_alive[i]);
    table.Number(values.expected_purchases[i]);
    if (values.expected_spend.empty()) {
      table.Empty();
    } else {
      MajorUnitsCell(table, values.expected_spend[i], digits);
    }
    if (values.lifetime_value.empty()) {
      table.Empty();
    } else {
      MajorUnitsCell(table, values.lifetime_value[i], digits);
    }
    table.EndWrittenRow();
  }
  return table;
}

// The scores and the run, into the workspace.
Result<int64_t> StoreClvScores(const AnalysisSource& source,
                               const analytics::CustomerSummary& summary,
                               const std::vector<int32_t>& rows,
                               const analytics::clv::CustomerValues& values,
                               const analytics::clv::PurchaseModel& model,
                               const ClvFlags& flags,
                               std::chrono::steady_clock::time_point started) {
  const pipeline::LoadedLog& loaded = source.loaded;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<pipeline::ScoreColumn> columns = {
      {"p_alive", {}, {}},
      {"expected_purchases", {}, {}},
      {"expected_order_value", {}, {}},
      {"clv", {}, {}}};
  for (auto& column : columns) column.value.assign(summary.size(), nan);
  for (size_t i = 0; i < rows.size(); ++i) {
    columns[0].value[rows[i]] = values.probability_alive[i];
    columns[1].value[rows[i]] = values.expected_purchases[i];
    if (!values.expected_spend.empty())
      columns[2].value[rows[i]] = values.expected_spend[i];
    if (!values.lifetime_value.empty())
      columns[3].value[rows[i]] = values.lifetime_value[i];
  }
  pipeline::AnalysisRun run;
  run.kind = "clv";
  run.started_at = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::ostringstream parameters;
  parameters << "{\"model\":\"" << analytics::clv::PurchaseModelName(model.kind)
             << "\",\"unit\":\"" << flags.unit
             << "\",\"horizon_days\":" << flags.horizon_days
             << ",\"annual_discount_rate\":" << flags.discount
             << ",\"margin\":" << flags.margin << ",\"as_of\":\""
             << FormatGregorian(source.as_of) << "\"}";
  run.parameters = parameters.str();
  run.data_fingerprint = std::to_string(loaded.log.order_count()) +
                         " orders, last " + FormatGregorian(loaded.last_day);
  run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  std::ostringstream summary_json;
  summary_json << "{\"log_likelihood\":" << model.log_likelihood << "}";
  run.summary = summary_json.str();
  return pipeline::WriteScores(*source.db, source.workspace_id,
                               loaded.customer_ids, columns, run);
}

// The model: named, or chosen by holdout error.
Result<analytics::clv::PurchaseModelKind> ChooseModel(
    const analytics::TransactionLog& log, DayNumber as_of,
    analytics::clv::TimeUnit unit, const ClvFlags& flags, bool text,
    nlohmann::json& holdout) {
  analytics::clv::PurchaseModelKind kind =
      analytics::clv::PurchaseModelKind::kBgNbd;
  if (flags.model != "auto") {
    VAFA_ASSIGN_OR_RETURN(kind,
                          analytics::clv::ParsePurchaseModelKind(flags.model));
  }
  if (!flags.holdout_from.empty() || flags.model == "auto") {
    if (flags.holdout_from.empty()) {
      return Status::Invalid("--model auto needs --holdout-from DATE");
    }
    return EvaluateHoldout(log, as_of, unit, kind, flags, text, holdout);
  }
  return kind;
}

// The spend model, or why there is none, into the document or on stdout.
void ReportSpendModel(const Result<analytics::clv::GammaGammaModel>& spend,
                      const std::string& currency, int digits, bool text,
                      nlohmann::json& document) {
  const double major = std::pow(10.0, digits);
  if (spend.ok()) {
    const analytics::clv::FitDiagnostics spend_fit =
        analytics::clv::DiagnoseSpendModel(*spend, major);
    document["spend_model"] = SpendModelJson(*spend, currency, digits);
    document["spend_model"]["diagnostics"] = DiagnosticsJson(spend_fit);
    const auto& p = spend->parameters;
    // gamma carries the spend's unit: stated in the currency's major unit.
    if (text) {
      std::cout << "gamma_gamma on " << spend->customers
                << " repeat buyers: p = " << std::setprecision(4) << p.p << " ("
                << spend->standard_errors[0] << "), q = " << p.q << " ("
                << spend->standard_errors[1] << "), gamma = " << p.gamma / major
                << " " << currency << " (" << spend->standard_errors[2] / major
                << ")\n";
      if (spend_fit.verdict.degenerate)
        std::cout << "  warning: " << spend_fit.verdict.warning << "\n";
    }
  } else {
    document["spend_note"] = spend.status().message();
    if (text)
      std::cout << "no spend model: " << spend.status().message() << "\n";
  }
}

int RunClv(CommandContext& context, const ClvFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  const bool text = flags.format == "text";
  auto unit = analytics::clv::ParseTimeUnit(flags.unit);
  if (!unit.ok()) return Fail(unit.status());
  auto source = LoadAnalysisSource(context, flags.source);
  if (!source.ok()) return Fail(source.status());
  const pipeline::LoadedLog& loaded = source->loaded;
  const analytics::TransactionLog& log = loaded.log;
  const DayNumber as_of = source->as_of;
  const std::string& currency = source->currency;
  const int digits = source->minor_digits;
  if (!flags.out.empty()) std::filesystem::create_directories(flags.out);
  nlohmann::json document = {{"command", "clv"},
                             {"as_of", FormatGregorian(as_of)},
                             {"unit", flags.unit},
                             {"currency", currency},
                             {"orders", log.order_count()},
                             {"holdout", nullptr}};

  auto kind = ChooseModel(log, as_of, *unit, flags, text, document["holdout"]);
  if (!kind.ok()) return Fail(kind.status());

  // Fit on everything up to as_of and score.
  analytics::CustomerSummary summary =
      analytics::SummarizeCustomers(log, as_of, 0);
  pipeline::RepeatPurchaseInput input =
      pipeline::RepeatPurchasesOf(summary, *unit);
  const std::vector<int32_t>& rows = input.rows;
  const analytics::clv::RepeatPurchaseData& data = input.data;
  auto model = analytics::clv::FitPurchaseModel(*kind, data);
  if (!model.ok()) return Fail(model.status());
  auto spend = analytics::clv::FitGammaGamma(data);
  analytics::clv::IndependenceCheck check =
      analytics::clv::CheckFrequencySpendIndependence(data);
  analytics::clv::ClvOptions options;
  options.horizon_days = flags.horizon_days;
  options.annual_discount_rate = flags.discount;
  options.margin = flags.margin;
  options.cash_flow_step_days =
      std::min(options.cash_flow_step_days, flags.horizon_days);
  auto values = analytics::clv::ScoreCustomerValues(
      *model, spend.ok() ? &*spend : nullptr, data, *unit, options);
  if (!values.ok()) return Fail(values.status());
  const analytics::clv::FitDiagnostics fit =
      analytics::clv::DiagnosePurchaseModel(*model, data,
                                            values->probability_alive);
  double total = 0;
  for (double v : values->lifetime_value) total += v;

  document["customers"] = rows.size();
  document["model"] = PurchaseModelJson(*model);
  document["model"]["diagnostics"] = DiagnosticsJson(fit);
  document["spend_model"] = nullptr;
  if (text) {
    PrintModel(*model);
    PrintVerdict(fit);
  }
  ReportSpendModel(spend, currency, digits, text, document);
  document["frequency_spend_correlation"] = check.correlation;
  document["independent_enough"] = check.independent_enough;
  document["lifetime_value"] = {
      {"horizon_days", flags.horizon_days},
      {"annual_discount_rate", flags.discount},
      {"margin", flags.margin},
      {"total", spend.ok() ? nlohmann::json(MajorUnits(total, digits))
                           : nlohmann::json(nullptr)},
      {"currency", currency}};
  if (text) {
    std::cout << "frequency-spend correlation " << std::setprecision(3)
              << check.correlation
              << (check.independent_enough
                      ? " (independent enough for Gamma-Gamma)"
                      : " (too strong: treat CLV with care)")
              << "\n";
    std::cout << std::defaultfloat << std::setprecision(6) << "CLV over "
              << flags.horizon_days << " days at " << flags.discount * 100
              << "% a year: total " << FormatAmount(std::llround(total), digits)
              << " " << currency << " for " << rows.size() << " customers\n";
  }
  if (!flags.out.empty()) {
    std::ofstream file(std::filesystem::path(flags.out) / "clv.csv");
    RenderReportCsv(ClvFileTable(log, rows, data, *values, digits), file);
    if (text) std::cout << "wrote " << flags.out << "/clv.csv\n";
  }
  document["scores_run"] = nullptr;
  if (source->db != nullptr && !flags.no_scores) {
    auto stored =
        StoreClvScores(*source, summary, rows, *values, *model, flags, started);
    if (!stored.ok()) return Fail(stored.status());
    document["scores_run"] = *stored;
    if (text) std::cout << "scores stored (run " << *stored << ")\n";
  }
  if (!text) PrintJson(document);
  return 0;
}

}  // namespace

void AddClvCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ClvFlags>();
  CLI::App* command =
      app.add_subcommand("clv",
                         "Customer lifetime value: BG/NBD, MBG/NBD or "
                         "Pareto/NBD with Gamma-Gamma");
  AddSourceOptions(*command, flags->source);
  command
      ->add_option("--model", flags->model,
                   "bg_nbd, mbg_nbd, pareto_nbd or auto (by holdout)")
      ->capture_default_str();
  command
      ->add_option("--unit", flags->unit,
                   "Time unit of the model: day, week, month")
      ->capture_default_str();
  command
      ->add_option("--horizon-days", flags->horizon_days, "CLV horizon in days")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--discount", flags->discount, "Yearly discount rate")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  command->add_option("--margin", flags->margin, "Share of spend that is value")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--holdout-from", flags->holdout_from,
                      "Evaluate: calibrate before this date, compare after it");
  command->add_option("--out", flags->out,
                      "Write clv.csv (and holdout files) here");
  command->add_flag("--no-scores", flags->no_scores,
                    "Do not store scores in the workspace");
  AddFormatOption(*command, flags->format);
  command->callback([&context, flags] {
    context.run = [&context, flags] { return RunClv(context, *flags); };
  });
}

}  // namespace vafa::cli
