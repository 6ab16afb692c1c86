// The JSON documents of the analysis commands (`--format json` on analyze,
// clv, churn and basket): one document on stdout, for scripts and the
// reference check, instead of the text a person reads. The pieces they
// share are built here so that a fitted model reads the same in every
// command: parameters with standard errors, the log-likelihood, the fit's
// diagnostics, and money as a decimal number in the currency's major unit
// beside the currency's code. NaN (an undefined figure) is written as null.
#ifndef VAFA_CLI_ANALYSIS_JSON_H_
#define VAFA_CLI_ANALYSIS_JSON_H_

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analytics/clv/fit_diagnostics.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "cli/command.h"
#include "pipeline/analysis_reports.h"

namespace vafa::cli {

// Adds --format text|json (text by default).
void AddFormatOption(CLI::App& command, std::string& format);

// An amount in minor units as a number in major units (12345, 2 -> 123.45).
double MajorUnits(double minor, int minor_digits);

// A finite number as itself, NaN and infinities as null (JSON has neither).
nlohmann::json FiniteOrNull(double value);

// {model, customers, log_likelihood, parameters: [{name, value,
// standard_error}], correlation: [[...]]}.
nlohmann::json PurchaseModelJson(const analytics::clv::PurchaseModel& model);
// The same for Gamma-Gamma, gamma and its standard error in major units
// with "unit": currency.
nlohmann::json SpendModelJson(const analytics::clv::GammaGammaModel& model,
                              const std::string& currency, int minor_digits);
// {degenerate, warning, suggestion, problems, parameters: [{name, role,
// relative_error}], customers, share_p_alive_above_0_9,
// share_silent_over_3x_interval, share_of_silent_p_alive_above_0_9}.
nlohmann::json DiagnosticsJson(
    const analytics::clv::FitDiagnostics& diagnostics);
// A ClvResult (vafa analyze's lifetime value): the models with their
// diagnostics and the total value in major units.
nlohmann::json ClvResultJson(const pipeline::ClvResult& clv);

// Writes `document` to stdout, indented, with a final newline.
void PrintJson(const nlohmann::json& document);

// While it lives and `active` is true, what is written to std::cout is
// dropped: the text a command prints for people, when the command prints
// a JSON document instead (Restore, then PrintJson).
class DiscardedText {
 public:
  explicit DiscardedText(bool active);
  ~DiscardedText();
  DiscardedText(const DiscardedText&) = delete;
  DiscardedText& operator=(const DiscardedText&) = delete;
  void Restore();

 private:
  std::streambuf* saved_ = nullptr;
  std::ostringstream sink_;
};

}  // namespace vafa::cli

#endif  // VAFA_CLI_ANALYSIS_JSON_H_
