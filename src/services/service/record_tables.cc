#include "services/service/record_tables.h"

namespace vafa::services::service {

using store::FieldKind;

store::TableDef TicketTable() {
  store::TableDef def;
  def.table = "tickets";
  def.entity = "ticket";
  def.fields = {
      {.name = "customer_id", .kind = FieldKind::kInt, .required = true},
      {.name = "external_id", .max_length = 100},
      {.name = "subject", .required = true, .max_length = 300},
      {.name = "description", .max_length = 20000},
      {.name = "type",
       .max_length = 20,
       .one_of = {"question", "complaint", "request"}},
      {.name = "channel",
       .max_length = 20,
       .one_of = {"phone", "branch", "web", "email", "messaging"}},
      {.name = "category",
       .max_length = 20,
       .one_of = {"product", "service", "billing", "staff", "delivery",
                  "other"}},
      {.name = "priority",
       .max_length = 20,
       .one_of = {"low", "normal", "high", "urgent"}},
      {.name = "status",
       .max_length = 20,
       .one_of = {"new", "open", "pending", "resolved", "closed"}},
      {.name = "assignee_user_id", .kind = FieldKind::kInt},
      {.name = "team", .max_length = 100},
      {.name = "opened_at", .kind = FieldKind::kTime},
      {.name = "satisfaction", .kind = FieldKind::kInt},
      {.name = "first_response_at",
       .kind = FieldKind::kTime,
       .writable = false},
      {.name = "resolved_at", .kind = FieldKind::kTime, .writable = false},
      {.name = "closed_at", .kind = FieldKind::kTime, .writable = false},
      {.name = "first_response_due_at",
       .kind = FieldKind::kTime,
       .writable = false},
      {.name = "resolution_due_at",
       .kind = FieldKind::kTime,
       .writable = false},
      {.name = "reopen_count", .kind = FieldKind::kInt, .writable = false},
      {.name = "pending_since", .kind = FieldKind::kTime, .writable = false},
      {.name = "paused_seconds", .kind = FieldKind::kInt, .writable = false},
      {.name = "satisfaction_requested_at",
       .kind = FieldKind::kTime,
       .writable = false},
  };
  def.filterable = {"customer_id", "status",           "priority",
                    "type",        "category",         "channel",
                    "team",        "assignee_user_id", "external_id"};
  def.sortable = {"opened_at"};
  return def;
}

}  // namespace vafa::services::service
