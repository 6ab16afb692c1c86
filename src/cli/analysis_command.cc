// vafa analyze: the customer analytics on a workspace or straight on a
// transactions CSV: summary, RFM, key customers, profitability, retention
// KPIs, cohorts, lifetime value and market-basket rules. Prints a short
// reading, writes the reports as CSV, and (on a workspace) stores each
// customer's scores with a record of the run.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "analytics/basket/association_rules.h"
#include "analytics/basket/basket_writers.h"
#include "analytics/basket/baskets.h"
#include "analytics/basket/frequent_itemsets.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/cohorts.h"
#include "analytics/customer_summary.h"
#include "analytics/kpi.h"
#include "analytics/pareto.h"
#include "analytics/period.h"
#include "analytics/profitability.h"
#include "analytics/report_csv.h"
#include "analytics/rfm.h"
#include "cli/analysis_json.h"
#include "cli/analysis_source.h"
#include "cli/command.h"
#include "cli/xlsx_table.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/score_writer.h"
#include "pipeline/transaction_source.h"
#include "pipeline/workspace_analysis.h"

namespace vafa::cli {
namespace {

// A share as a percentage with one decimal: 0.4567 -> "45.7%".
std::string FormatPercent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100);
  return text;
}

using namespace vafa::analytics;  // NOLINT: the command reads every model
using namespace vafa::pipeline;   // NOLINT: and the pipeline that loads and
                                  // stores them

const std::vector<std::string>& kReports = AnalysisReportNames();

struct Flags {
  SourceFlags source;
  std::string calendar = "gregorian";
  std::vector<std::string> reports;
  std::string out;
  bool rtl = false;
  int threads = 0;
  std::string model = "bg_nbd";
  std::string min_support = "0.5%";
  std::string format = "text";
  bool no_scores = false;
};

int Run(CommandContext& context, const Flags& flags) {
  const auto started = std::chrono::steady_clock::now();
  std::set<std::string> wanted(flags.reports.begin(), flags.reports.end());
  if (wanted.empty()) {
    wanted.insert(kReports.begin(), kReports.end());
    wanted.erase("affinity");
  } else if (wanted.count("affinity")) {
    return Fail(Status::Invalid(
        "the affinity of a product: vafa basket --affinity SKU", "report"));
  }
  for (const std::string& r : wanted) {
    if (std::find(kReports.begin(), kReports.end(), r) == kReports.end()) {
      return Fail(Status::Invalid("unknown report \"" + r + "\"", "report"));
    }
  }
  const bool json = flags.format == "json";
  const bool to_stdout =
      !json && flags.out.empty() && flags.reports.size() == 1;
  if (!flags.out.empty()) std::filesystem::create_directories(flags.out);
  Calendar calendar =
      flags.calendar == "jalali" ? Calendar::kJalali : Calendar::kGregorian;

  SourceFlags source_flags = flags.source;
  source_flags.threads = flags.threads;
  auto source = LoadAnalysisSource(context, source_flags);
  if (!source.ok()) return Fail(source.status());
  std::unique_ptr<store::Database>& db = source->db;
  const int64_t workspace_id = source->workspace_id;
  const LoadedLog& loaded = source->loaded;
  const TransactionLog& log = loaded.log;
  const DayNumber as_of = source->as_of;

  LogAnalysisOptions analysis_options;
  analysis_options.as_of = as_of;
  analysis_options.model = flags.model;
  analysis_options.threads = flags.threads;
  // Only what the wanted reports need; the JSON document and the stored
  // scores state every per-customer figure.
  const ReportInputs needs =
      InputsOfReports(std::vector<std::string>(wanted.begin(), wanted.end()));
  const bool everything = json || (db != nullptr && !flags.no_scores);
  analysis_options.summary = everything || needs.summary;
  analysis_options.rfm = everything || needs.rfm;
  analysis_options.key_customers = everything || needs.key_customers;
  analysis_options.profitability = everything || needs.profitability;
  analysis_options.lifetime_value = everything || needs.lifetime_value;
  auto analyzed = AnalyzeLog(loaded, analysis_options);
  if (!analyzed.ok()) return Fail(analyzed.status());
  const LogAnalysis& analysis = *analyzed;
  const CustomerSummary& summary = analysis.summary;
  const RfmScores& rfm = analysis.rfm;
  const KeyCustomers& key = analysis.key;
  const Profitability* profitability = &analysis.profitability;

  Status written;  // the first report that could not be written
  auto report_stream = [&](const std::string& name, auto&& write) {
    if (!wanted.count(name)) return;
    if (to_stdout) {
      write(std::cout);
    } else if (!flags.out.empty() && flags.format == "xlsx") {
      std::ostringstream csv;
      write(csv);
      const std::string path =
          (std::filesystem::path(flags.out) / (name + ".xlsx")).string();
      Status status = WriteCsvAsXlsx(csv.str(), path, name, flags.rtl);
      if (written.ok()) written = status;
    } else if (!flags.out.empty()) {
      std::ofstream file(std::filesystem::path(flags.out) / (name + ".csv"));
      write(file);
    }
  };
  report_stream("summary", [&](std::ostream& o) {
    WriteCustomerSummaryCsv(o, log.customer_keys, summary);
  });
  report_stream(
      "rfm", [&](std::ostream& o) { WriteRfmCsv(o, log.customer_keys, rfm); });
  report_stream("pareto", [&](std::ostream& o) { WriteParetoCsv(o, key); });
  report_stream("value", [&](std::ostream& o) {
    WriteCustomerValueCsv(o, log.customer_keys, key, *profitability);
  });
  report_stream("matrix",
                [&](std::ostream& o) { WriteMatrixCsv(o, *profitability); });
  report_stream("segments", [&](std::ostream& o) {
    WriteSegmentsCsv(o, summary, rfm, *profitability);
  });
  report_stream("abc", [&](std::ostream& o) {
    WriteAbcCsv(o, summary, key, *profitability);
  });
  RetentionKpis kpis;
  if (needs.kpis || json) {
    kpis = ComputeRetentionKpis(log, as_of, calendar, flags.threads);
    report_stream("kpis",
                  [&](std::ostream& o) { WriteRetentionKpisCsv(o, kpis); });
  }
  if (needs.cohorts) {
    CohortTable cohorts = ComputeCohorts(log, as_of, calendar, flags.threads);
    report_stream("cohorts",
                  [&](std::ostream& o) { WriteCohortsCsv(o, cohorts); });
  }
  const bool have_clv = analysis.have_clv;
  const ClvResult& clv = analysis.clv;
  const std::string& clv_note = analysis.clv_note;
  if (have_clv) {
    report_stream("clv", [&](std::ostream& o) { WriteClvCsv(o, log, clv); });
    report_stream("clv_model",
                  [&](std::ostream& o) { WriteClvModelCsv(o, clv); });
    report_stream("clv_diagnostics",
                  [&](std::ostream& o) { WriteClvDiagnosticsCsv(o, clv); });
    report_stream("clv_distribution",
                  [&](std::ostream& o) { WriteClvDistributionCsv(o, clv); });
  }
  int64_t rule_count = -1;
  if (wanted.count("basket") && (to_stdout || !flags.out.empty())) {
    Status mined = Status::Ok();
    report_stream("basket", [&](std::ostream& o) {
      mined = WriteBasketRules(o, loaded, flags.min_support, flags.threads,
                               &rule_count);
    });
    if (!mined.ok()) return Fail(mined);
  }

  // Scores and the small reports back into the store.
  std::string stored;
  int64_t stored_run = 0;
  if (db != nullptr && !flags.no_scores) {
    int64_t started_at = store::NowSeconds();
    int64_t duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
    auto run_id = StoreAnalysis(*db, workspace_id, loaded, analysis,
                                analysis_options, started_at, duration_ms);
    if (!run_id.ok()) return Fail(run_id.status());
    stored_run = *run_id;
    stored = "scores stored (run " + std::to_string(*run_id) + ")";
  }

  if (!written.ok()) return Fail(written);
  if (to_stdout) return 0;
  if (json) {
    nlohmann::json document = {
        {"command", "analyze"},
        {"as_of", FormatGregorian(as_of)},
        {"currency", source->currency},
        {"customers", log.customer_count()},
        {"orders", log.order_count()},
        {"lines", log.line_count()},
        {"lifetime_value",
         have_clv ? ClvResultJson(clv) : nlohmann::json(nullptr)},
        {"lifetime_value_note",
         clv_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(clv_note)},
        {"basket_rules", rule_count >= 0 ? nlohmann::json(rule_count)
                                         : nlohmann::json(nullptr)},
        {"reports_folder", flags.out.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(flags.out)},
        {"scores_run", stored_run > 0 ? nlohmann::json(stored_run)
                                      : nlohmann::json(nullptr)}};
    nlohmann::json segment_counts = nlohmann::json::object();
    for (int32_t c = 0; c < summary.size(); ++c) {
      if (rfm.recency[c] == 0) continue;
      auto& count = segment_counts[std::string(RfmSegmentName(rfm.segment[c]))];
      count = count.is_null() ? 1 : count.get<int64_t>() + 1;
    }
    document["rfm_segments"] = std::move(segment_counts);
    document["last_complete_month"] = nullptr;
    if (kpis.size() > 1) {
      const size_t last = kpis.size() - 2;
      auto share = [](double v) {
        return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
      };
      document["last_complete_month"] = {
          {"month", MonthLabel(kpis.month[last], calendar)},
          {"active_customers", kpis.active_customers[last]},
          {"new_customers", kpis.new_customers[last]},
          {"retention_rate", share(kpis.retention_rate[last])},
          {"churn_rate", share(kpis.churn_rate[last])}};
    }
    PrintJson(document);
    return 0;
  }
  std::ostream& out = std::cout;
  out << log.customer_count() << " customers, " << log.order_count()
      << " orders, " << log.line_count() << " lines; as of "
      << FormatGregorian(as_of) << " (" << FormatJalali(as_of) << ")\n";
  // The reading of what was computed, nothing more.
  if (analysis_options.key_customers) {
    out << ParetoSentence(key.revenue) << "\n";
  }
  if (analysis_options.rfm) {
    std::map<std::string, int64_t> segments;
    for (int32_t c = 0; c < summary.size(); ++c) {
      if (rfm.recency[c] != 0)
        ++segments[std::string(RfmSegmentName(rfm.segment[c]))];
    }
    out << "RFM segments:";
    for (auto& [name, n] : segments) out << " " << name << " " << n << ";";
    out << "\n";
  }
  if (kpis.size() > 1) {
    size_t last = kpis.size() - 2;  // the last complete month
    out << "Last complete month (" << MonthLabel(kpis.month[last], calendar)
        << "): active " << kpis.active_customers[last] << ", new "
        << kpis.new_customers[last];
    // Retention is a share of the month before's active customers; with
    // none there is no rate to give, and an empty figure would say nothing.
    if (std::isnan(kpis.retention_rate[last])) {
      out << ", retention and churn not defined (no customer was active the "
             "month before)\n";
    } else {
      out << ", retention " << FormatPercent(kpis.retention_rate[last])
          << ", churn " << FormatPercent(kpis.churn_rate[last]) << "\n";
    }
  }
  if (have_clv) {
    out << "Lifetime value: " << clv.description << "\n";
    for (const clv::FitDiagnostics& fit : clv.diagnostics) {
      if (fit.verdict.degenerate)
        out << "Warning (" << fit.model << "): " << fit.verdict.warning << "\n";
    }
  }
  if (!clv_note.empty()) out << clv_note << "\n";
  if (rule_count >= 0)
    out << "Basket rules: " << rule_count << " at support " << flags.min_support
        << "\n";
  if (!flags.out.empty()) out << "reports written to " << flags.out << "\n";
  if (!stored.empty()) out << stored << "\n";
  return 0;
}

}  // namespace

void AddAnalysisCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<Flags>();
  CLI::App* analyze =
      app.add_subcommand("analyze",
                         "Customer analytics on the workspace (scores stored) "
                         "or on a transactions CSV");
  AddSourceOptions(*analyze, flags->source);
  analyze
      ->add_option("--calendar", flags->calendar, "Months for KPIs and cohorts")
      ->capture_default_str()
      ->check(CLI::IsMember({"gregorian", "jalali"}));
  analyze->add_option(
      "--report", flags->reports,
      "Reports to produce (repeatable): summary rfm segments pareto abc value "
      "matrix kpis cohorts clv clv_distribution clv_model clv_diagnostics "
      "basket; one report "
      "without --out goes to stdout");
  analyze->add_option("--out", flags->out,
                      "Write each report as FOLDER/<report>.csv (or .xlsx)");
  analyze
      ->add_option("--format", flags->format,
                   "text (reports as CSV), xlsx (reports written with --out "
                   "as workbooks, numbers as numbers) or json (one JSON "
                   "document on stdout for scripts)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "csv", "xlsx", "json"}));
  analyze->add_flag("--rtl", flags->rtl, "Right-to-left .xlsx sheets");
  analyze->add_option("--threads", flags->threads, "Threads (0: all cores)");
  analyze
      ->add_option("--model", flags->model,
                   "Purchase model: bg_nbd, mbg_nbd, pareto_nbd")
      ->capture_default_str();
  analyze
      ->add_option("--min-support", flags->min_support,
                   "Basket support: a count, a fraction or a percentage")
      ->capture_default_str();
  analyze->add_flag("--no-scores", flags->no_scores,
                    "Do not store scores in the workspace");
  analyze->callback([&context, flags] {
    context.run = [&context, flags] { return Run(context, *flags); };
  });
}

}  // namespace vafa::cli
