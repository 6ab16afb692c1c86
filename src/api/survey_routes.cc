// Surveys (docs/surveys.md): the survey records, answers (one or a batch,
// all or none), the report with its breakdowns, and the readiness
// questionnaire.
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/internal/record_routes_internal.h"
#include "api/json_io.h"
#include "services/service/ticket_records.h"
#include "services/surveys/record_tables.h"
#include "services/surveys/surveys.h"
#include "store/record_table.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

Status PrepareSurvey(const Scope&, const json&, const json& before,
                     json& values) {
  const bool creating = before.is_null();
  if (!creating && values.contains("kind") &&
      values["kind"] != before["kind"]) {
    return FieldError("kind", "a survey keeps its kind");
  }
  if (creating) {
    if (!values.contains("status")) values["status"] = "open";
    if (!values.contains("min_group")) values["min_group"] = 5;
  }
  if (values.contains("min_group") &&
      (!values["min_group"].is_number_integer() ||
       values["min_group"].get<int64_t>() < 5 ||
       values["min_group"].get<int64_t>() > 1000)) {
    return FieldError("min_group",
                      "results are shown for groups of 5 or more; min_group "
                      "is 5 to 1000");
  }
  return Status::Ok();
}

// One answer of a request body; errors name "items[i].field" (or "field"
// for a single answer).
Result<services::surveys::SurveyAnswer> ParseAnswer(const Scope& scope,
                                                    const json& item,
                                                    const std::string& prefix) {
  if (!item.is_object()) return FieldError(prefix, "an answer is an object");
  static const char* const kKnown[] = {
      "customer_id", "ticket_id", "campaign_id", "group",   "channel",
      "branch",      "score",     "answers",     "comment", "answered_at"};
  for (const auto& [key, value] : item.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) ==
        std::end(kKnown)) {
      return FieldError(prefix + key, "unknown field \"" + key + "\"");
    }
  }
  services::surveys::SurveyAnswer answer;
  for (auto [name, into, table] :
       {std::tuple{"customer_id", &answer.customer_id, "customers"},
        std::tuple{"ticket_id", &answer.ticket_id, "tickets"},
        std::tuple{"campaign_id", &answer.campaign_id, "campaigns"}}) {
    if (!item.contains(name) || item[name].is_null()) continue;
    if (!item[name].is_number_integer()) {
      return FieldError(prefix + name, std::string(name) + " is an id");
    }
    *into = item[name].get<int64_t>();
    if (!LiveRecordExists(scope, table, *into)) {
      return FieldError(prefix + name,
                        "no " + std::string(name).substr(0, strlen(name) - 3) +
                            " " + std::to_string(*into));
    }
  }
  for (auto [name, into] : {std::pair{"group", &answer.group},
                            std::pair{"channel", &answer.channel},
                            std::pair{"branch", &answer.branch},
                            std::pair{"comment", &answer.comment}}) {
    if (!item.contains(name) || item[name].is_null()) continue;
    if (!item[name].is_string() ||
        item[name].get<std::string>().size() > 5000) {
      return FieldError(prefix + name, std::string(name) + " is text");
    }
    *into = item[name].get<std::string>();
  }
  if (item.contains("score") && !item["score"].is_null()) {
    if (!item["score"].is_number_integer()) {
      return FieldError(prefix + "score", "score is an integer");
    }
    answer.score = item["score"].get<int>();
  }
  if (item.contains("answers")) {
    if (!item["answers"].is_object()) {
      return FieldError(prefix + "answers", "answers map item keys to 1..7");
    }
    for (const auto& [key, value] : item["answers"].items()) {
      if (!value.is_number_integer()) {
        return FieldError(prefix + "answers." + key, "an answer is 1 to 7");
      }
      answer.answers[key] = value.get<int>();
    }
  }
  answer.answered_at = store::NowSeconds();
  if (item.contains("answered_at")) {
    VAFA_ASSIGN_OR_RETURN(
        answer.answered_at,
        TimeValue(item["answered_at"], prefix + "answered_at"));
  }
  return answer;
}

json SummaryJson(
    const std::optional<services::surveys::ScoreSummary>& summary) {
  if (!summary) return nullptr;
  return {{"responses", summary->responses},
          {"score", NumberOrNull(summary->score)},
          {"margin", NumberOrNull(summary->margin)},
          {"mean", NumberOrNull(summary->mean)},
          {"top", summary->top},
          {"bottom", summary->bottom}};
}

}  // namespace

EntityRoutes SurveyEntity() {
  EntityRoutes surveys;
  surveys.path = "surveys";
  surveys.resource = Resource::kSurveys;
  surveys.def = services::surveys::SurveyTable();
  surveys.prepare = PrepareSurvey;
  return surveys;
}

namespace {

// One answer, or {"items":[…]} of up to 5000, all or none.
HttpResponse PostSurveyResponses(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSurveys, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "survey"));
  VAFA_API_TRY(
      services::surveys::SurveyHead survey,
      services::surveys::LoadSurveyHead(*scope.db, scope.workspace.id, id));
  if (survey.status != "open") {
    return ErrorResponse(
        FieldError("status", "the survey is closed to answers"));
  }
  VAFA_API_TRY(json body, ParseJsonObject(request));
  std::vector<services::surveys::SurveyAnswer> answers;
  const bool batch = body.contains("items");
  const json items = batch ? body["items"] : json::array({body});
  if (batch && (body.size() != 1 || !items.is_array() || items.empty() ||
                items.size() > 5000)) {
    return ErrorResponse(
        FieldError("items", "items is a list of 1 to 5000 answers"));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = batch ? "items[" + std::to_string(i) + "]." : "";
    VAFA_API_TRY(services::surveys::SurveyAnswer answer,
                 ParseAnswer(scope, items[i], prefix));
    Status checked = services::surveys::CheckSurveyAnswer(survey.kind, answer);
    if (!checked.ok()) {
      return ErrorResponse(
          FieldError(prefix + checked.field(), checked.message()));
    }
    answers.push_back(std::move(answer));
  }
  json ids = json::array();
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    for (const auto& answer : answers) {
      VAFA_ASSIGN_OR_RETURN(int64_t response,
                            services::surveys::RecordSurveyAnswer(
                                *scope.db, scope.workspace.id, id, answer));
      ids.push_back(response);
      // A CSAT answer about a resolved ticket is its satisfaction
      // (the first one given stays).
      if (survey.kind == services::surveys::SurveyKind::kCsat &&
          answer.ticket_id != 0 && answer.score) {
        VAFA_RETURN_IF_ERROR(services::service::RecordTicketSatisfaction(
            *scope.db, scope.workspace.id, answer.ticket_id, *answer.score));
      }
    }
    // A pulse's answers are anonymous: the audit keeps the count only.
    return scope.Audit("answer", "survey", id, nullptr,
                       json{{"answers", answers.size()}});
  }));
  return JsonResponse(201, {{"recorded", answers.size()}, {"ids", ids}});
}

// ?by=month|branch|channel|segment|group, ?calendar=, ?from=, ?to=.
HttpResponse GetSurveyReport(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSurveys, Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "survey"));
  VAFA_API_TRY(
      services::surveys::SurveyHead survey,
      services::surveys::LoadSurveyHead(*scope.db, scope.workspace.id, id));
  auto by = services::surveys::ParseSurveyBreakdown(request.Query("by"));
  if (!by) {
    return ErrorResponse(Status::Invalid(
        "by is month, branch, channel, segment or group", "by"));
  }
  const std::string calendar = request.Query("calendar", "jalali");
  if (calendar != "jalali" && calendar != "gregorian") {
    return ErrorResponse(
        Status::Invalid("calendar is jalali or gregorian", "calendar"));
  }
  VAFA_API_TRY(UnixSeconds from, QueryTime(request, "from", 0));
  VAFA_API_TRY(UnixSeconds to,
               QueryTime(request, "to", store::NowSeconds() + 1));
  VAFA_API_TRY(services::surveys::SurveyReport report,
               services::surveys::ComputeSurveyReport(
                   *scope.db, scope.workspace.id, id, survey.kind,
                   survey.min_group, *by, calendar == "jalali", from, to));
  json groups = json::array();
  for (const auto& g : report.groups) {
    groups.push_back({{"key", g.key},
                      {"responses", g.responses},
                      {"withheld", !g.summary.has_value()},
                      {"summary", SummaryJson(g.summary)}});
  }
  json assessments = json::array();
  for (const auto& a : report.assessments) {
    json dimensions = json::object();
    for (const auto& [dimension, score] : a.result.dimensions) {
      dimensions[std::string(
          services::surveys::ReadinessDimensionName(dimension))] = score;
    }
    assessments.push_back(
        {{"id", a.response_id},
         {"answered_at", a.answered_at},
         {"group", a.group},
         {"dimensions", dimensions},
         {"overall", a.result.overall},
         {"weakest", std::string(services::surveys::ReadinessDimensionName(
                         a.result.weakest))}});
  }
  return JsonResponse(
      200,
      {{"survey_id", id},
       {"kind", std::string(services::surveys::SurveyKindName(survey.kind))},
       {"min_group", survey.min_group},
       {"responses", report.responses},
       {"overall", SummaryJson(report.overall)},
       {"by", request.Query("by", "none")},
       {"groups", groups},
       {"assessments", assessments}});
}

HttpResponse GetReadinessQuestionnaire(const ApiContext& context,
                                       const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kSurveys, Access::kRead));
  json items = json::array();
  for (const auto& item : services::surveys::ReadinessQuestionnaire()) {
    items.push_back(
        {{"key", item.key},
         {"dimension", std::string(services::surveys::ReadinessDimensionName(
                           item.dimension))},
         {"text_en", item.text_en},
         {"text_fa", item.text_fa}});
  }
  return JsonResponse(200,
                      {{"scale", {{"min", 1}, {"max", 7}}}, {"items", items}});
}

}  // namespace

void AddSurveyRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  router.Add("POST", ws + "/surveys/{id}/responses",
             BindContext(context, PostSurveyResponses));
  router.Add("GET", ws + "/surveys/{id}/report",
             BindContext(context, GetSurveyReport));
  router.Add("GET", ws + "/readiness/questionnaire",
             BindContext(context, GetReadinessQuestionnaire));
}

}  // namespace vafa::api
