// The service desk beyond the ticket records (those are in
// ticket_records.cc): replies and internal notes on a ticket, the
// workspace's SLA targets and holidays, and the service report.

#include <cmath>
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "core/csv_cell.h"
#include "services/service/ticket_records.h"
#include "services/service/tickets.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json SettingsJson(const std::vector<services::service::Holiday>& holidays,
                  const services::service::SlaPolicy& policy) {
  json days = json::array();
  for (const auto& holiday : holidays) {
    days.push_back(
        {{"day", FormatGregorian(holiday.day)}, {"name", holiday.name}});
  }
  json targets = json::object();
  for (auto p :
       {services::service::Priority::kLow, services::service::Priority::kNormal,
        services::service::Priority::kHigh,
        services::service::Priority::kUrgent}) {
    targets[std::string(services::service::PriorityName(p))] = {
        {"first_response_minutes", policy.For(p).first_response_minutes},
        {"resolution_minutes", policy.For(p).resolution_minutes}};
  }
  return {{"work_week",
           "Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday "
           "closed (Asia/Tehran)"},
          {"holidays", days},
          {"sla_targets", targets}};
}

// A reply to the customer or an internal note; the first reply is the
// ticket's first response.
HttpResponse PostTicketEvents(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathRecordId(scope, request, "tickets", "ticket"));
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
    VAFA_ASSIGN_OR_RETURN(int64_t event_id,
                          services::service::AddTicketEvent(
                              *scope.db, scope.workspace.id, id, kind, text,
                              scope.caller.user.id, now));
    event = {{"id", event_id},
             {"ticket_id", id},
             {"kind", kind},
             {"body", text},
             {"author_user_id", scope.caller.user.id},
             {"at", now}};
    return scope.Audit("create", "ticket_event", event_id, nullptr, event);
  }));
  return JsonResponse(201, {{"event", event}});
}

// What is attached to a ticket: the description of a file kept where the
// workspace keeps documents (name, type, size, checksum, location).
HttpResponse PostTicketAttachments(const ApiContext& context,
                                   const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathRecordId(scope, request, "tickets", "ticket"));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(
      body, {"file_name", "content_type", "size_bytes", "sha256", "location"}));
  VAFA_API_TRY(std::string name, RequiredString(body, "file_name"));
  VAFA_API_TRY(std::string type, RequiredString(body, "content_type"));
  VAFA_API_TRY(auto size, OptionalInt(body, "size_bytes"));
  VAFA_API_TRY(auto sha, OptionalString(body, "sha256"));
  VAFA_API_TRY(auto location, OptionalString(body, "location"));
  if (name.empty() || name.size() > 255 ||
      name.find_first_of("/\\") != std::string::npos) {
    return ErrorResponse(FieldError(
        "file_name", "a file name of 1 to 255 bytes, without a path"));
  }
  if (type.size() > 100 || type.find('/') == std::string::npos) {
    return ErrorResponse(
        FieldError("content_type", "a media type such as image/jpeg"));
  }
  if (!size || *size < 0 || *size > (int64_t{1} << 40)) {
    return ErrorResponse(FieldError("size_bytes", "size_bytes is 0 to 1 TiB"));
  }
  if (sha && (sha->size() != 64 || sha->find_first_not_of("0123456789abcdef") !=
                                       std::string::npos)) {
    return ErrorResponse(
        FieldError("sha256", "64 lower-case hexadecimal digits"));
  }
  if (location && location->size() > 2000) {
    return ErrorResponse(
        FieldError("location", "location is at most 2000 bytes"));
  }
  services::service::TicketAttachment attachment{
      .ticket_id = id,
      .file_name = name,
      .content_type = type,
      .size_bytes = *size,
      .sha256 = sha.value_or(""),
      .location = location.value_or(""),
      .uploaded_by = scope.caller.user.id,
      .at = store::NowSeconds()};
  json shown;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(attachment.id,
                          services::service::AddTicketAttachment(
                              *scope.db, scope.workspace.id, attachment));
    shown = TicketAttachmentJson(attachment);
    return scope.Audit("create", "ticket_attachment", attachment.id, nullptr,
                       shown);
  }));
  return JsonResponse(201, {{"attachment", shown}});
}

// Resolved tickets whose satisfaction was asked for and not given: the
// list to send the question to (CSV with ?format=csv).
HttpResponse GetServiceSatisfactionRequests(const ApiContext& context,
                                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kRead));
  const bool contacts = scope.Can(Resource::kContactDetails, Access::kRead);
  json items = json::array();
  std::string csv =
      "ticket_id,customer_id,display_name,phone,subject,resolved_at,"
      "requested_at\n";
  VAFA_API_TRY(std::vector<services::service::SatisfactionRequest> requests,
               services::service::ListSatisfactionRequests(*scope.db,
                                                           scope.workspace.id));
  for (const services::service::SatisfactionRequest& row : requests) {
    const std::string phone = contacts ? row.phone : "";
    items.push_back({{"ticket_id", row.ticket_id},
                     {"customer_id", row.customer_id},
                     {"display_name", row.display_name},
                     {"phone", contacts ? Nullable(phone) : json()},
                     {"subject", row.subject},
                     {"resolved_at", row.resolved_at},
                     {"requested_at", row.requested_at}});
    csv += std::to_string(row.ticket_id) + "," +
           std::to_string(row.customer_id) + "," + CsvText(row.display_name) +
           "," + CsvText(phone) + "," + CsvText(row.subject) + "," +
           std::to_string(row.resolved_at) + "," +
           std::to_string(row.requested_at) + "\n";
  }
  if (request.Query("format", "json") == "csv") {
    return CsvResponse(std::move(csv));
  }
  return JsonResponse(200, {{"items", items}});
}

HttpResponse GetServiceSettings(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kRead));
  VAFA_API_TRY(auto holidays,
               services::service::LoadHolidays(*scope.db, scope.workspace.id));
  VAFA_API_TRY(auto policy,
               services::service::LoadSlaPolicy(*scope.db, scope.workspace.id));
  return JsonResponse(200, SettingsJson(holidays, policy));
}

// Replaces the holidays and (the priorities given of) the SLA targets.
HttpResponse PutServiceSettings(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"holidays", "sla_targets"}));
  VAFA_API_TRY(auto holidays,
               services::service::LoadHolidays(*scope.db, scope.workspace.id));
  VAFA_API_TRY(auto policy,
               services::service::LoadSlaPolicy(*scope.db, scope.workspace.id));
  if (body.contains("holidays")) {
    const json& list = body["holidays"];
    if (!list.is_array() || list.size() > 1000) {
      return ErrorResponse(
          FieldError("holidays", "holidays is a list of up to 1000 days"));
    }
    holidays.clear();
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = "holidays[" + std::to_string(i) + "]";
      const json& item = list[i];
      std::string day_text =
          item.is_string() ? item.get<std::string>()
          : item.is_object() && item.contains("day") && item["day"].is_string()
              ? item["day"].get<std::string>()
              : "";
      auto parsed = ParseDateTime(day_text);
      if (!parsed.ok()) {
        return ErrorResponse(
            FieldError(at, at + ": a date (2026-03-21 or 1405/01/01): " +
                               parsed.status().message()));
      }
      std::string name =
          item.is_object() && item.contains("name") && item["name"].is_string()
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
      auto priority = services::service::ParsePriority(name);
      const std::string at = "sla_targets." + name;
      if (!priority) {
        return ErrorResponse(FieldError(at, "unknown priority"));
      }
      services::service::SlaTarget value;
      for (auto [key, into] :
           {std::pair{"first_response_minutes", &value.first_response_minutes},
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
        return ErrorResponse(
            FieldError(at, "resolution cannot come before the first response"));
      }
      policy.targets[static_cast<int>(*priority)] = value;
    }
  }
  json before;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        auto old_holidays,
        services::service::LoadHolidays(*scope.db, scope.workspace.id));
    VAFA_ASSIGN_OR_RETURN(auto old_policy, services::service::LoadSlaPolicy(
                                               *scope.db, scope.workspace.id));
    before = SettingsJson(old_holidays, old_policy);
    VAFA_RETURN_IF_ERROR(services::service::SaveServiceSettings(
        *scope.db, scope.workspace.id, holidays, policy));
    return scope.Audit("update", "service_settings", scope.workspace.id, before,
                       SettingsJson(holidays, policy));
  }));
  return JsonResponse(200, SettingsJson(holidays, policy));
}

// Figures of the tickets opened in [from, to) (default: everything).
HttpResponse GetServiceReport(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kRead));
  VAFA_API_TRY(UnixSeconds from, QueryTime(request, "from", 0));
  VAFA_API_TRY(UnixSeconds to,
               QueryTime(request, "to", store::NowSeconds() + 1));
  VAFA_API_TRY(
      services::service::ServiceReport report,
      services::service::ComputeServiceReport(*scope.db, scope.workspace.id,
                                              from, to, store::NowSeconds()));
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
        NumberOrNull(report.median_first_response_minutes)},
       {"median_resolution_minutes",
        NumberOrNull(report.median_resolution_minutes)},
       {"first_response_breach_rate",
        NumberOrNull(report.first_response_breach_rate)},
       {"resolution_breach_rate", NumberOrNull(report.resolution_breach_rate)},
       {"reopen_rate", NumberOrNull(report.reopen_rate)},
       {"complaints_per_1000_customers",
        NumberOrNull(report.complaints_per_1000_customers)},
       {"mean_satisfaction", NumberOrNull(report.mean_satisfaction)},
       {"by_category", categories},
       {"complainers",
        {{"stayed", report.complainers_stayed},
         {"left", report.complainers_left}}}});
}

}  // namespace

void AddServiceRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  router.Add("POST", ws + "/tickets/{id}/events",
             BindContext(context, PostTicketEvents));
  router.Add("POST", ws + "/tickets/{id}/attachments",
             BindContext(context, PostTicketAttachments));
  router.Add("GET", ws + "/service/satisfaction-requests",
             BindContext(context, GetServiceSatisfactionRequests));
  router.Add("GET", ws + "/service/settings",
             BindContext(context, GetServiceSettings));
  router.Add("PUT", ws + "/service/settings",
             BindContext(context, PutServiceSettings));
  router.Add("GET", ws + "/service/report",
             BindContext(context, GetServiceReport));
}

}  // namespace vafa::api
