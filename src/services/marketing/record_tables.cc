#include "services/marketing/record_tables.h"

namespace vafa::services::marketing {

using store::FieldKind;

store::TableDef SegmentTable() {
  store::TableDef def;
  def.table = "segments";
  def.entity = "segment";
  def.fields = {
      {.name = "name", .required = true, .max_length = 200},
      {.name = "description", .max_length = 2000},
      {.name = "rules",
       .kind = FieldKind::kJson,
       .required = true,
       .max_length = 20000},
  };
  def.filterable = {"name"};
  return def;
}

store::TableDef CampaignTable() {
  store::TableDef def;
  def.table = "campaigns";
  def.entity = "campaign";
  def.fields = {
      {.name = "name", .required = true, .max_length = 200},
      {.name = "goal",
       .max_length = 20,
       .one_of = {"retention", "winback", "acquisition", "cross_sell",
                  "loyalty", "other"}},
      {.name = "channel",
       .required = true,
       .max_length = 20,
       .one_of = {"sms", "email", "phone", "branch", "messaging", "mail",
                  "web"}},
      {.name = "segment_id", .kind = FieldKind::kInt},
      {.name = "status",
       .max_length = 20,
       .one_of = {"draft", "scheduled", "running", "completed", "cancelled"}},
      {.name = "offer", .max_length = 1000},
      {.name = "budget_minor", .kind = FieldKind::kInt},
      {.name = "cost_minor", .kind = FieldKind::kInt},
      {.name = "starts_at", .kind = FieldKind::kTime, .required = true},
      {.name = "ends_at", .kind = FieldKind::kTime, .required = true},
      {.name = "attribution_days", .kind = FieldKind::kInt},
      {.name = "control_percent", .kind = FieldKind::kInt},
      {.name = "members_count", .kind = FieldKind::kInt, .writable = false},
      {.name = "control_count", .kind = FieldKind::kInt, .writable = false},
      {.name = "drawn_at", .kind = FieldKind::kTime, .writable = false},
  };
  def.filterable = {"status", "channel", "goal", "segment_id"};
  def.sortable = {"starts_at"};
  return def;
}

}  // namespace vafa::services::marketing
