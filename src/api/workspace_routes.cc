// Workspaces (list, create, read, change) and their members (list, add,
// change a role, remove; the last owner stays).
#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/access_routes_internal.h"
#include "api/json_io.h"
#include "auth/access_epoch.h"
#include "services/holdings/holdings_overview.h"

namespace vafa::api::internal {

using nlohmann::json;

void AddWorkspaceRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/api/v1/workspaces",
             [context](const HttpRequest& request) {
               store::Database* db = nullptr;
               VAFA_API_TRY(Caller caller, SignedIn(context, request, db));
               VAFA_API_TRY(json items, WorkspacesOf(*db, caller.user));
               if (caller.credential.workspace_id) {
                 json only = json::array();
                 store::WorkspaceRepository workspaces(*db);
                 VAFA_API_TRY(store::Workspace ws,
                              workspaces.Get(*caller.credential.workspace_id));
                 for (json& item : items) {
                   if (item["slug"] == ws.slug) only.push_back(item);
                 }
                 items = only;
               }
               return JsonResponse(200, {{"items", items}});
             });

  router.Add(
      "POST", "/api/v1/workspaces", [context](const HttpRequest& request) {
        store::Database* db = nullptr;
        VAFA_API_TRY(Caller caller, Administrator(context, request, db));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_CHECK(RejectUnknownFields(body, {"slug", "name", "currency"}));
        VAFA_API_TRY(std::string slug, RequiredString(body, "slug"));
        VAFA_API_TRY(auto name, OptionalString(body, "name"));
        VAFA_API_TRY(auto currency, OptionalString(body, "currency"));
        store::WorkspaceRepository workspaces(*db);
        auth::UserRepository users(*db);
        store::Workspace created;
        VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
          auto made = workspaces.Create(slug, name.value_or(slug),
                                        currency.value_or("IRR"));
          if (!made.ok()) {
            if (made.status().code() == StatusCode::kInvalidArgument) {
              return FieldError("slug", made.status().message());
            }
            return made.status();
          }
          created = std::move(made).value();
          VAFA_RETURN_IF_ERROR(
              users.SetRole(created.id, caller.user.id, auth::Role::kOwner));
          Scope scope{db, created, caller, auth::Role::kOwner};
          return scope.Audit("create", "workspace", created.id, nullptr,
                             WorkspaceJson(created));
        }));
        json out = WorkspaceJson(created);
        out["kind"] = "retail";  // a new workspace holds nothing yet
        out["role"] = "owner";
        out["permissions"] = PermissionsJson(auth::Role::kOwner);
        return JsonResponse(201, {{"workspace", out}});
      });

  router.Add("GET", "/api/v1/workspaces/{workspace}",
             [context](const HttpRequest& request) {
               VAFA_API_TRY(Scope scope, OpenScope(context, request,
                                                   auth::Resource::kWorkspace,
                                                   auth::Access::kRead));
               json out = WorkspaceJson(scope.workspace);
               VAFA_API_TRY(out["kind"], services::holdings::WorkspaceKind(
                                             *scope.db, scope.workspace.id));
               out["role"] = auth::RoleName(scope.role);
               out["permissions"] = PermissionsJson(scope.role);
               return JsonResponse(200, {{"workspace", out}});
             });

  router.Add(
      "PATCH", "/api/v1/workspaces/{workspace}",
      [context](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope,
                     OpenScope(context, request, auth::Resource::kWorkspace,
                               auth::Access::kWrite));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_CHECK(RejectUnknownFields(body, {"name", "money_display"}));
        VAFA_API_TRY(auto name, OptionalString(body, "name"));
        VAFA_API_TRY(auto display, OptionalString(body, "money_display"));
        store::Workspace after = scope.workspace;
        if (name) after.name = *name;
        if (display) after.money_display = *display;
        store::WorkspaceRepository workspaces(*scope.db);
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          Status updated = workspaces.UpdateSettings(after);
          if (!updated.ok() && !updated.field().empty()) {
            return FieldError(updated.field(), updated.message());
          }
          VAFA_RETURN_IF_ERROR(updated);
          auth::BumpAccessEpoch();  // cached workspaces carry the settings
          return scope.Audit("update", "workspace", after.id,
                             WorkspaceJson(scope.workspace),
                             WorkspaceJson(after));
        }));
        json out = WorkspaceJson(after);
        VAFA_API_TRY(out["kind"], services::holdings::WorkspaceKind(
                                      *scope.db, scope.workspace.id));
        out["role"] = auth::RoleName(scope.role);
        return JsonResponse(200, {{"workspace", out}});
      });
}

// Member routes: an administrator may manage the members of any workspace
// (to give a new workspace its first owner); otherwise the role table says.
Result<Scope> MemberScope(const ApiContext& context, const HttpRequest& request,
                          auth::Access access) {
  auto scope = OpenScope(context, request, auth::Resource::kMembers, access);
  if (scope.ok() || scope.status().code() == StatusCode::kUnauthenticated) {
    return scope;
  }
  store::Database* db = nullptr;
  auto admin = Administrator(context, request, db);
  if (!admin.ok()) return scope.status();
  store::WorkspaceRepository workspaces(*db);
  auto ws = workspaces.GetBySlug(request.params.at("workspace"));
  if (!ws.ok()) return scope.status();
  return Scope{db, std::move(ws).value(), std::move(admin).value(),
               auth::Role::kOwner};
}

void AddMemberRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/members";
  router.Add("GET", base, [context](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope,
                 MemberScope(context, request, auth::Access::kRead));
    auth::UserRepository users(*scope.db);
    VAFA_API_TRY(auto members, users.Members(scope.workspace.id));
    json items = json::array();
    for (const auth::Member& m : members) items.push_back(MemberJson(m));
    return JsonResponse(200, {{"items", items}});
  });

  // Adds a user (by e-mail) or changes the role of a member.
  auto put_member = [context](const HttpRequest& request,
                              std::optional<int64_t> user_id) {
    VAFA_API_TRY(Scope scope,
                 MemberScope(context, request, auth::Access::kWrite));
    VAFA_API_TRY(json body, ParseJsonObject(request));
    auth::UserRepository users(*scope.db);
    if (user_id) {
      VAFA_API_CHECK(RejectUnknownFields(body, {"role"}));
    } else {
      VAFA_API_CHECK(RejectUnknownFields(body, {"email", "role"}));
      VAFA_API_TRY(std::string email, RequiredString(body, "email"));
      auto user = users.FindByEmail(email);
      if (!user.ok()) {
        return ErrorResponse(
            user.status().code() == StatusCode::kNotFound
                ? FieldError("email", "no user has the e-mail " + email)
                : user.status());
      }
      user_id = user->id;
    }
    VAFA_API_TRY(auth::Role role, RoleField(body));
    if (role == auth::Role::kOwner && scope.role != auth::Role::kOwner) {
      return ErrorResponse(Forbidden("only an owner may make an owner"));
    }
    VAFA_API_TRY(auto before, users.RoleIn(scope.workspace.id, *user_id));
    if (request.method == "PUT" && !before) {
      return ErrorResponse(Status::NotFound("user " + std::to_string(*user_id) +
                                            " is not a member"));
    }
    if (before == auth::Role::kOwner && scope.role != auth::Role::kOwner) {
      return ErrorResponse(Forbidden("only an owner may change an owner"));
    }
    VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
      if (before == auth::Role::kOwner && role != auth::Role::kOwner) {
        VAFA_ASSIGN_OR_RETURN(int64_t owners,
                              users.CountOwners(scope.workspace.id));
        if (owners <= 1) {
          return Status::Conflict("a workspace keeps at least one owner");
        }
      }
      VAFA_RETURN_IF_ERROR(users.SetRole(scope.workspace.id, *user_id, role));
      json before_json = nullptr;
      if (before) before_json = {{"role", auth::RoleName(*before)}};
      return scope.Audit(before ? "update" : "create", "member", *user_id,
                         before_json, {{"role", auth::RoleName(role)}});
    }));
    VAFA_API_TRY(auto members, users.Members(scope.workspace.id));
    for (const auth::Member& m : members) {
      if (m.user_id == *user_id) {
        return JsonResponse(before ? 200 : 201, {{"member", MemberJson(m)}});
      }
    }
    return ErrorResponse(Status::Internal("the member was not stored"));
  };
  router.Add("POST", base, [put_member](const HttpRequest& request) {
    return put_member(request, std::nullopt);
  });
  router.Add("PUT", base + "/{user_id}",
             [put_member](const HttpRequest& request) {
               VAFA_API_TRY(int64_t id, PathId(request, "user_id", "member"));
               return put_member(request, id);
             });

  router.Add(
      "DELETE", base + "/{user_id}", [context](const HttpRequest& request) {
        VAFA_API_TRY(Scope scope,
                     MemberScope(context, request, auth::Access::kWrite));
        VAFA_API_TRY(int64_t id, PathId(request, "user_id", "member"));
        auth::UserRepository users(*scope.db);
        VAFA_API_TRY(auto before, users.RoleIn(scope.workspace.id, id));
        if (!before) {
          return ErrorResponse(Status::NotFound("user " + std::to_string(id) +
                                                " is not a member"));
        }
        if (before == auth::Role::kOwner && scope.role != auth::Role::kOwner) {
          return ErrorResponse(Forbidden("only an owner may remove an owner"));
        }
        VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
          if (before == auth::Role::kOwner) {
            VAFA_ASSIGN_OR_RETURN(int64_t owners,
                                  users.CountOwners(scope.workspace.id));
            if (owners <= 1) {
              return Status::Conflict("a workspace keeps at least one owner");
            }
          }
          VAFA_RETURN_IF_ERROR(users.RemoveMember(scope.workspace.id, id));
          return scope.Audit("delete", "member", id,
                             {{"role", auth::RoleName(*before)}}, nullptr);
        }));
        return NoContent();
      });
}

}  // namespace vafa::api::internal
