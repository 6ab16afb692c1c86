// Writes an analysis run's per-customer results into the scores table (the
// latest value of each named score per customer) with its analysis_runs
// row, in one transaction: the scores named in the run replace the previous
// run's values of those names, and nothing is half-written.
#ifndef VAFA_PIPELINE_SCORE_WRITER_H_
#define VAFA_PIPELINE_SCORE_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/report_table.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct ScoreColumn {
  std::string name;                // e.g. "rfm_segment"
  std::vector<double> value;       // per customer; NaN = no value
  std::vector<std::string> label;  // per customer or empty; "" = no label
};

// A small report kept with the run (the analysis_reports table): its
// calendar ("gregorian", "jalali", or "" when it has none) and its table,
// named by the report (kept as report_storage.h says).
struct StoredReport {
  std::string calendar;
  ReportTable table;
};

struct AnalysisRun {
  std::string kind = "analyze";
  std::string parameters;        // JSON
  std::string data_fingerprint;  // what the run read
  int64_t started_at = 0;
  int64_t duration_ms = 0;
  std::string summary;                // JSON
  std::vector<StoredReport> reports;  // replace the previous run's
};

// `customer_ids` are store ids, one per row of every column. Returns the
// run id. The run's reports replace those of the same name and calendar.
Result<int64_t> WriteScores(store::Database& db, int64_t workspace_id,
                            const std::vector<int64_t>& customer_ids,
                            const std::vector<ScoreColumn>& columns,
                            const AnalysisRun& run);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_SCORE_WRITER_H_
