// Helpers shared by the access routes (access_routes.cc) and the workspace
// and member routes (workspace_routes.cc). Not for other callers.
#ifndef VAFA_API_ACCESS_ROUTES_INTERNAL_H_
#define VAFA_API_ACCESS_ROUTES_INTERNAL_H_

#include <nlohmann/json.hpp>
#include <string>

#include "api/access.h"
#include "api/routes.h"

namespace vafa::api::internal {

nlohmann::json PermissionsJson(auth::Role role);
nlohmann::json WorkspaceJson(const store::Workspace& ws);
nlohmann::json MemberJson(const auth::Member& member);
// The caller's workspaces with role and permissions.
Result<nlohmann::json> WorkspacesOf(store::Database& db,
                                    const auth::User& user);
Status Forbidden(std::string message);
// The caller for routes outside a workspace; `db` is set to its connection.
Result<Caller> SignedIn(const ApiContext& context, const HttpRequest& request,
                        store::Database*& db);
// The caller, who must be an administrator signed in (not an API key).
Result<Caller> Administrator(const ApiContext& context,
                             const HttpRequest& request, store::Database*& db);
Result<auth::Role> RoleField(const nlohmann::json& body);

void AddWorkspaceRoutes(Router& router, const ApiContext& context);
void AddMemberRoutes(Router& router, const ApiContext& context);

}  // namespace vafa::api::internal

#endif  // VAFA_API_ACCESS_ROUTES_INTERNAL_H_
