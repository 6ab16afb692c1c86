// The stored runs of the customer data quality report (quality_runs and
// quality_run_fields, migration 0015; docs/quality.md): each run's totals,
// its report as JSON and its per-field counts, so that a later run shows
// the change since this one. Rows of other workspaces are never read.
#ifndef VAFA_PIPELINE_QUALITY_RUNS_H_
#define VAFA_PIPELINE_QUALITY_RUNS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "analytics/quality/customer_quality.h"
#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct QualityRunRecord {
  int64_t id = 0;
  UnixSeconds ran_at = 0;
  int64_t customers = 0;
  int64_t customers_with_problems = 0;
  int64_t duplicate_pairs = 0;
  int64_t customers_in_duplicates = 0;
  nlohmann::json report;  // as QualityReportJson wrote it
  std::vector<analytics::quality::FieldQuality> fields;  // in Field order
};

// Stores a run in one transaction; returns its id.
Result<int64_t> SaveQualityRun(store::Database& db, int64_t workspace_id,
                               UnixSeconds ran_at,
                               const analytics::quality::QualityReport& report,
                               const nlohmann::json& report_json);

// The workspace's latest `limit` runs with ids up to `up_to_id`, newest
// first.
Result<std::vector<QualityRunRecord>> LatestQualityRuns(
    store::Database& db, int64_t workspace_id, int limit,
    int64_t up_to_id = INT64_MAX);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_QUALITY_RUNS_H_
