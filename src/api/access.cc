// Authenticate, OpenScope and Scope (access.h); the routes of access.h are
// in access_routes.cc.
#include "api/access.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "api/json_io.h"
#include "auth/access_epoch.h"
#include "auth/token.h"

namespace vafa::api {
namespace {

using nlohmann::json;

Status Unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}

Status Forbidden(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}

class AccessCache {
 public:
  static AccessCache& ForThisThread() {
    thread_local AccessCache cache;
    return cache;
  }

  Caller* FindCaller(const std::string& token_hash, int64_t now) {
    return Find(callers_, token_hash, now);
  }
  void KeepCaller(const std::string& token_hash, const Caller& caller,
                  int64_t now) {
    Keep(callers_, token_hash, caller, now);
  }

  struct Membership {
    store::Workspace workspace;
    std::optional<auth::Role> role;  // empty: not a member
  };
  Membership* FindMembership(int64_t user_id, const std::string& slug,
                             int64_t now) {
    return Find(memberships_, MembershipKey(user_id, slug), now);
  }
  void KeepMembership(int64_t user_id, const std::string& slug,
                      const Membership& membership, int64_t now) {
    Keep(memberships_, MembershipKey(user_id, slug), membership, now);
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  static constexpr int64_t kLifetimeMs = 1000;

  template <typename T>
  struct Entry {
    T value;
    uint64_t epoch = 0;
    int64_t kept_at_ms = 0;
  };
  template <typename T>
  using Map = std::unordered_map<std::string, Entry<T>>;

  static std::string MembershipKey(int64_t user_id, const std::string& slug) {
    return std::to_string(user_id) + "/" + slug;
  }
  template <typename T>
  T* Find(Map<T>& map, const std::string& key, int64_t now_ms) {
    auto it = map.find(key);
    if (it == map.end()) return nullptr;
    if (it->second.epoch != auth::AccessEpoch() ||
        now_ms - it->second.kept_at_ms >= kLifetimeMs ||
        now_ms < it->second.kept_at_ms) {
      map.erase(it);
      return nullptr;
    }
    return &it->second.value;
  }
  template <typename T>
  void Keep(Map<T>& map, const std::string& key, const T& value,
            int64_t now_ms) {
    if (map.size() >= kMaxEntries) map.clear();
    map[key] = Entry<T>{value, auth::AccessEpoch(), now_ms};
  }

  Map<Caller> callers_;
  Map<Membership> memberships_;
};

int64_t NowMilliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Status CheckOrigin(const HttpRequest& request, const Caller& caller) {
  if (!caller.by_cookie || request.method == "GET" ||
      request.method == "HEAD") {
    return Status::Ok();
  }
  std::string origin = request.Header("origin");
  if (origin.empty()) return Status::Ok();
  size_t scheme = origin.find("://");
  std::string host =
      scheme == std::string::npos ? origin : origin.substr(scheme + 3);
  if (host != request.Header("host")) {
    return Forbidden("a request from " + origin +
                     " may not use this site's session");
  }
  return Status::Ok();
}

std::string ClientAddressOf(const ApiContext& context,
                            const HttpRequest& request) {
  return context.trusted_proxies->ClientOf(request.remote_address,
                                           request.Header("x-forwarded-for"));
}

void PurgeEndedCredentialsNowAndThen(const ApiContext& context,
                                     store::Database& db, int64_t now,
                                     int64_t every_seconds, int limit) {
  int64_t last = context.credentials_purged_at->load();
  if (now - last < every_seconds) return;
  // One thread purges; the others go on.
  if (!context.credentials_purged_at->compare_exchange_strong(last, now)) {
    return;
  }
  (void)auth::UserRepository(db).PurgeEnded(now, context.session_idle_seconds,
                                            limit);
}

Result<Caller> Authenticate(const ApiContext& context, store::Database& db,
                            const HttpRequest& request) {
  Caller caller;
  caller.client_address = ClientAddressOf(context, request);
  std::string token = request.Cookie(kSessionCookie);
  caller.by_cookie = !token.empty();
  if (token.empty()) {
    std::string header = request.Header("authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() > kBearer.size() &&
        std::equal(kBearer.begin(), kBearer.end(), header.begin(),
                   [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) ==
                            std::tolower(static_cast<unsigned char>(b));
                   })) {
      token = header.substr(kBearer.size());
    }
  }
  if (token.empty()) {
    return Unauthenticated(
        "sign in first (a session cookie or an Authorization: Bearer key)");
  }
  if (!auth::LooksLikeToken(token, auth::TokenKind::kSession) &&
      !auth::LooksLikeToken(token, auth::TokenKind::kApiKey)) {
    return Unauthenticated("the session or API key is not valid");
  }
  int64_t now = store::NowSeconds();
  int64_t now_ms = NowMilliseconds();
  std::string token_hash = auth::HashToken(token);
  AccessCache& cache = AccessCache::ForThisThread();
  if (Caller* known = cache.FindCaller(token_hash, now_ms)) {
    const auth::Credential& credential = known->credential;
    if (!credential.expires_at || *credential.expires_at > now) {
      Caller cached = *known;
      cached.by_cookie = caller.by_cookie;
      cached.client_address = caller.client_address;
      return cached;
    }
  }
  auth::UserRepository users(db);
  auto found =
      users.Authenticate(token_hash, now, context.session_idle_seconds);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kUnauthenticated) {
      return Unauthenticated("the session has ended or the key is not valid");
    }
    return found.status();
  }
  caller.credential = std::move(found->first);
  caller.user = std::move(found->second);
  if (users.Touch(caller.credential, now).ok()) {
    caller.credential.last_used_at = now;
  }
  cache.KeepCaller(token_hash, caller, now_ms);
  return caller;
}

bool Scope::Can(auth::Resource resource, auth::Access access) const {
  auth::Access granted = auth::AccessOf(role, resource);
  return access == auth::Access::kRead ? granted != auth::Access::kNone
                                       : granted == auth::Access::kWrite;
}

Status Scope::Audit(std::string_view action, std::string_view entity,
                    int64_t entity_id, const json& before,
                    const json& after) const {
  auth::AuditEntry entry;
  entry.workspace_id = workspace.id;
  entry.client_address = caller.client_address;
  entry.user_id = caller.user.id;
  entry.actor = caller.user.email;
  if (caller.credential.kind == auth::TokenKind::kApiKey) {
    entry.actor += " (API key " + caller.credential.prefix + ")";
  }
  entry.at = store::NowSeconds();
  entry.action = action;
  entry.entity = entity;
  entry.entity_id = entity_id;
  if (!before.is_null()) {
    entry.before_json =
        before.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (!after.is_null()) {
    entry.after_json =
        after.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return auth::RecordAudit(*db, std::move(entry));
}

std::function<Status(store::Database&, const store::ImportBatch&)>
AuditImportBeforeCommit(const Scope& scope) {
  auth::AuditEntry who;
  who.user_id = scope.caller.user.id;
  who.actor = scope.caller.user.email;
  if (scope.caller.credential.kind == auth::TokenKind::kApiKey) {
    who.actor += " (API key " + scope.caller.credential.prefix + ")";
  }
  who.client_address = scope.caller.client_address;
  return [who](store::Database& db, const store::ImportBatch& batch) {
    return auth::RecordImportAudit(db, batch, who);
  };
}

Result<Scope> OpenScope(const ApiContext& context, const HttpRequest& request,
                        auth::Resource resource, auth::Access access) {
  Scope scope;
  VAFA_ASSIGN_OR_RETURN(scope.db, context.database());
  VAFA_ASSIGN_OR_RETURN(scope.caller,
                        Authenticate(context, *scope.db, request));
  const std::string& slug = request.params.at("workspace");
  // One answer for "does not exist" and "not yours", so a caller cannot
  // learn which workspaces exist.
  Status hidden = Status::NotFound("no workspace \"" + slug + "\"");
  AccessCache& cache = AccessCache::ForThisThread();
  int64_t now_ms = NowMilliseconds();
  AccessCache::Membership membership;
  if (auto* known = cache.FindMembership(scope.caller.user.id, slug, now_ms)) {
    membership = *known;
  } else {
    store::WorkspaceRepository workspaces(*scope.db);
    auto ws = workspaces.GetBySlug(slug);
    if (!ws.ok()) {
      return ws.status().code() == StatusCode::kNotFound ? hidden : ws.status();
    }
    membership.workspace = std::move(ws).value();
    auth::UserRepository users(*scope.db);
    VAFA_ASSIGN_OR_RETURN(membership.role, users.RoleIn(membership.workspace.id,
                                                        scope.caller.user.id));
    cache.KeepMembership(scope.caller.user.id, slug, membership, now_ms);
  }
  scope.workspace = std::move(membership.workspace);
  if (scope.caller.credential.workspace_id &&
      *scope.caller.credential.workspace_id != scope.workspace.id) {
    return hidden;
  }
  if (!membership.role) return hidden;
  scope.role = *membership.role;
  VAFA_RETURN_IF_ERROR(CheckOrigin(request, scope.caller));
  if (!scope.Can(resource, access)) {
    return Forbidden("the role " + std::string(auth::RoleName(scope.role)) +
                     " may not " +
                     (access == auth::Access::kWrite ? "change " : "read ") +
                     std::string(auth::ResourceName(resource)));
  }
  return scope;
}

}  // namespace vafa::api
