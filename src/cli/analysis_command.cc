// vafa analyze: the customer analytics on a workspace or straight on a
// transactions CSV: summary, RFM, key customers, profitability, retention
// KPIs, cohorts, lifetime value and market-basket rules. Prints a short
// reading, writes the reports as CSV, and (on a workspace) stores each
// customer's scores with a record of the run.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

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
#include "analytics/report_tables.h"
#include "analytics/rfm.h"
#include "cli/analysis_json.h"
#include "cli/analysis_source.h"
#include "cli/command.h"
#include "cli/malloc_reuse.h"
#include "cli/part_times.h"
#include "cli/xlsx_table.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/report_rendering.h"
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
  bool aggregate_in_db = false;
  bool timings = false;
};

// The reports that read each order, which a summary computed by the
// database does not bring (pipeline/database_summary.h).
const std::set<std::string> kOrderReports = {"kpis", "cohorts", "basket"};

// The reports asked for (every one but affinity by default).
Result<std::set<std::string>> WantedReports(const Flags& flags) {
  std::set<std::string> wanted(flags.reports.begin(), flags.reports.end());
  if (wanted.empty()) {
    wanted.insert(kReports.begin(), kReports.end());
    wanted.erase("affinity");
  } else if (wanted.count("affinity")) {
    return Status::Invalid(
        "the affinity of a product: vafa basket --affinity SKU", "report");
  }
  for (const std::string& r : wanted) {
    if (std::find(kReports.begin(), kReports.end(), r) == kReports.end()) {
      return Status::Invalid("unknown report \"" + r + "\"", "report");
    }
  }
  if (flags.aggregate_in_db) {
    if (!flags.reports.empty()) {
      for (const std::string& r : wanted) {
        if (kOrderReports.count(r)) {
          return Status::Invalid("report \"" + r +
                                     "\" reads each order; run it without "
                                     "--aggregate-in-db",
                                 "report");
        }
      }
    }
    for (const std::string& r : kOrderReports) wanted.erase(r);
  }
  return wanted;
}

// What one run of the command computed, for its reports and its reading.
struct AnalyzeRun {
  std::set<std::string> wanted;
  bool json = false;
  bool to_stdout = false;  // one report, straight to stdout
  Calendar calendar = Calendar::kGregorian;
  AnalysisSource source;
  ReportInputs needs;
  LogAnalysisOptions options;
  LogAnalysis analysis;
  RetentionKpis kpis;
  int64_t rule_count = -1;  // basket rules mined, -1: none
  int64_t stored_run = 0;   // the analysis run stored, 0: none
  PartTimes times{false};
};

// Writes each wanted report, made as its table by `make`, rendered to
// stdout or under --out as CSV (core/report_table_csv.h) or XLSX
// (WriteReportXlsx): the renderings the API and the kept reports use.
// Into CSV files, the reports are made and written by up to --threads
// workers while the caller goes on computing the next reports (each report
// alone; `make` reads only what is computed), and a table of many rows is
// formatted on every thread, block by block: a table of a million customers
// takes a few tenths of a second to build and as much to render. Finish()
// waits for them; call it before anything `make` refers to goes out of
// scope.
class ReportSink {
 public:
  ReportSink(const Flags& flags, const AnalyzeRun& run)
      : flags_(flags),
        run_(run),
        parallel_(flags.threads > 0
                      ? flags.threads
                      : std::max(1u, std::thread::hardware_concurrency())) {}
  ReportSink(const ReportSink&) = delete;
  ReportSink& operator=(const ReportSink&) = delete;
  ~ReportSink() { Finish(); }

  // Whether reports go to CSV files on the workers, where Write may be
  // called from any thread and returns at once.
  bool Queues() const {
    return !run_.to_stdout && !flags_.out.empty() && flags_.format != "xlsx";
  }
  // Writes report `name` unless it is not wanted or was written already.
  void Write(const std::string& name,
             std::function<Result<ReportTable>()> make) {
    if (!run_.wanted.count(name)) return;
    if (!run_.to_stdout && flags_.out.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!started_.insert(name).second) return;
      if (started_.size() == 1) first_start_ = std::chrono::steady_clock::now();
    }
    if (!Queues()) {
      WriteOne(name, make);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.emplace_back(name, std::move(make));
      if (workers_.size() < parallel_) {
        workers_.emplace_back([this] { Work(); });
      }
    }
    ready_.notify_one();
  }
  // When the first report was started, if one was.
  std::optional<std::chrono::steady_clock::time_point> first_start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_.empty()) return std::nullopt;
    return first_start_;
  }
  // Waits for every report started.
  void Finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
    for (std::thread& each : workers_) each.join();
    std::lock_guard<std::mutex> lock(mutex_);
    workers_.clear();
    closed_ = false;
  }
  // The first report that could not be written (after Finish).
  const Status& written() const { return written_; }

 private:
  using Job = std::pair<std::string, std::function<Result<ReportTable>()>>;
  // A worker: the queued reports one after another until Finish.
  void Work() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      WriteOne(job.first, job.second);
    }
  }
  void WriteOne(const std::string& name,
                const std::function<Result<ReportTable>()>& make) {
    Result<ReportTable> table = make();
    if (!table.ok()) return Failed(table.status());
    table->set_currency(run_.source.currency);
    if (run_.to_stdout) {
      RenderReportCsv(*table, std::cout, static_cast<int>(parallel_));
    } else if (flags_.format == "xlsx") {
      const std::string path =
          (std::filesystem::path(flags_.out) / (name + ".xlsx")).string();
      Status status = WriteReportXlsx(*table, path, flags_.rtl);
      if (!status.ok()) Failed(status);
    } else {
      std::ofstream file(std::filesystem::path(flags_.out) / (name + ".csv"));
      RenderReportCsv(*table, file, static_cast<int>(parallel_));
    }
  }
  void Failed(const Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (written_.ok()) written_ = status;
  }

  const Flags& flags_;
  const AnalyzeRun& run_;
  const size_t parallel_;
  std::vector<std::thread> workers_;
  std::deque<Job> queue_;
  std::set<std::string> started_;
  std::chrono::steady_clock::time_point first_start_;
  bool closed_ = false;
  std::mutex mutex_;
  std::condition_variable ready_;
  Status written_;
};

// The customer reports, each with the parts of the analysis it reads (as
// LogAnalysisOptions::on_ready names them).
struct CustomerReport {
  const char* name;
  std::vector<std::string_view> reads;
};
const std::vector<CustomerReport>& CustomerReports() {
  static const std::vector<CustomerReport> reports = {
      {"summary", {"summary"}},
      {"rfm", {"rfm"}},
      {"pareto", {"key_customers"}},
      {"value", {"key_customers", "profitability"}},
      {"matrix", {"profitability"}},
      {"segments", {"summary", "rfm", "profitability"}},
      {"abc", {"summary", "key_customers", "profitability"}}};
  return reports;
}

// Makes customer report `name`'s table from what `run` computed.
std::function<Result<ReportTable>()> CustomerReportMaker(
    const std::string& name, const AnalyzeRun& run) {
  // The run outlives the sink that calls these.
  const AnalyzeRun* r = &run;
  if (name == "summary") {
    return [r]() -> Result<ReportTable> {
      return CustomerSummaryTable(r->source.loaded.log.customer_keys,
                                  r->analysis.summary, r->source.currency);
    };
  }
  if (name == "rfm") {
    return [r]() -> Result<ReportTable> {
      return RfmTable(r->source.loaded.log.customer_keys, r->analysis.rfm);
    };
  }
  if (name == "pareto") {
    return
        [r]() -> Result<ReportTable> { return ParetoTable(r->analysis.key); };
  }
  if (name == "value") {
    return [r]() -> Result<ReportTable> {
      return CustomerValueTable(r->source.loaded.log.customer_keys,
                                r->analysis.key, r->analysis.profitability,
                                r->source.currency);
    };
  }
  if (name == "matrix") {
    return [r]() -> Result<ReportTable> {
      return MatrixTable(r->analysis.profitability, r->source.currency);
    };
  }
  if (name == "segments") {
    return [r]() -> Result<ReportTable> {
      return SegmentsTable(r->analysis.summary, r->analysis.rfm,
                           r->analysis.profitability, r->source.currency);
    };
  }
  return [r]() -> Result<ReportTable> {
    return AbcTable(r->analysis.summary, r->analysis.key,
                    r->analysis.profitability, r->source.currency);
  };
}

// Starts each customer report as soon as the parts it reads are computed,
// so that its writing runs beside the computing of the next parts (on a
// machine of two cores the parts after the summary leave one idle).
class EarlyCustomerReports {
 public:
  EarlyCustomerReports(const AnalyzeRun& run, ReportSink& sink)
      : run_(run), sink_(sink) {}
  // Called (on any thread) as `part` is ready.
  void Ready(std::string_view part) {
    std::vector<std::string> startable;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.insert(std::string(part));
      for (const CustomerReport& report : CustomerReports()) {
        if (std::all_of(report.reads.begin(), report.reads.end(),
                        [&](std::string_view read) {
                          return ready_.count(std::string(read)) > 0;
                        })) {
          startable.emplace_back(report.name);
        }
      }
    }
    for (const std::string& name : startable) {
      sink_.Write(name, CustomerReportMaker(name, run_));
    }
  }

 private:
  const AnalyzeRun& run_;
  ReportSink& sink_;
  std::mutex mutex_;
  std::set<std::string> ready_;
};

// The reports of the customers, their value and the retention figures
// (those started early are not written again).
void WriteCustomerReports(const Flags& flags, AnalyzeRun& run,
                          ReportSink& sink) {
  const TransactionLog& log = run.source.loaded.log;
  const std::string& currency = run.source.currency;
  for (const CustomerReport& report : CustomerReports()) {
    sink.Write(report.name, CustomerReportMaker(report.name, run));
  }
  const DayNumber as_of = run.source.as_of;
  if (run.needs.kpis || (run.json && !run.source.loaded.summary)) {
    run.kpis = run.times.Time("kpis", [&] {
      return ComputeRetentionKpis(log, as_of, run.calendar, flags.threads);
    });
    sink.Write("kpis", [&]() -> Result<ReportTable> {
      return RetentionKpisTable(run.kpis, currency);
    });
  }
  if (run.needs.cohorts) {
    CohortTable cohorts = run.times.Time("cohorts", [&] {
      return ComputeCohorts(log, as_of, run.calendar, flags.threads);
    });
    sink.Write("cohorts",
               [&]() -> Result<ReportTable> { return CohortsTable(cohorts); });
    sink.Finish();
  }
  sink.Finish();
}

// The lifetime value reports and the basket rules.
Status WriteModelReports(const Flags& flags, AnalyzeRun& run,
                         ReportSink& sink) {
  const TransactionLog& log = run.source.loaded.log;
  const ClvResult& clv = run.analysis.clv;
  if (run.analysis.have_clv) {
    const std::string& currency = run.source.currency;
    sink.Write("clv", [&]() -> Result<ReportTable> {
      return ClvTable(log, clv, currency);
    });
    sink.Write("clv_model",
               [&]() -> Result<ReportTable> { return ClvModelTable(clv); });
    sink.Write("clv_diagnostics", [&]() -> Result<ReportTable> {
      return ClvDiagnosticsTable(clv);
    });
    sink.Write("clv_distribution", [&]() -> Result<ReportTable> {
      return ClvDistributionTable(clv, currency);
    });
  }
  if (run.wanted.count("basket") && (run.to_stdout || !flags.out.empty())) {
    Status mined = Status::Ok();
    sink.Write("basket", [&]() -> Result<ReportTable> {
      auto rules = BasketRulesTable(run.source.loaded, flags.min_support,
                                    flags.threads, &run.rule_count);
      if (!rules.ok()) mined = rules.status();
      return rules;
    });
    sink.Finish();
    return mined;
  }
  sink.Finish();
  return Status::Ok();
}

nlohmann::json AnalysisDocument(const Flags& flags, const AnalyzeRun& run) {
  const TransactionLog& log = run.source.loaded.log;
  const LogAnalysis& analysis = run.analysis;
  const RetentionKpis& kpis = run.kpis;
  nlohmann::json document = {
      {"command", "analyze"},
      {"as_of", FormatGregorian(run.source.as_of)},
      {"currency", run.source.currency},
      {"customers", log.customer_count()},
      {"orders", run.source.loaded.order_count()},
      {"lines", run.source.loaded.line_count()},
      {"aggregated_in_db", run.source.loaded.summary.has_value()},
      {"lifetime_value", analysis.have_clv ? ClvResultJson(analysis.clv)
                                           : nlohmann::json(nullptr)},
      {"lifetime_value_note", analysis.clv_note.empty()
                                  ? nlohmann::json(nullptr)
                                  : nlohmann::json(analysis.clv_note)},
      {"basket_rules", run.rule_count >= 0 ? nlohmann::json(run.rule_count)
                                           : nlohmann::json(nullptr)},
      {"reports_folder",
       flags.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(flags.out)},
      {"scores_run", run.stored_run > 0 ? nlohmann::json(run.stored_run)
                                        : nlohmann::json(nullptr)}};
  nlohmann::json segment_counts = nlohmann::json::object();
  for (int32_t c = 0; c < analysis.summary.size(); ++c) {
    if (analysis.rfm.recency[c] == 0) continue;
    auto& count =
        segment_counts[std::string(RfmSegmentName(analysis.rfm.segment[c]))];
    count = count.is_null() ? 1 : count.get<int64_t>() + 1;
  }
  document["rfm_segments"] = std::move(segment_counts);
  document["last_complete_month"] = nullptr;
  if (kpis.size() > 1) {
    const size_t last = kpis.size() - 2;
    document["last_complete_month"] = {
        {"month", MonthLabel(kpis.month[last], run.calendar)},
        {"active_customers", kpis.active_customers[last]},
        {"new_customers", kpis.new_customers[last]},
        {"retention_rate", FiniteOrNull(kpis.retention_rate[last])},
        {"churn_rate", FiniteOrNull(kpis.churn_rate[last])}};
  }
  return document;
}

// The reading of what was computed, nothing more.
void PrintReading(const Flags& flags, const AnalyzeRun& run) {
  const TransactionLog& log = run.source.loaded.log;
  const LogAnalysis& analysis = run.analysis;
  const RetentionKpis& kpis = run.kpis;
  const DayNumber as_of = run.source.as_of;
  std::ostream& out = std::cout;
  out << log.customer_count() << " customers, "
      << run.source.loaded.order_count() << " orders, "
      << run.source.loaded.line_count() << " lines; as of "
      << FormatGregorian(as_of) << " (" << FormatJalali(as_of) << ")\n";
  if (run.options.key_customers) {
    out << ParetoSentence(analysis.key.revenue) << "\n";
  }
  if (run.options.rfm) {
    std::map<std::string, int64_t> segments;
    for (int32_t c = 0; c < analysis.summary.size(); ++c) {
      if (analysis.rfm.recency[c] != 0)
        ++segments[std::string(RfmSegmentName(analysis.rfm.segment[c]))];
    }
    out << "RFM segments:";
    for (auto& [name, n] : segments) out << " " << name << " " << n << ";";
    out << "\n";
  }
  if (kpis.size() > 1) {
    size_t last = kpis.size() - 2;  // the last complete month
    out << "Last complete month (" << MonthLabel(kpis.month[last], run.calendar)
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
  if (analysis.have_clv) {
    out << "Lifetime value: " << analysis.clv.description << "\n";
    for (const analytics::clv::FitDiagnostics& fit : analysis.clv.diagnostics) {
      if (fit.verdict.degenerate)
        out << "Warning (" << fit.model << "): " << fit.verdict.warning << "\n";
    }
  }
  if (!analysis.clv_note.empty()) out << analysis.clv_note << "\n";
  if (run.rule_count >= 0)
    out << "Basket rules: " << run.rule_count << " at support "
        << flags.min_support << "\n";
  if (run.source.loaded.summary) {
    out << "Summary computed by the database: KPIs, cohorts and basket "
           "rules need each order (run without --aggregate-in-db)\n";
  }
  if (!flags.out.empty()) out << "reports written to " << flags.out << "\n";
  if (run.stored_run > 0) {
    out << "scores stored (run " << run.stored_run << ")\n";
  }
}

// Loads the source and runs the models the wanted reports need; the JSON
// document and the stored scores state every per-customer figure.
// Customer reports that can go to files at once are started as their
// parts are ready (EarlyCustomerReports).
Status Analyze(CommandContext& context, const Flags& flags, AnalyzeRun& run,
               ReportSink& sink) {
  SourceFlags source_flags = flags.source;
  source_flags.threads = flags.threads;
  source_flags.aggregate_in_db = flags.aggregate_in_db;
  VAFA_ASSIGN_OR_RETURN(run.source, run.times.Time("load", [&] {
    return LoadAnalysisSource(context, source_flags);
  }));
  run.options.as_of = run.source.as_of;
  run.options.model = flags.model;
  run.options.threads = flags.threads;
  run.needs = InputsOfReports(
      std::vector<std::string>(run.wanted.begin(), run.wanted.end()));
  const bool everything =
      run.json || (run.source.db != nullptr && !flags.no_scores);
  run.options.summary = everything || run.needs.summary;
  run.options.rfm = everything || run.needs.rfm;
  run.options.key_customers = everything || run.needs.key_customers;
  run.options.profitability = everything || run.needs.profitability;
  run.options.lifetime_value = everything || run.needs.lifetime_value;
  run.options.distinct_counts = everything || run.needs.distinct_counts;
  run.options.on_part = [&run](std::string_view part, double seconds) {
    run.times.Done(part, seconds);
  };
  EarlyCustomerReports early(run, sink);
  if (sink.Queues()) {
    run.options.on_ready = [&early](std::string_view part) {
      early.Ready(part);
    };
  }
  Status analyzed =
      AnalyzeLogInto(run.source.loaded, run.options, run.analysis);
  run.options.on_ready = nullptr;
  return analyzed;
}

int Run(CommandContext& context, const Flags& flags) {
  const auto started = std::chrono::steady_clock::now();
  KeepFreedMemoryUntilExit();
  AnalyzeRun run;
  run.times = PartTimes(flags.timings);
  auto wanted = WantedReports(flags);
  if (!wanted.ok()) return Fail(wanted.status());
  run.wanted = std::move(wanted).value();
  run.json = flags.format == "json";
  run.to_stdout = !run.json && flags.out.empty() && flags.reports.size() == 1;
  if (!flags.out.empty()) std::filesystem::create_directories(flags.out);
  run.calendar =
      flags.calendar == "jalali" ? Calendar::kJalali : Calendar::kGregorian;
  Status mined = Status::Ok();
  {
    ReportSink sink(flags, run);
    Status analyzed = Analyze(context, flags, run, sink);
    if (!analyzed.ok()) return Fail(analyzed);
    // "reports": from the first report started (perhaps during the
    // computations) to the last written.
    const auto computed = std::chrono::steady_clock::now();
    WriteCustomerReports(flags, run, sink);
    mined = WriteModelReports(flags, run, sink);
    if (mined.ok()) mined = sink.written();
    run.times.Done("reports", std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() -
                                  sink.first_start().value_or(computed))
                                  .count());
  }
  if (!mined.ok()) return Fail(mined);

  // Scores and the small reports back into the store.
  if (run.source.db != nullptr && !flags.no_scores) {
    int64_t started_at = store::NowSeconds();
    int64_t duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
    auto run_id = StoreAnalysis(*run.source.db, run.source.workspace_id,
                                run.source.loaded, run.analysis, run.options,
                                started_at, duration_ms);
    if (!run_id.ok()) return Fail(run_id.status());
    run.stored_run = *run_id;
  }

  if (run.to_stdout) return 0;
  if (run.json) {
    PrintJson(AnalysisDocument(flags, run));
    return 0;
  }
  PrintReading(flags, run);
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
  analyze->add_flag(
      "--aggregate-in-db", flags->aggregate_in_db,
      "PostgreSQL computes the per-customer summary and sends one row per "
      "customer instead of every order line (PostgreSQL only; no kpis, "
      "cohorts or basket reports, which read each order)");
  analyze->add_flag("--timings", flags->timings,
                    "Print each part's wall time on stderr as it finishes "
                    "(timing <part> <seconds>): load, each computation and "
                    "the reports' writing; a part not named was not run");
  analyze->callback([&context, flags] {
    context.run = [&context, flags] { return Run(context, *flags); };
  });
}

}  // namespace vafa::cli
