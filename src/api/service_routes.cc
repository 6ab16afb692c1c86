// The service desk beyond the ticket records (those are in
// ticket_records.cc): replies and internal notes on a ticket, the
// workspace's SLA targets and holidays, and the service report.
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/data_routes.h"
#include "api/json_io.h"
#include "services/service/tickets.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json Number(double value) { return std::isnan(value) ? json() : json(value); }

json SettingsJson(const std::vector<services::Holiday>& holidays,
                  const services::SlaPolicy& policy) {
  json days = json::array();
  for (const auto& holiday : holidays) {
    days.push_back(
        {{"day", FormatGregorian(holiday.day)}, {"name", holiday.name}});
  }
  json targets = json::object();
  for (auto p : {services::Priority::kLow, services::Priority::kNormal,
                 services::Priority::kHigh, services::Priority::kUrgent}) {
    targets[std::string(services::PriorityName(p))] = {
        {"first_response_minutes", policy.For(p).first_response_minutes},
        {"resolution_minutes", policy.For(p).resolution_minutes}};
  }
  return {{"work_week",
           "Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday "
           "closed (Asia/Tehran)"},
          {"holidays", days},
          {"sla_targets", targets}};
}

}  // namespace

void AddServiceRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  // A reply to the customer or an internal note; the first reply is the
  // ticket's first response.
  router.Add(
      "POST", ws + "/tickets/{id}/events",
      [context](const HttpRequest& request) {
        VAFA_API_TRY(
            Scope scope,
            OpenScope(context, request, Resource::kTickets, Access::kWrite));
        VAFA_API_TRY(int64_t id, PathId(request, "id", "ticket"));
        // The ticket first: one in another workspace is not found, whatever
        // the body.
        if (!LiveRecordExists(scope, "tickets", id)) {
          return ErrorResponse(Status::NotFound("ticket " + std::to_string(id) +
                                                " does not exist"));
        }
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_CHECK(RejectUnknownFields(body, {"kind", "body"}));
        VAFA_API_TRY(std::string kind, RequiredString(body, "kind"));
        VAFA_API_TRY(std::string text, RequiredString(body, "body"));
        if (kind != "reply" && kind != "note") {
          return ErrorResponse(FieldError("kind", "kind is reply or note"));
        }
        if (text.empty() || text.size() > 20000) {
          return ErrorResponse(
              FieldError("body", "body is 1 to 20000 bytes of text"));
        }
        json event;
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          const int64_t now = store::NowSeconds();
          VAFA_ASSIGN_OR_RETURN(
              int64_t event_id,
              services::AddTicketEvent(*scope.db, scope.workspace.id, id, kind,
                                       text, scope.caller.user.id, now));
          event = {{"id", event_id},
                   {"ticket_id", id},
                   {"kind", kind},
                   {"body", text},
                   {"author_user_id", scope.caller.user.id},
                   {"at", now}};
          return scope.Audit("create", "ticket_event", event_id, nullptr,
                             event);
        }));
        return JsonResponse(201, {{"event", event}});
      });

  router.Add(
      "GET", ws + "/service/settings", [context](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope, OpenScope(context, request,
                                            Resource::kTickets, Access::kRead));
        VAFA_API_TRY(auto holidays,
                     services::LoadHolidays(*scope.db, scope.workspace.id));
        VAFA_API_TRY(auto policy,
                     services::LoadSlaPolicy(*scope.db, scope.workspace.id));
        return JsonResponse(200, SettingsJson(holidays, policy));
      });

  // Replaces the holidays and (the priorities given of) the SLA targets.
  router.Add(
      "PUT", ws + "/service/settings", [context](const HttpRequest& request) {
        VAFA_API_TRY(
            Scope scope,
            OpenScope(context, request, Resource::kTickets, Access::kWrite));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_CHECK(RejectUnknownFields(body, {"holidays", "sla_targets"}));
        VAFA_API_TRY(auto holidays,
                     services::LoadHolidays(*scope.db, scope.workspace.id));
        VAFA_API_TRY(auto policy,
                     services::LoadSlaPolicy(*scope.db, scope.workspace.id));
        if (body.contains("holidays")) {
          const json& list = body["holidays"];
          if (!list.is_array() || list.size() > 1000) {
            return ErrorResponse(FieldError(
                "holidays", "holidays is a list of up to 1000 days"));
          }
          holidays.clear();
          for (size_t i = 0; i < list.size(); ++i) {
            const std::string at = "holidays[" + std::to_string(i) + "]";
            const json& item = list[i];
            std::string day_text = item.is_string() ? item.get<std::string>()
                                   : item.is_object() && item.contains("day") &&
                                           item["day"].is_string()
                                       ? item["day"].get<std::string>()
                                       : "";
            auto parsed = ParseDateTime(day_text);
            if (!parsed.ok()) {
              return ErrorResponse(
                  FieldError(at, at + ": a date (2026-03-21 or 1405/01/01): " +
                                     parsed.status().message()));
            }
            std::string name = item.is_object() && item.contains("name") &&
                                       item["name"].is_string()
                                   ? item["name"].get<std::string>()
                                   : "";
            holidays.push_back({DayOf(*parsed), name.substr(0, 200)});
          }
        }
        if (body.contains("sla_targets")) {
          const json& targets = body["sla_targets"];
          if (!targets.is_object()) {
            return ErrorResponse(
                FieldError("sla_targets", "sla_targets is an object"));
          }
          for (const auto& [name, target] : targets.items()) {
            auto priority = services::ParsePriority(name);
            const std::string at = "sla_targets." + name;
            if (!priority) {
              return ErrorResponse(FieldError(at, "unknown priority"));
            }
            services::SlaTarget value;
            for (auto [key, into] :
                 {std::pair{"first_response_minutes",
                            &value.first_response_minutes},
                  std::pair{"resolution_minutes", &value.resolution_minutes}}) {
              if (!target.is_object() || !target.contains(key) ||
                  !target[key].is_number_integer() || target[key] < 1 ||
                  target[key] > 525600) {
                return ErrorResponse(FieldError(
                    at + "." + key,
                    std::string(key) + " is 1 to 525600 business minutes"));
              }
              *into = target[key].get<int>();
            }
            if (value.resolution_minutes < value.first_response_minutes) {
              return ErrorResponse(FieldError(
                  at, "resolution cannot come before the first response"));
            }
            policy.targets[static_cast<int>(*priority)] = value;
          }
        }
        json before;
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              auto old_holidays,
              services::LoadHolidays(*scope.db, scope.workspace.id));
          VAFA_ASSIGN_OR_RETURN(
              auto old_policy,
              services::LoadSlaPolicy(*scope.db, scope.workspace.id));
          before = SettingsJson(old_holidays, old_policy);
          VAFA_RETURN_IF_ERROR(services::SaveServiceSettings(
              *scope.db, scope.workspace.id, holidays, policy));
          return scope.Audit("update", "service_settings", scope.workspace.id,
                             before, SettingsJson(holidays, policy));
        }));
        return JsonResponse(200, SettingsJson(holidays, policy));
      });

  // Figures of the tickets opened in [from, to) (default: everything).
  router.Add(
      "GET", ws + "/service/report", [context](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope, OpenScope(context, request,
                                            Resource::kTickets, Access::kRead));
        UnixSeconds from = 0, to = store::NowSeconds() + 1;
        for (auto [name, into] :
             {std::pair{"from", &from}, std::pair{"to", &to}}) {
          std::string text = request.Query(name);
          if (text.empty()) continue;
          auto parsed = ParseDateTime(text);
          if (!parsed.ok()) {
            return ErrorResponse(Status::Invalid(
                std::string(name) + " " + parsed.status().message(), name));
          }
          *into = *parsed;
        }
        VAFA_API_TRY(
            services::ServiceReport report,
            services::ComputeServiceReport(*scope.db, scope.workspace.id, from,
                                           to, store::NowSeconds()));
        json categories = json::object();
        for (const auto& [name, count] : report.by_category) {
          categories[name.empty() ? "none" : name] = count;
        }
        return JsonResponse(
            200,
            {{"tickets", report.tickets},
             {"complaints", report.complaints},
             {"resolved", report.resolved},
             {"median_first_response_minutes",
              Number(report.median_first_response_minutes)},
             {"median_resolution_minutes",
              Number(report.median_resolution_minutes)},
             {"first_response_breach_rate",
              Number(report.first_response_breach_rate)},
             {"resolution_breach_rate", Number(report.resolution_breach_rate)},
             {"reopen_rate", Number(report.reopen_rate)},
             {"complaints_per_1000_customers",
              Number(report.complaints_per_1000_customers)},
             {"mean_satisfaction", Number(report.mean_satisfaction)},
             {"by_category", categories},
             {"complainers",
              {{"stayed", report.complainers_stayed},
               {"left", report.complainers_left}}}});
      });
}

}  // namespace vafa::api
