// The customer data quality report over the API (quality_routes.cc,
// docs/quality.md): POST, GET …/quality/runs, GET …/quality/runs/latest and
// …/quality/runs/{id}. A run is synchronous and bounded: one at a time per
// workspace, on at most QualityRunMaxCustomers() customers (250,000 unless
// `vafa serve --quality-max-customers` says otherwise). Both settings are
// process-wide and thread-safe.
#ifndef VAFA_API_QUALITY_ROUTES_H_
#define VAFA_API_QUALITY_ROUTES_H_

#include <cstdint>

#include "api/access.h"
#include "api/http.h"

namespace vafa::api {

void AddQualityRoutes(Router& router, const ApiContext& context);

void SetQualityRunMaxCustomers(int64_t customers);
int64_t QualityRunMaxCustomers();

}  // namespace vafa::api

#endif  // VAFA_API_QUALITY_ROUTES_H_
