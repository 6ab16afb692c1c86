// The saved column mappings of imports (…/import-profiles): list, save and
// delete, each save and delete audited.
#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "core/dates.h"
#include "import/column_match.h"
#include "import/importer.h"
#include "store/import_profile_repository.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json ProfileJson(const store::ImportProfile& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"kind", p.kind},
          {"mapping", p.mapping},
          {"created_at", FormatIsoDateTime(p.created_at)},
          {"created_by", p.created_by.empty() ? json() : json(p.created_by)}};
}

// POST /import-profiles: {"name", "kind", "mapping"}; every field the
// mapping names must be one the kind of import reads.
Result<store::ImportProfile> ProfileFromBody(const Scope& scope,
                                             const HttpRequest& request) {
  VAFA_ASSIGN_OR_RETURN(json body, ParseJsonObject(request));
  VAFA_RETURN_IF_ERROR(RejectUnknownFields(body, {"name", "kind", "mapping"}));
  store::ImportProfile profile;
  profile.workspace_id = scope.workspace.id;
  VAFA_ASSIGN_OR_RETURN(profile.name, RequiredString(body, "name"));
  VAFA_ASSIGN_OR_RETURN(profile.kind, RequiredString(body, "kind"));
  VAFA_ASSIGN_OR_RETURN(std::string mapping, RequiredString(body, "mapping"));
  if (profile.name.size() > 100) {
    return FieldError("name", "name is longer than 100 bytes");
  }
  std::span<const import::FieldSpec> specs = import::FieldSpecsOf(profile.kind);
  if (specs.empty()) {
    return FieldError("kind",
                      "kind is customers, transactions or interactions");
  }
  auto parsed = import::ParseColumnMapping(mapping);
  if (!parsed.ok()) return FieldError("mapping", parsed.status().message());
  if (parsed->empty()) return FieldError("mapping", "mapping is empty");
  for (const import::ColumnOverride& item : *parsed) {
    if (!item.field.empty() && import::FieldOfHeader(item.field, specs) < 0) {
      return FieldError("mapping", "\"" + item.field +
                                       "\" is not a column of a " +
                                       profile.kind + " import");
    }
  }
  profile.mapping = import::FormatColumnMapping(*parsed);
  profile.created_by = scope.caller.user.email;
  return profile;
}

HttpResponse GetImportProfiles(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kRead));
  store::ImportProfileRepository profiles(*scope.db);
  VAFA_API_TRY(auto all, profiles.List(scope.workspace.id));
  json items = json::array();
  for (const store::ImportProfile& p : all) items.push_back(ProfileJson(p));
  return JsonResponse(200, {{"items", items}});
}

HttpResponse PostImportProfiles(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kWrite));
  VAFA_API_TRY(store::ImportProfile profile, ProfileFromBody(scope, request));
  store::ImportProfileRepository profiles(*scope.db);
  VAFA_API_CHECK(profiles.Save(profile));
  VAFA_API_CHECK(scope.Audit("save", "import_profile", profile.id, nullptr,
                             ProfileJson(profile)));
  return JsonResponse(201, {{"profile", ProfileJson(profile)}});
}

HttpResponse DeleteImportProfile(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kWrite));
  const std::string name = request.params.at("name");
  store::ImportProfileRepository profiles(*scope.db);
  VAFA_API_TRY(auto before, profiles.Get(scope.workspace.id, name));
  VAFA_API_CHECK(profiles.Delete(scope.workspace.id, name));
  VAFA_API_CHECK(scope.Audit("delete", "import_profile", before.id,
                             ProfileJson(before), nullptr));
  return NoContent();
}

}  // namespace

void AddImportProfileRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}";
  router.Add("GET", base + "/import-profiles",
             BindContext(context, GetImportProfiles));
  router.Add("POST", base + "/import-profiles",
             BindContext(context, PostImportProfiles));
  router.Add("DELETE", base + "/import-profiles/{name}",
             BindContext(context, DeleteImportProfile));
}

}  // namespace vafa::api
