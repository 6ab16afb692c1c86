// Products, orders and interactions over the API: the same six routes for
// each (list, read, create, update, delete, restore) on a RecordTable, with
// per-entity checks (the customer must be in the workspace; an order's
// totals are the sum of its lines).
#include <soci/soci.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "api/data_routes.h"
#include "api/json_io.h"
#include "api/record_routes_internal.h"
#include "api/record_table.h"
#include "core/money.h"
#include "store/order_lines.h"
#include "store/sql_values.h"

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
  long long ws = scope.workspace.id, user = values[field].get<int64_t>();
  int found = 0;
  scope.db->sql() << "SELECT COUNT(*) FROM memberships WHERE workspace_id = :w "
                     "AND user_id = :u",
      soci::use(ws), soci::use(user), soci::into(found);
  if (found == 0) {
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

struct LineInput {
  int64_t product_id = 0;
  double quantity = 1;
  int64_t amount_minor = 0;
  int64_t discount_minor = 0;
  std::optional<int64_t> cost_minor;
};

Result<std::vector<LineInput>> ParseLines(const Scope& scope,
                                          const json& lines) {
  if (!lines.is_array() || lines.empty() || lines.size() >= 1024) {
    return FieldError("lines", "lines is a list of 1 to 1023 order lines");
  }
  std::vector<LineInput> out;
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
    LineInput input;
    long long ws = scope.workspace.id, product = 0;
    soci::indicator found = soci::i_null;
    if (line.contains("product_id") && line["product_id"].is_number_integer()) {
      long long wanted = line["product_id"].get<int64_t>();
      scope.db->sql() << "SELECT id FROM products WHERE workspace_id = :w AND "
                         "id = :id AND deleted_at IS NULL",
          soci::use(ws), soci::use(wanted), soci::into(product, found);
    } else if (line.contains("sku") && line["sku"].is_string()) {
      std::string sku = line["sku"].get<std::string>();
      scope.db->sql() << "SELECT id FROM products WHERE workspace_id = :w AND "
                         "sku = :s AND deleted_at IS NULL",
          soci::use(ws), soci::use(sku), soci::into(product, found);
    } else {
      return FieldError(at + ".product_id",
                        at + " needs a product_id or a sku");
    }
    if (!scope.db->sql().got_data() || found == soci::i_null) {
      return FieldError(at + ".product_id", at + ": no such product");
    }
    input.product_id = product;
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
    // The sums are checked: lines whose amounts add up past 64 bits are
    // refused (422 naming the line), never stored wrapped.
    int64_t total = 0, discount = 0, cost = 0;
    bool all_costed = true;
    for (size_t i = 0; i < lines.size(); ++i) {
      const LineInput& line = lines[i];
      const std::string at = "lines[" + std::to_string(i) + "].";
      for (auto [sum, amount, name, what] :
           {std::tuple{&total, line.amount_minor, "amount_minor",
                       "total_minor"},
            std::tuple{&discount, line.discount_minor, "discount_minor",
                       "discount_minor"},
            std::tuple{&cost, line.cost_minor.value_or(0), "cost_minor",
                       "cost_minor"}}) {
        std::optional<int64_t> added = CheckedAdd(*sum, amount);
        if (!added) {
          return FieldError(at + name, AmountOverflowMessage(
                                           std::string("the order's ") + what));
        }
        *sum = *added;
      }
      all_costed = all_costed && line.cost_minor.has_value();
    }
    values["total_minor"] = total;
    values["discount_minor"] = discount;
    values["cost_minor"] = all_costed ? json(cost) : json(nullptr);
    values["line_count"] = static_cast<int64_t>(lines.size());
  }
  return Status::Ok();
}

Status WriteOrderLines(const Scope& scope, int64_t id, const json& body,
                       const json& values) {
  long long ws = scope.workspace.id, order = id;
  long long customer = 0;
  soci::indicator anonymous = soci::i_ok;  // an anonymous sale's lines too
  scope.db->sql() << "SELECT customer_id FROM orders WHERE id = :id",
      soci::use(order), soci::into(customer, anonymous);
  if (!body.contains("lines")) {
    if (values.contains("customer_id")) {
      scope.db->sql() << "UPDATE order_lines SET customer_id = :c WHERE "
                         "line_key >= :lo AND line_key < :hi",
          soci::use(customer, anonymous),
          soci::use(static_cast<long long>(store::LineKey(id, 0))),
          soci::use(static_cast<long long>(store::LineKey(id + 1, 0)));
    }
    return Status::Ok();
  }
  VAFA_ASSIGN_OR_RETURN(auto lines, ParseLines(scope, body["lines"]));
  long long lo = store::LineKey(id, 0), hi = store::LineKey(id + 1, 0);
  scope.db->sql() << "DELETE FROM order_lines WHERE line_key >= :lo AND "
                     "line_key < :hi",
      soci::use(lo), soci::use(hi);
  for (size_t i = 0; i < lines.size(); ++i) {
    const LineInput& line = lines[i];
    long long key = store::LineKey(id, static_cast<int64_t>(i + 1));
    int line_no = static_cast<int>(i + 1);
    long long product = line.product_id, amount = line.amount_minor,
              discount = line.discount_minor;
    double quantity = line.quantity;
    store::NullableInt cost(line.cost_minor);
    scope.db->sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                       "workspace_id, customer_id, product_id, quantity, "
                       "amount_minor, discount_minor, cost_minor) VALUES (:k, "
                       ":o, :n, :w, :c, :p, :q, :a, :d, :cost)",
        soci::use(key), soci::use(order), soci::use(line_no), soci::use(ws),
        soci::use(customer, anonymous), soci::use(product), soci::use(quantity),
        soci::use(amount), soci::use(discount), cost.use();
  }
  return Status::Ok();
}

Status ReadOrderLines(const Scope& scope, json& order) {
  json lines = json::array();
  bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  int64_t id = order["id"].get<int64_t>();
  long long lo = store::LineKey(id, 0), hi = store::LineKey(id + 1, 0);
  soci::rowset<soci::row> rows =
      (scope.db->sql().prepare
           << "SELECT l.line_no, l.product_id, p.sku, p.name, l.quantity, "
              "l.amount_minor, l.discount_minor, l.cost_minor FROM "
              "order_lines l LEFT JOIN products p ON p.id = l.product_id "
              "WHERE l.line_key >= :lo AND l.line_key < :hi ORDER BY "
              "l.line_key",
       soci::use(lo), soci::use(hi));
  for (const soci::row& row : rows) {
    auto cost = store::RowOptionalInt(row, 7);
    lines.push_back(
        {{"line_no", store::RowInt(row, 0)},
         {"product_id", store::RowInt(row, 1)},
         {"sku", store::RowText(row, 2)},
         {"product_name", store::RowText(row, 3)},
         {"quantity", store::RowOptionalDouble(row, 4).value_or(0)},
         {"amount_minor", store::RowInt(row, 5)},
         {"discount_minor", store::RowInt(row, 6)},
         {"cost_minor", money && cost ? json(*cost) : json(nullptr)}});
  }
  order["lines"] = std::move(lines);
  return Status::Ok();
}

// ---- the definitions -----------------------------------------------------

std::vector<EntityRoutes> Entities() {
  std::vector<EntityRoutes> entities;

  EntityRoutes products;
  products.path = "products";
  products.resource = Resource::kProducts;
  products.def.table = "products";
  products.def.entity = "product";
  products.def.fields = {
      {.name = "sku", .required = true, .max_length = 100},
      {.name = "name", .max_length = 300},
      {.name = "name_en", .max_length = 300},
      {.name = "category", .max_length = 200},
      {.name = "price_minor", .kind = FieldKind::kInt},
      {.name = "unit_cost_minor", .kind = FieldKind::kInt, .money = true},
  };
  products.def.filterable = {"sku", "category"};
  products.def.sortable = {"sku"};
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
  orders.def.table = "orders";
  orders.def.entity = "order";
  orders.def.has_created_at = false;
  orders.def.fields = {
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
  orders.def.filterable = {"customer_id", "external_id", "channel", "branch"};
  orders.def.sortable = {"ordered_at"};
  orders.sort_needs_customer = true;
  orders.prepare = PrepareOrder;
  orders.write_more = WriteOrderLines;
  orders.read_more = ReadOrderLines;
  entities.push_back(std::move(orders));

  EntityRoutes interactions;
  interactions.path = "interactions";
  interactions.resource = Resource::kInteractions;
  interactions.def.table = "interactions";
  interactions.def.entity = "interaction";
  interactions.def.fields = {
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
  interactions.def.filterable = {"customer_id", "type", "channel",
                                 "external_id"};
  interactions.def.sortable = {"occurred_at"};
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

void AddEntityRoutes(Router& router, const ApiContext& context,
                     std::shared_ptr<const EntityRoutes> entity) {
  const std::string base = "/api/v1/workspaces/{workspace}/" + entity->path;

  auto read_one = [entity](const Scope& scope, int64_t id,
                           bool deleted_ok) -> Result<json> {
    RecordTable table(*scope.db, entity->def, scope.workspace.id);
    VAFA_ASSIGN_OR_RETURN(json record, table.Get(id, deleted_ok));
    if (entity->read_more) {
      try {
        VAFA_RETURN_IF_ERROR(entity->read_more(scope, record));
      } catch (const std::exception& error) {
        return store::DatabaseError("reading " + entity->def.entity, error);
      }
    }
    return Redact(scope, entity->def, std::move(record));
  };

  router.Add("GET", base, [context, entity](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope,
                 OpenScope(context, request, entity->resource, Access::kRead));
    ListQuery query;
    VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
    query.limit =
        static_cast<int>(std::clamp<int64_t>(limit.value_or(50), 1, 500));
    query.sort = request.Query("sort", "id");
    query.cursor = request.Query("cursor");
    query.deleted = request.Query("deleted") == "true";
    for (const std::string& name : entity->def.filterable) {
      std::string value = request.Query(name);
      if (!value.empty()) query.filters[name] = value;
    }
    if (entity->sort_needs_customer && query.sort != "id" &&
        query.sort != "-id" && !query.filters.contains("customer_id")) {
      return ErrorResponse(Status::Invalid(
          "sorting " + entity->path + " by time needs a customer_id filter",
          "sort"));
    }
    RecordTable table(*scope.db, entity->def, scope.workspace.id);
    VAFA_API_TRY(Page page, table.List(query));
    json items = json::array();
    for (json& item : page.items) {
      items.push_back(Redact(scope, entity->def, std::move(item)));
    }
    if (entity->list_more) VAFA_API_CHECK(entity->list_more(scope, items));
    return JsonResponse(200, {{"items", items},
                              {"next_cursor", page.next_cursor.empty()
                                                  ? json(nullptr)
                                                  : json(page.next_cursor)}});
  });

  router.Add(
      "GET", base + "/{id}",
      [context, entity, read_one](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope, OpenScope(context, request, entity->resource,
                                            Access::kRead));
        VAFA_API_TRY(int64_t id, PathId(request, "id", entity->def.entity));
        VAFA_API_TRY(json record, read_one(scope, id, true));
        return JsonResponse(200, {{entity->def.entity, record}});
      });

  router.Add(
      "POST", base, [context, entity, read_one](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope, OpenScope(context, request, entity->resource,
                                            Access::kWrite));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_TRY(json values, CheckFields(entity->def, body,
                                              /*creating=*/true, {"lines"}));
        if (body.contains("lines") && !entity->write_more) {
          return ErrorResponse(FieldError("lines", "unknown field \"lines\""));
        }
        RecordTable table(*scope.db, entity->def, scope.workspace.id);
        json after;
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          if (entity->prepare) {
            VAFA_RETURN_IF_ERROR(entity->prepare(scope, body, nullptr, values));
          }
          VAFA_ASSIGN_OR_RETURN(int64_t id, table.Insert(values));
          if (entity->write_more) {
            VAFA_RETURN_IF_ERROR(entity->write_more(scope, id, body, values));
          }
          VAFA_ASSIGN_OR_RETURN(after, read_one(scope, id, false));
          return scope.Audit("create", entity->def.entity, id, nullptr, after);
        }));
        return JsonResponse(201, {{entity->def.entity, after}});
      });

  router.Add(
      "PATCH", base + "/{id}",
      [context, entity, read_one](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope, OpenScope(context, request, entity->resource,
                                            Access::kWrite));
        VAFA_API_TRY(int64_t id, PathId(request, "id", entity->def.entity));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_TRY(auto version, OptionalInt(body, "version"));
        if (!version) {
          return ErrorResponse(FieldError(
              "version", "version is required: send the version you read"));
        }
        VAFA_API_TRY(json values, CheckFields(entity->def, body,
                                              /*creating=*/false, {"lines"}));
        if (body.contains("lines") && !entity->write_more) {
          return ErrorResponse(FieldError("lines", "unknown field \"lines\""));
        }
        RecordTable table(*scope.db, entity->def, scope.workspace.id);
        json before, after;
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(before, read_one(scope, id, false));
          if (entity->prepare) {
            VAFA_RETURN_IF_ERROR(entity->prepare(scope, body, before, values));
          }
          VAFA_RETURN_IF_ERROR(table.Update(id, values, *version));
          if (entity->write_more) {
            VAFA_RETURN_IF_ERROR(entity->write_more(scope, id, body, values));
          }
          VAFA_ASSIGN_OR_RETURN(after, read_one(scope, id, false));
          return scope.Audit("update", entity->def.entity, id, before, after);
        }));
        return JsonResponse(200, {{entity->def.entity, after}});
      });

  for (bool deleting : {true, false}) {
    router.Add(
        deleting ? "DELETE" : "POST",
        deleting ? base + "/{id}" : base + "/{id}/restore",
        [context, entity, read_one, deleting](const HttpRequest& request) {
          VAFA_API_TRY(
              Scope scope,
              OpenScope(context, request, entity->resource, Access::kWrite));
          VAFA_API_TRY(int64_t id, PathId(request, "id", entity->def.entity));
          RecordTable table(*scope.db, entity->def, scope.workspace.id);
          json before, after;
          VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
            VAFA_ASSIGN_OR_RETURN(before, read_one(scope, id, true));
            VAFA_RETURN_IF_ERROR(table.SetDeleted(id, deleting));
            VAFA_ASSIGN_OR_RETURN(after, read_one(scope, id, true));
            return scope.Audit(deleting ? "delete" : "restore",
                               entity->def.entity, id, before,
                               deleting ? json(nullptr) : after);
          }));
          if (deleting) return NoContent();
          return JsonResponse(200, {{entity->def.entity, after}});
        });
  }
}

}  // namespace

bool LiveRecordExists(const Scope& scope, const std::string& table,
                      int64_t id) {
  long long ws = scope.workspace.id, wanted = id;
  int found = 0;
  scope.db->sql() << "SELECT COUNT(*) FROM " + table +
                         " WHERE workspace_id = :w AND id = :id AND "
                         "deleted_at IS NULL",
      soci::use(ws), soci::use(wanted), soci::into(found);
  return found > 0;
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
