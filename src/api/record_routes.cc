// The record routes: the same six routes (list, read, create, update,
// delete, restore) for each entity on a store::RecordTable over its domain's
// table (services/<domain>/record_tables.h), with per-entity checks. The
// products, orders and interactions are defined here (the customer must be
// in the workspace; an order's lines and totals are the customers domain's,
// services/customers/order_records.h); the other entities beside their
// routes (ticket_records.cc, sales_records.cc, marketing_records.cc,
// survey_routes.cc).
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "api/internal/data_routes.h"
#include "api/internal/record_routes_internal.h"
#include "api/json_io.h"
#include "auth/user_repository.h"
#include "services/customers/order_records.h"
#include "services/customers/record_tables.h"
#include "store/record_table.h"

namespace vafa::api {

using nlohmann::json;

std::string RandomId(std::string_view prefix) {
  unsigned char bytes[9];
  randombytes_buf(bytes, sizeof bytes);
  std::string out(prefix);
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Status CheckCustomer(const Scope& scope, const json& values) {
  if (!values.contains("customer_id")) return Status::Ok();
  const int64_t id = values["customer_id"].get<int64_t>();
  if (!LiveRecordExists(scope, "customers", id)) {
    return FieldError("customer_id", "no customer " + std::to_string(id));
  }
  return Status::Ok();
}

Status CheckMember(const Scope& scope, const json& values,
                   const std::string& field) {
  if (!values.contains(field) || values[field].is_null()) return Status::Ok();
  const int64_t user = values[field].get<int64_t>();
  VAFA_ASSIGN_OR_RETURN(
      std::optional<auth::Role> role,
      auth::UserRepository(*scope.db).RoleIn(scope.workspace.id, user));
  if (!role) {
    return FieldError(field, "user " + std::to_string(user) +
                                 " is not a member of the workspace");
  }
  return Status::Ok();
}

namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json Redact(const Scope& scope, const TableDef& def, json record) {
  if (scope.Can(Resource::kMoneyScores, Access::kRead)) return record;
  for (const FieldDef& field : def.fields) {
    if (field.money) record[field.name] = nullptr;
  }
  return record;
}

// ---- orders --------------------------------------------------------------

// The request's lines, each product looked up in the order domain (422
// naming the line and field at fault).
Result<std::vector<services::customers::OrderLineInput>> ParseLines(
    const Scope& scope, const json& lines) {
  if (!lines.is_array() || lines.empty() || lines.size() >= 1024) {
    return FieldError("lines", "lines is a list of 1 to 1023 order lines");
  }
  std::vector<services::customers::OrderLineInput> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const json& line = lines[i];
    std::string at = "lines[" + std::to_string(i) + "]";
    if (!line.is_object()) return FieldError(at, at + " must be an object");
    for (const auto& [key, value] : line.items()) {
      if (key != "product_id" && key != "sku" && key != "quantity" &&
          key != "amount_minor" && key != "discount_minor" &&
          key != "cost_minor") {
        return FieldError(at + "." + key, "unknown field \"" + key + "\"");
      }
    }
    services::customers::OrderLineInput input;
    std::optional<int64_t> product;
    if (line.contains("product_id") && line["product_id"].is_number_integer()) {
      VAFA_ASSIGN_OR_RETURN(product, services::customers::LiveProductId(
                                         *scope.db, scope.workspace.id,
                                         line["product_id"].get<int64_t>()));
    } else if (line.contains("sku") && line["sku"].is_string()) {
      VAFA_ASSIGN_OR_RETURN(product, services::customers::LiveProductIdBySku(
                                         *scope.db, scope.workspace.id,
                                         line["sku"].get<std::string>()));
    } else {
      return FieldError(at + ".product_id",
                        at + " needs a product_id or a sku");
    }
    if (!product) {
      return FieldError(at + ".product_id", at + ": no such product");
    }
    input.product_id = *product;
    auto number = [&](const char* key, bool required) -> Result<json> {
      auto it = line.find(key);
      if (it == line.end() || it->is_null()) {
        if (required) {
          return FieldError(at + "." + key, std::string(key) + " is required");
        }
        return json(nullptr);
      }
      if (!it->is_number()) {
        return FieldError(at + "." + key,
                          std::string(key) + " must be a number");
      }
      return *it;
    };
    VAFA_ASSIGN_OR_RETURN(json quantity, number("quantity", false));
    VAFA_ASSIGN_OR_RETURN(json amount, number("amount_minor", true));
    VAFA_ASSIGN_OR_RETURN(json discount, number("discount_minor", false));
    VAFA_ASSIGN_OR_RETURN(json cost, number("cost_minor", false));
    if (!quantity.is_null()) input.quantity = quantity.get<double>();
    if (!(input.quantity > 0) || input.quantity > 1e9) {
      return FieldError(at + ".quantity", "quantity must be above 0");
    }
    for (auto [value, target, name] :
         {std::tuple{&amount, &input.amount_minor, "amount_minor"},
          std::tuple{&discount, &input.discount_minor, "discount_minor"}}) {
      if (value->is_null()) continue;
      if (!value->is_number_integer() || value->get<int64_t>() < 0) {
        return FieldError(at + "." + name,
                          std::string(name) + " must be a whole amount >= 0");
      }
      *target = value->get<int64_t>();
    }
    if (!cost.is_null()) {
      if (!cost.is_number_integer() || cost.get<int64_t>() < 0) {
        return FieldError(at + ".cost_minor",
                          "cost_minor must be a whole amount >= 0");
      }
      input.cost_minor = cost.get<int64_t>();
    }
    out.push_back(input);
  }
  return out;
}

Status PrepareOrder(const Scope& scope, const json& body, const json& before,
                    json& values) {
  VAFA_RETURN_IF_ERROR(CheckCustomer(scope, values));
  if (before.is_null()) {
    if (!body.contains("lines")) {
      return FieldError("lines", "an order needs its lines");
    }
    if (!values.contains("external_id"))
      values["external_id"] = RandomId("api-");
    values["currency"] = scope.workspace.currency;
  }
  if (body.contains("lines")) {
    VAFA_ASSIGN_OR_RETURN(auto lines, ParseLines(scope, body["lines"]));
    VAFA_ASSIGN_OR_RETURN(services::customers::OrderLineTotals totals,
                          services::customers::SumOrderLines(lines));
    values["total_minor"] = totals.total_minor;
    values["discount_minor"] = totals.discount_minor;
    values["cost_minor"] =
        totals.cost_minor ? json(*totals.cost_minor) : json(nullptr);
    values["line_count"] = totals.line_count;
  }
  return Status::Ok();
}

Status WriteOrderLines(const Scope& scope, int64_t id, const json& body,
                       const json& values) {
  if (!body.contains("lines")) {
    if (!values.contains("customer_id")) return Status::Ok();
    return services::customers::MoveOrderLinesToOrderCustomer(
        *scope.db, scope.workspace.id, id);
  }
  VAFA_ASSIGN_OR_RETURN(auto lines, ParseLines(scope, body["lines"]));
  return services::customers::ReplaceOrderLines(*scope.db, scope.workspace.id,
                                                id, lines);
}

Status ReadOrderLines(const Scope& scope, json& order) {
  const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  VAFA_ASSIGN_OR_RETURN(
      std::vector<services::customers::OrderLine> lines,
      services::customers::ReadOrderLines(*scope.db, scope.workspace.id,
                                          order["id"].get<int64_t>()));
  json list = json::array();
  for (const services::customers::OrderLine& line : lines) {
    list.push_back(
        {{"line_no", line.line_no},
         {"product_id", line.product_id},
         {"sku", line.sku},
         {"product_name", line.product_name},
         {"quantity", line.quantity},
         {"amount_minor", line.amount_minor},
         {"discount_minor", line.discount_minor},
         {"cost_minor",
          money && line.cost_minor ? json(*line.cost_minor) : json(nullptr)}});
  }
  order["lines"] = std::move(list);
  return Status::Ok();
}

// ---- the definitions -----------------------------------------------------

std::vector<EntityRoutes> Entities() {
  std::vector<EntityRoutes> entities;

  EntityRoutes products;
  products.path = "products";
  products.resource = Resource::kProducts;
  products.def = services::customers::ProductTable();
  products.prepare = [](const Scope&, const json&, const json&, json& values) {
    for (const char* money : {"price_minor", "unit_cost_minor"}) {
      if (values.contains(money) && !values[money].is_null() &&
          values[money].get<int64_t>() < 0) {
        return FieldError(money, std::string(money) + " must be >= 0");
      }
    }
    return Status::Ok();
  };
  entities.push_back(std::move(products));

  EntityRoutes orders;
  orders.path = "orders";
  orders.resource = Resource::kOrders;
  orders.def = services::customers::OrderTable();
  orders.sort_needs_customer = true;
  orders.prepare = PrepareOrder;
  orders.write_more = WriteOrderLines;
  orders.read_more = ReadOrderLines;
  entities.push_back(std::move(orders));

  EntityRoutes interactions;
  interactions.path = "interactions";
  interactions.resource = Resource::kInteractions;
  interactions.def = services::customers::InteractionTable();
  interactions.sort_needs_customer = true;
  interactions.prepare = [](const Scope& scope, const json&, const json& before,
                            json& values) {
    VAFA_RETURN_IF_ERROR(CheckCustomer(scope, values));
    if (before.is_null()) {
      if (!values.contains("external_id")) {
        values["external_id"] = RandomId("api-");
      }
      values["user_id"] = scope.caller.user.id;
    }
    return Status::Ok();
  };
  entities.push_back(std::move(interactions));
  entities.push_back(TicketEntity());
  entities.push_back(LeadEntity());
  entities.push_back(DealEntity());
  entities.push_back(TaskEntity());
  entities.push_back(SegmentEntity());
  entities.push_back(CampaignEntity());
  entities.push_back(SurveyEntity());
  return entities;
}

// One record of the entity as the caller may see it, with what read_more
// adds.
Result<json> ReadRecord(const Scope& scope, const EntityRoutes& entity,
                        int64_t id, bool deleted_ok) {
  RecordTable table(*scope.db, entity.def, scope.workspace.id);
  VAFA_ASSIGN_OR_RETURN(json record, table.Get(id, deleted_ok));
  if (entity.read_more) {
    try {
      VAFA_RETURN_IF_ERROR(entity.read_more(scope, record));
    } catch (const std::exception& error) {
      return store::DatabaseError("reading " + entity.def.entity, error);
    }
  }
  return Redact(scope, entity.def, std::move(record));
}

// The list's page, sort and filters as the request gives them.
Result<ListQuery> ListQueryOf(const EntityRoutes& entity,
                              const HttpRequest& request) {
  ListQuery query;
  VAFA_ASSIGN_OR_RETURN(auto limit, QueryInt(request, "limit"));
  query.limit =
      static_cast<int>(std::clamp<int64_t>(limit.value_or(50), 1, 500));
  query.sort = request.Query("sort", "id");
  query.cursor = request.Query("cursor");
  query.deleted = request.Query("deleted") == "true";
  for (const std::string& name : entity.def.filterable) {
    std::string value = request.Query(name);
    if (!value.empty()) query.filters[name] = value;
  }
  if (entity.sort_needs_customer && query.sort != "id" && query.sort != "-id" &&
      !query.filters.contains("customer_id")) {
    return Status::Invalid(
        "sorting " + entity.path + " by time needs a customer_id filter",
        "sort");
  }
  return query;
}

HttpResponse ListRecords(const ApiContext& context, const EntityRoutes& entity,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, entity.resource, Access::kRead));
  VAFA_API_TRY(ListQuery query, ListQueryOf(entity, request));
  RecordTable table(*scope.db, entity.def, scope.workspace.id);
  VAFA_API_TRY(Page page, table.List(query));
  json items = json::array();
  for (json& item : page.items) {
    items.push_back(Redact(scope, entity.def, std::move(item)));
  }
  if (entity.list_more) VAFA_API_CHECK(entity.list_more(scope, items));
  return JsonResponse(200, {{"items", items},
                            {"next_cursor", page.next_cursor.empty()
                                                ? json(nullptr)
                                                : json(page.next_cursor)}});
}

HttpResponse GetRecord(const ApiContext& context, const EntityRoutes& entity,
                       const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, entity.resource, Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", entity.def.entity));
  VAFA_API_TRY(json record, ReadRecord(scope, entity, id, true));
  return JsonResponse(200, {{entity.def.entity, record}});
}

// The body's fields checked against the table; "lines" only for an entity
// that writes them.
Result<json> CheckedValues(const EntityRoutes& entity, const json& body,
                           bool creating) {
  VAFA_ASSIGN_OR_RETURN(json values,
                        CheckFields(entity.def, body, creating, {"lines"}));
  if (body.contains("lines") && !entity.write_more) {
    return FieldError("lines", "unknown field \"lines\"");
  }
  return values;
}

HttpResponse CreateRecord(const ApiContext& context, const EntityRoutes& entity,
                          const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, entity.resource, Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(json values, CheckedValues(entity, body, /*creating=*/true));
  RecordTable table(*scope.db, entity.def, scope.workspace.id);
  json after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    if (entity.prepare) {
      VAFA_RETURN_IF_ERROR(entity.prepare(scope, body, nullptr, values));
    }
    VAFA_ASSIGN_OR_RETURN(int64_t id, table.Insert(values));
    if (entity.write_more) {
      VAFA_RETURN_IF_ERROR(entity.write_more(scope, id, body, values));
    }
    VAFA_ASSIGN_OR_RETURN(after, ReadRecord(scope, entity, id, false));
    return scope.Audit("create", entity.def.entity, id, nullptr, after);
  }));
  return JsonResponse(201, {{entity.def.entity, after}});
}

// PATCH: the fields given, over the version read.
HttpResponse UpdateRecord(const ApiContext& context, const EntityRoutes& entity,
                          const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, entity.resource, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", entity.def.entity));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(auto version, OptionalInt(body, "version"));
  if (!version) {
    return ErrorResponse(FieldError(
        "version", "version is required: send the version you read"));
  }
  VAFA_API_TRY(json values, CheckedValues(entity, body, /*creating=*/false));
  RecordTable table(*scope.db, entity.def, scope.workspace.id);
  json before, after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(before, ReadRecord(scope, entity, id, false));
    if (entity.prepare) {
      VAFA_RETURN_IF_ERROR(entity.prepare(scope, body, before, values));
    }
    VAFA_RETURN_IF_ERROR(table.Update(id, values, *version));
    if (entity.write_more) {
      VAFA_RETURN_IF_ERROR(entity.write_more(scope, id, body, values));
    }
    VAFA_ASSIGN_OR_RETURN(after, ReadRecord(scope, entity, id, false));
    return scope.Audit("update", entity.def.entity, id, before, after);
  }));
  return JsonResponse(200, {{entity.def.entity, after}});
}

// DELETE (a soft delete) or POST .../restore.
HttpResponse SetRecordDeleted(const ApiContext& context,
                              const EntityRoutes& entity,
                              const HttpRequest& request, bool deleting) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, entity.resource, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", entity.def.entity));
  RecordTable table(*scope.db, entity.def, scope.workspace.id);
  json before, after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(before, ReadRecord(scope, entity, id, true));
    VAFA_RETURN_IF_ERROR(table.SetDeleted(id, deleting));
    VAFA_ASSIGN_OR_RETURN(after, ReadRecord(scope, entity, id, true));
    return scope.Audit(deleting ? "delete" : "restore", entity.def.entity, id,
                       before, deleting ? json(nullptr) : after);
  }));
  if (deleting) return NoContent();
  return JsonResponse(200, {{entity.def.entity, after}});
}

HttpResponse DeleteRecord(const ApiContext& context, const EntityRoutes& entity,
                          const HttpRequest& request) {
  return SetRecordDeleted(context, entity, request, /*deleting=*/true);
}

HttpResponse RestoreRecord(const ApiContext& context,
                           const EntityRoutes& entity,
                           const HttpRequest& request) {
  return SetRecordDeleted(context, entity, request, /*deleting=*/false);
}

// A record route's handler written as a named function; BindEntity makes
// the router's Handler of it, holding the context and the entity.
using EntityHandler = HttpResponse (*)(const ApiContext&, const EntityRoutes&,
                                       const HttpRequest&);
Handler BindEntity(const ApiContext& context,
                   std::shared_ptr<const EntityRoutes> entity,
                   EntityHandler handler) {
  return [context, entity = std::move(entity),
          handler](const HttpRequest& request) {
    return handler(context, *entity, request);
  };
}

void AddEntityRoutes(Router& router, const ApiContext& context,
                     std::shared_ptr<const EntityRoutes> entity) {
  const std::string base = "/api/v1/workspaces/{workspace}/" + entity->path;
  router.Add("GET", base, BindEntity(context, entity, ListRecords));
  router.Add("GET", base + "/{id}", BindEntity(context, entity, GetRecord));
  router.Add("POST", base, BindEntity(context, entity, CreateRecord));
  router.Add("PATCH", base + "/{id}",
             BindEntity(context, entity, UpdateRecord));
  router.Add("DELETE", base + "/{id}",
             BindEntity(context, entity, DeleteRecord));
  router.Add("POST", base + "/{id}/restore",
             BindEntity(context, entity, RestoreRecord));
}

}  // namespace

bool LiveRecordExists(const Scope& scope, const std::string& table,
                      int64_t id) {
  Result<bool> live =
      store::LiveRecordExists(*scope.db, table, scope.workspace.id, id);
  // A store failure travels as an exception, with its Status: inside a
  // transaction it comes back as that Status (a lost connection is 503),
  // elsewhere the one handler at the edge answers 500.
  if (!live.ok()) throw store::StatusError(live.status());
  return *live;
}

Result<int64_t> PathRecordId(const Scope& scope, const HttpRequest& request,
                             const std::string& table, std::string_view what) {
  VAFA_ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", what));
  if (!LiveRecordExists(scope, table, id)) {
    return Status::NotFound(std::string(what) + " " + std::to_string(id) +
                            " does not exist");
  }
  return id;
}

void AddRecordRoutes(Router& router, const ApiContext& context) {
  for (EntityRoutes& entity : Entities()) {
    AddEntityRoutes(router, context,
                    std::make_shared<const EntityRoutes>(std::move(entity)));
  }
}

}  // namespace vafa::api
