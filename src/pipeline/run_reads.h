// Reads of what analysis runs leave in the store besides scores: the runs
// themselves (analysis_runs) and the small reports a run keeps
// (analysis_reports), both written by score_writer.h. Rows of other
// workspaces are never read.
#ifndef VAFA_PIPELINE_RUN_READS_H_
#define VAFA_PIPELINE_RUN_READS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/report_table.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct AnalysisRunRecord {
  int64_t id = 0;
  std::string kind;        // analyze | churn | ...
  std::string parameters;  // JSON text, as the run stored it
  std::string data_fingerprint;
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> finished_at;  // nullopt: not finished
  std::optional<int64_t> duration_ms;
  std::string status;
};
// The workspace's latest `limit` runs of any kind, newest first.
Result<std::vector<AnalysisRunRecord>> LatestAnalysisRuns(store::Database& db,
                                                          int64_t workspace_id,
                                                          int limit);

// The workspace's latest finished run of `kind` with its summary (JSON
// text, as the run stored it); nullopt when there is none.
struct RunWithSummary {
  AnalysisRunRecord run;
  std::string summary;
};
Result<std::optional<RunWithSummary>> LatestRunOfKind(store::Database& db,
                                                      int64_t workspace_id,
                                                      const std::string& kind);

// A report as the run that computed it kept it: a typed table (read from
// the stored table, or from the CSV of a report kept before migration 0025
// by the report's declared columns, pipeline/report_columns.h).
struct KeptReport {
  ReportTable table;
  int64_t run_id = 0;
  UnixSeconds finished_at = 0;  // 0: the run has not finished
};
// The kept copy of report `name` in `calendar` ("" for a report without
// one); nullopt when no run kept it.
Result<std::optional<KeptReport>> KeptReportOf(store::Database& db,
                                               int64_t workspace_id,
                                               const std::string& name,
                                               const std::string& calendar);

// Whether the workspace has an order (deleted ones included) for an
// analysis to read; a bank's customers hold products instead.
Result<bool> WorkspaceHasOrders(store::Database& db, int64_t workspace_id);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_RUN_READS_H_
