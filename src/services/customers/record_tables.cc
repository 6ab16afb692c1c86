#include "services/customers/record_tables.h"

namespace vafa::services::customers {

using store::FieldKind;

store::TableDef ProductTable() {
  store::TableDef def;
  def.table = "products";
  def.entity = "product";
  def.fields = {
      {.name = "sku", .required = true, .max_length = 100},
      {.name = "name", .max_length = 300},
      {.name = "name_en", .max_length = 300},
      {.name = "category", .max_length = 200},
      {.name = "price_minor", .kind = FieldKind::kInt},
      {.name = "unit_cost_minor", .kind = FieldKind::kInt, .money = true},
  };
  def.filterable = {"sku", "category"};
  def.sortable = {"sku"};
  return def;
}

store::TableDef OrderTable() {
  store::TableDef def;
  def.table = "orders";
  def.entity = "order";
  def.has_created_at = false;
  def.fields = {
      {.name = "customer_id", .kind = FieldKind::kInt, .required = true},
      {.name = "external_id", .max_length = 100},
      {.name = "ordered_at", .kind = FieldKind::kTime, .required = true},
      {.name = "channel", .max_length = 100},
      {.name = "branch", .max_length = 100},
      {.name = "currency", .writable = false},
      {.name = "total_minor", .kind = FieldKind::kInt, .writable = false},
      {.name = "discount_minor", .kind = FieldKind::kInt, .writable = false},
      {.name = "cost_minor",
       .kind = FieldKind::kInt,
       .writable = false,
       .money = true},
      {.name = "line_count", .kind = FieldKind::kInt, .writable = false},
  };
  def.filterable = {"customer_id", "external_id", "channel", "branch"};
  def.sortable = {"ordered_at"};
  return def;
}

store::TableDef InteractionTable() {
  store::TableDef def;
  def.table = "interactions";
  def.entity = "interaction";
  def.fields = {
      {.name = "customer_id", .kind = FieldKind::kInt, .required = true},
      {.name = "external_id", .max_length = 100},
      {.name = "occurred_at", .kind = FieldKind::kTime, .required = true},
      {.name = "type", .required = true, .max_length = 50},
      {.name = "channel", .max_length = 100},
      {.name = "direction",
       .max_length = 20,
       .one_of = {"inbound", "outbound"}},
      {.name = "subject", .max_length = 2000},
      {.name = "outcome", .max_length = 200},
      {.name = "user_id", .kind = FieldKind::kInt, .writable = false},
  };
  def.filterable = {"customer_id", "type", "channel", "external_id"};
  def.sortable = {"occurred_at"};
  return def;
}

}  // namespace vafa::services::customers
