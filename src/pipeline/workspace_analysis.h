// One analysis of a transaction log, as `vafa analyze` and the server's
// analysis jobs run it: the per-customer summary, RFM, key customers and
// profitability, and lifetime value; and its storing into a workspace (the
// scores, the run, and the run's small reports, in one transaction).
#ifndef VAFA_PIPELINE_WORKSPACE_ANALYSIS_H_
#define VAFA_PIPELINE_WORKSPACE_ANALYSIS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "analytics/customer_summary.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/rfm.h"
#include "core/result.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/transaction_source.h"
#include "store/database.h"

namespace vafa::pipeline {

struct LogAnalysis {
  analytics::CustomerSummary summary;
  analytics::RfmScores rfm;
  analytics::KeyCustomers key;
  analytics::Profitability profitability;
  bool have_clv = false;
  ClvResult clv;
  std::string clv_note;  // why lifetime value is missing, if it is
};

struct LogAnalysisOptions {
  DayNumber as_of = 0;  // 0: the day after the last order
  std::string model = "bg_nbd";
  // What to compute; what is left out stays empty in LogAnalysis. The
  // summary is computed whenever anything else here needs it.
  bool summary = true;
  bool rfm = true;
  bool key_customers = true;
  bool profitability = true;
  bool lifetime_value = true;
  // The summary's distinct products, channels and branches (only the
  // summary report shows them): false leaves those columns empty.
  bool distinct_counts = true;
  // Called as each part above finishes, with its name ("summary", "rfm",
  // "key_customers", "profitability", "lifetime_value") and wall seconds:
  // what was computed, for `vafa analyze --timings` and its tests.
  std::function<void(std::string_view part, double seconds)> on_part;
  // AnalyzeLogInto only: called as each part's result is final in the
  // analysis being filled ("summary" also when the database computed it),
  // possibly on another thread while the next parts run, so that a caller
  // can start writing what that part and the ones before it computed.
  std::function<void(std::string_view part)> on_ready;
  // AnalyzeWorkspace only: also the churn models (a run of its own, kind
  // "churn"), when the history is long enough.
  bool churn = true;
  // AnalyzeWorkspace only: the per-customer summary computed by PostgreSQL
  // (database_summary.h) instead of loading every line. The reports that
  // read each order (KPIs, cohorts) and churn are then not made.
  bool aggregate_in_db = false;
  // AnalyzeWorkspace only: asked as each stage starts; true ends the
  // analysis there with kUnavailable (what earlier stages stored stays).
  // The server's analysis jobs stop so when the server does.
  std::function<bool()> stop_requested;
  int threads = 0;
};

Result<LogAnalysis> AnalyzeLog(const LoadedLog& loaded,
                               const LogAnalysisOptions& options);
// The same into `out` (empty), whose parts stay where they are: what
// options.on_ready announces may be read while the analysis goes on.
Status AnalyzeLogInto(const LoadedLog& loaded,
                      const LogAnalysisOptions& options, LogAnalysis& out);

// Writes the analysis's scores and small reports (KPIs and cohorts in both
// calendars, Pareto, matrix, CLV model) with their analysis_runs row.
// Returns the run id.
Result<int64_t> StoreAnalysis(store::Database& db, int64_t workspace_id,
                              const LoadedLog& loaded,
                              const LogAnalysis& analysis,
                              const LogAnalysisOptions& options,
                              int64_t started_at, int64_t duration_ms);

// The stages of AnalyzeWorkspace, reported as they start.
enum class AnalysisStage {
  kLoading,
  kAnalyzing,
  kLifetimeValue,
  kStoring,
  kChurn
};
const char* AnalysisStageName(AnalysisStage stage);

// Loads the workspace's orders, analyses them and stores the result; then
// (options.churn) the churn models, stored as a run of their own. Returns the
// analysis run's id. A history too short for churn skips it. The orders
// come from `orders_from` when given (a read replica: store/read_replicas.h),
// else from `db`; everything is written to `db`.
Result<int64_t> AnalyzeWorkspace(
    store::Database& db, int64_t workspace_id, LogAnalysisOptions options,
    const std::function<void(AnalysisStage)>& progress = {},
    store::Database* orders_from = nullptr);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_WORKSPACE_ANALYSIS_H_
