#include "pipeline/analysis_reports.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string_view>

#include "analytics/basket/association_rules.h"
#include "analytics/basket/basket_writers.h"
#include "analytics/basket/baskets.h"
#include "analytics/basket/frequent_itemsets.h"
#include "analytics/basket/product_affinity.h"
#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/holdout_evaluation.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/cohorts.h"
#include "analytics/kpi.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/report_tables.h"
#include "analytics/rfm.h"
#include "pipeline/order_baskets.h"
#include "pipeline/repeat_purchases.h"
#include "pipeline/report_rendering.h"

namespace vafa::pipeline {
using analytics::AnalyzeKeyCustomers;
using analytics::AnalyzeProfitability;
using analytics::ComputeCohorts;
using analytics::ComputeRetentionKpis;
using analytics::CustomerSummary;
using analytics::FormatShare;
using analytics::KeyCustomers;
using analytics::kShareDecimals;
using analytics::MoneyCell;
using analytics::NewReportTable;
using analytics::Profitability;
using analytics::ScoreRfm;
using analytics::SummarizeCustomers;
using analytics::TextCell;
using analytics::TransactionLog;
namespace basket = analytics::basket;

const std::vector<std::string>& AnalysisReportNames() {
  static const std::vector<std::string> names = {
      "summary", "rfm",      "segments",         "pareto",
      "abc",     "value",    "matrix",           "kpis",
      "cohorts", "clv",      "clv_distribution", "clv_model",
      "basket",  "affinity", "clv_tracking",     "clv_diagnostics"};
  return names;
}

ReportInputs InputsOfReports(std::span<const std::string> reports) {
  ReportInputs needs;
  for (const std::string& name : reports) {
    const bool clv = name.starts_with("clv") && name != "clv_tracking";
    const bool profit = name == "segments" || name == "abc" ||
                        name == "value" || name == "matrix";
    needs.rfm |= name == "rfm" || name == "segments";
    needs.key_customers |= name == "pareto" || name == "abc" || name == "value";
    needs.profitability |= profit;
    needs.lifetime_value |= clv;
    needs.summary |=
        name == "summary" || needs.rfm || needs.key_customers || profit || clv;
    needs.distinct_counts |= name == "summary";
    needs.kpis |= name == "kpis";
    needs.cohorts |= name == "cohorts";
  }
  return needs;
}

namespace {

// The tracking plot (Fader, Hardie & Lee 2005): the model fitted on the
// purchases before the last `holdout_days`, and the weekly cumulative repeat
// purchases it expects against those made, through the calibration and on
// into the holdout.
Result<ReportTable> ClvTrackingTable(const TransactionLog& log, DayNumber as_of,
                                     const ReportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(analytics::clv::PurchaseModelKind kind,
                        analytics::clv::ParsePurchaseModelKind(options.model));
  const int holdout = static_cast<int>(options.holdout_days);
  if (holdout < 28 || holdout > 1000) {
    return Status::Invalid("holdout_days is 28 to 1000", "holdout_days");
  }
  const PurchaseColumns purchases = PurchasesOf(log);
  VAFA_ASSIGN_OR_RETURN(analytics::clv::CalibrationHoldout split,
                        analytics::clv::SplitCalibrationHoldout(
                            purchases.View(), as_of - holdout - 1, as_of - 1,
                            analytics::clv::TimeUnit::kWeek));
  if (split.customer.size() < 10) {
    return Status::Invalid(
        "too few customers bought before the holdout to fit a model",
        "holdout_days");
  }
  const analytics::clv::PurchaseModelKind candidates[] = {kind};
  VAFA_ASSIGN_OR_RETURN(
      analytics::clv::ModelSelection selection,
      analytics::clv::SelectPurchaseModelByHoldout(split, candidates));
  ReportTable table = NewReportTable(
      "clv_tracking", {{"week", ColumnType::kInteger},
                       {"end_day", ColumnType::kDate},
                       {"actual_cumulative", ColumnType::kNumber},
                       {"predicted_cumulative", ColumnType::kNumber},
                       {"period", ColumnType::kText}});
  for (const auto& p :
       analytics::clv::TrackRepeatPurchases(selection.models[0], split)) {
    table.Integer(p.period);
    table.Date(p.end_day, analytics::kNoDay);
    table.Number(p.actual_cumulative);
    table.Number(p.predicted_cumulative);
    table.Text(p.end_day <= split.split_day ? "calibration" : "holdout");
    table.EndWrittenRow();
  }
  return table;
}

}  // namespace

Result<ClvResult> ScoreLifetimeValue(const CustomerSummary& summary,
                                     const std::string& model_name,
                                     double horizon_days,
                                     double annual_discount_rate,
                                     const std::string& currency,
                                     int minor_digits) {
  VAFA_ASSIGN_OR_RETURN(analytics::clv::PurchaseModelKind kind,
                        analytics::clv::ParsePurchaseModelKind(model_name));
  // Customers with a purchase before as_of, in weeks.
  RepeatPurchaseInput input =
      RepeatPurchasesOf(summary, analytics::clv::TimeUnit::kWeek);
  const std::vector<int32_t>& rows = input.rows;
  if (rows.size() < 10)
    return Status::Invalid("too few customers to fit a lifetime model");
  const analytics::clv::RepeatPurchaseData& weeks = input.data;
  ClvResult result;
  result.currency = currency;
  result.minor_digits = minor_digits;
  result.customers = static_cast<int64_t>(rows.size());
  result.horizon_days = horizon_days;
  VAFA_ASSIGN_OR_RETURN(result.model,
                        analytics::clv::FitPurchaseModel(kind, weeks));
  auto spend = analytics::clv::FitGammaGamma(weeks);
  if (spend.ok()) {
    result.spend = *spend;
  } else {
    result.spend_note = spend.status().message();
  }
  result.independence = analytics::clv::CheckFrequencySpendIndependence(weeks);
  analytics::clv::ClvOptions clv_options;
  clv_options.horizon_days = horizon_days;
  clv_options.annual_discount_rate = annual_discount_rate;
  clv_options.cash_flow_step_days =
      std::min(clv_options.cash_flow_step_days, horizon_days);
  VAFA_ASSIGN_OR_RETURN(
      analytics::clv::CustomerValues values,
      analytics::clv::ScoreCustomerValues(
          result.model, result.spend ? &*result.spend : nullptr, weeks,
          analytics::clv::TimeUnit::kWeek, clv_options));
  result.diagnostics.push_back(analytics::clv::DiagnosePurchaseModel(
      result.model, weeks, values.probability_alive));
  if (result.spend) {
    result.diagnostics.push_back(analytics::clv::DiagnoseSpendModel(
        *result.spend, std::pow(10.0, minor_digits)));
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.p_alive.assign(summary.size(), nan);
  result.expected_purchases.assign(summary.size(), nan);
  result.value.assign(summary.size(), nan);
  for (size_t i = 0; i < rows.size(); ++i) {
    result.p_alive[rows[i]] = values.probability_alive[i];
    result.expected_purchases[rows[i]] = values.expected_purchases[i];
    if (!values.lifetime_value.empty())
      result.value[rows[i]] = values.lifetime_value[i];
  }
  std::ostringstream text;
  text << std::string(analytics::clv::PurchaseModelName(kind)) << " fitted on "
       << rows.size() << " customers (log-likelihood "
       << result.model.log_likelihood << ")";
  if (!spend.ok()) text << "; no spend model: " << spend.status().message();
  result.description = text.str();
  return result;
}

ReportTable ClvModelTable(const ClvResult& clv) {
  ReportTable table =
      NewReportTable("clv_model", {{"model", ColumnType::kText},
                                   {"parameter", ColumnType::kText},
                                   {"value", ColumnType::kNumber},
                                   {"standard_error", ColumnType::kNumber},
                                   {"relative_error", ColumnType::kNumber},
                                   {"unit", ColumnType::kText}});
  auto row = [&table](std::string_view model, std::string_view parameter,
                      double value, double error, std::string_view unit) {
    table.Text(model);
    table.Text(parameter);
    table.Number(value);
    table.Number(error);
    table.Number(error / value);  // NaN (no error): an empty cell
    TextCell(table, unit);
    table.EndWrittenRow();
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::string name(analytics::clv::PurchaseModelName(clv.model.kind));
  auto names = analytics::clv::ParameterNames(clv.model.kind);
  for (int i = 0; i < 4; ++i) {
    row(name, names[i], clv.model.parameters[i], clv.model.standard_errors[i],
        "");
  }
  row(name, "log_likelihood", clv.model.log_likelihood, nan, "");
  if (clv.spend) {
    // gamma carries the spend's unit: stated in the currency's major unit.
    const double major = std::pow(10.0, clv.minor_digits);
    const auto& p = clv.spend->parameters;
    const double values[3] = {p.p, p.q, p.gamma / major};
    const double errors[3] = {clv.spend->standard_errors[0],
                              clv.spend->standard_errors[1],
                              clv.spend->standard_errors[2] / major};
    const char* spend_names[3] = {"p", "q", "gamma"};
    for (int i = 0; i < 3; ++i) {
      row("gamma_gamma", spend_names[i], values[i], errors[i],
          i == 2 ? std::string_view(clv.currency) : std::string_view());
    }
    row("gamma_gamma", "log_likelihood", clv.spend->log_likelihood, nan, "");
  }
  row("gamma_gamma", "frequency_spend_correlation",
      clv.independence.correlation, nan, "");
  return table;
}

ReportTable ClvDiagnosticsTable(const ClvResult& clv) {
  ReportTable table = NewReportTable(
      "clv_diagnostics",
      {{"model", ColumnType::kText},
       {"degenerate", ColumnType::kInteger},
       {"customers", ColumnType::kInteger},
       {"share_p_alive_above_0_9", ColumnType::kNumber},
       {"share_silent_over_3x_interval", ColumnType::kNumber},
       {"share_of_silent_p_alive_above_0_9", ColumnType::kNumber},
       {"max_relative_error", ColumnType::kNumber},
       {"largest_correlation", ColumnType::kNumber},
       {"correlated_pair", ColumnType::kText},
       {"problems", ColumnType::kText},
       {"warning", ColumnType::kText}});
  for (const analytics::clv::FitDiagnostics& fit : clv.diagnostics) {
    double max_relative = 0;
    for (const auto& p : fit.parameters) {
      max_relative = std::isnan(p.relative_error)
                         ? p.relative_error
                         : std::max(max_relative, p.relative_error);
      if (std::isnan(max_relative)) break;
    }
    const size_t n = fit.parameters.size();
    double largest = 0;
    std::string pair;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        const double r = fit.correlation[i * n + j];
        if (std::fabs(r) > std::fabs(largest)) {
          largest = r;
          pair = fit.parameters[i].name + "/" + fit.parameters[j].name;
        }
      }
    }
    TextCell(table, fit.model);
    table.Integer(fit.verdict.degenerate ? 1 : 0);
    if (fit.customers > 0) {
      table.Integer(fit.customers);
    } else {
      table.Empty();
    }
    table.Number(fit.ShareLikelyAlive());
    table.Number(fit.ShareLongSilent());
    table.Number(fit.ShareOfLongSilentLikelyAlive());
    table.Number(max_relative);
    table.Number(pair.empty() ? NAN : largest);
    TextCell(table, pair);
    std::string problems;
    for (size_t k = 0; k < fit.verdict.problems.size(); ++k) {
      if (k > 0) problems += ' ';
      problems += fit.verdict.problems[k].code;
    }
    TextCell(table, problems);
    TextCell(table, fit.verdict.warning);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ClvTable(const TransactionLog& log, const ClvResult& clv,
                     const std::string& currency) {
  ReportTable table =
      NewReportTable("clv",
                     {{"customer", ColumnType::kText},
                      {"p_alive", ColumnType::kNumber},
                      {"expected_purchases_1y", ColumnType::kNumber},
                      {"clv_1y", ColumnType::kMoney}},
                     currency);
  table.Reserve(clv.p_alive.size());
  for (size_t c = 0; c < clv.p_alive.size(); ++c) {
    if (std::isnan(clv.p_alive[c])) continue;
    table.Text(log.customer_keys[c]);
    table.Number(clv.p_alive[c]);
    table.Number(clv.expected_purchases[c]);
    MoneyCell(table, clv.value[c]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ClvDistributionTable(const ClvResult& clv,
                                 const std::string& currency) {
  constexpr int kBands = 10;
  std::vector<int64_t> customers(kBands);
  std::vector<double> purchases(kBands), value(kBands);
  for (size_t c = 0; c < clv.p_alive.size(); ++c) {
    if (std::isnan(clv.p_alive[c])) continue;
    int band =
        std::clamp(static_cast<int>(clv.p_alive[c] * kBands), 0, kBands - 1);
    ++customers[band];
    if (!std::isnan(clv.expected_purchases[c])) {
      purchases[band] += clv.expected_purchases[c];
    }
    if (!std::isnan(clv.value[c])) value[band] += clv.value[c];
  }
  ReportTable table =
      NewReportTable("clv_distribution",
                     {{"p_alive_from", ColumnType::kNumber},
                      {"p_alive_to", ColumnType::kNumber},
                      {"customers", ColumnType::kInteger},
                      {"expected_purchases_1y", ColumnType::kNumber},
                      {"clv_1y", ColumnType::kMoney}},
                     currency);
  for (int band = 0; band < kBands; ++band) {
    table.Number(band / static_cast<double>(kBands));
    table.Number((band + 1) / static_cast<double>(kBands));
    table.Integer(customers[band]);
    table.Number(purchases[band]);
    table.Integer(static_cast<int64_t>(std::llround(value[band])));
    table.EndWrittenRow();
  }
  return table;
}

Result<ReportTable> BasketRulesTable(const LoadedLog& loaded,
                                     const std::string& min_support,
                                     int threads, int64_t* rule_count,
                                     double min_confidence, double min_lift,
                                     const std::string& sort) {
  basket::RuleMeasure measure;
  if (sort == "support") {
    measure = basket::RuleMeasure::kSupport;
  } else if (sort == "confidence") {
    measure = basket::RuleMeasure::kConfidence;
  } else if (sort == "lift") {
    measure = basket::RuleMeasure::kLift;
  } else if (sort == "leverage") {
    measure = basket::RuleMeasure::kLeverage;
  } else if (sort == "conviction") {
    measure = basket::RuleMeasure::kConviction;
  } else {
    return Status::Invalid("sort \"" + sort +
                               "\" is not support, confidence, lift, leverage "
                               "or conviction",
                           "sort");
  }
  // Refunds are not baskets; anonymous sales are.
  const OrderBaskets order_baskets = BuildOrderBaskets(loaded);
  const basket::Baskets& baskets = order_baskets.baskets;
  VAFA_ASSIGN_OR_RETURN(int64_t support,
                        basket::ParseMinSupport(min_support, baskets.size()));
  basket::MiningOptions options;
  options.min_support = std::max<int64_t>(support, 1);
  options.threads = threads;
  VAFA_ASSIGN_OR_RETURN(basket::FrequentItemsets itemsets,
                        basket::MineFrequentItemsets(baskets, options));
  basket::RuleFilter filter;
  filter.min_confidence = min_confidence;
  filter.min_lift = min_lift;
  VAFA_ASSIGN_OR_RETURN(basket::AssociationRules rules,
                        basket::GenerateRules(itemsets, filter));
  basket::SortRules(rules, measure);
  *rule_count = rules.size();
  return basket::RulesTable(rules, order_baskets.item_names);
}

Result<ReportTable> ProductAffinityTable(const TransactionLog& log,
                                         const std::string& product) {
  auto found =
      std::find(log.product_keys.begin(), log.product_keys.end(), product);
  if (found == log.product_keys.end()) {
    return Status::NotFound("no product \"" + product + "\"");
  }
  basket::PurchaseEvents events;
  for (int64_t o = 0; o < log.order_count(); ++o) {
    if (log.amount[o] <= 0) continue;
    for (uint32_t i = log.item_begin[o]; i < log.item_begin[o + 1]; ++i) {
      events.customer.push_back(log.customer[o]);
      events.day.push_back(log.day[o]);
      events.product.push_back(log.item_product[i]);
    }
  }
  VAFA_ASSIGN_OR_RETURN(basket::PurchaseHistory history,
                        basket::BuildPurchaseHistory(events));
  VAFA_ASSIGN_OR_RETURN(
      basket::ProductAffinity affinity,
      basket::ComputeProductAffinity(
          history, static_cast<int32_t>(found - log.product_keys.begin()), {}));
  ReportTable table =
      NewReportTable("affinity", {{"relation", ColumnType::kText},
                                  {"product", ColumnType::kText},
                                  {"count", ColumnType::kInteger},
                                  {"share", ColumnType::kNumber},
                                  {"lift", ColumnType::kNumber}});
  for (auto [relation, entries] :
       {std::pair{"bought_with", &affinity.bought_with},
        std::pair{"bought_next", &affinity.bought_next}}) {
    for (size_t i = 0; i < entries->product.size(); ++i) {
      table.Text(relation);
      TextCell(table, log.product_keys[entries->product[i]]);
      table.Integer(entries->count[i]);
      table.Number(entries->share[i]);
      table.Number(entries->lift[i]);
      table.EndWrittenRow();
    }
  }
  return table;
}

namespace {

Result<ReportTable> BuildReportTable(const LoadedLog& loaded,
                                     const ReportOptions& options,
                                     const std::string& name) {
  const auto& names = AnalysisReportNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    return Status::NotFound("no report \"" + name + "\"");
  }
  const TransactionLog& log = loaded.log;
  if (log.order_count() == 0)
    return Status::Invalid("there are no orders to analyse");
  const std::string& currency = loaded.currency;
  const DayNumber as_of =
      options.as_of != 0 ? options.as_of : loaded.last_day + 1;
  if (name == "kpis") {
    return analytics::RetentionKpisTable(
        ComputeRetentionKpis(log, as_of, options.calendar, options.threads),
        currency);
  }
  if (name == "cohorts") {
    return analytics::CohortsTable(
        ComputeCohorts(log, as_of, options.calendar, options.threads));
  }
  if (name == "basket") {
    int64_t rules = 0;
    return BasketRulesTable(loaded, options.min_support, options.threads,
                            &rules, options.min_confidence, options.min_lift,
                            options.sort);
  }
  if (name == "affinity") {
    if (options.product.empty()) {
      return Status::Invalid("affinity needs a product", "product");
    }
    return ProductAffinityTable(log, options.product);
  }
  if (name == "clv_tracking") return ClvTrackingTable(log, as_of, options);
  CustomerSummary summary =
      SummarizeCustomers(log, as_of, options.threads, name == "summary");
  if (name == "summary") {
    return analytics::CustomerSummaryTable(log.customer_keys, summary,
                                           currency);
  }
  if (name == "rfm")
    return analytics::RfmTable(log.customer_keys, ScoreRfm(summary));
  if (name.starts_with("clv")) {
    VAFA_ASSIGN_OR_RETURN(
        ClvResult clv,
        ScoreLifetimeValue(summary, options.model, options.horizon_days,
                           options.annual_discount_rate, currency,
                           loaded.minor_digits));
    if (name == "clv") return ClvTable(log, clv, currency);
    if (name == "clv_distribution") return ClvDistributionTable(clv, currency);
    return name == "clv_model" ? ClvModelTable(clv) : ClvDiagnosticsTable(clv);
  }
  KeyCustomers key = AnalyzeKeyCustomers(summary);
  if (name == "pareto") return analytics::ParetoTable(key);
  VAFA_ASSIGN_OR_RETURN(
      Profitability profitability,
      AnalyzeProfitability(summary, {}, loaded.acquisition_cost));
  if (name == "value") {
    return analytics::CustomerValueTable(log.customer_keys, key, profitability,
                                         currency);
  }
  if (name == "segments") {
    return analytics::SegmentsTable(summary, ScoreRfm(summary), profitability,
                                    currency);
  }
  if (name == "abc") {
    return analytics::AbcTable(summary, key, profitability, currency);
  }
  return analytics::MatrixTable(profitability, currency);
}

}  // namespace

Result<ReportTable> AnalysisReportTable(const LoadedLog& loaded,
                                        const ReportOptions& options,
                                        const std::string& name) {
  VAFA_ASSIGN_OR_RETURN(ReportTable table,
                        BuildReportTable(loaded, options, name));
  // Every report names the log's currency, money column or not.
  table.set_currency(loaded.currency);
  return table;
}

Status WriteAnalysisReport(const LoadedLog& loaded,
                           const ReportOptions& options,
                           const std::string& name, std::ostream& out) {
  VAFA_ASSIGN_OR_RETURN(ReportTable table,
                        AnalysisReportTable(loaded, options, name));
  RenderReportCsv(table, out);
  return Status::Ok();
}

}  // namespace vafa::pipeline
