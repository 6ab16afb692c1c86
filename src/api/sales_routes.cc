// Sales beyond the lead, deal and task records (those are in
// sales_records.cc): the pipelines, the board a kanban draws, the forecast
// by month against the targets, the conversion between stages, converting
// a lead, and the agenda of open tasks (docs/sales.md).

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "core/money.h"
#include "services/sales/agenda.h"
#include "services/sales/deal_board.h"
#include "services/sales/sales.h"
#include "store/record_table.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using store::TimeValue;

json StageJson(const services::sales::Stage& stage) {
  return {
      {"key", stage.key},
      {"name", stage.name},
      {"name_fa", stage.name_fa},
      {"probability", stage.probability},
      {"outcome", std::string(services::sales::DealStatusName(stage.outcome))}};
}

json PipelineJson(const services::sales::Pipeline& pipeline) {
  json stages = json::array();
  for (const auto& stage : pipeline.stages) stages.push_back(StageJson(stage));
  return {{"key", pipeline.key}, {"stages", stages}};
}

Result<services::sales::Pipeline> ParsePipeline(const std::string& key,
                                                const json& body) {
  VAFA_RETURN_IF_ERROR(RejectUnknownFields(body, {"stages"}));
  if (!body.contains("stages") || !body["stages"].is_array()) {
    return FieldError("stages", "stages is a list of stages");
  }
  services::sales::Pipeline pipeline;
  pipeline.key = key;
  for (size_t i = 0; i < body["stages"].size(); ++i) {
    const json& item = body["stages"][i];
    const std::string at = "stages[" + std::to_string(i) + "]";
    if (!item.is_object()) return FieldError(at, "a stage is an object");
    for (const auto& [name, value] : item.items()) {
      if (name != "key" && name != "name" && name != "name_fa" &&
          name != "probability" && name != "outcome") {
        return FieldError(at + "." + name, "unknown field \"" + name + "\"");
      }
      const bool number = name == "probability";
      if (number ? !value.is_number_integer() : !value.is_string()) {
        return FieldError(at + "." + name,
                          name + (number ? " is an integer" : " is text"));
      }
    }
    services::sales::Stage stage;
    stage.key = item.value("key", "");
    stage.name = item.value("name", stage.key);
    stage.name_fa = item.value("name_fa", "");
    stage.probability = item.value("probability", 0);
    auto outcome =
        services::sales::ParseDealStatus(item.value("outcome", "open"));
    if (!outcome) {
      return FieldError(at + ".outcome", "outcome is open, won or lost");
    }
    stage.outcome = *outcome;
    pipeline.stages.push_back(std::move(stage));
  }
  return pipeline;
}

// The deals' filter from ?pipeline=&owner_user_id=&team=.
Result<services::sales::DealFilter> FilterOf(const HttpRequest& request) {
  services::sales::DealFilter filter;
  filter.pipeline = request.Query("pipeline", "sales");
  VAFA_ASSIGN_OR_RETURN(auto owner, QueryInt(request, "owner_user_id"));
  filter.owner_user_id = owner.value_or(0);
  filter.team = request.Query("team");
  return filter;
}

Result<services::sales::SalesCalendar> CalendarOf(const HttpRequest& request) {
  const std::string name = request.Query("calendar", "jalali");
  if (name == "jalali") return services::sales::SalesCalendar::kJalali;
  if (name == "gregorian") return services::sales::SalesCalendar::kGregorian;
  return Status::Invalid("calendar is jalali or gregorian", "calendar");
}

json Ratio(double value) {
  return std::isfinite(value) && value >= 0 ? json(value) : json();
}

HttpResponse GetSalesPipelines(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kRead));
  VAFA_API_TRY(auto pipelines,
               services::sales::LoadPipelines(*scope.db, scope.workspace.id));
  json items = json::array();
  for (const auto& pipeline : pipelines) {
    items.push_back(PipelineJson(pipeline));
  }
  return JsonResponse(200, {{"items", items}});
}

// Creates or replaces a pipeline's stages (in board order).
HttpResponse PutSalesPipeline(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(
      Scope scope,
      OpenScope(context, request, Resource::kSalesSettings, Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(services::sales::Pipeline pipeline,
               ParsePipeline(request.params.at("name"), body));
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    json before;
    auto old = services::sales::LoadPipeline(*scope.db, scope.workspace.id,
                                             pipeline.key);
    if (old.ok()) before = PipelineJson(*old);
    VAFA_RETURN_IF_ERROR(
        services::sales::SavePipeline(*scope.db, scope.workspace.id, pipeline));
    return scope.Audit("update", "pipeline", scope.workspace.id, before,
                       PipelineJson(pipeline));
  }));
  return JsonResponse(200, PipelineJson(pipeline));
}

// The kanban: each stage with its deals (open ones all, up to 200 a
// stage; won and lost ones of the last 30 days) and their sums.
HttpResponse GetSalesBoard(const ApiContext& context,
                           const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kRead));
  VAFA_API_TRY(services::sales::DealFilter filter, FilterOf(request));
  VAFA_API_TRY(services::sales::Pipeline pipeline,
               services::sales::LoadPipeline(*scope.db, scope.workspace.id,
                                             filter.pipeline));
  const int64_t now = store::NowSeconds();
  json columns = json::array();
  std::map<std::string, size_t> column_of;
  for (const auto& stage : pipeline.stages) {
    json column = StageJson(stage);
    column["deals"] = json::array();
    column["count"] = 0;
    column["value_minor"] = 0;
    column["weighted_minor"] = 0;
    column_of[stage.key] = columns.size();
    columns.push_back(std::move(column));
  }
  VAFA_API_TRY(std::vector<services::sales::BoardDeal> deals,
               services::sales::DealsOnBoard(*scope.db, scope.workspace.id,
                                             filter, now - 30 * 86400));
  for (const services::sales::BoardDeal& deal : deals) {
    auto it = column_of.find(deal.stage);
    if (it == column_of.end()) continue;
    json& column = columns[it->second];
    const int64_t value = deal.value_minor;
    const int probability = static_cast<int>(deal.probability);
    const int64_t expected = deal.expected_close_at;
    column["count"] = column["count"].get<int64_t>() + 1;
    // Deal values come from clients: the stage sums are checked.
    std::optional<int64_t> stage_value =
        CheckedAdd(column["value_minor"].get<int64_t>(), value);
    std::optional<int64_t> stage_weighted =
        CheckedAdd(column["weighted_minor"].get<int64_t>(),
                   services::sales::Weighted(value, probability));
    if (!stage_value || !stage_weighted) {
      return ErrorResponse(FieldError(
          "value_minor", AmountOverflowMessage("the sum of the deals' "
                                               "value_minor in stage " +
                                               deal.stage)));
    }
    column["value_minor"] = *stage_value;
    column["weighted_minor"] = *stage_weighted;
    if (column["deals"].size() >= 200) continue;
    column["deals"].push_back(
        {{"id", deal.id},
         {"title", deal.title},
         {"customer_id", deal.customer_id},
         {"customer_name", deal.customer_name},
         {"value_minor", value},
         {"probability", probability},
         {"expected_close_at", expected},
         {"owner_user_id",
          deal.owner_user_id ? json(*deal.owner_user_id) : json()},
         {"team", deal.team ? json(*deal.team) : json()},
         {"version", deal.version},
         {"stage_entered_at", deal.stage_entered_at},
         {"status", deal.status},
         {"close_reason",
          deal.close_reason ? json(*deal.close_reason) : json()},
         {"overdue", deal.status == "open" && expected < now}});
  }
  return JsonResponse(200, {{"pipeline", pipeline.key}, {"stages", columns}});
}

// Months from ?from to ?to (default: this month and the next five).
HttpResponse GetSalesForecast(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kRead));
  VAFA_API_TRY(services::sales::DealFilter filter, FilterOf(request));
  VAFA_API_TRY(auto calendar, CalendarOf(request));
  VAFA_API_CHECK(services::sales::LoadPipeline(*scope.db, scope.workspace.id,
                                               filter.pipeline)
                     .status());
  const DayNumber today = DayOf(store::NowSeconds());
  VAFA_API_TRY(UnixSeconds from,
               QueryTime(request, "from", UnixSeconds{today} * 86400));
  const DayNumber first = DayOf(from);
  VAFA_API_TRY(UnixSeconds to,
               QueryTime(request, "to", UnixSeconds{first + 160} * 86400));
  const DayNumber last = DayOf(to);
  if (last < first || last - first > 3 * 366) {
    return ErrorResponse(
        Status::Invalid("to is after from, and at most three years on", "to"));
  }
  VAFA_API_TRY(auto deals, services::sales::LoadDealFacts(
                               *scope.db, scope.workspace.id, filter));
  VAFA_API_TRY(auto all_targets, services::sales::ListSalesTargets(
                                     *scope.db, scope.workspace.id, calendar));
  std::map<std::string, int64_t> targets;
  const std::string owner = filter.TargetOwner();
  for (const auto& target : all_targets) {
    if (target.owner == owner) targets[target.period] = target.amount_minor;
  }
  VAFA_API_TRY(services::sales::Forecast forecast,
               services::sales::ComputeForecast(deals, first, last, today,
                                                calendar, targets));
  json months = json::array();
  for (const auto& m : forecast.months) {
    months.push_back(
        {{"month", m.month},
         {"open_deals", m.open_deals},
         {"pipeline_minor", m.pipeline_minor},
         {"weighted_minor", m.weighted_minor},
         {"commit_minor", m.commit_minor},
         {"won_deals", m.won_deals},
         {"won_minor", m.won_minor},
         {"lost_deals", m.lost_deals},
         {"lost_minor", m.lost_minor},
         {"expected_minor", m.expected_minor},
         {"target_minor", m.target_minor < 0 ? json() : json(m.target_minor)},
         {"attainment", Ratio(m.attainment)}});
  }
  return JsonResponse(200, {{"pipeline", filter.pipeline},
                            {"owner", owner},
                            {"calendar", request.Query("calendar", "jalali")},
                            {"months", months},
                            {"open_deals", forecast.open_deals},
                            {"pipeline_minor", forecast.pipeline_minor},
                            {"weighted_minor", forecast.weighted_minor},
                            {"overdue_deals", forecast.overdue_deals},
                            {"overdue_minor", forecast.overdue_minor}});
}

HttpResponse GetSalesConversion(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kRead));
  VAFA_API_TRY(services::sales::DealFilter filter, FilterOf(request));
  VAFA_API_TRY(services::sales::Pipeline pipeline,
               services::sales::LoadPipeline(*scope.db, scope.workspace.id,
                                             filter.pipeline));
  VAFA_API_TRY(auto paths, services::sales::LoadDealPaths(
                               *scope.db, scope.workspace.id, filter));
  services::sales::Conversion conversion =
      services::sales::ComputeConversion(pipeline, paths);
  json stages = json::array();
  for (const auto& stage : conversion.stages) {
    stages.push_back({{"stage", stage.stage},
                      {"reached", stage.reached},
                      {"advanced", stage.advanced},
                      {"rate", stage.rate},
                      {"mean_days", Ratio(stage.mean_days)},
                      {"lost_here", conversion.lost_at.contains(stage.stage)
                                        ? conversion.lost_at.at(stage.stage)
                                        : 0}});
  }
  return JsonResponse(
      200, {{"pipeline", pipeline.key},
            {"stages", stages},
            {"open", conversion.open},
            {"won", conversion.won},
            {"lost", conversion.lost},
            {"win_rate", conversion.win_rate},
            {"mean_days_to_win", Ratio(conversion.mean_days_to_win)}});
}

HttpResponse GetSalesTargets(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kRead));
  VAFA_API_TRY(auto calendar, CalendarOf(request));
  VAFA_API_TRY(auto targets, services::sales::ListSalesTargets(
                                 *scope.db, scope.workspace.id, calendar));
  json items = json::array();
  for (const auto& t : targets) {
    items.push_back({{"period", t.period},
                     {"owner", t.owner},
                     {"amount_minor", t.amount_minor}});
  }
  return JsonResponse(200, {{"calendar", request.Query("calendar", "jalali")},
                            {"items", items}});
}

// Sets targets ({"targets":[{"period","owner","amount_minor"}]}); an
// amount of 0 removes one.
HttpResponse PutSalesTargets(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(
      Scope scope,
      OpenScope(context, request, Resource::kSalesSettings, Access::kWrite));
  VAFA_API_TRY(auto calendar, CalendarOf(request));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"targets"}));
  if (!body.contains("targets") || !body["targets"].is_array() ||
      body["targets"].size() > 5000) {
    return ErrorResponse(
        FieldError("targets", "targets is a list of up to 5000 targets"));
  }
  std::vector<services::sales::SalesTarget> targets;
  for (size_t i = 0; i < body["targets"].size(); ++i) {
    const json& item = body["targets"][i];
    const std::string at = "targets[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.value("period", json()).is_string() ||
        !item.value("amount_minor", json()).is_number_integer()) {
      return ErrorResponse(
          FieldError(at, "a target has a period and an integer amount_minor"));
    }
    targets.push_back({item["period"], item.value("owner", "all"),
                       item["amount_minor"].get<int64_t>()});
  }
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(services::sales::SaveSalesTargets(
        *scope.db, scope.workspace.id, calendar, targets));
    return scope.Audit("update", "sales_targets", scope.workspace.id, nullptr,
                       body);
  }));
  return JsonResponse(200, {{"saved", targets.size()}});
}

// Makes the lead a customer (or links it to customer_id) with an open deal.
HttpResponse ConvertLeadToDeal(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSales, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathRecordId(scope, request, "leads", "lead"));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(
      RejectUnknownFields(body, {"customer_id", "pipeline", "deal_title",
                                 "value_minor", "expected_close_at"}));
  services::sales::ConvertOptions options;
  VAFA_API_TRY(auto customer, OptionalInt(body, "customer_id"));
  options.customer_id = customer.value_or(0);
  if (options.customer_id != 0 &&
      !LiveRecordExists(scope, "customers", options.customer_id)) {
    return ErrorResponse(FieldError(
        "customer_id", "no customer " + std::to_string(options.customer_id)));
  }
  VAFA_API_TRY(auto pipeline, OptionalString(body, "pipeline"));
  options.pipeline = pipeline.value_or("sales");
  VAFA_API_TRY(auto title, OptionalString(body, "deal_title"));
  options.deal_title = title.value_or("");
  if (options.deal_title.size() > 300) {
    return ErrorResponse(
        FieldError("deal_title", "deal_title is at most 300 bytes"));
  }
  VAFA_API_TRY(auto value, OptionalInt(body, "value_minor"));
  if (value && *value < 0) {
    return ErrorResponse(FieldError("value_minor", "value_minor must be >= 0"));
  }
  options.value_minor = value.value_or(-1);
  if (body.contains("expected_close_at")) {
    VAFA_API_TRY(options.expected_close_at,
                 TimeValue(body["expected_close_at"], "expected_close_at"));
  }
  services::sales::LeadConversion conversion;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    auto done =
        services::sales::ConvertLead(*scope.db, scope.workspace.id, id, options,
                                     scope.caller.user.id, store::NowSeconds());
    if (!done.ok() && done.status().code() == StatusCode::kNotFound &&
        done.status().message().starts_with("pipeline")) {
      return FieldError("pipeline", done.status().message());
    }
    VAFA_ASSIGN_OR_RETURN(conversion, std::move(done));
    return scope.Audit("convert", "lead", id, nullptr,
                       json{{"customer_id", conversion.customer_id},
                            {"deal_id", conversion.deal_id}});
  }));
  return JsonResponse(201, {{"lead_id", id},
                            {"customer_id", conversion.customer_id},
                            {"customer_created", conversion.customer_created},
                            {"deal_id", conversion.deal_id}});
}

// Open tasks (the caller's, or ?owner_user_id=, or everyone's with
// ?owner_user_id=0): overdue, due today, and the next seven days.
HttpResponse GetAgenda(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTasks, Access::kRead));
  VAFA_API_TRY(auto owner, QueryInt(request, "owner_user_id"));
  const int64_t who = owner.value_or(scope.caller.user.id);
  const int64_t now = store::NowSeconds();
  // "Today" ends at midnight in Tehran (UTC+3:30).
  const int64_t tehran = 3 * 3600 + 1800;
  const int64_t day_end = ((now + tehran) / 86400 + 1) * 86400 - tehran;
  VAFA_API_TRY(std::vector<services::sales::AgendaTask> tasks,
               services::sales::AgendaTasks(*scope.db, scope.workspace.id, who,
                                            day_end + 7 * 86400));
  json overdue = json::array(), today = json::array(), upcoming = json::array();
  for (const services::sales::AgendaTask& item : tasks) {
    json task = {
        {"id", item.id},
        {"title", item.title},
        {"kind", item.kind},
        {"due_at", item.due_at},
        {"customer_id", item.customer_id ? json(*item.customer_id) : json()},
        {"customer_name", item.customer_id ? json(item.customer_name) : json()},
        {"deal_id", item.deal_id ? json(*item.deal_id) : json()},
        {"ticket_id", item.ticket_id ? json(*item.ticket_id) : json()},
        {"version", item.version},
        {"owner_user_id",
         item.owner_user_id ? json(*item.owner_user_id) : json()}};
    (item.due_at < now       ? overdue
     : item.due_at < day_end ? today
                             : upcoming)
        .push_back(std::move(task));
  }
  return JsonResponse(
      200, {{"overdue", overdue}, {"today", today}, {"upcoming", upcoming}});
}

}  // namespace

void AddSalesRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  router.Add("GET", ws + "/sales/pipelines",
             BindContext(context, GetSalesPipelines));
  router.Add("PUT", ws + "/sales/pipelines/{name}",
             BindContext(context, PutSalesPipeline));
  router.Add("GET", ws + "/sales/board", BindContext(context, GetSalesBoard));
  router.Add("GET", ws + "/sales/forecast",
             BindContext(context, GetSalesForecast));
  router.Add("GET", ws + "/sales/conversion",
             BindContext(context, GetSalesConversion));
  router.Add("GET", ws + "/sales/targets",
             BindContext(context, GetSalesTargets));
  router.Add("PUT", ws + "/sales/targets",
             BindContext(context, PutSalesTargets));
  router.Add("POST", ws + "/leads/{id}/convert",
             BindContext(context, ConvertLeadToDeal));
  router.Add("GET", ws + "/agenda", BindContext(context, GetAgenda));
}

}  // namespace vafa::api
