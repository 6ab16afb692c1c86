// The response and uplift models through the API: training as a job
// (response_jobs.h), the latest run's evaluation, and the audiences they
// offer a new campaign with what to expect of them (response_routes.cc,
// docs/api.md).
#ifndef VAFA_API_RESPONSE_ROUTES_H_
#define VAFA_API_RESPONSE_ROUTES_H_

#include "api/access.h"

namespace vafa::api {

void AddResponseRoutes(Router& router, const ApiContext& context);

}  // namespace vafa::api

#endif  // VAFA_API_RESPONSE_ROUTES_H_
