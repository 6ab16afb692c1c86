#include "cli/analysis_json.h"

#include <cmath>
#include <iostream>

namespace vafa::cli {

nlohmann::json FiniteOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

namespace {

// The n x n correlation of an n x n covariance, rows as arrays.
template <size_t N>
nlohmann::json CorrelationJson(
    const std::array<std::array<double, N>, N>& covariance) {
  std::vector<double> flat;
  for (const auto& row : covariance)
    flat.insert(flat.end(), row.begin(), row.end());
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < N; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (size_t j = 0; j < N; ++j) {
      row.push_back(FiniteOrNull(analytics::clv::CorrelationOf(
          flat, static_cast<int>(N), static_cast<int>(i),
          static_cast<int>(j))));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

void AddFormatOption(CLI::App& command, std::string& format) {
  command
      .add_option("--format", format,
                  "text, or json: one JSON document on stdout for scripts")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
}

double MajorUnits(double minor, int minor_digits) {
  return minor / std::pow(10.0, minor_digits);
}

nlohmann::json PurchaseModelJson(const analytics::clv::PurchaseModel& model) {
  nlohmann::json parameters = nlohmann::json::array();
  const auto names = analytics::clv::ParameterNames(model.kind);
  for (size_t k = 0; k < 4; ++k) {
    parameters.push_back(
        {{"name", names[k]},
         {"value", FiniteOrNull(model.parameters[k])},
         {"standard_error", FiniteOrNull(model.standard_errors[k])}});
  }
  return {{"model", analytics::clv::PurchaseModelName(model.kind)},
          {"customers", model.customers},
          {"log_likelihood", FiniteOrNull(model.log_likelihood)},
          {"parameters", std::move(parameters)},
          {"correlation", CorrelationJson(model.covariance)}};
}

nlohmann::json SpendModelJson(const analytics::clv::GammaGammaModel& model,
                              const std::string& currency, int minor_digits) {
  const auto& p = model.parameters;
  const auto& se = model.standard_errors;
  nlohmann::json parameters = {
      {{"name", "p"},
       {"value", FiniteOrNull(p.p)},
       {"standard_error", FiniteOrNull(se[0])}},
      {{"name", "q"},
       {"value", FiniteOrNull(p.q)},
       {"standard_error", FiniteOrNull(se[1])}},
      {{"name", "gamma"},
       {"value", FiniteOrNull(MajorUnits(p.gamma, minor_digits))},
       {"standard_error", FiniteOrNull(MajorUnits(se[2], minor_digits))},
       {"unit", currency}}};
  return {{"model", "gamma_gamma"},
          {"customers", model.customers},
          {"log_likelihood", FiniteOrNull(model.log_likelihood)},
          {"parameters", std::move(parameters)},
          {"correlation", CorrelationJson(model.covariance)}};
}

nlohmann::json DiagnosticsJson(const analytics::clv::FitDiagnostics& fit) {
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& p : fit.parameters) {
    parameters.push_back({{"name", p.name},
                          {"role", p.role},
                          {"relative_error", FiniteOrNull(p.relative_error)}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : fit.verdict.problems) {
    problems.push_back({{"code", problem.code}, {"text", problem.text}});
  }
  nlohmann::json out = {
      {"degenerate", fit.verdict.degenerate},
      {"warning", fit.verdict.warning.empty()
                      ? nlohmann::json(nullptr)
                      : nlohmann::json(fit.verdict.warning)},
      {"suggestion", fit.verdict.suggestion.empty()
                         ? nlohmann::json(nullptr)
                         : nlohmann::json(fit.verdict.suggestion)},
      {"problems", std::move(problems)},
      {"parameters", std::move(parameters)}};
  if (fit.customers > 0) {
    out["customers"] = fit.customers;
    out["share_p_alive_above_0_9"] = FiniteOrNull(fit.ShareLikelyAlive());
    out["share_silent_over_3x_interval"] = FiniteOrNull(fit.ShareLongSilent());
    out["share_of_silent_p_alive_above_0_9"] =
        FiniteOrNull(fit.ShareOfLongSilentLikelyAlive());
  }
  return out;
}

nlohmann::json ClvResultJson(const pipeline::ClvResult& clv) {
  nlohmann::json model = PurchaseModelJson(clv.model);
  if (!clv.diagnostics.empty()) {
    model["diagnostics"] = DiagnosticsJson(clv.diagnostics[0]);
  }
  nlohmann::json spend = nullptr;
  if (clv.spend) {
    spend = SpendModelJson(*clv.spend, clv.currency, clv.minor_digits);
    if (clv.diagnostics.size() > 1) {
      spend["diagnostics"] = DiagnosticsJson(clv.diagnostics[1]);
    }
  }
  double total = 0;
  for (double v : clv.value) {
    if (std::isfinite(v)) total += v;
  }
  return {
      {"customers", clv.customers},
      {"model", std::move(model)},
      {"spend_model", std::move(spend)},
      {"spend_note", clv.spend_note.empty() ? nlohmann::json(nullptr)
                                            : nlohmann::json(clv.spend_note)},
      {"frequency_spend_correlation",
       FiniteOrNull(clv.independence.correlation)},
      {"total_value",
       {{"amount", clv.spend ? FiniteOrNull(MajorUnits(total, clv.minor_digits))
                             : nlohmann::json(nullptr)},
        {"currency", clv.currency},
        {"horizon_days", clv.horizon_days}}}};
}

void PrintJson(const nlohmann::json& document) {
  std::cout << document.dump(2) << "\n";
}

DiscardedText::DiscardedText(bool active) {
  if (active) saved_ = std::cout.rdbuf(sink_.rdbuf());
}

DiscardedText::~DiscardedText() { Restore(); }

void DiscardedText::Restore() {
  if (saved_ != nullptr) std::cout.rdbuf(saved_);
  saved_ = nullptr;
}

}  // namespace vafa::cli
