// The customer data quality report as JSON (docs/quality.md): the document
// `vafa quality --format json` prints, the API serves and quality_runs
// keeps. QualityReportJson is one run's figures; QualityRunJson adds the
// stored run's id and time and, per field and in total, the change since
// the previous run (null when there is none). Pure.
#ifndef VAFA_PIPELINE_QUALITY_JSON_H_
#define VAFA_PIPELINE_QUALITY_JSON_H_

#include <nlohmann/json.hpp>

#include "analytics/quality/customer_quality.h"
#include "pipeline/quality_runs.h"

namespace vafa::pipeline {

nlohmann::json QualityReportJson(
    const analytics::quality::QualityReport& report);

// `previous` may be null.
nlohmann::json QualityRunJson(const QualityRunRecord& latest,
                              const QualityRunRecord* previous);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_QUALITY_JSON_H_
