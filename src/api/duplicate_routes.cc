// Duplicate customers over the API (docs/duplicates.md): the scan of a
// workspace, merging two customers, the list of merges and undoing one.
// Thin over analytics/duplicates, pipeline/duplicate_people and
// services/customers/customer_merge.h, which audits each merge and undo in
// its own transaction.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "analytics/duplicates/duplicate_scan.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "pipeline/duplicate_people.h"
#include "services/customers/customer_merge.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
namespace dup = analytics::duplicates;

constexpr int kDefaultPairs = 50;
constexpr int kMaxPairs = 1000;

json MergeJson(const services::customers::MergeRecord& merge) {
  json moved = json::array();
  for (const services::customers::MergeTableCount& count : merge.moved) {
    moved.push_back({{"table", count.table}, {"rows", count.rows}});
  }
  return {{"id", merge.id},
          {"kept_id", merge.kept_id},
          {"other_id", merge.other_id},
          {"batch", Nullable(merge.batch)},
          {"fields_from_other", merge.fields_from_other},
          {"merged_by", merge.merged_by},
          {"merged_at", merge.merged_at},
          {"undone_by", Nullable(merge.undone_by)},
          {"undone_at", Nullable(merge.undone_at)},
          {"moved", moved}};
}

services::customers::MergeActor ActorOf(const Scope& scope) {
  services::customers::MergeActor actor;
  actor.user_id = scope.caller.user.id;
  actor.actor = scope.caller.user.email;
  if (scope.caller.credential.kind == auth::TokenKind::kApiKey) {
    actor.actor += " (API key " + scope.caller.credential.prefix + ")";
  }
  actor.client_address = scope.caller.client_address;
  return actor;
}

// Likely duplicate pairs, best first: min_score (0 to 1, default 0.8) and
// limit (pairs, default 50, at most 1000). For those who may merge: the
// reasons tell which contact details two customers share.
HttpResponse GetDuplicates(const ApiContext& context,
                           const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(auto min_score, QueryNumber(request, "min_score"));
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  dup::ScanOptions options;
  if (min_score) {
    if (*min_score < 0 || *min_score > 1) {
      return ErrorResponse(FieldError("min_score", "is a number from 0 to 1"));
    }
    options.min_score = *min_score;
  }
  const int64_t shown =
      std::clamp<int64_t>(limit.value_or(kDefaultPairs), 1, kMaxPairs);
  VAFA_API_TRY(auto people,
               pipeline::ReadDuplicatePeople(*scope.db, scope.workspace.id));
  const dup::ScanResult result = dup::ScanForDuplicates(people.people, options);
  std::map<int64_t, const dup::PersonRecord*> by_id;
  for (const dup::PersonRecord& person : people.people) {
    by_id[person.id] = &person;
  }
  auto who = [&](int64_t id) {
    return json{{"id", id},
                {"external_id", Nullable(people.external_ids.at(id))},
                {"name", by_id.at(id)->name}};
  };
  json pairs = json::array();
  for (const dup::DuplicatePair& pair : result.pairs) {
    if (static_cast<int64_t>(pairs.size()) == shown) break;
    pairs.push_back({{"first", who(pair.first)},
                     {"second", who(pair.second)},
                     {"score", pair.score},
                     {"name_similarity", pair.name_similarity},
                     {"reasons", pair.reasons}});
  }
  return JsonResponse(200, {{"customers", people.people.size()},
                            {"compared", result.compared},
                            {"min_score", options.min_score},
                            {"pair_count", result.pairs.size()},
                            {"pairs", pairs},
                            {"groups", result.groups}});
}

// The fields a merge of other_id into kept_id would write, both sides'
// values and each field's default side, so a reviewer can choose before
// merging; refuses as the merge would.
HttpResponse GetMergePreview(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  int64_t ids[2] = {0, 0};
  const char* names[2] = {"kept_id", "other_id"};
  for (int side = 0; side < 2; ++side) {
    VAFA_API_TRY(auto id, QueryInt(request, names[side]));
    if (!id) {
      return ErrorResponse(
          FieldError(names[side], "is required: a customer id"));
    }
    ids[side] = *id;
  }
  VAFA_API_TRY(services::customers::MergePreview preview,
               services::customers::PreviewMerge(*scope.db, scope.workspace.id,
                                                 ids[0], ids[1]));
  auto who = [](const store::Customer& c) {
    return json{{"id", c.id},
                {"external_id", Nullable(c.external_id)},
                {"name", c.display_name},
                {"updated_at", c.updated_at}};
  };
  // Values a role may not read show as null, as in the customer's answer.
  const bool contact = scope.Can(Resource::kContactDetails, Access::kRead);
  const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  auto visible = [&](const std::string& field) {
    if (field == "national_id" || field == "phone" || field == "email" ||
        field == "birth_date") {
      return contact;
    }
    return field != "acquisition_cost_minor" || money;
  };
  json fields = json::array();
  for (const services::customers::MergeFieldPreview& field : preview.fields) {
    const bool shown = visible(field.field);
    fields.push_back(
        {{"field", field.field},
         {"kept", shown ? field.kept : json()},
         {"other", shown ? field.other : json()},
         {"take", field.side == services::customers::MergeSide::kKept
                      ? "kept"
                      : "other"}});
  }
  return JsonResponse(200, {{"kept", who(preview.kept)},
                            {"other", who(preview.other)},
                            {"fields", fields}});
}

// The merge a body asks for: kept_id, other_id and take ({field: "kept" |
// "other"}).
Result<services::customers::MergeRequest> MergeRequestOf(const json& body,
                                                         int64_t workspace_id) {
  VAFA_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"kept_id", "other_id", "take"}));
  services::customers::MergeRequest request;
  request.workspace_id = workspace_id;
  for (auto [field, id] : {std::pair{"kept_id", &request.kept_id},
                           std::pair{"other_id", &request.other_id}}) {
    VAFA_ASSIGN_OR_RETURN(std::optional<int64_t> value,
                          OptionalInt(body, field));
    if (!value) return FieldError(field, "is required: a customer id");
    *id = *value;
  }
  if (body.contains("take") && !body["take"].is_null()) {
    if (!body["take"].is_object()) {
      return FieldError("take", "is an object of field: \"kept\" or \"other\"");
    }
    for (const auto& [field, side] : body["take"].items()) {
      if (!side.is_string()) {
        return FieldError("take." + field, "is \"kept\" or \"other\"");
      }
      auto choice = services::customers::ParseFieldChoice(
          field + "=" + side.get<std::string>());
      if (!choice.ok()) {
        return FieldError("take." + field, choice.status().message());
      }
      request.choices[choice->first] = choice->second;
    }
  }
  return request;
}

HttpResponse PostMerge(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(services::customers::MergeRequest merge,
               MergeRequestOf(body, scope.workspace.id));
  VAFA_API_TRY(services::customers::MergeRecord record,
               services::customers::MergeCustomers(
                   *scope.db, merge, ActorOf(scope), store::NowSeconds()));
  return JsonResponse(201, MergeJson(record));
}

// Newest first: batch (only that auto-merge run), before (a merge id) and
// limit (default 50, at most 200).
HttpResponse GetMerges(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  VAFA_API_TRY(auto before, QueryInt(request, "before"));
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  const int shown =
      static_cast<int>(std::clamp<int64_t>(limit.value_or(50), 1, 200));
  VAFA_API_TRY(auto merges,
               services::customers::ListMerges(*scope.db, scope.workspace.id,
                                               request.Query("batch"),
                                               before.value_or(0), shown));
  json out = json::array();
  for (const services::customers::MergeRecord& merge : merges) {
    out.push_back(MergeJson(merge));
  }
  return JsonResponse(200, {{"merges", out}});
}

HttpResponse PostMergeUndo(const ApiContext& context,
                           const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "merge"));
  VAFA_API_TRY(services::customers::MergeRecord record,
               services::customers::UnmergeCustomers(
                   *scope.db, scope.workspace.id, id, ActorOf(scope),
                   store::NowSeconds()));
  return JsonResponse(200, MergeJson(record));
}

}  // namespace

void AddDuplicateRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";
  router.Add("GET", ws + "/duplicates", BindContext(context, GetDuplicates));
  router.Add("GET", ws + "/duplicates/merges", BindContext(context, GetMerges));
  router.Add("GET", ws + "/duplicates/merge-preview",
             BindContext(context, GetMergePreview));
  router.Add("POST", ws + "/duplicates/merges",
             BindContext(context, PostMerge));
  router.Add("POST", ws + "/duplicates/merges/{id}/undo",
             BindContext(context, PostMergeUndo));
}

}  // namespace vafa::api
