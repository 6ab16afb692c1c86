// What needs the caller's attention now (docs/service.md): tickets whose
// SLA clock is in warning or breached (warnings to whoever holds the ticket
// or may take an unassigned one, breaches escalated to owners and managers
// too), and the caller's tasks that are overdue or whose reminder is due.
// Computed on each request from the records, so it is never stale.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/sales/tasks.h"
#include "services/service/ticket_records.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

// What the caller is alerted of, before it is written out: the counts are
// of everything found, the items only the most urgent (kMaxItems), so only
// those become JSON.
constexpr size_t kMaxItems = 300;

struct Alerts {
  std::vector<services::service::SlaAlert> tickets;
  std::vector<services::sales::DueTask> tasks;
};

// 0 breach, 1 warning, 2 overdue task, 3 task reminder.
struct Ranked {
  int urgency = 0;
  UnixSeconds due = 0;
  size_t index = 0;  // into Alerts::tickets (urgency 0, 1) or tasks
};

constexpr const char* kKinds[] = {"sla_breach", "sla_warning", "task_overdue",
                                  "task_reminder"};

std::vector<Ranked> MostUrgentFirst(const Alerts& alerts, UnixSeconds now) {
  std::vector<Ranked> ranked;
  ranked.reserve(alerts.tickets.size() + alerts.tasks.size());
  for (size_t i = 0; i < alerts.tickets.size(); ++i) {
    const services::service::SlaAlert& alert = alerts.tickets[i];
    ranked.push_back({alert.breached ? 0 : 1, alert.due, i});
  }
  for (size_t i = 0; i < alerts.tasks.size(); ++i) {
    const services::sales::DueTask& task = alerts.tasks[i];
    ranked.push_back({task.due_at < now ? 2 : 3, task.due_at, i});
  }
  std::stable_sort(
      ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return a.urgency != b.urgency ? a.urgency < b.urgency : a.due < b.due;
      });
  return ranked;
}

json TicketItem(const services::service::SlaAlert& alert) {
  return {{"kind", alert.breached ? "sla_breach" : "sla_warning"},
          {"clock", alert.clock},
          {"ticket_id", alert.ticket_id},
          {"customer_id", alert.customer_id},
          {"title", alert.title},
          {"priority", alert.priority},
          {"due_at", alert.due},
          {"assigned_to_me", alert.assigned_to_viewer},
          {"escalated", alert.escalated}};
}

json TaskItem(const services::sales::DueTask& task, UnixSeconds now) {
  auto id_or_null = [](int64_t id) { return id == 0 ? json() : json(id); };
  return {{"kind", task.due_at < now ? "task_overdue" : "task_reminder"},
          {"task_id", task.id},
          {"title", task.title},
          {"task_kind", task.kind},
          {"due_at", task.due_at},
          {"customer_id", id_or_null(task.customer_id)},
          {"deal_id", id_or_null(task.deal_id)},
          {"ticket_id", id_or_null(task.ticket_id)}};
}

// The answer: counts of all, items of the most urgent.
json NotificationsAnswer(const Alerts& alerts, UnixSeconds now) {
  const std::vector<Ranked> ranked = MostUrgentFirst(alerts, now);
  int64_t counts[4] = {0, 0, 0, 0};
  for (const Ranked& one : ranked) ++counts[one.urgency];
  json items = json::array();
  for (size_t i = 0; i < ranked.size() && i < kMaxItems; ++i) {
    const Ranked& one = ranked[i];
    items.push_back(one.urgency < 2 ? TicketItem(alerts.tickets[one.index])
                                    : TaskItem(alerts.tasks[one.index], now));
  }
  json by_kind = json::object();
  for (int kind = 0; kind < 4; ++kind) by_kind[kKinds[kind]] = counts[kind];
  return {{"counts", by_kind}, {"items", items}};
}

Status ReadAlerts(const Scope& scope, UnixSeconds now, Alerts& alerts) {
  if (scope.Can(Resource::kTickets, Access::kRead)) {
    const services::service::SlaViewer viewer{
        .user_id = scope.caller.user.id,
        .manager = scope.role == auth::Role::kOwner ||
                   scope.role == auth::Role::kManager,
        .can_take = scope.Can(Resource::kTickets, Access::kWrite)};
    VAFA_ASSIGN_OR_RETURN(alerts.tickets,
                          services::service::SlaAlertsFor(
                              *scope.db, scope.workspace.id, viewer, now));
  }
  if (scope.Can(Resource::kTasks, Access::kRead)) {
    VAFA_ASSIGN_OR_RETURN(
        alerts.tasks, services::sales::DueTasksOf(*scope.db, scope.workspace.id,
                                                  scope.caller.user.id, now));
  }
  return Status::Ok();
}

}  // namespace

void AddNotificationRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/api/v1/workspaces/{workspace}/notifications",
             [context](const HttpRequest& request) {
               VAFA_API_TRY(Scope scope,
                            OpenScope(context, request, Resource::kWorkspace,
                                      Access::kRead));
               const UnixSeconds now = store::NowSeconds();
               Alerts alerts;
               try {
                 VAFA_API_CHECK(ReadAlerts(scope, now, alerts));
               } catch (const std::exception& error) {
                 return ErrorResponse(store::DatabaseError(
                     "reading what needs attention", error));
               }
               return JsonResponse(200, NotificationsAnswer(alerts, now));
             });
}

}  // namespace vafa::api
