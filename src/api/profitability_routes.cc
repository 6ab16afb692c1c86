// A contractual workspace's profitability (docs/holdings.md, "Profitability
// per customer" and "Channel migration"):
//   GET, PUT …/holdings/profitability-settings: the rates (spreads, fees,
//     channel costs, each valid from a day); read by the roles that read
//     money figures, replaced whole by those that manage the workspace.
//   GET …/holdings/profitability[?from&to&limit&order]: the customers by
//     profit with the totals (money figures).
//   GET …/holdings/channel-migration[?from&to&period]: the channel shares
//     by month or quarter, for the workspace and each branch, and what the
//     moves saved (costs only for the roles that read money figures).
// The computation is the pipeline's; this file parses and answers.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/access.h"
#include "api/internal/holding_routes.h"
#include "api/json_io.h"
#include "core/dates.h"
#include "pipeline/contract_profitability.h"
#include "services/holdings/profitability_rates.h"
#include "services/holdings/profitability_rates_json.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using services::holdings::ProfitabilityRate;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

// The body's rates; a bad entry is a 422 naming its list, index and field.
Result<std::vector<ProfitabilityRate>> ParseSettings(const json& body) {
  auto rates = services::holdings::ParseProfitabilityRates(body);
  if (!rates.ok()) return AsFieldError(rates.status());
  return rates;
}

HttpResponse GetSettings(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMoneyScores,
                                      Access::kRead));
  VAFA_API_TRY(
      services::holdings::StoredProfitabilityRates stored,
      services::holdings::ProfitabilityRatesOf(*scope.db, scope.workspace.id));
  return JsonResponse(200, services::holdings::ProfitabilityRatesJson(stored));
}

HttpResponse PutSettings(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(std::vector<ProfitabilityRate> rates, ParseSettings(body));
  services::holdings::StoredProfitabilityRates after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(services::holdings::StoredProfitabilityRates before,
                          services::holdings::ProfitabilityRatesOf(
                              *scope.db, scope.workspace.id));
    VAFA_RETURN_IF_ERROR(services::holdings::ReplaceProfitabilityRates(
        *scope.db, scope.workspace.id, rates, store::NowSeconds()));
    VAFA_ASSIGN_OR_RETURN(after, services::holdings::ProfitabilityRatesOf(
                                     *scope.db, scope.workspace.id));
    return scope.Audit("update", "profitability_rates", scope.workspace.id,
                       services::holdings::ProfitabilityRatesJson(before),
                       services::holdings::ProfitabilityRatesJson(after));
  }));
  return JsonResponse(200, services::holdings::ProfitabilityRatesJson(after));
}

// from and to as days; absent ones default to the data.
Result<pipeline::ContractPeriod> RequestPeriod(
    const HttpRequest& request, const pipeline::LoadedContracts& loaded,
    bool whole_history = false) {
  std::optional<DayNumber> ends[2];
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    const std::string text = request.Query(names[i]);
    if (text.empty()) continue;
    auto at = ParseDateTime(text);
    if (!at.ok()) {
      return Status::Invalid(
          std::string(names[i]) + " \"" + text + "\": " + at.status().message(),
          names[i]);
    }
    ends[i] = DayOf(*at);
  }
  return pipeline::PeriodOf(loaded, ends[0], ends[1], whole_history);
}

HttpResponse GetProfitability(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMoneyScores,
                                      Access::kRead));
  VAFA_API_TRY(std::optional<int64_t> limit, QueryInt(request, "limit"));
  if (limit && (*limit < 1 || *limit > kMaxLimit)) {
    return ErrorResponse(Status::Invalid(
        "limit: from 1 to " + std::to_string(kMaxLimit), "limit"));
  }
  const std::string order = request.Query("order", "top");
  if (order != "top" && order != "bottom") {
    return ErrorResponse(Status::Invalid("order is top or bottom", "order"));
  }
  VAFA_API_TRY(pipeline::LoadedContracts loaded,
               pipeline::LoadContracts(*scope.db, scope.workspace.id));
  VAFA_API_TRY(pipeline::ContractPeriod period, RequestPeriod(request, loaded));
  VAFA_API_TRY(json body, pipeline::ContractProfitJson(
                              loaded, period,
                              static_cast<int>(limit.value_or(kDefaultLimit)),
                              order == "bottom"));
  return JsonResponse(200, body);
}

HttpResponse GetChannelMigration(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  const std::string length = request.Query("period", "quarter");
  if (length != "month" && length != "quarter") {
    return ErrorResponse(
        Status::Invalid("period is month or quarter", "period"));
  }
  VAFA_API_TRY(pipeline::LoadedContracts loaded,
               pipeline::LoadContracts(*scope.db, scope.workspace.id));
  VAFA_API_TRY(pipeline::ContractPeriod period,
               RequestPeriod(request, loaded, /*whole_history=*/true));
  VAFA_API_TRY(json body,
               pipeline::ChannelMigrationJson(
                   loaded, period,
                   length == "month" ? analytics::MigrationPeriod::kMonth
                                     : analytics::MigrationPeriod::kQuarter,
                   scope.Can(Resource::kMoneyScores, Access::kRead)));
  return JsonResponse(200, body);
}

}  // namespace

void AddProfitabilityRoutes(Router& router, const ApiContext& context) {
  const std::string holdings = "/api/v1/workspaces/{workspace}/holdings";
  router.Add("GET", holdings + "/profitability-settings",
             BindContext(context, GetSettings));
  router.Add("PUT", holdings + "/profitability-settings",
             BindContext(context, PutSettings));
  router.Add("GET", holdings + "/profitability",
             BindContext(context, GetProfitability));
  router.Add("GET", holdings + "/channel-migration",
             BindContext(context, GetChannelMigration));
}

}  // namespace vafa::api
