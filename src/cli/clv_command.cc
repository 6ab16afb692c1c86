// vafa clv: customer lifetime value with the BG/NBD family and Gamma-Gamma,
// with the fitted parameters and their standard errors, an optional
// calibration/holdout evaluation (and model choice by holdout error), per
// customer P(alive), expected purchases, expected order value and CLV.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/holdout_evaluation.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/clv/time_unit.h"
#include "analytics/customer_summary.h"
#include "analytics/load/repeat_purchases.h"
#include "analytics/load/score_writer.h"
#include "analytics/load/transaction_source.h"
#include "analytics/report_csv.h"
#include "cli/analysis_source.h"
#include "cli/command.h"
#include "core/money.h"

namespace vafa::cli {
namespace {

struct Flags {
  SourceFlags source;
  std::string model = "bg_nbd";
  std::string unit = "week";
  double horizon_days = 365.25;
  double discount = 0.10;
  double margin = 1.0;
  std::string holdout_from;
  std::string out;
  bool no_scores = false;
};

void PrintModel(const clv::PurchaseModel& model) {
  auto names = clv::ParameterNames(model.kind);
  std::cout << clv::PurchaseModelName(model.kind) << " on " << model.customers
            << " customers, log-likelihood " << std::fixed
            << std::setprecision(2) << model.log_likelihood << "\n";
  for (int i = 0; i < 4; ++i) {
    if (names[i].empty()) continue;
    std::cout << "  " << names[i] << " = " << std::setprecision(4)
              << model.parameters[i] << " (standard error "
              << model.standard_errors[i] << ")\n";
  }
}

int Run(CommandContext& context, const Flags& flags) {
  const auto started = std::chrono::steady_clock::now();
  auto unit = clv::ParseTimeUnit(flags.unit);
  if (!unit.ok()) return Fail(unit.status());
  auto source = LoadAnalysisSource(context, flags.source);
  if (!source.ok()) return Fail(source.status());
  std::unique_ptr<store::Database>& db = source->db;
  const int64_t workspace_id = source->workspace_id;
  const analytics::LoadedLog* loaded = &source->loaded;
  const analytics::TransactionLog& log = loaded->log;
  const DayNumber as_of = source->as_of;
  if (!flags.out.empty()) std::filesystem::create_directories(flags.out);
  auto out_file = [&](const char* name) {
    return std::ofstream(std::filesystem::path(flags.out) / name);
  };

  // The model: named, or chosen by holdout error.
  clv::PurchaseModelKind kind = clv::PurchaseModelKind::kBgNbd;
  if (flags.model != "auto") {
    auto parsed = clv::ParsePurchaseModelKind(flags.model);
    if (!parsed.ok()) return Fail(parsed.status());
    kind = *parsed;
  }
  if (!flags.holdout_from.empty() || flags.model == "auto") {
    if (flags.holdout_from.empty()) {
      return Fail(Status::Invalid("--model auto needs --holdout-from DATE"));
    }
    auto split_at = ParseDateTime(flags.holdout_from);
    if (!split_at.ok()) {
      return Fail(
          Status::Invalid("--holdout-from: " + split_at.status().message()));
    }
    const analytics::PurchaseColumns purchases = analytics::PurchasesOf(log);
    auto split = clv::SplitCalibrationHoldout(
        purchases.View(), DayOf(*split_at) - 1, as_of - 1, *unit);
    if (!split.ok()) return Fail(split.status());
    std::vector<clv::PurchaseModelKind> candidates = {kind};
    if (flags.model == "auto") {
      candidates = {clv::PurchaseModelKind::kBgNbd,
                    clv::PurchaseModelKind::kMbgNbd,
                    clv::PurchaseModelKind::kParetoNbd};
    }
    auto selection = clv::SelectPurchaseModelByHoldout(*split, candidates);
    if (!selection.ok()) return Fail(selection.status());
    std::cout << "Calibration to " << FormatGregorian(split->split_day)
              << ", holdout to " << FormatGregorian(split->end_day) << " ("
              << split->customer.size() << " customers):\n";
    for (size_t i = 0; i < selection->models.size(); ++i) {
      const auto& c = selection->comparisons[i];
      std::cout << "  " << clv::PurchaseModelName(selection->models[i].kind)
                << ": predicted " << std::fixed << std::setprecision(1)
                << c.predicted_total << " repeat purchases, actual "
                << c.actual_total << ", RMSE per customer "
                << std::setprecision(3) << c.root_mean_squared_error << "\n";
    }
    kind = selection->models[selection->chosen].kind;
    if (flags.model == "auto")
      std::cout << "chosen: " << clv::PurchaseModelName(kind) << "\n";
    if (!flags.out.empty()) {
      const auto& chosen = selection->comparisons[selection->chosen];
      auto buckets = out_file("holdout_buckets.csv");
      buckets << "calibration_repeat_purchases,customers,actual_mean,predicted_"
                 "mean\n";
      for (const auto& b : chosen.buckets) {
        buckets << b.frequency << (&b == &chosen.buckets.back() ? "+" : "")
                << ',' << b.customers << ','
                << analytics::FormatShare(b.actual_mean) << ','
                << analytics::FormatShare(b.predicted_mean) << '\n';
      }
      auto tracking = out_file("tracking.csv");
      tracking << "week,end_day,actual_cumulative,predicted_cumulative\n";
      for (const auto& p : clv::TrackRepeatPurchases(
               selection->models[selection->chosen], *split)) {
        tracking << p.period << ',' << FormatGregorian(p.end_day) << ','
                 << analytics::FormatShare(p.actual_cumulative) << ','
                 << analytics::FormatShare(p.predicted_cumulative) << '\n';
      }
    }
  }

  // Fit on everything up to as_of and score.
  analytics::CustomerSummary summary =
      analytics::SummarizeCustomers(log, as_of, 0);
  analytics::RepeatPurchaseInput input =
      analytics::RepeatPurchasesOf(summary, *unit);
  const std::vector<int32_t>& rows = input.rows;
  const clv::RepeatPurchaseData& data = input.data;
  auto model = clv::FitPurchaseModel(kind, data);
  if (!model.ok()) return Fail(model.status());
  PrintModel(*model);
  auto spend = clv::FitGammaGamma(data);
  clv::IndependenceCheck check = clv::CheckFrequencySpendIndependence(data);
  if (spend.ok()) {
    const auto& p = spend->parameters;
    // gamma carries the spend's unit: stated in the currency's major unit.
    const double major = std::pow(10.0, source->minor_digits);
    std::cout << "gamma_gamma on " << spend->customers
              << " repeat buyers: p = " << std::setprecision(4) << p.p << " ("
              << spend->standard_errors[0] << "), q = " << p.q << " ("
              << spend->standard_errors[1] << "), gamma = " << p.gamma / major
              << " " << source->currency << " ("
              << spend->standard_errors[2] / major << ")\n";
  } else {
    std::cout << "no spend model: " << spend.status().message() << "\n";
  }
  std::cout << "frequency-spend correlation " << std::setprecision(3)
            << check.correlation
            << (check.independent_enough
                    ? " (independent enough for Gamma-Gamma)"
                    : " (too strong: treat CLV with care)")
            << "\n";
  clv::ClvOptions options;
  options.horizon_days = flags.horizon_days;
  options.annual_discount_rate = flags.discount;
  options.margin = flags.margin;
  options.cash_flow_step_days =
      std::min(options.cash_flow_step_days, flags.horizon_days);
  auto values = clv::ScoreCustomerValues(*model, spend.ok() ? &*spend : nullptr,
                                         data, *unit, options);
  if (!values.ok()) return Fail(values.status());
  double total = 0;
  for (double v : values->lifetime_value) total += v;
  std::cout << std::defaultfloat << "CLV over " << flags.horizon_days
            << " days at " << flags.discount * 100 << "% a year: total "
            << FormatAmount(std::llround(total), source->minor_digits) << " "
            << source->currency << " for " << rows.size() << " customers\n";

  if (!flags.out.empty()) {
    auto file = out_file("clv.csv");
    file << "customer,frequency,recency,T,monetary_mean,p_alive,expected_"
            "purchases,"
            "expected_order_value,clv\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      file << CsvText(log.customer_keys[rows[i]]) << ',' << data.frequency[i]
           << ',' << analytics::FormatShare(data.recency[i]) << ','
           << analytics::FormatShare(data.age[i]) << ','
           << analytics::FormatShare(data.monetary_mean[i]) << ','
           << analytics::FormatShare(values->probability_alive[i]) << ','
           << analytics::FormatShare(values->expected_purchases[i]) << ',';
      if (!values->expected_spend.empty())
        file << std::llround(values->expected_spend[i]);
      file << ',';
      if (!values->lifetime_value.empty())
        file << std::llround(values->lifetime_value[i]);
      file << '\n';
    }
    std::cout << "wrote " << flags.out << "/clv.csv\n";
  }
  if (db != nullptr && !flags.no_scores) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<analytics::ScoreColumn> columns = {
        {"p_alive", {}, {}},
        {"expected_purchases", {}, {}},
        {"expected_order_value", {}, {}},
        {"clv", {}, {}}};
    for (auto& column : columns) column.value.assign(summary.size(), nan);
    for (size_t i = 0; i < rows.size(); ++i) {
      columns[0].value[rows[i]] = values->probability_alive[i];
      columns[1].value[rows[i]] = values->expected_purchases[i];
      if (!values->expected_spend.empty())
        columns[2].value[rows[i]] = values->expected_spend[i];
      if (!values->lifetime_value.empty())
        columns[3].value[rows[i]] = values->lifetime_value[i];
    }
    analytics::AnalysisRun run;
    run.kind = "clv";
    run.started_at = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    std::ostringstream parameters;
    parameters << "{\"model\":\"" << clv::PurchaseModelName(kind)
               << "\",\"unit\":\"" << flags.unit
               << "\",\"horizon_days\":" << flags.horizon_days
               << ",\"annual_discount_rate\":" << flags.discount
               << ",\"margin\":" << flags.margin << ",\"as_of\":\""
               << FormatGregorian(as_of) << "\"}";
    run.parameters = parameters.str();
    run.data_fingerprint = std::to_string(log.order_count()) +
                           " orders, last " + FormatGregorian(loaded->last_day);
    run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
    std::ostringstream summary_json;
    summary_json << "{\"log_likelihood\":" << model->log_likelihood << "}";
    run.summary = summary_json.str();
    auto stored = analytics::WriteScores(*db, workspace_id,
                                         loaded->customer_ids, columns, run);
    if (!stored.ok()) return Fail(stored.status());
    std::cout << "scores stored (run " << *stored << ")\n";
  }
  return 0;
}

}  // namespace

void AddClvCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<Flags>();
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
  command->callback([&context, flags] {
    context.run = [&context, flags] { return Run(context, *flags); };
  });
}

}  // namespace vafa::cli
