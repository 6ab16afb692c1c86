// vafa retention: the shifted-beta-geometric and beta-discrete-Weibull
// models of contract renewals (docs/retention.md) fitted to cohorts given
// as counts alive at each renewal, with the fitted and projected counts,
// retention rates and each survivor's expected residual lifetime and value.
//
//   vafa retention --alive regular=1000,631,468,382,326,289,262,241
//                  [--alive NAME=...] [--calibration K] [--horizon H]
//                  [--model sbg|bdw|both] [--discount D]
//                  [--value-per-period V] [--format text|json]
//   vafa retention --holdings [--period year|quarter|month]
//                  [--by product-type|branch] [--as-of DATE] [...]
//     builds the cohorts from the workspace's holdings (holding_cohorts.h),
//     or with --holdings-file FILE [--customers-file FILE] from a bank's
//     files read directly, as churn --contracts reads them
//     (pipeline/contract_files.h)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analytics/retention/contract_retention.h"
#include "analytics/retention/holding_cohorts.h"
#include "cli/analysis_json.h"
#include "cli/command.h"
#include "core/csv_cell.h"
#include "core/dates.h"
#include "pipeline/contract_files.h"
#include "services/holdings/holdings.h"

namespace vafa::cli {
namespace {

namespace retention = analytics::retention;
using nlohmann::json;

struct RetentionOptions {
  std::vector<std::string> alive;
  int calibration = -1;  // the last period fitted; -1: every count given
  int horizon = -1;      // the last period shown; -1: 5 past the counts
  std::string model = "both";
  double discount = 0.1;
  double value_per_period = NAN;
  std::string format = "text";
  bool holdings = false;
  std::string period = "year";
  std::string by;              // "", "product-type" or "branch"
  std::string as_of;           // "": today (UTC)
  std::string customers_path;  // the survivors' residual lifetimes (CSV)
  // With holdings_file: the holdings read from the files, not the store;
  // customers named by the files' keys.
  std::string holdings_file, customers_file;
};

struct Cohort {
  std::string name;
  std::vector<int64_t> alive;
  std::string group;  // from holdings: the group and start period
  std::string started;
};

// "NAME=1000,631,..." or "1000,631,..." (named "cohort N").
Result<Cohort> ParseCohort(const std::string& text, size_t position) {
  Cohort cohort;
  std::string counts = text;
  if (const size_t equals = text.find('='); equals != std::string::npos) {
    cohort.name = text.substr(0, equals);
    counts = text.substr(equals + 1);
  }
  if (cohort.name.empty()) cohort.name = "cohort " + std::to_string(position);
  const std::string where = "--alive " + cohort.name + ": ";
  size_t start = 0;
  while (start <= counts.size()) {
    const size_t comma = std::min(counts.find(',', start), counts.size());
    const std::string cell = counts.substr(start, comma - start);
    int64_t value = 0;
    size_t used = 0;
    try {
      value = std::stoll(cell, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != cell.size()) {
      return Status::Invalid(where + "count " +
                             std::to_string(cohort.alive.size()) + " (\"" +
                             cell + "\") is not a whole number");
    }
    cohort.alive.push_back(value);
    if (cohort.alive.size() > 10'000) {
      return Status::Invalid(where + "more than 10,000 periods");
    }
    start = comma + 1;
  }
  return cohort;
}

std::vector<retention::RetentionModel> ChosenModels(const std::string& name) {
  using retention::RetentionModel;
  if (name == "sbg") return {RetentionModel::kShiftedBetaGeometric};
  if (name == "bdw") return {RetentionModel::kBetaDiscreteWeibull};
  return {RetentionModel::kShiftedBetaGeometric,
          RetentionModel::kBetaDiscreteWeibull};
}

json ModelJson(const retention::RetentionFit& fit, const Cohort& cohort,
               int calibration, int horizon, const RetentionOptions& options) {
  const auto& p = fit.parameters;
  json parameters = json::array();
  const std::vector<std::pair<std::string, double>> values = {
      {"alpha", p.alpha}, {"beta", p.beta}, {"c", p.c}};
  for (size_t k = 0; k < fit.standard_errors.size(); ++k) {
    parameters.push_back(
        {{"name", values[k].first},
         {"value", values[k].second},
         {"standard_error", FiniteOrNull(fit.standard_errors[k])}});
  }
  const double start = static_cast<double>(cohort.alive[0]);
  json periods = json::array();
  for (int t = 0; t <= horizon; ++t) {
    json row = {{"period", t},
                {"expected_alive", start * retention::Survival(p, t)},
                {"retention_rate",
                 t == 0 ? json(nullptr) : json(retention::RetentionRate(p, t))},
                {"in_calibration", t <= calibration}};
    row["actual_alive"] = t < static_cast<int>(cohort.alive.size())
                              ? json(cohort.alive[t])
                              : json(nullptr);
    periods.push_back(std::move(row));
  }
  const double residual = retention::DiscountedExpectedResidualLifetime(
      p, calibration, options.discount);
  const int64_t survivors = cohort.alive[calibration];
  json residual_json = {
      {"renewals", calibration},
      {"survivors", survivors},
      {"discounted_expected_residual_lifetime", FiniteOrNull(residual)},
      {"median_residual_periods",
       FiniteOrNull(static_cast<double>(
           retention::MedianResidualPeriods(p, calibration)))}};
  if (std::isfinite(options.value_per_period)) {
    residual_json["residual_value_per_contract"] =
        residual * options.value_per_period;
    residual_json["residual_value"] =
        residual * options.value_per_period * static_cast<double>(survivors);
  }
  return {{"model", retention::RetentionModelName(fit.model)},
          {"log_likelihood", fit.log_likelihood},
          {"parameters", std::move(parameters)},
          {"periods", std::move(periods)},
          {"residual", std::move(residual_json)}};
}

// The likelihood-ratio test of BdW against the sBG it nests (one degree of
// freedom: c = 1).
json LikelihoodRatioJson(const json& models) {
  if (models.size() != 2) return nullptr;
  const double statistic =
      std::max(0.0, 2 * (models[1]["log_likelihood"].get<double>() -
                         models[0]["log_likelihood"].get<double>()));
  return {{"statistic", statistic},
          {"p_value", std::erfc(std::sqrt(statistic / 2))}};
}

Result<json> CohortJson(const Cohort& cohort, const RetentionOptions& options) {
  const int last = static_cast<int>(cohort.alive.size()) - 1;
  const int calibration = options.calibration < 0 ? last : options.calibration;
  if (last >= 1 && (calibration < 1 || calibration > last)) {
    return Status::Invalid("--calibration " + std::to_string(calibration) +
                           ": cohort " + cohort.name + " has periods 1 to " +
                           std::to_string(last));
  }
  const int horizon =
      options.horizon < 0 ? std::max(last, calibration + 5) : options.horizon;
  auto data = retention::RetentionDataFromAliveCounts(
      std::span<const int64_t>(cohort.alive)
          .first(std::min<size_t>(calibration + 1, cohort.alive.size())));
  if (!data.ok()) {
    return Status::Invalid("--alive " + cohort.name + ": " +
                           data.status().message());
  }
  json models = json::array();
  for (retention::RetentionModel model : ChosenModels(options.model)) {
    auto fit = retention::FitRetention(model, *data);
    if (!fit.ok()) {
      return Status(fit.status().code(),
                    "cohort " + cohort.name + ": " + fit.status().message());
    }
    models.push_back(ModelJson(*fit, cohort, calibration, horizon, options));
  }
  json out = {{"name", cohort.name},
              {"calibration_periods", calibration},
              {"models", models},
              {"likelihood_ratio", LikelihoodRatioJson(models)}};
  return out;
}

void PrintCohort(const json& cohort) {
  std::cout << "\nCohort " << cohort["name"].get<std::string>()
            << " (fitted on periods 0-" << cohort["calibration_periods"]
            << ")\n";
  for (const json& model : cohort["models"]) {
    std::printf("  %-4s", model["model"].get<std::string>().c_str());
    for (const json& p : model["parameters"]) {
      std::printf("  %s %.4f", p["name"].get<std::string>().c_str(),
                  p["value"].get<double>());
      if (!p["standard_error"].is_null()) {
        std::printf(" (%.4f)", p["standard_error"].get<double>());
      }
    }
    const json& residual = model["residual"];
    std::printf(
        "  log-likelihood %.2f\n        a survivor of %d renewals: "
        "%.2f discounted periods to come, half gone after ",
        model["log_likelihood"].get<double>(), residual["renewals"].get<int>(),
        residual["discounted_expected_residual_lifetime"].is_null()
            ? NAN
            : residual["discounted_expected_residual_lifetime"].get<double>());
    if (residual["median_residual_periods"].is_null()) {
      std::printf("more than 100,000 periods\n");
    } else {
      std::printf("%g more periods\n",
                  residual["median_residual_periods"].get<double>());
    }
  }
  std::printf("\n  %6s %8s", "period", "actual");
  for (const json& model : cohort["models"]) {
    std::printf(" %9s %9s", model["model"].get<std::string>().c_str(),
                "retained");
  }
  std::printf("\n");
  const json& first = cohort["models"][0]["periods"];
  for (size_t t = 0; t < first.size(); ++t) {
    const json& actual = first[t]["actual_alive"];
    std::printf("  %5zu%s %8s", t, first[t]["in_calibration"] ? " " : "*",
                actual.is_null() ? "" : actual.dump().c_str());
    for (const json& model : cohort["models"]) {
      const json& row = model["periods"][t];
      std::printf(" %9.1f", row["expected_alive"].get<double>());
      if (row["retention_rate"].is_null()) {
        std::printf(" %9s", "");
      } else {
        std::printf(" %8.1f%%", 100 * row["retention_rate"].get<double>());
      }
    }
    std::printf("\n");
  }
  std::printf("  (* projected beyond the fitted periods)\n");
}

// The cohorts of the workspace's holdings, and which customers of each are
// alive as of the day they are seen from.
struct HoldingsInput {
  std::vector<Cohort> cohorts;
  // The customer (store id, or the files' key) and cohort.
  std::vector<std::pair<std::string, std::string>> survivors;
};

// The holdings as the store gives them, from the workspace or the files,
// and how each customer is named.
struct Spans {
  std::vector<services::holdings::HoldingSpan> spans;
  std::vector<std::string> keys;  // from files: customer id k's at k - 1
  std::string source;             // for the message when there are none
  std::string Name(int64_t customer_id) const {
    return keys.empty() ? std::to_string(customer_id) : keys[customer_id - 1];
  }
};

Result<Spans> LoadSpans(CommandContext& context,
                        const RetentionOptions& options) {
  Spans out;
  if (!options.holdings_file.empty()) {
    VAFA_ASSIGN_OR_RETURN(pipeline::HoldingSpansOfFiles read,
                          pipeline::LoadHoldingSpansOfFiles(
                              options.customers_file, options.holdings_file));
    out.spans = std::move(read.spans);
    out.keys = std::move(read.customer_keys);
    out.source = options.holdings_file;
    return out;
  }
  VAFA_ASSIGN_OR_RETURN(auto db, context.Open());
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        context.Workspace(*db, /*create=*/false));
  VAFA_ASSIGN_OR_RETURN(out.spans,
                        services::holdings::HoldingSpans(*db, workspace.id));
  out.source = "workspace " + workspace.slug;
  return out;
}

// The cohorts of the workspace's holdings: one life per customer (or per
// customer and product type), grouped by the branch of the customer's
// first holding with --by branch.
Result<HoldingsInput> HoldingCohorts(CommandContext& context,
                                     const RetentionOptions& options) {
  VAFA_ASSIGN_OR_RETURN(const retention::RenewalPeriod period,
                        retention::ParseRenewalPeriod(options.period));
  DayNumber as_of = DayOf(store::NowSeconds());
  if (!options.as_of.empty()) {
    auto parsed = ParseDateTime(options.as_of);
    if (!parsed.ok()) {
      return Status::Invalid("--as-of \"" + options.as_of +
                             "\": " + parsed.status().message());
    }
    as_of = DayOf(*parsed);
  }
  VAFA_ASSIGN_OR_RETURN(const Spans read, LoadSpans(context, options));
  const std::vector<services::holdings::HoldingSpan>& spans = read.spans;
  // Spans come by customer, then opening day: a life is a run of them.
  std::map<std::pair<int64_t, std::string>, retention::ContractLife> lives;
  std::map<int64_t, std::string> first_branch;
  for (const services::holdings::HoldingSpan& span : spans) {
    // The store holds ISO days (the imports write them); a day that does
    // not read is a row written by hand, and left out.
    auto opened_at = ParseDateTime(span.opened_on);
    if (!opened_at.ok()) continue;
    const DayNumber opened = DayOf(*opened_at);
    std::optional<DayNumber> closed;
    if (auto closed_at = ParseDateTime(span.closed_on); closed_at.ok()) {
      closed = DayOf(*closed_at);
    }
    first_branch.emplace(span.customer_id, span.branch);
    const std::string group =
        options.by == "product-type" ? span.product_type : "";
    auto [life, added] = lives.try_emplace({span.customer_id, group});
    if (added) {
      life->second = {group, opened, closed};
    } else if (!closed.has_value() || !life->second.ended.has_value()) {
      life->second.ended.reset();  // one open holding keeps the life going
    } else {
      life->second.ended = std::max(*life->second.ended, *closed);
    }
    if (added && options.by == "branch") {
      life->second.group = first_branch[span.customer_id];
      if (life->second.group.empty()) life->second.group = "(no branch)";
    }
  }
  HoldingsInput out;
  std::vector<retention::ContractLife> all;
  all.reserve(lives.size());
  for (auto& [key, life] : lives) {
    if (life.started <= as_of && (!life.ended || *life.ended > as_of)) {
      const std::string started = retention::PeriodLabel(
          retention::PeriodOf(life.started, period), period);
      out.survivors.emplace_back(
          read.Name(key.first),
          life.group.empty() ? started : life.group + " " + started);
    }
    all.push_back(std::move(life));
  }
  for (retention::ContractCohort& cohort :
       retention::CohortsFromLives(all, period, as_of)) {
    Cohort named;
    named.name = cohort.group.empty() ? cohort.started
                                      : cohort.group + " " + cohort.started;
    named.group = cohort.group;
    named.started = cohort.started;
    named.alive = std::move(cohort.alive);
    out.cohorts.push_back(std::move(named));
  }
  if (out.cohorts.empty()) {
    return Status::NotFound(read.source + " has no holdings opened by " +
                            FormatGregorian(as_of) +
                            " (vafa import holdings FILE)");
  }
  return out;
}

// One row per surviving customer of a fitted cohort: the residual lifetime
// (and value) of the cohort's first model, which is the customer's since
// every survivor of a cohort has renewed as often.
Status WriteSurvivors(
    const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& survivors,
    const json& cohorts) {
  std::map<std::string, const json*> by_name;
  for (const json& cohort : cohorts) {
    by_name[cohort["name"].get<std::string>()] = &cohort;
  }
  std::ofstream out(path, std::ios::binary);
  out << "customer_id,cohort,renewals,model,"
         "discounted_expected_residual_lifetime,residual_value\n";
  for (const auto& [customer_id, name] : survivors) {
    auto found = by_name.find(name);
    if (found == by_name.end()) continue;  // a cohort not fitted
    const json& model = (*found->second)["models"][0];
    const json& residual = model["residual"];
    out << customer_id << "," << CsvText(name) << "," << residual["renewals"]
        << "," << model["model"].get<std::string>() << ","
        << residual["discounted_expected_residual_lifetime"].dump() << ","
        << (residual.contains("residual_value_per_contract")
                ? residual["residual_value_per_contract"].dump()
                : "")
        << "\n";
  }
  if (!out) return Status::Invalid("--customers " + path + ": cannot write");
  return Status::Ok();
}

int RunRetention(CommandContext& context, RetentionOptions options) {
  // A holdings file is the holdings to build the cohorts from.
  if (!options.holdings_file.empty()) options.holdings = true;
  if (options.alive.empty() == !options.holdings) {
    // A usage error, answered with 2 as the parser's own are.
    Fail(Status::Invalid(
        "give either cohorts, --alive NAME=N0,N1,... (counts alive at the "
        "start and after each renewal period), or --holdings (the "
        "workspace's holdings)"));
    return 2;
  }
  if (!(options.discount > 0) || options.discount > 10) {
    return Fail(
        Status::Invalid("--discount: a rate per period above 0 and at "
                        "most 10 (0.1 is 10%)"));
  }
  if (!options.customers_path.empty() && !options.holdings) {
    return Fail(Status::Invalid("--customers is for --holdings"));
  }
  if (!options.customers_file.empty() && options.holdings_file.empty()) {
    return Fail(Status::Invalid(
        "--customers-file is for --holdings-file (the holdings read from "
        "files)"));
  }
  std::vector<Cohort> given;
  std::vector<std::pair<std::string, std::string>> survivors;
  if (options.holdings) {
    auto from_holdings = HoldingCohorts(context, options);
    if (!from_holdings.ok()) return Fail(from_holdings.status());
    given = std::move(from_holdings->cohorts);
    survivors = std::move(from_holdings->survivors);
  }
  for (size_t i = 0; i < options.alive.size(); ++i) {
    auto cohort = ParseCohort(options.alive[i], i + 1);
    if (!cohort.ok()) return Fail(cohort.status());
    given.push_back(std::move(*cohort));
  }
  json cohorts = json::array();
  json not_fitted = json::array();
  for (const Cohort& cohort : given) {
    auto out = CohortJson(cohort, options);
    if (!options.holdings && !out.ok()) return Fail(out.status());
    // A cohort of holdings that cannot be fitted (begun this period, or
    // with no closing at all) is named with the reason; the others stand.
    if (!out.ok()) {
      not_fitted.push_back({{"name", cohort.name},
                            {"alive", cohort.alive},
                            {"reason", out.status().message()}});
      continue;
    }
    if (options.holdings) {
      (*out)["group"] = cohort.group;
      (*out)["started"] = cohort.started;
    }
    cohorts.push_back(std::move(*out));
  }
  if (!options.customers_path.empty()) {
    Status written = WriteSurvivors(options.customers_path, survivors, cohorts);
    if (!written.ok()) return Fail(written);
  }
  if (options.format == "json") {
    json document = {{"command", "retention"},
                     {"discount", options.discount},
                     {"cohorts", std::move(cohorts)}};
    if (options.holdings) {
      document["source"] = "holdings";
      document["period"] = options.period;
      document["not_fitted"] = std::move(not_fitted);
    }
    PrintJson(document);
    return 0;
  }
  std::cout << "Contract retention (sBG: shifted-beta-geometric; BdW: "
               "beta-discrete-Weibull), discount "
            << options.discount * 100 << "% a period\n";
  for (const json& cohort : cohorts) PrintCohort(cohort);
  for (const json& cohort : not_fitted) {
    std::cout << "\nCohort " << cohort["name"].get<std::string>()
              << " not fitted: " << cohort["reason"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace

void AddRetentionCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<RetentionOptions>();
  CLI::App* command = app.add_subcommand(
      "retention",
      "Fit the shifted-beta-geometric and beta-discrete-Weibull retention "
      "models to cohorts of contracts and project them (docs/retention.md)");
  command->add_option(
      "--alive", options->alive,
      "NAME=N0,N1,...: a cohort's counts alive at the start and "
      "after each renewal period (repeat for more cohorts)");
  command->add_flag("--holdings", options->holdings,
                    "Build the cohorts from the workspace's holdings: a "
                    "customer is alive while any holding is open");
  command
      ->add_option("--period", options->period,
                   "With --holdings: the renewal period, year, quarter or "
                   "month")
      ->check(CLI::IsMember({"year", "quarter", "month"}))
      ->capture_default_str();
  command
      ->add_option("--by", options->by,
                   "With --holdings: a cohort per product type (a life per "
                   "customer and type) or per branch (of the first holding)")
      ->check(CLI::IsMember({"product-type", "branch"}));
  command->add_option("--as-of", options->as_of,
                      "With --holdings: the day the holdings are seen from "
                      "(default today)");
  command->add_option("--customers", options->customers_path,
                      "With --holdings: write each surviving customer's "
                      "discounted expected residual lifetime (and value) to "
                      "this CSV file");
  command->add_option("--holdings-file", options->holdings_file,
                      "Build the cohorts from this holdings file (as `vafa "
                      "import holdings` takes it) instead of the workspace; "
                      "implies --holdings");
  command->add_option("--customers-file", options->customers_file,
                      "With --holdings-file: the customers file (the "
                      "customers' keys and order)");
  command->add_option("--calibration", options->calibration,
                      "Fit on periods 0..K only; later counts are compared "
                      "with the projection");
  command
      ->add_option("--horizon", options->horizon,
                   "The last period shown (default 5 past the counts)")
      ->check(CLI::Range(1, 1000));
  command->add_option("--model", options->model, "sbg, bdw or both")
      ->check(CLI::IsMember({"sbg", "bdw", "both"}))
      ->capture_default_str();
  command
      ->add_option("--discount", options->discount,
                   "Discount rate per period for residual lifetime")
      ->capture_default_str();
  command->add_option("--value-per-period", options->value_per_period,
                      "What a contract brings in a period, for residual value");
  AddFormatOption(*command, options->format);
  command->callback([&context, options] {
    context.run = [&context, options] {
      return RunRetention(context, *options);
    };
  });
}

}  // namespace vafa::cli
