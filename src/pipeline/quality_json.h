// The customer data quality report as JSON (docs/quality.md): the document
// `vafa quality --format json` prints, the API serves and quality_runs
// keeps. QualityReportJson is one run's figures; QualityRunJson adds the
// stored run's id and time, the overall figures of all fields together
// and, per field and in total, the change since the previous run (null
// when there is none); QualityHistoryJson lists runs with their totals, as
// the API's run list and `vafa quality --history` show them. Pure.
#ifndef VAFA_PIPELINE_QUALITY_JSON_H_
#define VAFA_PIPELINE_QUALITY_JSON_H_

#include <nlohmann/json.hpp>
#include <span>

#include "analytics/quality/customer_quality.h"
#include "pipeline/quality_runs.h"

namespace vafa::pipeline {

nlohmann::json QualityReportJson(
    const analytics::quality::QualityReport& report);

// `previous` may be null.
nlohmann::json QualityRunJson(const QualityRunRecord& latest,
                              const QualityRunRecord* previous);

// All fields' counts added up: completeness (filled among applicable),
// validity, consistency and score over every field and customer together.
analytics::quality::FieldQuality OverallQuality(
    std::span<const analytics::quality::FieldQuality> fields);

// {"items": [...]}: each run (newest first, as given) with its id, time,
// totals and overall figures, and the change in overall completeness and
// validity and in customers with a problem since the next older run given
// (null for the oldest).
nlohmann::json QualityHistoryJson(std::span<const QualityRunRecord> runs);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_QUALITY_JSON_H_
