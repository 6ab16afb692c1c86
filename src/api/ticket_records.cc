// Tickets as records (the six routes of every entity) with the service
// desk's rules: due times when a ticket opens or changes priority, the
// status moves, satisfaction after resolution, and the SLA block on reads
// and lists. Replies, notes, settings and the report are in
// service_routes.cc.
#include "services/service/ticket_records.h"

#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/internal/record_routes_internal.h"
#include "api/json_io.h"
#include "services/service/record_tables.h"
#include "services/service/tickets.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

services::service::TicketClock ClockOf(const json& record) {
  services::service::TicketClock clock;
  auto time = [&](const char* name) -> UnixSeconds {
    return record.contains(name) && record[name].is_number_integer()
               ? record[name].get<int64_t>()
               : 0;
  };
  clock.status = record.value("status", "new");
  clock.priority =
      services::service::ParsePriority(record.value("priority", "normal"))
          .value_or(services::service::Priority::kNormal);
  clock.opened_at = time("opened_at");
  clock.first_response_at = time("first_response_at");
  clock.resolved_at = time("resolved_at");
  clock.closed_at = time("closed_at");
  clock.first_response_due_at = time("first_response_due_at");
  clock.resolution_due_at = time("resolution_due_at");
  clock.reopen_count = static_cast<int>(time("reopen_count"));
  clock.pending_since = time("pending_since");
  clock.paused_seconds = time("paused_seconds");
  return clock;
}

// Opens a ticket (its due times from the workspace's calendar and targets)
// or moves it (status rules, a new priority's due times), writing the
// server's columns into `values`.
Status PrepareTicket(const Scope& scope, const json&, const json& before,
                     json& values) {
  VAFA_RETURN_IF_ERROR(CheckCustomer(scope, values));
  VAFA_RETURN_IF_ERROR(CheckMember(scope, values, "assignee_user_id"));
  const bool creating = before.is_null();
  if (!creating && values.contains("customer_id") &&
      values["customer_id"] != before["customer_id"]) {
    return FieldError("customer_id", "a ticket stays with its customer");
  }
  VAFA_ASSIGN_OR_RETURN(
      services::service::WorkCalendar calendar,
      services::service::LoadWorkCalendar(*scope.db, scope.workspace.id));
  VAFA_ASSIGN_OR_RETURN(
      services::service::SlaPolicy policy,
      services::service::LoadSlaPolicy(*scope.db, scope.workspace.id));
  const int64_t now = store::NowSeconds();
  services::service::TicketClock clock;
  bool due_again = creating;
  if (creating) {
    if (!values.contains("external_id")) values["external_id"] = RandomId("t-");
    if (!values.contains("type")) values["type"] = "question";
    clock.opened_at = values.value("opened_at", now);
  } else {
    clock = ClockOf(before);
  }
  if (values.contains("priority")) {
    auto priority =
        services::service::ParsePriority(values["priority"].get<std::string>());
    if (!priority) return FieldError("priority", "unknown priority");
    due_again = due_again || *priority != clock.priority;
    clock.priority = *priority;
  }
  if (due_again)
    VAFA_RETURN_IF_ERROR(
        services::service::SetDueTimes(clock, calendar, policy));
  if (values.contains("status")) {
    VAFA_ASSIGN_OR_RETURN(
        clock, services::service::MoveTicket(
                   clock, values["status"].get<std::string>(), now, calendar));
  }
  if (values.contains("satisfaction") && !values["satisfaction"].is_null()) {
    const int64_t score = values["satisfaction"].get<int64_t>();
    if (score < 1 || score > 5) {
      return FieldError("satisfaction", "satisfaction is 1 to 5");
    }
    if (clock.status != "resolved" && clock.status != "closed") {
      return FieldError("satisfaction",
                        "satisfaction is asked after the ticket is resolved");
    }
  }
  auto time = [](UnixSeconds t) { return t == 0 ? json(nullptr) : json(t); };
  values["status"] = clock.status;
  values["priority"] =
      std::string(services::service::PriorityName(clock.priority));
  values["opened_at"] = clock.opened_at;
  values["first_response_at"] = time(clock.first_response_at);
  values["resolved_at"] = time(clock.resolved_at);
  values["closed_at"] = time(clock.closed_at);
  values["first_response_due_at"] = clock.first_response_due_at;
  values["resolution_due_at"] = clock.resolution_due_at;
  values["reopen_count"] = clock.reopen_count;
  // A ticket just resolved has its satisfaction asked for (the request list
  // is GET …/service/satisfaction-requests); a reopen asks again later.
  const bool resolved_now = clock.resolved_at != 0 &&
                            (creating || !before["resolved_at"].is_number());
  if (resolved_now) values["satisfaction_requested_at"] = now;
  values["pending_since"] = time(clock.pending_since);
  values["paused_seconds"] = clock.paused_seconds;
  return Status::Ok();
}

// The "sla" block of a ticket: each clock now, and whom to escalate to.
json SlaJson(const json& record,
             const services::service::WorkCalendar& calendar,
             const services::service::SlaPolicy& policy) {
  services::service::TicketSla sla = services::service::SlaOf(
      ClockOf(record), calendar, policy, store::NowSeconds());
  auto clock = [](const services::service::SlaClock& c) {
    return json{
        {"due_at", c.due},
        {"state", std::string(services::service::SlaStateName(c.state))},
        {"business_minutes_used", c.business_seconds_used / 60}};
  };
  return {{"first_response", clock(sla.first_response)},
          {"resolution", clock(sla.resolution)},
          {"escalate_to", sla.escalate ? json("manager") : json()}};
}

// Each listed ticket's SLA block (one calendar read for the page).
Status ListTickets(const Scope& scope, json& items) {
  VAFA_ASSIGN_OR_RETURN(
      services::service::WorkCalendar calendar,
      services::service::LoadWorkCalendar(*scope.db, scope.workspace.id));
  VAFA_ASSIGN_OR_RETURN(
      services::service::SlaPolicy policy,
      services::service::LoadSlaPolicy(*scope.db, scope.workspace.id));
  for (json& item : items) item["sla"] = SlaJson(item, calendar, policy);
  return Status::Ok();
}

// The ticket's SLA clocks now, and its replies and notes.
Status ReadTicket(const Scope& scope, json& record) {
  VAFA_ASSIGN_OR_RETURN(
      services::service::WorkCalendar calendar,
      services::service::LoadWorkCalendar(*scope.db, scope.workspace.id));
  VAFA_ASSIGN_OR_RETURN(
      services::service::SlaPolicy policy,
      services::service::LoadSlaPolicy(*scope.db, scope.workspace.id));
  record["sla"] = SlaJson(record, calendar, policy);
  const int64_t id = record["id"].get<int64_t>();
  VAFA_ASSIGN_OR_RETURN(
      std::vector<services::service::TicketEvent> events,
      services::service::ListTicketEvents(*scope.db, scope.workspace.id, id));
  json event_list = json::array();
  for (const services::service::TicketEvent& event : events) {
    event_list.push_back(
        {{"id", event.id},
         {"kind", event.kind},
         {"body", event.body},
         {"author_user_id",
          event.author_user_id == 0 ? json() : json(event.author_user_id)},
         {"at", event.at}});
  }
  record["events"] = std::move(event_list);
  VAFA_ASSIGN_OR_RETURN(std::vector<services::service::TicketAttachment> files,
                        services::service::ListTicketAttachments(
                            *scope.db, scope.workspace.id, id));
  json attachments = json::array();
  for (const services::service::TicketAttachment& file : files) {
    attachments.push_back(TicketAttachmentJson(file));
  }
  record["attachments"] = std::move(attachments);
  return Status::Ok();
}

}  // namespace

json TicketAttachmentJson(
    const services::service::TicketAttachment& attachment) {
  return {{"id", attachment.id},
          {"ticket_id", attachment.ticket_id},
          {"file_name", attachment.file_name},
          {"content_type", attachment.content_type},
          {"size_bytes", attachment.size_bytes},
          {"sha256", Nullable(attachment.sha256)},
          {"location", Nullable(attachment.location)},
          {"uploaded_by",
           attachment.uploaded_by == 0 ? json() : json(attachment.uploaded_by)},
          {"at", attachment.at}};
}

EntityRoutes TicketEntity() {
  EntityRoutes tickets;
  tickets.path = "tickets";
  tickets.resource = Resource::kTickets;
  tickets.def = services::service::TicketTable();
  tickets.sort_needs_customer = true;
  tickets.prepare = PrepareTicket;
  tickets.read_more = ReadTicket;
  tickets.list_more = ListTickets;
  return tickets;
}

}  // namespace vafa::api
