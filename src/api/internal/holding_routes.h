// The holdings routes (docs/holdings.md): GET …/customers/{id}/holdings and
// GET …/customers/{id}/next-product, added by AddCustomerRoutes beside the
// customer's other reads.
#ifndef VAFA_API_HOLDING_ROUTES_H_
#define VAFA_API_HOLDING_ROUTES_H_

#include "api/access.h"

namespace vafa::api {

void AddCustomerHoldingsRoute(Router& router, const ApiContext& context);
void AddCustomerNextProductRoute(Router& router, const ApiContext& context);
void AddHoldingsOverviewRoute(Router& router, const ApiContext& context);
// profitability_routes.cc: the rates, profitability per customer and
// channel migration of a contractual workspace.
void AddProfitabilityRoutes(Router& router, const ApiContext& context);

}  // namespace vafa::api

#endif  // VAFA_API_HOLDING_ROUTES_H_
