// The JSON document of `vafa churn --format json`: what a churn result
// holds (training and holdout sizes, each model's holdout metrics, the
// chosen model, customers by risk band and by stage with the value at
// stake in the currency's major unit, timings), serialised in one place so
// that what the result learns to hold is added here alone.
#ifndef VAFA_CLI_CHURN_JSON_H_
#define VAFA_CLI_CHURN_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "analytics/churn/churn_model.h"

namespace vafa::cli {

nlohmann::json ChurnResultJson(const analytics::churn::ChurnResult& result,
                               int window_days, const std::string& currency,
                               int minor_digits);

}  // namespace vafa::cli

#endif  // VAFA_CLI_CHURN_JSON_H_
