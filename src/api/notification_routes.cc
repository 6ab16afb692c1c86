// What needs the caller's attention now (docs/service.md): tickets whose
// SLA clock is in warning or breached (warnings to whoever holds the ticket
// or may take an unassigned one, breaches escalated to owners and managers
// too), and the caller's tasks that are overdue or whose reminder is due.
// Computed on each request from the records, so it is never stale.
#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/data_routes.h"
#include "api/json_io.h"
#include "services/service/tickets.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

// Open tickets' SLA alerts for this caller, most urgent first.
Status TicketAlerts(const Scope& scope, UnixSeconds now, json& items) {
  VAFA_ASSIGN_OR_RETURN(
      services::WorkCalendar calendar,
      services::LoadWorkCalendar(*scope.db, scope.workspace.id));
  VAFA_ASSIGN_OR_RETURN(services::SlaPolicy policy,
                        services::LoadSlaPolicy(*scope.db, scope.workspace.id));
  const bool manager =
      scope.role == auth::Role::kOwner || scope.role == auth::Role::kManager;
  const bool can_take = scope.Can(Resource::kTickets, Access::kWrite);
  long long ws = scope.workspace.id, me = scope.caller.user.id;
  soci::rowset<soci::row> rows =
      (scope.db->sql().prepare
           << "SELECT id, customer_id, subject, status, priority, opened_at, "
              "first_response_at, first_response_due_at, resolution_due_at, "
              "assignee_user_id, pending_since, paused_seconds FROM tickets "
              "WHERE workspace_id = :w AND status IN ('new', 'open', "
              "'pending') AND deleted_at IS NULL ORDER BY resolution_due_at, "
              "id LIMIT 5000",
       soci::use(ws));
  for (const soci::row& row : rows) {
    auto assignee = store::RowOptionalInt(row, 9);
    const bool mine = assignee && *assignee == me;
    const bool unassigned = !assignee;
    if (!mine && !manager && !(unassigned && can_take)) continue;
    services::TicketClock clock;
    clock.status = store::RowText(row, 3);
    clock.priority = services::ParsePriority(store::RowText(row, 4))
                         .value_or(services::Priority::kNormal);
    clock.opened_at = store::RowInt(row, 5);
    clock.first_response_at = store::RowInt(row, 6);
    clock.first_response_due_at = store::RowInt(row, 7);
    clock.resolution_due_at = store::RowInt(row, 8);
    clock.pending_since = store::RowInt(row, 10);
    clock.paused_seconds = store::RowInt(row, 11);
    services::TicketSla sla = services::SlaOf(clock, calendar, policy, now);
    for (const auto& [name, c] :
         {std::pair{"first_response", sla.first_response},
          std::pair{"resolution", sla.resolution}}) {
      const bool breached = c.state == services::SlaState::kBreached;
      const bool warning = c.state == services::SlaState::kWarning;
      if (!breached && !warning) continue;
      // A manager hears of breaches (escalation); warnings go to whoever
      // holds the ticket, or may take it when no one does.
      if (warning && !mine && !(unassigned && can_take)) continue;
      items.push_back({{"kind", breached ? "sla_breach" : "sla_warning"},
                       {"clock", name},
                       {"ticket_id", store::RowInt(row, 0)},
                       {"customer_id", store::RowInt(row, 1)},
                       {"title", store::RowText(row, 2)},
                       {"priority", store::RowText(row, 4)},
                       {"due_at", c.due},
                       {"assigned_to_me", mine},
                       {"escalated", breached && manager}});
    }
  }
  return Status::Ok();
}

Status TaskAlerts(const Scope& scope, UnixSeconds now, json& items) {
  long long ws = scope.workspace.id, me = scope.caller.user.id, at = now,
            at2 = now;
  soci::rowset<soci::row> rows =
      (scope.db->sql().prepare
           << "SELECT id, title, kind, due_at, remind_at, customer_id, "
              "deal_id, ticket_id FROM tasks WHERE workspace_id = :w AND "
              "owner_user_id = :u AND status = 'open' AND deleted_at IS NULL "
              "AND (due_at < :n OR remind_at <= :n2) ORDER BY due_at, id "
              "LIMIT 500",
       soci::use(ws), soci::use(me), soci::use(at), soci::use(at2));
  for (const soci::row& row : rows) {
    const int64_t due = store::RowInt(row, 3);
    auto customer = store::RowOptionalInt(row, 5);
    auto deal = store::RowOptionalInt(row, 6);
    auto ticket = store::RowOptionalInt(row, 7);
    items.push_back({{"kind", due < now ? "task_overdue" : "task_reminder"},
                     {"task_id", store::RowInt(row, 0)},
                     {"title", store::RowText(row, 1)},
                     {"task_kind", store::RowText(row, 2)},
                     {"due_at", due},
                     {"customer_id", customer ? json(*customer) : json()},
                     {"deal_id", deal ? json(*deal) : json()},
                     {"ticket_id", ticket ? json(*ticket) : json()}});
  }
  return Status::Ok();
}

int Urgency(const json& item) {
  const std::string kind = item["kind"];
  if (kind == "sla_breach") return 0;
  if (kind == "sla_warning") return 1;
  if (kind == "task_overdue") return 2;
  return 3;
}

}  // namespace

void AddNotificationRoutes(Router& router, const ApiContext& context) {
  router.Add(
      "GET", "/api/v1/workspaces/{workspace}/notifications",
      [context](const HttpRequest& request) {
        VAFA_API_TRY(
            Scope scope,
            OpenScope(context, request, Resource::kWorkspace, Access::kRead));
        const UnixSeconds now = store::NowSeconds();
        json items = json::array();
        try {
          if (scope.Can(Resource::kTickets, Access::kRead)) {
            VAFA_API_CHECK(TicketAlerts(scope, now, items));
          }
          if (scope.Can(Resource::kTasks, Access::kRead)) {
            VAFA_API_CHECK(TaskAlerts(scope, now, items));
          }
        } catch (const std::exception& error) {
          return ErrorResponse(
              store::DatabaseError("reading what needs attention", error));
        }
        std::stable_sort(
            items.begin(), items.end(), [](const json& a, const json& b) {
              if (Urgency(a) != Urgency(b)) {
                return Urgency(a) < Urgency(b);
              }
              return a["due_at"].get<int64_t>() < b["due_at"].get<int64_t>();
            });
        json counts = {{"sla_breach", 0},
                       {"sla_warning", 0},
                       {"task_overdue", 0},
                       {"task_reminder", 0}};
        for (const json& item : items) {
          const std::string kind = item["kind"];
          counts[kind] = counts[kind].get<int64_t>() + 1;
        }
        if (items.size() > 300) items.erase(items.begin() + 300, items.end());
        return JsonResponse(200, {{"counts", counts}, {"items", items}});
      });
}

}  // namespace vafa::api
