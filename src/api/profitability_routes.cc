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

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using services::ProfitabilityRate;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

// The three lists of the body, their subject and value fields.
struct RateList {
  std::string_view kind, list, subject, value;
};
constexpr RateList kLists[] = {
    {services::kSpreadRate, "spreads", "product_type", "basis_points"},
    {services::kFeeRate, "fees", "product_type", "monthly_fee_minor"},
    {services::kChannelCostRate, "channel_costs", "channel", "cost_minor"},
};

json SettingsJson(const services::StoredProfitabilityRates& stored) {
  json out = {{"defaults", stored.defaults},
              {"updated_at",
               stored.defaults ? json(nullptr) : json(stored.updated_at)}};
  for (const RateList& list : kLists) {
    json items = json::array();
    for (const ProfitabilityRate& rate : stored.rates) {
      if (rate.kind != list.kind) continue;
      items.push_back({{std::string(list.subject), rate.subject},
                       {"valid_from", rate.valid_from},
                       {std::string(list.value), rate.value}});
    }
    out[std::string(list.list)] = std::move(items);
  }
  return out;
}

// One entry of a list: {subject, valid_from, value}, every field required.
Result<ProfitabilityRate> ParseRate(const json& entry, const RateList& list,
                                    const std::string& place) {
  if (!entry.is_object()) {
    return FieldError(place, place + " is not an object");
  }
  for (const auto& [key, value] : entry.items()) {
    if (key != list.subject && key != "valid_from" && key != list.value) {
      return FieldError(
          place + "." + key,
          place + "." + key + " is not a field of " + std::string(list.list));
    }
  }
  ProfitabilityRate rate;
  rate.kind = std::string(list.kind);
  for (auto [field, target] :
       {std::pair{list.subject, &rate.subject},
        std::pair{std::string_view("valid_from"), &rate.valid_from}}) {
    const std::string name = place + "." + std::string(field);
    auto found = entry.find(std::string(field));
    if (found == entry.end() || !found->is_string()) {
      return FieldError(name, name + " is required, as text");
    }
    *target = found->get<std::string>();
  }
  const std::string name = place + "." + std::string(list.value);
  auto value = entry.find(std::string(list.value));
  if (value == entry.end() || !value->is_number_integer()) {
    return FieldError(name, name + " is required, as a whole number");
  }
  rate.value = value->get<int64_t>();
  return rate;
}

Result<std::vector<ProfitabilityRate>> ParseSettings(const json& body) {
  std::vector<std::string_view> known;
  for (const RateList& list : kLists) known.push_back(list.list);
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return FieldError(key, key +
                                 " is not a field (spreads, fees, "
                                 "channel_costs)");
    }
  }
  std::vector<ProfitabilityRate> rates;
  for (const RateList& list : kLists) {
    const std::string name(list.list);
    auto found = body.find(name);
    if (found == body.end() || !found->is_array()) {
      return FieldError(name, name + " is required, as a list");
    }
    for (size_t i = 0; i < found->size(); ++i) {
      VAFA_ASSIGN_OR_RETURN(
          ProfitabilityRate rate,
          ParseRate((*found)[i], list, name + "[" + std::to_string(i) + "]"));
      rates.push_back(std::move(rate));
    }
  }
  VAFA_RETURN_IF_ERROR(
      AsFieldError(services::ValidateProfitabilityRates(rates)));
  return rates;
}

HttpResponse GetSettings(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMoneyScores,
                                      Access::kRead));
  VAFA_API_TRY(services::StoredProfitabilityRates stored,
               services::ProfitabilityRatesOf(*scope.db, scope.workspace.id));
  return JsonResponse(200, SettingsJson(stored));
}

HttpResponse PutSettings(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(std::vector<ProfitabilityRate> rates, ParseSettings(body));
  services::StoredProfitabilityRates after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        services::StoredProfitabilityRates before,
        services::ProfitabilityRatesOf(*scope.db, scope.workspace.id));
    VAFA_RETURN_IF_ERROR(services::ReplaceProfitabilityRates(
        *scope.db, scope.workspace.id, rates, store::NowSeconds()));
    VAFA_ASSIGN_OR_RETURN(
        after, services::ProfitabilityRatesOf(*scope.db, scope.workspace.id));
    return scope.Audit("update", "profitability_rates", scope.workspace.id,
                       SettingsJson(before), SettingsJson(after));
  }));
  return JsonResponse(200, SettingsJson(after));
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
