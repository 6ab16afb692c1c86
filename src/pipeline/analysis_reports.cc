#include "pipeline/analysis_reports.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

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
#include "analytics/report_csv.h"
#include "analytics/rfm.h"
#include "pipeline/order_baskets.h"
#include "pipeline/repeat_purchases.h"
#include "pipeline/report_columns.h"

namespace vafa::pipeline {
using analytics::AnalyzeKeyCustomers;
using analytics::AnalyzeProfitability;
using analytics::ComputeCohorts;
using analytics::ComputeRetentionKpis;
using analytics::CustomerSummary;
using analytics::FormatShare;
using analytics::KeyCustomers;
using analytics::Profitability;
using analytics::ScoreRfm;
using analytics::SummarizeCustomers;
using analytics::TransactionLog;
using analytics::WriteAbcCsv;
using analytics::WriteCohortsCsv;
using analytics::WriteCustomerSummaryCsv;
using analytics::WriteCustomerValueCsv;
using analytics::WriteMatrixCsv;
using analytics::WriteParetoCsv;
using analytics::WriteRetentionKpisCsv;
using analytics::WriteRfmCsv;
using analytics::WriteSegmentsCsv;
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
Status WriteClvTracking(std::ostream& out, const TransactionLog& log,
                        DayNumber as_of, const ReportOptions& options) {
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
  out << "week,end_day,actual_cumulative,predicted_cumulative,period\n";
  for (const auto& p :
       analytics::clv::TrackRepeatPurchases(selection.models[0], split)) {
    out << p.period << ',' << FormatGregorian(p.end_day) << ','
        << FormatShare(p.actual_cumulative) << ','
        << FormatShare(p.predicted_cumulative) << ','
        << (p.end_day <= split.split_day ? "calibration" : "holdout") << '\n';
  }
  return Status::Ok();
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

void WriteClvModelCsv(std::ostream& out, const ClvResult& clv) {
  out << "model,parameter,value,standard_error,relative_error,unit\n";
  const std::string name(analytics::clv::PurchaseModelName(clv.model.kind));
  auto names = analytics::clv::ParameterNames(clv.model.kind);
  for (int i = 0; i < 4; ++i) {
    out << name << ',' << names[i] << ','
        << FormatShare(clv.model.parameters[i]) << ','
        << FormatShare(clv.model.standard_errors[i]) << ','
        << FormatShare(clv.model.standard_errors[i] / clv.model.parameters[i])
        << ",\n";
  }
  out << name << ",log_likelihood," << FormatShare(clv.model.log_likelihood)
      << ",,,\n";
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
      out << "gamma_gamma," << spend_names[i] << ',' << FormatShare(values[i])
          << ',' << FormatShare(errors[i]) << ','
          << FormatShare(errors[i] / values[i]) << ','
          << (i == 2 ? CsvText(clv.currency) : "") << '\n';
    }
    out << "gamma_gamma,log_likelihood,"
        << FormatShare(clv.spend->log_likelihood) << ",,,\n";
  }
  out << "gamma_gamma,frequency_spend_correlation,"
      << FormatShare(clv.independence.correlation) << ",,,\n";
}

void WriteClvDiagnosticsCsv(std::ostream& out, const ClvResult& clv) {
  out << "model,degenerate,customers,share_p_alive_above_0_9,"
         "share_silent_over_3x_interval,share_of_silent_p_alive_above_0_9,"
         "max_relative_error,largest_correlation,correlated_pair,problems,"
         "warning\n";
  auto share = [](double v) {
    return std::isnan(v) ? std::string() : FormatShare(v);
  };
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
    const bool purchase = fit.customers > 0;
    out << fit.model << ',' << (fit.verdict.degenerate ? 1 : 0) << ','
        << (purchase ? std::to_string(fit.customers) : "") << ','
        << share(fit.ShareLikelyAlive()) << ',' << share(fit.ShareLongSilent())
        << ',' << share(fit.ShareOfLongSilentLikelyAlive()) << ','
        << share(max_relative) << ',' << share(pair.empty() ? NAN : largest)
        << ',' << pair << ',';
    for (size_t k = 0; k < fit.verdict.problems.size(); ++k) {
      out << (k > 0 ? " " : "") << fit.verdict.problems[k].code;
    }
    out << ',' << CsvText(fit.verdict.warning) << '\n';
  }
}

void WriteClvCsv(std::ostream& out, const TransactionLog& log,
                 const ClvResult& clv) {
  out << "customer,p_alive,expected_purchases_1y,clv_1y\n";
  for (size_t c = 0; c < clv.p_alive.size(); ++c) {
    if (std::isnan(clv.p_alive[c])) continue;
    out << CsvText(log.customer_keys[c]) << ',' << FormatShare(clv.p_alive[c])
        << ',' << FormatShare(clv.expected_purchases[c]) << ',';
    if (!std::isnan(clv.value[c]))
      out << static_cast<int64_t>(std::llround(clv.value[c]));
    out << '\n';
  }
}

void WriteClvDistributionCsv(std::ostream& out, const ClvResult& clv) {
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
  out << "p_alive_from,p_alive_to,customers,expected_purchases_1y,clv_1y\n";
  for (int band = 0; band < kBands; ++band) {
    out << FormatShare(band / static_cast<double>(kBands)) << ','
        << FormatShare((band + 1) / static_cast<double>(kBands)) << ','
        << customers[band] << ',' << FormatShare(purchases[band]) << ','
        << static_cast<int64_t>(std::llround(value[band])) << '\n';
  }
}

Status WriteBasketRules(std::ostream& out, const LoadedLog& loaded,
                        const std::string& min_support, int threads,
                        int64_t* rule_count, double min_confidence,
                        double min_lift, const std::string& sort) {
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
  basket::WriteRulesCsv(rules, order_baskets.item_names, out);
  *rule_count = rules.size();
  return Status::Ok();
}

Status WriteProductAffinity(std::ostream& out, const TransactionLog& log,
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
  out << "relation,product,count,share,lift\n";
  for (auto [relation, entries] :
       {std::pair{"bought_with", &affinity.bought_with},
        std::pair{"bought_next", &affinity.bought_next}}) {
    for (size_t i = 0; i < entries->product.size(); ++i) {
      out << relation << ',' << CsvText(log.product_keys[entries->product[i]])
          << ',' << entries->count[i] << ',' << FormatShare(entries->share[i])
          << ',' << FormatShare(entries->lift[i]) << '\n';
    }
  }
  return Status::Ok();
}

Status WriteAnalysisReport(const LoadedLog& loaded,
                           const ReportOptions& options,
                           const std::string& name, std::ostream& out) {
  const auto& names = AnalysisReportNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    return Status::NotFound("no report \"" + name + "\"");
  }
  const TransactionLog& log = loaded.log;
  if (log.order_count() == 0)
    return Status::Invalid("there are no orders to analyse");
  const DayNumber as_of =
      options.as_of != 0 ? options.as_of : loaded.last_day + 1;
  if (name == "kpis") {
    WriteRetentionKpisCsv(
        out,
        ComputeRetentionKpis(log, as_of, options.calendar, options.threads));
    return Status::Ok();
  }
  if (name == "cohorts") {
    WriteCohortsCsv(
        out, ComputeCohorts(log, as_of, options.calendar, options.threads));
    return Status::Ok();
  }
  if (name == "basket") {
    int64_t rules = 0;
    return WriteBasketRules(out, loaded, options.min_support, options.threads,
                            &rules, options.min_confidence, options.min_lift,
                            options.sort);
  }
  if (name == "affinity") {
    if (options.product.empty()) {
      return Status::Invalid("affinity needs a product", "product");
    }
    return WriteProductAffinity(out, log, options.product);
  }
  if (name == "clv_tracking") {
    return WriteClvTracking(out, log, as_of, options);
  }
  CustomerSummary summary = SummarizeCustomers(log, as_of, options.threads);
  if (name == "summary") {
    WriteCustomerSummaryCsv(out, log.customer_keys, summary);
  } else if (name == "rfm") {
    WriteRfmCsv(out, log.customer_keys, ScoreRfm(summary));
  } else if (name == "clv") {
    VAFA_ASSIGN_OR_RETURN(
        ClvResult clv,
        ScoreLifetimeValue(summary, options.model, options.horizon_days,
                           options.annual_discount_rate));
    WriteClvCsv(out, log, clv);
  } else if (name == "clv_distribution") {
    VAFA_ASSIGN_OR_RETURN(
        ClvResult clv,
        ScoreLifetimeValue(summary, options.model, options.horizon_days,
                           options.annual_discount_rate));
    WriteClvDistributionCsv(out, clv);
  } else if (name == "clv_model" || name == "clv_diagnostics") {
    VAFA_ASSIGN_OR_RETURN(
        ClvResult clv,
        ScoreLifetimeValue(summary, options.model, options.horizon_days,
                           options.annual_discount_rate, loaded.currency,
                           loaded.minor_digits));
    name == "clv_model" ? WriteClvModelCsv(out, clv)
                        : WriteClvDiagnosticsCsv(out, clv);
  } else {
    KeyCustomers key = AnalyzeKeyCustomers(summary);
    if (name == "pareto") {
      WriteParetoCsv(out, key);
      return Status::Ok();
    }
    VAFA_ASSIGN_OR_RETURN(
        Profitability profitability,
        AnalyzeProfitability(summary, {}, loaded.acquisition_cost));
    if (name == "value") {
      WriteCustomerValueCsv(out, log.customer_keys, key, profitability);
    } else if (name == "segments") {
      WriteSegmentsCsv(out, summary, ScoreRfm(summary), profitability);
    } else if (name == "abc") {
      WriteAbcCsv(out, summary, key, profitability);
    } else {
      WriteMatrixCsv(out, profitability);
    }
  }
  return Status::Ok();
}

Result<ReportTable> AnalysisReportTable(const LoadedLog& loaded,
                                        const ReportOptions& options,
                                        const std::string& name) {
  std::ostringstream csv;
  VAFA_RETURN_IF_ERROR(WriteAnalysisReport(loaded, options, name, csv));
  return ReportTableFromCsv(std::move(csv).str(), name, loaded.currency);
}

}  // namespace vafa::pipeline
