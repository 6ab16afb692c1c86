// Customers over the API: list, search, read, create, update (with the
// version read), soft delete, restore; the 360 view is in customer_360.cc. A
// customer given as JSON is checked by the same parser as a row of a customers
// file (import/customer_row.h), so the API and imports accept and normalise
// exactly the same values.
#include <charconv>
#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/data_routes.h"
#include "api/internal/holding_routes.h"
#include "api/json_io.h"
#include "import/customer_row.h"
#include "pipeline/duplicate_check.h"
#include "services/customers/customer_records.h"
#include "services/marketing/campaigns.h"
#include "store/customer_repository.h"
#include "store/sql_values.h"

namespace vafa::api {
using nlohmann::json;

json CustomerJson(const store::Customer& c, const Scope& scope) {
  const bool contact =
      scope.Can(auth::Resource::kContactDetails, auth::Access::kRead);
  const bool money =
      scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead);
  auto hidden = [&](const std::string& text, bool visible) {
    return visible ? Nullable(text) : json(nullptr);
  };
  // Filled in place: an initializer list would copy every value once more,
  // on the path of every page of customers and every search.
  json out = json::object();
  auto& o = out.get_ref<json::object_t&>();
  o.emplace("id", c.id);
  o.emplace("external_id", Nullable(c.external_id));
  o.emplace("kind", c.kind);
  o.emplace("display_name", c.display_name);
  o.emplace("first_name", Nullable(c.first_name));
  o.emplace("last_name", Nullable(c.last_name));
  o.emplace("organisation_name", Nullable(c.organisation_name));
  o.emplace("parent_id", c.parent_id != 0 ? json(c.parent_id) : json(nullptr));
  o.emplace("national_id", hidden(c.national_id, contact));
  o.emplace("phone", hidden(c.phone, contact));
  o.emplace("email", hidden(c.email, contact));
  o.emplace("birth_date", hidden(c.birth_date, contact));
  o.emplace("gender", Nullable(c.gender));
  o.emplace("city", Nullable(c.city));
  o.emplace("province", Nullable(c.province));
  o.emplace("acquisition_channel", Nullable(c.acquisition_channel));
  o.emplace("acquisition_cost_minor",
            money ? Nullable(c.acquisition_cost_minor) : json(nullptr));
  o.emplace("joined_at", Nullable(c.joined_at));
  o.emplace("language", Nullable(c.language));
  o.emplace("created_at", c.created_at);
  o.emplace("updated_at", c.updated_at);
  o.emplace("deleted_at", Nullable(c.deleted_at));
  o.emplace("import_batch", c.batch_id != 0 ? json(c.batch_id) : json(nullptr));
  o.emplace("version", c.version);
  return out;
}

// Keys in the order of CustomerJson's std::map, so that the bytes are the
// same (customer_json_test.cc compares them).
void WriteCustomerJson(JsonWriter& json, const store::Customer& c,
                       const Scope& scope) {
  const bool contact =
      scope.Can(auth::Resource::kContactDetails, auth::Access::kRead);
  const bool money =
      scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead);
  auto hidden = [&](std::string_view key, const std::string& text,
                    bool visible) {
    json.Key(key);
    json.NullableString(visible ? std::string_view(text) : "");
  };
  auto nonzero = [&](std::string_view key, int64_t id) {
    json.Key(key);
    json.NullableInt(id != 0 ? std::optional<int64_t>(id) : std::nullopt);
  };
  json.BeginObject();
  json.Key("acquisition_channel");
  json.NullableString(c.acquisition_channel);
  json.Key("acquisition_cost_minor");
  json.NullableInt(money ? c.acquisition_cost_minor : std::nullopt);
  hidden("birth_date", c.birth_date, contact);
  json.Key("city");
  json.NullableString(c.city);
  json.Key("created_at");
  json.Int(c.created_at);
  json.Key("deleted_at");
  json.NullableInt(c.deleted_at);
  json.Key("display_name");
  json.String(c.display_name);
  hidden("email", c.email, contact);
  json.Key("external_id");
  json.NullableString(c.external_id);
  json.Key("first_name");
  json.NullableString(c.first_name);
  json.Key("gender");
  json.NullableString(c.gender);
  json.Key("id");
  json.Int(c.id);
  nonzero("import_batch", c.batch_id);
  json.Key("joined_at");
  json.NullableInt(c.joined_at);
  json.Key("kind");
  json.String(c.kind);
  json.Key("language");
  json.NullableString(c.language);
  json.Key("last_name");
  json.NullableString(c.last_name);
  hidden("national_id", c.national_id, contact);
  json.Key("organisation_name");
  json.NullableString(c.organisation_name);
  nonzero("parent_id", c.parent_id);
  hidden("phone", c.phone, contact);
  json.Key("province");
  json.NullableString(c.province);
  json.Key("updated_at");
  json.Int(c.updated_at);
  json.Key("version");
  json.Int(c.version);
  json.EndObject();
}

namespace {

// A draft's likely duplicates: the same name alone scores 0.6, so a
// namesake is shown; a shared phone or national id scores higher.
constexpr double kCheckMinScore = 0.6;
constexpr int kCheckCandidates = 5;

constexpr std::string_view kContactFields[] = {"national_id", "phone", "email",
                                               "birth_date"};

// Applies the fields of `body` onto `customer` through the import parser.
// parent_id (an id) and parent_external_id (a key) both set the parent.
Status ApplyCustomerFields(const json& body, const Scope& scope,
                           store::Customer& customer) {
  std::span<const import::FieldSpec> specs = import::CustomerFieldSpecs();
  import::ColumnMap columns;
  columns.column_of_field.assign(specs.size(), -1);
  std::vector<std::string> texts;
  std::optional<int64_t> parent_id;
  bool parent_given = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "version") continue;
    if (key == "parent_id") {
      parent_given = true;
      if (value.is_null()) continue;
      if (!value.is_number_integer()) {
        return FieldError(key, "parent_id must be a customer id");
      }
      parent_id = value.get<int64_t>();
      continue;
    }
    size_t field = specs.size();
    for (size_t i = 0; i < specs.size(); ++i) {
      if (specs[i].name == key) field = i;
    }
    if (field == specs.size()) {
      return FieldError(key, "unknown field \"" + key + "\"");
    }
    for (std::string_view contact : kContactFields) {
      if (key == contact &&
          !scope.Can(auth::Resource::kContactDetails, auth::Access::kWrite)) {
        return Status(StatusCode::kPermissionDenied,
                      "the role " + std::string(auth::RoleName(scope.role)) +
                          " may not change " + key);
      }
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number()) {
      text = value.dump();
    } else if (!value.is_null()) {
      return FieldError(key, key + " must be a string");
    }
    if (text.size() > 1000) {
      return FieldError(key, key + " is longer than 1000 bytes");
    }
    columns.column_of_field[field] = static_cast<int>(texts.size());
    texts.push_back(std::move(text));
  }
  std::vector<std::string_view> fields(texts.begin(), texts.end());
  VAFA_ASSIGN_OR_RETURN(import::AmountFormat format,
                        import::AmountFormatFor(scope.workspace.currency));
  import::ImportErrors errors;
  std::string_view parent_key;
  if (!import::ParseCustomerRecord(columns, fields, format, 0, customer,
                                   parent_key, errors)) {
    const import::ImportError& first = errors.kept().front();
    // The reason names the value already ("\"abc\" is not a phone number").
    return FieldError(first.column, first.column + ": " + first.reason);
  }
  store::CustomerRepository repo(*scope.db);
  if (!parent_key.empty()) {
    parent_given = true;
    VAFA_ASSIGN_OR_RETURN(
        auto parent,
        repo.FindByKey(scope.workspace.id, store::CustomerKey::kExternalId,
                       parent_key));
    if (!parent) {
      return FieldError("parent_external_id",
                        "no customer has the external id \"" +
                            std::string(parent_key) + "\"");
    }
    parent_id = parent->id;
  }
  if (parent_given) {
    if (parent_id) {
      auto parent = repo.Get(scope.workspace.id, *parent_id);
      if (!parent.ok() || parent->deleted_at) {
        return FieldError("parent_id",
                          "no customer " + std::to_string(*parent_id));
      }
      if (parent->kind != "organisation") {
        return FieldError("parent_id", "the parent must be an organisation");
      }
      if (*parent_id == customer.id) {
        return FieldError("parent_id", "a customer cannot be its own parent");
      }
    }
    customer.parent_id = parent_id.value_or(0);
  }
  customer.display_name = store::DisplayNameOf(customer);
  if (customer.display_name.empty()) {
    return FieldError("first_name",
                      "a customer needs a name, an organisation name or an "
                      "external id");
  }
  return Status::Ok();
}

// Customer ids of one page, newest or oldest first, with optional filters.
// The ids of one page of the list, by the request's filters: the customers
// domain reads them, after the checks of who may filter by what.
Result<std::vector<int64_t>> PageIds(const Scope& scope,
                                     const HttpRequest& request, int limit,
                                     bool descending, int64_t after) {
  services::customers::CustomerListFilter filter;
  filter.deleted = request.Query("deleted") == "true";
  for (std::string_view name : services::customers::kCustomerListFilters) {
    std::string value = request.Query(std::string(name));
    if (value.empty()) continue;
    filter.equal.emplace_back(std::string(name), std::move(value));
  }
  std::string parent = request.Query("parent_id");
  if (!parent.empty()) {
    int64_t parent_id = 0;
    auto [end, error] = std::from_chars(
        parent.data(), parent.data() + parent.size(), parent_id);
    if (error != std::errc() || end != parent.data() + parent.size() ||
        parent_id < 0) {
      return Status::Invalid("parent_id must be an id", "parent_id");
    }
    filter.parent_id = parent_id;
  }
  // A label of a score, e.g. segment=Champions for the RFM segment: RFM
  // labels are analytics, so the filter needs analytics read.
  filter.rfm_segment = request.Query("segment");
  if (!filter.rfm_segment.empty() &&
      !scope.Can(auth::Resource::kAnalytics, auth::Access::kRead)) {
    return Status(StatusCode::kPermissionDenied,
                  "the role " + std::string(auth::RoleName(scope.role)) +
                      " may not filter by the RFM segment",
                  "segment");
  }
  // A range of one score, e.g. score=clv_1y&score_min=5000000: customers
  // whose latest value lies in it (either end may be left open). Scores
  // are analytics, and money scores need money_scores.
  filter.score = request.Query("score");
  if (!filter.score.empty()) {
    if (!scope.Can(auth::Resource::kAnalytics, auth::Access::kRead) ||
        (auth::IsMoneyScore(filter.score) &&
         !scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead))) {
      return Status(StatusCode::kPermissionDenied,
                    "the role " + std::string(auth::RoleName(scope.role)) +
                        " may not filter by the score " + filter.score,
                    "score");
    }
    VAFA_ASSIGN_OR_RETURN(filter.score_min, QueryNumber(request, "score_min"));
    VAFA_ASSIGN_OR_RETURN(filter.score_max, QueryNumber(request, "score_max"));
  } else if (!request.Query("score_min").empty() ||
             !request.Query("score_max").empty()) {
    return Status::Invalid("score_min and score_max need score", "score");
  }
  // The customers of a saved segment (docs/marketing.md).
  std::string segment_id = request.Query("segment_id");
  if (!segment_id.empty()) {
    if (segment_id.size() > 18 ||
        segment_id.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Invalid("segment_id must be an id", "segment_id");
    }
    auto rules = services::marketing::LoadSegmentRules(
        *scope.db, scope.workspace.id, std::stoll(segment_id));
    if (!rules.ok()) {
      return rules.status().code() == StatusCode::kNotFound
                 ? Status::Invalid(rules.status().message(), "segment_id")
                 : rules.status();
    }
    VAFA_RETURN_IF_ERROR(CheckSegmentAccess(scope, *rules));
    services::marketing::SegmentSql segment =
        services::marketing::CompileSegment(*rules, scope.workspace.id,
                                            store::NowSeconds());
    filter.segment_where = std::move(segment.where);
    filter.segment_texts = std::move(segment.texts);
  }
  return services::customers::ListCustomerIds(
      *scope.db, scope.workspace.id, filter,
      {.after = after, .descending = descending, .limit = limit});
}

// Whether a search could match a phone, e-mail or national id: it has an
// '@' or a word made only of digits (ASCII, Persian or Arabic-Indic) and
// phone punctuation. Even a few digits are a prefix of phone numbers, so a
// role that may not see contact details may not search by them either.
bool LooksLikeContactQuery(std::string_view query) {
  if (query.find('@') != std::string_view::npos) return true;
  size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && query[i] == ' ') ++i;
    bool digits = false, other = false;
    while (i < query.size() && query[i] != ' ') {
      unsigned char c = query[i];
      unsigned char next = i + 1 < query.size() ? query[i + 1] : 0;
      if (c >= '0' && c <= '9') {
        digits = true;
        ++i;
      } else if ((c == 0xDB && next >= 0xB0 && next <= 0xB9) ||
                 (c == 0xD9 && next >= 0xA0 && next <= 0xA9)) {
        digits = true;  // Persian or Arabic-Indic digit
        i += 2;
      } else if (c == '+' || c == '-' || c == '(' || c == ')') {
        ++i;
      } else {
        other = true;
        ++i;
      }
    }
    if (digits && !other) return true;
  }
  return false;
}

// The customers a draft (the body of a create) most likely duplicates,
// best first, found through the search index: each with its score and
// reasons, so a form can warn before saving. Nothing is written.
HttpResponse PostCustomerDuplicateCheck(const ApiContext& context,
                                        const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, auth::Resource::kCustomers,
                         auth::Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  store::Customer draft;
  draft.workspace_id = scope.workspace.id;
  VAFA_API_CHECK(ApplyCustomerFields(body, scope, draft));
  VAFA_API_TRY(auto twins,
               pipeline::FindLikelyDuplicates(*scope.db, draft, kCheckMinScore,
                                              kCheckCandidates));
  json candidates = json::array();
  for (const pipeline::LikelyDuplicate& twin : twins) {
    candidates.push_back(
        {{"customer",
          {{"id", twin.customer.id},
           {"external_id", Nullable(twin.customer.external_id)},
           {"name", twin.customer.display_name}}},
         {"score", twin.score},
         {"reasons", twin.reasons}});
  }
  return JsonResponse(200, {{"candidates", candidates}});
}

}  // namespace

Result<store::Customer> PathCustomer(const Scope& scope,
                                     const HttpRequest& request,
                                     bool deleted_ok) {
  VAFA_ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "customer"));
  auto customer =
      store::CustomerRepository(*scope.db).Get(scope.workspace.id, id);
  if (!customer.ok() || (!deleted_ok && customer->deleted_at)) {
    if (customer.ok() || customer.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no customer " + std::to_string(id));
    }
  }
  return customer;
}

namespace {

using auth::Access;
using auth::Resource;

// The customers whose names, keys or (for a role that may see them) contact
// details match `query`, best first.
Result<std::vector<store::Customer>> SearchCustomers(const Scope& scope,
                                                     const std::string& query,
                                                     int limit) {
  const bool contact = scope.Can(Resource::kContactDetails, Access::kRead);
  if (!contact && LooksLikeContactQuery(query)) {
    return Status(StatusCode::kPermissionDenied,
                  "the role " + std::string(auth::RoleName(scope.role)) +
                      " may not search by phone, e-mail or national id");
  }
  return store::CustomerRepository(*scope.db).Search(
      scope.workspace.id, query, limit,
      contact ? store::CustomerRepository::Terms::kAll
              : store::CustomerRepository::Terms::kWithoutEmails);
}

// One page of the list in id order; `next_cursor` is empty on the last.
struct CustomerPage {
  std::vector<store::Customer> customers;
  std::string next_cursor;
};

Result<CustomerPage> ListCustomerPage(const Scope& scope,
                                      const HttpRequest& request, int limit) {
  std::string sort = request.Query("sort", "id");
  if (sort != "id" && sort != "-id") {
    return Status::Invalid("customers sort by id or -id", "sort");
  }
  int64_t after = 0;
  std::string cursor = request.Query("cursor", request.Query("after"));
  if (!cursor.empty()) {
    auto [end, error] =
        std::from_chars(cursor.data(), cursor.data() + cursor.size(), after);
    if (error != std::errc() || end != cursor.data() + cursor.size()) {
      return Status::Invalid("cursor is not one this server gave", "cursor");
    }
  }
  VAFA_ASSIGN_OR_RETURN(
      auto ids, PageIds(scope, request, limit + 1, sort == "-id", after));
  bool more = static_cast<int>(ids.size()) > limit;
  if (more) ids.resize(limit);
  CustomerPage page;
  VAFA_ASSIGN_OR_RETURN(
      page.customers,
      store::CustomerRepository(*scope.db).GetMany(scope.workspace.id, ids));
  if (more) page.next_cursor = std::to_string(ids.back());
  return page;
}

// GET .../customers: a search (q) or a page of the list.
HttpResponse ListCustomers(const ApiContext& context,
                           const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  VAFA_API_TRY(auto limit_param, QueryInt(request, "limit"));
  int limit =
      static_cast<int>(std::clamp<int64_t>(limit_param.value_or(50), 1, 500));
  std::string q = request.Query("q");
  CustomerPage page;
  if (!q.empty()) {
    VAFA_API_TRY(page.customers, SearchCustomers(scope, q, limit));
  } else {
    VAFA_API_TRY(page, ListCustomerPage(scope, request, limit));
  }
  // Written straight into the body: a page of nlohmann objects (a map and a
  // string per field), then printed, was a fifth of the server's CPU per
  // search answer.
  std::string body;
  body.reserve(600 * (page.customers.size() + 1));
  JsonWriter out(body);
  out.BeginObject();
  out.Key("items");
  out.BeginArray();
  for (const store::Customer& c : page.customers) {
    WriteCustomerJson(out, c, scope);
  }
  out.EndArray();
  out.Key("next_cursor");
  out.NullableString(page.next_cursor);
  out.EndObject();
  return HttpResponse::Json(200, std::move(body));
}

HttpResponse GetCustomer(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  VAFA_API_TRY(store::Customer customer,
               PathCustomer(scope, request, /*deleted_ok=*/true));
  return JsonResponse(200, {{"customer", CustomerJson(customer, scope)}});
}

// A conflict when another customer of the workspace has `external_id`.
Status CheckExternalIdFree(store::CustomerRepository& repo,
                           int64_t workspace_id,
                           const std::string& external_id) {
  VAFA_ASSIGN_OR_RETURN(
      auto same, repo.FindByKey(workspace_id, store::CustomerKey::kExternalId,
                                external_id));
  if (same) {
    return Status(StatusCode::kAlreadyExists,
                  "customer " + std::to_string(same->id) +
                      " has the external id \"" + external_id + "\"",
                  "external_id");
  }
  return Status::Ok();
}

HttpResponse CreateCustomer(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  store::Customer customer;
  customer.workspace_id = scope.workspace.id;
  VAFA_API_CHECK(ApplyCustomerFields(body, scope, customer));
  customer.created_at = customer.updated_at = store::NowSeconds();
  store::CustomerRepository repo(*scope.db);
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    if (!customer.external_id.empty()) {
      VAFA_RETURN_IF_ERROR(
          CheckExternalIdFree(repo, scope.workspace.id, customer.external_id));
    }
    VAFA_RETURN_IF_ERROR(repo.Insert(customer));
    return scope.Audit("create", "customer", customer.id, nullptr,
                       CustomerJson(customer, scope));
  }));
  return JsonResponse(201, {{"customer", CustomerJson(customer, scope)}});
}

// PATCH .../customers/{id}: the fields given, over the version read.
HttpResponse UpdateCustomer(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(store::Customer before,
               PathCustomer(scope, request, /*deleted_ok=*/false));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(auto version, OptionalInt(body, "version"));
  if (!version) {
    return ErrorResponse(FieldError(
        "version", "version is required: send the version you read"));
  }
  store::Customer after = before;
  VAFA_API_CHECK(ApplyCustomerFields(body, scope, after));
  after.updated_at = store::NowSeconds();
  store::CustomerRepository repo(*scope.db);
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(services::customers::ClaimCustomerVersion(
        *scope.db, scope.workspace.id, before.id, *version));
    if (!after.external_id.empty() && after.external_id != before.external_id) {
      VAFA_RETURN_IF_ERROR(
          CheckExternalIdFree(repo, scope.workspace.id, after.external_id));
    }
    VAFA_RETURN_IF_ERROR(repo.Update(after));
    after.version = before.version + 1;
    return scope.Audit("update", "customer", after.id,
                       CustomerJson(before, scope), CustomerJson(after, scope));
  }));
  return JsonResponse(200, {{"customer", CustomerJson(after, scope)}});
}

HttpResponse DeleteCustomer(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(store::Customer before,
               PathCustomer(scope, request, /*deleted_ok=*/false));
  store::CustomerRepository repo(*scope.db);
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(
        repo.SoftDelete(scope.workspace.id, before.id, store::NowSeconds()));
    return scope.Audit("delete", "customer", before.id,
                       CustomerJson(before, scope), nullptr);
  }));
  return NoContent();
}

HttpResponse RestoreCustomer(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(store::Customer before,
               PathCustomer(scope, request, /*deleted_ok=*/true));
  if (!before.deleted_at) {
    return ErrorResponse(Status::Conflict(
        "customer " + std::to_string(before.id) + " is not deleted"));
  }
  store::CustomerRepository repo(*scope.db);
  store::Customer after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(repo.Restore(scope.workspace.id, before.id));
    VAFA_ASSIGN_OR_RETURN(after, repo.Get(scope.workspace.id, before.id));
    return scope.Audit("restore", "customer", before.id, nullptr,
                       CustomerJson(after, scope));
  }));
  return JsonResponse(200, {{"customer", CustomerJson(after, scope)}});
}

}  // namespace

void AddCustomerRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/customers";
  router.Add("GET", base, BindContext(context, ListCustomers));
  router.Add("GET", base + "/{id}", BindContext(context, GetCustomer));

  AddCustomer360Route(router, context);
  AddCustomerHoldingsRoute(router, context);
  AddCustomerNextProductRoute(router, context);
  AddHoldingsOverviewRoute(router, context);
  AddProfitabilityRoutes(router, context);

  router.Add("POST", base + "/duplicate-check",
             BindContext(context, PostCustomerDuplicateCheck));
  router.Add("POST", base, BindContext(context, CreateCustomer));
  router.Add("PATCH", base + "/{id}", BindContext(context, UpdateCustomer));
  router.Add("DELETE", base + "/{id}", BindContext(context, DeleteCustomer));
  router.Add("POST", base + "/{id}/restore",
             BindContext(context, RestoreCustomer));
}

}  // namespace vafa::api
