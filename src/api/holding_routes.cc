// GET …/customers/{id}/holdings: what a contractual customer holds
// (docs/holdings.md): each holding with its product, dates, status, branch,
// relationship manager and latest balances, open holdings first. GET
// …/customers/{id}/next-product: the three products `vafa next-product`
// stored as the customer's likeliest next openings, with the holdout
// figures of its latest run. Read by the roles that read customers; the SQL
// is the holdings domain's and the pipeline's. GET …/holdings/overview: the
// bank dashboard's figures, for the roles that read analytics (balances
// only for those that read money figures).
#include "api/internal/holding_routes.h"

#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "pipeline/run_reads.h"
#include "pipeline/score_reads.h"
#include "services/holdings/holdings.h"
#include "services/holdings/holdings_overview.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

constexpr int kMaxHoldings = 200;
constexpr int kDefaultBalances = 24;
constexpr int kMaxBalances = 400;

json BalanceJson(const services::holdings::HoldingBalance& balance) {
  return {{"as_of", balance.as_of},
          {"balance_minor", balance.balance_minor},
          {"credit_limit_minor", Nullable(balance.credit_limit_minor)},
          {"arrears_minor", Nullable(balance.arrears_minor)}};
}

json HoldingJson(const services::holdings::CustomerHolding& holding) {
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

constexpr int kSuggestions = 3;  // next_product_1 .. next_product_3

// The holdout figures of the latest next_product run; null when none.
Result<json> NextProductEvaluation(store::Database& db, int64_t workspace_id) {
  VAFA_ASSIGN_OR_RETURN(
      std::optional<pipeline::RunWithSummary> stored,
      pipeline::LatestRunOfKind(db, workspace_id, "next_product"));
  if (!stored) return json(nullptr);
  const json summary = json::parse(stored->summary, nullptr, false);
  if (summary.is_discarded() || !summary.contains("evaluation")) {
    return json(nullptr);
  }
  const json& e = summary["evaluation"];
  return json{{"as_of", summary.value("as_of", "")},
              {"cutoff", e.value("cutoff", "")},
              {"holdout_customers", e.value("holdout_customers", int64_t{0})},
              {"hit_at_1", e["model"].value("hit_at_1", 0.0)},
              {"hit_at_3", e["model"].value("hit_at_3", 0.0)},
              {"popular_hit_at_1", e["popularity"].value("hit_at_1", 0.0)},
              {"popular_hit_at_3", e["popularity"].value("hit_at_3", 0.0)}};
}

Result<json> NextProductJson(store::Database& db, int64_t workspace_id,
                             int64_t customer_id) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::CustomerScore> scores,
      pipeline::ScoresForCustomer(db, workspace_id, customer_id));
  VAFA_ASSIGN_OR_RETURN(
      auto names, services::holdings::ProductNamesByCode(db, workspace_id));
  json items = json::array();
  json computed_at = nullptr;
  for (int rank = 1; rank <= kSuggestions; ++rank) {
    const std::string name = "next_product_" + std::to_string(rank);
    for (const pipeline::CustomerScore& score : scores) {
      if (score.name != name || !score.label || !score.value) continue;
      auto product = names.find(*score.label);
      items.push_back({{"rank", rank},
                       {"product",
                        {{"code", *score.label},
                         {"name", product == names.end() ? *score.label
                                                         : product->second}}},
                       {"probability", *score.value}});
      computed_at = score.computed_at;
    }
  }
  VAFA_ASSIGN_OR_RETURN(json evaluation,
                        NextProductEvaluation(db, workspace_id));
  return json{{"items", std::move(items)},
              {"computed_at", std::move(computed_at)},
              {"evaluation", std::move(evaluation)}};
}

}  // namespace

void AddCustomerNextProductRoute(Router& router, const ApiContext& context) {
  const std::string path =
      "/api/v1/workspaces/{workspace}/customers/{id}/next-product";
  router.Add("GET", path, [context](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                        Access::kRead));
    VAFA_API_TRY(store::Customer customer,
                 PathCustomer(scope, request, /*deleted_ok=*/true));
    VAFA_API_TRY(json body,
                 NextProductJson(*scope.db, scope.workspace.id, customer.id));
    return JsonResponse(200, body);
  });
}

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
    VAFA_API_TRY(std::vector<services::holdings::CustomerHolding> held,
                 services::holdings::HoldingsOfCustomer(
                     *scope.db, scope.workspace.id, customer.id, kMaxHoldings,
                     static_cast<int>(per_holding)));
    json items = json::array();
    for (const auto& holding : held) items.push_back(HoldingJson(holding));
    return JsonResponse(200, json{{"items", std::move(items)}});
  });
}

void AddHoldingsOverviewRoute(Router& router, const ApiContext& context) {
  const std::string path = "/api/v1/workspaces/{workspace}/holdings/overview";
  router.Add("GET", path, [context](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                        Access::kRead));
    const std::string calendar = request.Query("calendar", "gregorian");
    if (calendar != "gregorian" && calendar != "jalali") {
      return ErrorResponse(
          Status::Invalid("calendar is gregorian or jalali", "calendar"));
    }
    VAFA_API_TRY(services::holdings::HoldingsOverview overview,
                 services::holdings::OverviewOfHoldings(
                     *scope.db, scope.workspace.id, calendar == "jalali"));
    const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
    json by_type = json::array();
    for (const auto& figures : overview.by_type) {
      by_type.push_back(
          {{"type", figures.type},
           {"open_holdings", figures.open_holdings},
           {"customers", figures.customers},
           {"balance", money ? json(figures.balance_minor) : json(nullptr)}});
    }
    json by_month = json::array();
    for (const auto& month : overview.by_month) {
      by_month.push_back({{"month", month.month},
                          {"opened", month.opened},
                          {"closed", month.closed}});
    }
    return JsonResponse(
        200, json{{"customers_holding", overview.customers_holding},
                  {"customers_closed", overview.customers_closed},
                  {"balances_as_of", overview.balances_as_of.empty()
                                         ? json(nullptr)
                                         : json(overview.balances_as_of)},
                  {"by_type", std::move(by_type)},
                  {"by_month", std::move(by_month)}});
  });
}

}  // namespace vafa::api
