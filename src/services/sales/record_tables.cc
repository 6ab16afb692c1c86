#include "services/sales/record_tables.h"

namespace vafa::services::sales {

using store::FieldKind;

store::TableDef DealTable() {
  store::TableDef def;
  def.table = "deals";
  def.entity = "deal";
  def.fields = {
      {.name = "customer_id", .kind = FieldKind::kInt, .required = true},
      {.name = "external_id", .max_length = 100},
      {.name = "title", .required = true, .max_length = 300},
      {.name = "pipeline", .max_length = 40},
      {.name = "stage", .max_length = 40},
      {.name = "status", .max_length = 10, .one_of = {"open", "won", "lost"}},
      {.name = "value_minor", .kind = FieldKind::kInt, .required = true},
      {.name = "expected_close_at", .kind = FieldKind::kTime, .required = true},
      {.name = "owner_user_id", .kind = FieldKind::kInt},
      {.name = "team", .max_length = 100},
      {.name = "source", .max_length = 100},
      {.name = "close_reason", .max_length = 500},
      {.name = "probability", .kind = FieldKind::kInt, .writable = false},
      {.name = "stage_entered_at", .kind = FieldKind::kTime, .writable = false},
      {.name = "closed_at", .kind = FieldKind::kTime, .writable = false},
      {.name = "lead_id", .kind = FieldKind::kInt, .writable = false},
  };
  def.filterable = {"customer_id",   "pipeline", "stage",       "status",
                    "owner_user_id", "team",     "external_id", "lead_id"};
  def.sortable = {"expected_close_at", "value_minor"};
  return def;
}

store::TableDef LeadTable() {
  store::TableDef def;
  def.table = "leads";
  def.entity = "lead";
  def.fields = {
      {.name = "external_id", .max_length = 100},
      {.name = "name", .required = true, .max_length = 300},
      {.name = "company", .max_length = 300},
      {.name = "phone", .max_length = 40},
      {.name = "email", .max_length = 200},
      {.name = "source", .max_length = 100},
      {.name = "status",
       .max_length = 20,
       .one_of = {"new", "contacted", "qualified", "disqualified"}},
      {.name = "disqualify_reason", .max_length = 500},
      {.name = "estimated_value_minor", .kind = FieldKind::kInt},
      {.name = "owner_user_id", .kind = FieldKind::kInt},
      {.name = "team", .max_length = 100},
      {.name = "customer_id", .kind = FieldKind::kInt, .writable = false},
      {.name = "deal_id", .kind = FieldKind::kInt, .writable = false},
      {.name = "converted_at", .kind = FieldKind::kTime, .writable = false},
  };
  def.filterable = {"status", "source", "owner_user_id", "team", "external_id"};
  return def;
}

store::TableDef TaskTable() {
  store::TableDef def;
  def.table = "tasks";
  def.entity = "task";
  def.fields = {
      {.name = "title", .required = true, .max_length = 300},
      {.name = "kind",
       .max_length = 20,
       .one_of = {"call", "meeting", "visit", "email", "todo"}},
      {.name = "status",
       .max_length = 20,
       .one_of = {"open", "done", "cancelled"}},
      {.name = "due_at", .kind = FieldKind::kTime, .required = true},
      {.name = "remind_at", .kind = FieldKind::kTime},
      {.name = "customer_id", .kind = FieldKind::kInt},
      {.name = "deal_id", .kind = FieldKind::kInt},
      {.name = "ticket_id", .kind = FieldKind::kInt},
      {.name = "owner_user_id", .kind = FieldKind::kInt},
      {.name = "outcome", .max_length = 2000},
      {.name = "done_at", .kind = FieldKind::kTime, .writable = false},
      {.name = "interaction_id", .kind = FieldKind::kInt, .writable = false},
  };
  def.filterable = {"status",  "kind",      "customer_id",
                    "deal_id", "ticket_id", "owner_user_id"};
  def.sortable = {"due_at"};
  return def;
}

}  // namespace vafa::services::sales
