// Who is calling and what they may do: every route but health and sign-in
// goes through Authenticate (a session cookie or a bearer token, checked
// against the stored hashes) and, under /workspaces/{workspace}/, through
// OpenScope, which also checks the caller's membership (404 for a workspace
// the caller is not a member of, so names do not leak) and the role table
// of docs/permissions.md (403).
//
// Cross-site requests: the session cookie is HttpOnly and SameSite=Strict,
// and a cookie-authenticated request that changes something must come from
// the server's own origin (an Origin header naming another host is 403).
#ifndef VAFA_API_ACCESS_H_
#define VAFA_API_ACCESS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "api/analysis_jobs.h"
#include "api/client_address.h"
#include "api/http.h"
#include "api/routes.h"
#include "auth/audit_log.h"
#include "auth/permissions.h"
#include "auth/throttle.h"
#include "auth/user_repository.h"
#include "store/workspace_repository.h"

namespace vafa::api {

inline constexpr char kSessionCookie[] = "vafa_session";

struct ApiContext {
  DatabaseSource database;
  // In memory unless serve gives the store's (auth/stored_throttle.h).
  std::shared_ptr<auth::Throttle> throttle =
      std::make_shared<auth::SignInThrottle>();
  int64_t session_seconds = 7 * 24 * 3600;
  // A session unused this long ends (0: never); its last use is recorded
  // at most once a minute.
  int64_t session_idle_seconds = 12 * 3600;
  // Proxies whose X-Forwarded-For is believed (serve --trusted-proxy).
  std::shared_ptr<const TrustedProxies> trusted_proxies =
      std::make_shared<const TrustedProxies>();
  // When ended credentials were last purged (Unix seconds), shared by every
  // copy of the context.
  std::shared_ptr<std::atomic<int64_t>> credentials_purged_at =
      std::make_shared<std::atomic<int64_t>>(0);
  bool secure_cookies = false;         // add Secure (when served behind TLS)
  bool fast_password_hashing = false;  // tests only
  // Analyses started through the API; shared by every copy of the context,
  // and waited for when the last copy goes.
  std::shared_ptr<AnalysisJobs> analysis_jobs =
      std::make_shared<AnalysisJobs>();
  // Streaming replicas for report reads (serve --read-db), or none.
  std::shared_ptr<store::ReadReplicas> read_replicas;
};

// A route's handler written as a named function of the context and the
// request; BindContext makes the router's Handler of it, holding a copy of
// the context (whose shared parts every copy shares).
using ContextHandler = HttpResponse (*)(const ApiContext&, const HttpRequest&);
inline Handler BindContext(const ApiContext& context, ContextHandler handler) {
  return [context, handler](const HttpRequest& request) {
    return handler(context, request);
  };
}

struct Caller {
  auth::User user;
  auth::Credential credential;
  bool by_cookie = false;
  std::string client_address;  // ClientAddressOf the request
};

// The address of the client behind `request`: the connection's peer, or
// from X-Forwarded-For when the peer is a trusted proxy
// (api/client_address.h). Throttling and the audit log use this.
std::string ClientAddressOf(const ApiContext& context,
                            const HttpRequest& request);

// The credential of the request: the session cookie, else an
// "Authorization: Bearer" session token or API key. Unauthenticated (401)
// when there is none or it is not valid, or when it is a session unused
// for longer than the context's idle timeout.
Result<Caller> Authenticate(const ApiContext& context, store::Database& db,
                            const HttpRequest& request);

// Deletes credentials that have ended (revoked, expired, or sessions idle
// past the timeout), at most `limit` of them, when the last purge is more
// than `every_seconds` old; cheap to call on every sign-in.
void PurgeEndedCredentialsNowAndThen(const ApiContext& context,
                                     store::Database& db, int64_t now,
                                     int64_t every_seconds = 600,
                                     int limit = 1000);

struct Scope {
  store::Database* db = nullptr;
  store::Workspace workspace;
  Caller caller;
  auth::Role role = auth::Role::kViewer;

  bool Can(auth::Resource resource, auth::Access access) const;
  // Records a change in the audit log as this caller, with its address (in
  // the caller's transaction). `before`/`after` are the entity's JSON, null
  // when absent.
  Status Audit(std::string_view action, std::string_view entity,
               int64_t entity_id, const nlohmann::json& before,
               const nlohmann::json& after) const;
};

// ImportOptions::before_commit for an import through the API: the import's
// audit entry as this scope's caller, committed with the import.
std::function<Status(store::Database&, const store::ImportBatch&)>
AuditImportBeforeCommit(const Scope& scope);

// A request authenticated by the session cookie that changes something and
// names another site in Origin is refused (403).
Status CheckOrigin(const HttpRequest& request, const Caller& caller);

// Authenticates, finds the workspace named in the path and checks that the
// caller's role grants `access` to `resource`.
Result<Scope> OpenScope(const ApiContext& context, const HttpRequest& request,
                        auth::Resource resource, auth::Access access);

// Routes for signing in and out, the caller's own account and API keys,
// users (administrators), workspaces and their members.
void AddAccessRoutes(Router& router, const ApiContext& context);

}  // namespace vafa::api

#endif  // VAFA_API_ACCESS_H_
