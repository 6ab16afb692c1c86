// GET …/customers/{id}/holdings: what a contractual customer holds
// (docs/holdings.md): each holding with its product, dates, status, branch,
// relationship manager and latest balances, open holdings first. Read by
// the roles that read customers; the SQL is the holdings domain's.
#include "api/holding_routes.h"

#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/data_routes.h"
#include "api/json_io.h"
#include "services/holdings/holdings.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

constexpr int kMaxHoldings = 200;
constexpr int kDefaultBalances = 24;
constexpr int kMaxBalances = 400;

json BalanceJson(const services::HoldingBalance& balance) {
  return {{"as_of", balance.as_of},
          {"balance_minor", balance.balance_minor},
          {"credit_limit_minor", Nullable(balance.credit_limit_minor)},
          {"arrears_minor", Nullable(balance.arrears_minor)}};
}

json HoldingJson(const services::CustomerHolding& holding) {
  json balances = json::array();
  for (const auto& balance : holding.balances) {
    balances.push_back(BalanceJson(balance));
  }
  return {{"id", holding.id},
          {"external_id", holding.external_id},
          {"product",
           {{"code", holding.product_code},
            {"name", holding.product_name},
            {"type", holding.product_type}}},
          {"opened_on", holding.opened_on},
          {"closed_on", Nullable(holding.closed_on)},
          {"status", holding.status},
          {"branch", Nullable(holding.branch)},
          {"manager", Nullable(holding.manager)},
          {"balances", std::move(balances)}};
}

}  // namespace

void AddCustomerHoldingsRoute(Router& router, const ApiContext& context) {
  const std::string path =
      "/api/v1/workspaces/{workspace}/customers/{id}/holdings";
  router.Add("GET", path, [context](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                        Access::kRead));
    VAFA_API_TRY(store::Customer customer,
                 PathCustomer(scope, request, /*deleted_ok=*/true));
    VAFA_API_TRY(std::optional<int64_t> balances,
                 QueryInt(request, "balances"));
    const int64_t per_holding = balances.value_or(kDefaultBalances);
    if (per_holding < 1 || per_holding > kMaxBalances) {
      return ErrorResponse(Status::Invalid("balances: from 1 to " +
                                           std::to_string(kMaxBalances) +
                                           " latest balances per holding"));
    }
    VAFA_API_TRY(std::vector<services::CustomerHolding> held,
                 services::HoldingsOfCustomer(*scope.db, scope.workspace.id,
                                              customer.id, kMaxHoldings,
                                              static_cast<int>(per_holding)));
    json items = json::array();
    for (const auto& holding : held) items.push_back(HoldingJson(holding));
    return JsonResponse(200, json{{"items", std::move(items)}});
  });
}

}  // namespace vafa::api
