// The customer data quality report of a workspace (docs/quality.md): reads
// every live customer in pages of the customers table by id, with each
// customer's first purchase, into the quality tally and the duplicate scan
// (analytics/quality, analytics/duplicates); stores each run and answers it
// with the change since the run before (pipeline/quality_runs.h), as the
// JSON document the CLI prints and the API serves (pipeline/quality_json.h).
#ifndef VAFA_PIPELINE_CUSTOMER_QUALITY_H_
#define VAFA_PIPELINE_CUSTOMER_QUALITY_H_

#include <cstdint>
#include <nlohmann/json.hpp>

#include "analytics/quality/customer_quality.h"
#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

// The report on the workspace's customers now, not stored. `min_score` is
// the duplicate scan's threshold (its default unless told).
Result<analytics::quality::QualityReport> AssessCustomerQuality(
    store::Database& db, int64_t workspace_id, UnixSeconds now,
    double min_score);

// Assesses, stores the run and answers it with the change since the
// previous run (QualityRunJson).
Result<nlohmann::json> RunCustomerQuality(store::Database& db,
                                          int64_t workspace_id,
                                          UnixSeconds now);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CUSTOMER_QUALITY_H_
