// Helpers shared by the access routes (access_routes.cc) and the workspace
// and member routes (workspace_routes.cc). Not for other callers.
#ifndef VAFA_API_ACCESS_ROUTES_INTERNAL_H_
#define VAFA_API_ACCESS_ROUTES_INTERNAL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/access.h"
#include "api/routes.h"

namespace vafa::api::internal {

nlohmann::json PermissionsJson(auth::Role role);
nlohmann::json WorkspaceJson(const store::Workspace& ws);
nlohmann::json MemberJson(const auth::Member& member);
// The caller's workspaces with role and permissions; only workspace `only`
// when given (the workspace of an API key).
Result<nlohmann::json> WorkspacesOf(store::Database& db, const auth::User& user,
                                    std::optional<int64_t> only = std::nullopt);
Status Forbidden(std::string message);
// The caller for routes outside a workspace; `db` is set to its connection.
Result<Caller> SignedIn(const ApiContext& context, const HttpRequest& request,
                        store::Database*& db);
// The caller for account routes (profile, password, API keys): signed in
// with a session, since an API key is refused (403) outside its workspace.
Result<Caller> AccountHolder(const ApiContext& context,
                             const HttpRequest& request, store::Database*& db);
// The caller, who must be an administrator signed in (not an API key).
Result<Caller> Administrator(const ApiContext& context,
                             const HttpRequest& request, store::Database*& db);
Result<auth::Role> RoleField(const nlohmann::json& body);

void AddWorkspaceRoutes(Router& router, const ApiContext& context);
void AddMemberRoutes(Router& router, const ApiContext& context);
// GET /api/v1/audit (account_audit_routes.cc).
void AddAccountAuditRoutes(Router& router, const ApiContext& context);

// One page of audit entries, newest first (entity, entity_id, user_id,
// limit and cursor from the query): a workspace's, or the account-level
// ones when `workspace_id` is empty. The workspace and account routes both
// serve it.
Result<nlohmann::json> AuditPage(store::Database& db,
                                 std::optional<int64_t> workspace_id,
                                 const HttpRequest& request);

}  // namespace vafa::api::internal

#endif  // VAFA_API_ACCESS_ROUTES_INTERNAL_H_
