// What needs the caller's attention now (docs/service.md): tickets whose
// SLA clock is in warning or breached (warnings to whoever holds the ticket
// or may take an unassigned one, breaches escalated to owners and managers
// too), and the caller's tasks that are overdue or whose reminder is due.
// Computed on each request from the records, so it is never stale.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/data_routes.h"
#include "api/json_io.h"
#include "services/sales/tasks.h"
#include "services/service/ticket_records.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

// Open tickets' SLA alerts for this caller, most urgent first.
Status TicketAlerts(const Scope& scope, UnixSeconds now, json& items) {
  const services::SlaViewer viewer{
      .user_id = scope.caller.user.id,
      .manager = scope.role == auth::Role::kOwner ||
                 scope.role == auth::Role::kManager,
      .can_take = scope.Can(Resource::kTickets, Access::kWrite)};
  VAFA_ASSIGN_OR_RETURN(
      std::vector<services::SlaAlert> alerts,
      services::SlaAlertsFor(*scope.db, scope.workspace.id, viewer, now));
  for (const services::SlaAlert& alert : alerts) {
    items.push_back({{"kind", alert.breached ? "sla_breach" : "sla_warning"},
                     {"clock", alert.clock},
                     {"ticket_id", alert.ticket_id},
                     {"customer_id", alert.customer_id},
                     {"title", alert.title},
                     {"priority", alert.priority},
                     {"due_at", alert.due},
                     {"assigned_to_me", alert.assigned_to_viewer},
                     {"escalated", alert.escalated}});
  }
  return Status::Ok();
}

Status TaskAlerts(const Scope& scope, UnixSeconds now, json& items) {
  VAFA_ASSIGN_OR_RETURN(std::vector<services::DueTask> tasks,
                        services::DueTasksOf(*scope.db, scope.workspace.id,
                                             scope.caller.user.id, now));
  auto id_or_null = [](int64_t id) { return id == 0 ? json() : json(id); };
  for (const services::DueTask& task : tasks) {
    items.push_back(
        {{"kind", task.due_at < now ? "task_overdue" : "task_reminder"},
         {"task_id", task.id},
         {"title", task.title},
         {"task_kind", task.kind},
         {"due_at", task.due_at},
         {"customer_id", id_or_null(task.customer_id)},
         {"deal_id", id_or_null(task.deal_id)},
         {"ticket_id", id_or_null(task.ticket_id)}});
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
