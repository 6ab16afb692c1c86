// The routes of access.h: sign-in and sign-out, the caller's own account and
// API keys, users (administrators); workspaces and their members are in
// workspace_routes.cc.
#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/access_routes_internal.h"
#include "api/json_io.h"
#include "auth/access_epoch.h"
#include "auth/password.h"
#include "auth/token.h"
#include "services/holdings/holdings_overview.h"

namespace vafa::api {

using nlohmann::json;

namespace internal {

json PermissionsJson(auth::Role role) {
  json permissions = json::object();
  for (auth::Resource resource : auth::AllResources()) {
    auth::Access access = auth::AccessOf(role, resource);
    permissions[std::string(auth::ResourceName(resource))] =
        access == auth::Access::kWrite  ? "write"
        : access == auth::Access::kRead ? "read"
                                        : "none";
  }
  return permissions;
}

json WorkspaceJson(const store::Workspace& ws) {
  return {{"slug", ws.slug},         {"name", ws.name},
          {"currency", ws.currency}, {"money_display", ws.money_display},
          {"timezone", ws.timezone}, {"created_at", ws.created_at}};
}

json MemberJson(const auth::Member& member) {
  return {{"user_id", member.user_id},
          {"email", member.email},
          {"name", member.name},
          {"role", auth::RoleName(member.role)},
          {"created_at", member.created_at}};
}

// The caller's workspaces with role and permissions (what the UI needs to
// show or hide its parts).
Result<json> WorkspacesOf(store::Database& db, const auth::User& user,
                          std::optional<int64_t> only) {
  auth::UserRepository users(db);
  store::WorkspaceRepository workspaces(db);
  VAFA_ASSIGN_OR_RETURN(auto memberships, users.WorkspacesOf(user.id));
  json items = json::array();
  for (const auth::Member& m : memberships) {
    if (only && m.workspace_id != *only) continue;
    VAFA_ASSIGN_OR_RETURN(store::Workspace ws, workspaces.Get(m.workspace_id));
    json item = WorkspaceJson(ws);
    VAFA_ASSIGN_OR_RETURN(std::string kind,
                          services::holdings::WorkspaceKind(db, ws.id));
    item["kind"] = kind;
    item["role"] = auth::RoleName(m.role);
    item["permissions"] = PermissionsJson(m.role);
    items.push_back(std::move(item));
  }
  return items;
}

Status Forbidden(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}

// The caller for routes outside a workspace.
Result<Caller> SignedIn(const ApiContext& context, const HttpRequest& request,
                        store::Database*& db) {
  VAFA_ASSIGN_OR_RETURN(db, context.database());
  VAFA_ASSIGN_OR_RETURN(Caller caller, Authenticate(context, *db, request));
  VAFA_RETURN_IF_ERROR(CheckOrigin(request, caller));
  return caller;
}

Result<Caller> AccountHolder(const ApiContext& context,
                             const HttpRequest& request, store::Database*& db) {
  VAFA_ASSIGN_OR_RETURN(Caller caller, SignedIn(context, request, db));
  if (caller.credential.kind == auth::TokenKind::kApiKey) {
    return Forbidden(
        "an API key acts only in its workspace; sign in to manage the "
        "account");
  }
  return caller;
}

Result<Caller> Administrator(const ApiContext& context,
                             const HttpRequest& request, store::Database*& db) {
  VAFA_ASSIGN_OR_RETURN(Caller caller, SignedIn(context, request, db));
  if (!caller.user.is_admin) {
    return Forbidden("only an administrator may manage users and workspaces");
  }
  if (caller.credential.kind == auth::TokenKind::kApiKey) {
    return Forbidden("an API key may not manage users and workspaces");
  }
  return caller;
}

Result<auth::Role> RoleField(const json& body) {
  VAFA_ASSIGN_OR_RETURN(std::string name, RequiredString(body, "role"));
  auto role = auth::ParseRole(name);
  if (!role) {
    return FieldError("role",
                      "role is one of owner, manager, sales, support, "
                      "marketing, analyst, viewer; not \"" +
                          name + "\"");
  }
  return *role;
}

}  // namespace internal

namespace {

using namespace internal;  // NOLINT: the helpers shared with
                           // workspace_routes.cc

json UserJson(const auth::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"language", user.language},
          {"is_admin", user.is_admin},
          {"disabled", user.disabled},
          {"created_at", user.created_at}};
}

json CredentialJson(const auth::Credential& key, store::Database& db) {
  json out = {{"id", key.id},          {"name", key.name},
              {"prefix", key.prefix},  {"created_at", key.created_at},
              {"expires_at", nullptr}, {"last_used_at", nullptr},
              {"revoked_at", nullptr}, {"workspace", nullptr}};
  if (key.expires_at) out["expires_at"] = *key.expires_at;
  if (key.last_used_at) out["last_used_at"] = *key.last_used_at;
  if (key.revoked_at) out["revoked_at"] = *key.revoked_at;
  if (key.workspace_id) {
    auto ws = store::WorkspaceRepository(db).Get(*key.workspace_id);
    if (ws.ok()) out["workspace"] = ws->slug;
  }
  return out;
}

std::string SessionCookie(const ApiContext& context, const std::string& value,
                          int64_t max_age) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + value +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (context.secure_cookies) cookie += "; Secure";
  return cookie;
}

// Records an account-level event (no workspace): sign-in and sign-out,
// passwords, profiles, users.
Status AuditAccount(store::Database& db, const Caller& caller,
                    std::string_view action, std::string_view entity,
                    int64_t entity_id, const json& before, const json& after) {
  auth::AuditEntry entry;
  entry.user_id = caller.user.id;
  entry.actor = caller.user.email;
  entry.client_address = caller.client_address;
  entry.at = store::NowSeconds();
  entry.action = action;
  entry.entity = entity;
  entry.entity_id = entity_id;
  if (!before.is_null()) entry.before_json = before.dump();
  if (!after.is_null()) entry.after_json = after.dump();
  return auth::RecordAudit(db, std::move(entry));
}

// A hash to verify against when the e-mail is unknown, so that a wrong
// address takes as long as a wrong password.
const std::string& DummyHash(bool fast) {
  static const std::string slow =
      auth::HashPassword("not a password", false).value_or(std::string());
  static const std::string quick =
      auth::HashPassword("not a password", true).value_or(std::string());
  return fast ? quick : slow;
}

namespace {

HttpResponse SignIn(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"email", "password"}));
  VAFA_API_TRY(std::string email_text, RequiredString(body, "email"));
  VAFA_API_TRY(std::string password, RequiredString(body, "password"));
  std::string email = auth::NormalizeEmail(email_text).value_or(email_text);
  int64_t now = store::NowSeconds();
  const std::string client = ClientAddressOf(context, request);
  int64_t wait = context.throttle->RetryAfter(email, client, now);
  if (wait > 0) {
    HttpResponse response =
        HttpResponse::Error(429, "too_many_attempts",
                            "too many failed sign-ins; try again in " +
                                std::to_string(wait) + " seconds");
    response.headers.emplace_back("Retry-After", std::to_string(wait));
    return response;
  }
  VAFA_API_TRY(store::Database * db, context.database());
  auth::UserRepository users(*db);
  auto user = users.FindByEmail(email);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) {
    return ErrorResponse(user.status());
  }
  bool good = user.ok()
                  ? auth::VerifyPassword(user->password_hash, password)
                  : (auth::VerifyPassword(
                         DummyHash(context.fast_password_hashing), password),
                     false);
  if (!good || user->disabled) {
    context.throttle->RecordFailure(email, client, now);
    // The e-mail tried, never the password.
    auth::AuditEntry failed;
    failed.actor = email.substr(0, 254);
    failed.client_address = client;
    failed.at = now;
    failed.action = "sign_in_failed";
    failed.entity = "user";
    if (user.ok()) failed.entity_id = user->id;
    failed.after_json =
        json{{"email", email.substr(0, 254)},
             {"reason", !user.ok() ? "unknown_email"
                        : good     ? "disabled"
                                   : "wrong_password"}}
            .dump(-1, ' ', false, json::error_handler_t::replace);
    VAFA_API_CHECK(auth::RecordAudit(*db, std::move(failed)));
    return HttpResponse::Error(401, "invalid_credentials",
                               "the e-mail or the password is wrong");
  }
  context.throttle->RecordSuccess(email, client);
  if (auth::NeedsRehash(user->password_hash) &&
      !context.fast_password_hashing) {
    auto rehashed = auth::HashPassword(password);
    if (rehashed.ok()) (void)users.SetPasswordHash(user->id, *rehashed);
  }
  auth::NewToken token = auth::MakeToken(auth::TokenKind::kSession);
  auth::Credential session;
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        session,
        users.AddCredential(auth::TokenKind::kSession, user->id, std::nullopt,
                            "browser", token, now + context.session_seconds));
    Caller signed_in{*user, session, true, client};
    return AuditAccount(*db, signed_in, "sign_in", "session", session.id,
                        nullptr, {{"prefix", session.prefix}});
  }));
  PurgeEndedCredentialsNowAndThen(context, *db, now);
  VAFA_API_TRY(json workspaces, WorkspacesOf(*db, *user));
  HttpResponse response = JsonResponse(
      200, {{"user", UserJson(*user)}, {"workspaces", workspaces}});
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(context, token.token, context.session_seconds));
  return response;
}

HttpResponse SignOut(const ApiContext& context, const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, SignedIn(context, request, db));
  auth::UserRepository users(*db);
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(users.Revoke(caller.user.id, caller.credential.id,
                                      store::NowSeconds()));
    return AuditAccount(*db, caller, "sign_out",
                        caller.credential.kind == auth::TokenKind::kApiKey
                            ? "api_key"
                            : "session",
                        caller.credential.id, nullptr, nullptr);
  }));
  HttpResponse response = NoContent();
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, "", 0));
  return response;
}

// The caller, their workspaces and the kind of credential: GET /me's answer.
Result<json> MeJson(store::Database& db, const Caller& caller) {
  // Through an API key, only the key's workspace.
  VAFA_ASSIGN_OR_RETURN(
      json workspaces,
      WorkspacesOf(db, caller.user, caller.credential.workspace_id));
  return json{{"user", UserJson(caller.user)},
              {"workspaces", workspaces},
              {"credential", caller.credential.kind == auth::TokenKind::kApiKey
                                 ? "api_key"
                                 : "session"}};
}

HttpResponse GetMe(const ApiContext& context, const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, SignedIn(context, request, db));
  VAFA_API_TRY(json me, MeJson(*db, caller));
  return JsonResponse(200, me);
}

// GET /auth/session: whether the caller is signed in, answered 200 either
// way, so that a page's first question before sign-in is not an error.
HttpResponse GetSession(const ApiContext& context, const HttpRequest& request) {
  store::Database* db = nullptr;
  Result<Caller> caller = SignedIn(context, request, db);
  if (!caller.ok() && caller.status().code() == StatusCode::kUnauthenticated) {
    return JsonResponse(200, {{"signed_in", false}});
  }
  VAFA_API_TRY(Caller signed_in, std::move(caller));
  VAFA_API_TRY(json me, MeJson(*db, signed_in));
  me["signed_in"] = true;
  return JsonResponse(200, me);
}

HttpResponse PatchMe(const ApiContext& context, const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, AccountHolder(context, request, db));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"name", "language"}));
  VAFA_API_TRY(auto name, OptionalString(body, "name"));
  VAFA_API_TRY(auto language, OptionalString(body, "language"));
  if (language && *language != "fa" && *language != "en") {
    return ErrorResponse(FieldError("language", "language is fa or en"));
  }
  auth::UserRepository users(*db);
  auth::User user;
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(auth::User before, users.Get(caller.user.id));
    VAFA_RETURN_IF_ERROR(
        users.UpdateProfile(caller.user.id, name.value_or(before.name),
                            language.value_or(before.language)));
    VAFA_ASSIGN_OR_RETURN(user, users.Get(caller.user.id));
    return AuditAccount(*db, caller, "update", "user", user.id,
                        UserJson(before), UserJson(user));
  }));
  return JsonResponse(200, {{"user", UserJson(user)}});
}

HttpResponse ChangeMyPassword(const ApiContext& context,
                              const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, AccountHolder(context, request, db));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(
      RejectUnknownFields(body, {"current_password", "new_password"}));
  VAFA_API_TRY(std::string current, RequiredString(body, "current_password"));
  VAFA_API_TRY(std::string next, RequiredString(body, "new_password"));
  if (!auth::VerifyPassword(caller.user.password_hash, current)) {
    return ErrorResponse(
        FieldError("current_password", "the current password is wrong"));
  }
  Status strong = auth::CheckNewPassword(next);
  if (!strong.ok()) {
    return ErrorResponse(FieldError("new_password", strong.message()));
  }
  VAFA_API_TRY(std::string hash,
               auth::HashPassword(next, context.fast_password_hashing));
  auth::UserRepository users(*db);
  VAFA_API_CHECK(store::InTransaction(*db, [&] {
    VAFA_RETURN_IF_ERROR(users.SetPasswordHash(caller.user.id, hash));
    // Every other session and key of the user ends with the old password.
    VAFA_RETURN_IF_ERROR(users.RevokeAll(caller.user.id, store::NowSeconds(),
                                         caller.credential.id));
    return AuditAccount(*db, caller, "change_password", "user", caller.user.id,
                        nullptr, {{"other_credentials_revoked", true}});
  }));
  return NoContent();
}

HttpResponse ListMyApiKeys(const ApiContext& context,
                           const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, AccountHolder(context, request, db));
  auth::UserRepository users(*db);
  VAFA_API_TRY(auto keys,
               users.Credentials(caller.user.id, auth::TokenKind::kApiKey));
  json items = json::array();
  for (const auth::Credential& key : keys) {
    items.push_back(CredentialJson(key, *db));
  }
  return JsonResponse(200, {{"items", items}});
}

HttpResponse CreateMyApiKey(const ApiContext& context,
                            const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, AccountHolder(context, request, db));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(
      RejectUnknownFields(body, {"name", "workspace", "expires_in_days"}));
  VAFA_API_TRY(std::string name, RequiredString(body, "name"));
  VAFA_API_TRY(std::string slug, RequiredString(body, "workspace"));
  VAFA_API_TRY(auto days, OptionalInt(body, "expires_in_days"));
  if (name.size() > 100) {
    return ErrorResponse(FieldError("name", "name is longer than 100 bytes"));
  }
  if (days && (*days < 1 || *days > 3650)) {
    return ErrorResponse(
        FieldError("expires_in_days", "expires_in_days is between 1 and 3650"));
  }
  store::WorkspaceRepository workspaces(*db);
  auth::UserRepository users(*db);
  auto ws = workspaces.GetBySlug(slug);
  std::optional<auth::Role> role;
  if (ws.ok()) {
    VAFA_API_TRY(role, users.RoleIn(ws->id, caller.user.id));
  }
  if (!role) {
    return ErrorResponse(FieldError(
        "workspace", "you are not a member of a workspace \"" + slug + "\""));
  }
  int64_t now = store::NowSeconds();
  auth::NewToken token = auth::MakeToken(auth::TokenKind::kApiKey);
  std::optional<int64_t> expires;
  if (days) expires = now + *days * 86400;
  auth::Credential key;
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        key, users.AddCredential(auth::TokenKind::kApiKey, caller.user.id,
                                 ws->id, name, token, expires));
    Scope scope;
    scope.db = db;
    scope.workspace = *ws;
    scope.caller = caller;
    scope.role = *role;
    return scope.Audit("create", "api_key", key.id, nullptr,
                       {{"name", name}, {"prefix", key.prefix}});
  }));
  json out = CredentialJson(key, *db);
  out["token"] = token.token;
  HttpResponse response = JsonResponse(201, {{"api_key", out}});
  return response;
}

HttpResponse RevokeMyApiKey(const ApiContext& context,
                            const HttpRequest& request) {
  store::Database* db = nullptr;
  VAFA_API_TRY(Caller caller, AccountHolder(context, request, db));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "API key"));
  auth::UserRepository users(*db);
  VAFA_API_TRY(auto keys,
               users.Credentials(caller.user.id, auth::TokenKind::kApiKey));
  const auth::Credential* revoked = nullptr;
  for (const auth::Credential& key : keys) {
    if (key.id == id) revoked = &key;
  }
  if (revoked == nullptr) {
    return ErrorResponse(Status::NotFound("no API key " + std::to_string(id)));
  }
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(users.Revoke(caller.user.id, id, store::NowSeconds()));
    // In the key's workspace, where its creation was recorded.
    auth::AuditEntry entry;
    entry.workspace_id = revoked->workspace_id;
    entry.user_id = caller.user.id;
    entry.actor = caller.user.email;
    entry.client_address = caller.client_address;
    entry.action = "revoke";
    entry.entity = "api_key";
    entry.entity_id = id;
    entry.before_json =
        json{{"name", revoked->name}, {"prefix", revoked->prefix}}.dump(
            -1, ' ', false, json::error_handler_t::replace);
    return auth::RecordAudit(*db, std::move(entry));
  }));
  return NoContent();
}

}  // namespace

void AddSessionRoutes(Router& router, const ApiContext& context) {
  router.Add("POST", "/api/v1/auth/sign-in", BindContext(context, SignIn));
  router.Add("POST", "/api/v1/auth/sign-out", BindContext(context, SignOut));
  router.Add("GET", "/api/v1/auth/session", BindContext(context, GetSession));
  router.Add("GET", "/api/v1/me", BindContext(context, GetMe));
  router.Add("PATCH", "/api/v1/me", BindContext(context, PatchMe));
  router.Add("POST", "/api/v1/me/password",
             BindContext(context, ChangeMyPassword));
  router.Add("GET", "/api/v1/me/api-keys", BindContext(context, ListMyApiKeys));
  router.Add("POST", "/api/v1/me/api-keys",
             BindContext(context, CreateMyApiKey));
  router.Add("DELETE", "/api/v1/me/api-keys/{id}",
             BindContext(context, RevokeMyApiKey));
}

void AddUserRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/api/v1/users", [context](const HttpRequest& request) {
    store::Database* db = nullptr;
    VAFA_API_TRY(Caller caller, Administrator(context, request, db));
    auth::UserRepository users(*db);
    VAFA_API_TRY(auto all, users.List());
    json items = json::array();
    for (const auth::User& user : all) items.push_back(UserJson(user));
    return JsonResponse(200, {{"items", items}});
  });

  router.Add("POST", "/api/v1/users", [context](const HttpRequest& request) {
    store::Database* db = nullptr;
    VAFA_API_TRY(Caller caller, Administrator(context, request, db));
    VAFA_API_TRY(json body, ParseJsonObject(request));
    VAFA_API_CHECK(RejectUnknownFields(
        body, {"email", "name", "password", "is_admin", "language"}));
    VAFA_API_TRY(std::string email_text, RequiredString(body, "email"));
    VAFA_API_TRY(auto name, OptionalString(body, "name"));
    VAFA_API_TRY(std::string password, RequiredString(body, "password"));
    VAFA_API_TRY(auto is_admin, OptionalBool(body, "is_admin"));
    VAFA_API_TRY(auto language, OptionalString(body, "language"));
    auto email = auth::NormalizeEmail(email_text);
    if (!email.ok()) {
      return ErrorResponse(FieldError("email", email.status().message()));
    }
    if (language && *language != "fa" && *language != "en") {
      return ErrorResponse(FieldError("language", "language is fa or en"));
    }
    Status strong = auth::CheckNewPassword(password);
    if (!strong.ok()) {
      return ErrorResponse(FieldError("password", strong.message()));
    }
    VAFA_API_TRY(std::string hash,
                 auth::HashPassword(password, context.fast_password_hashing));
    auth::UserRepository users(*db);
    auth::User user;
    VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
      VAFA_ASSIGN_OR_RETURN(user, users.Create(*email, name.value_or(""), hash,
                                               is_admin.value_or(false),
                                               language.value_or("fa")));
      return AuditAccount(*db, caller, "create", "user", user.id, nullptr,
                          UserJson(user));
    }));
    return JsonResponse(201, {{"user", UserJson(user)}});
  });

  router.Add(
      "PATCH", "/api/v1/users/{id}", [context](const HttpRequest& request) {
        store::Database* db = nullptr;
        VAFA_API_TRY(Caller caller, Administrator(context, request, db));
        VAFA_API_TRY(int64_t id, PathId(request, "id", "user"));
        VAFA_API_TRY(json body, ParseJsonObject(request));
        VAFA_API_CHECK(RejectUnknownFields(
            body, {"name", "language", "disabled", "password"}));
        VAFA_API_TRY(auto name, OptionalString(body, "name"));
        VAFA_API_TRY(auto language, OptionalString(body, "language"));
        VAFA_API_TRY(auto disabled, OptionalBool(body, "disabled"));
        VAFA_API_TRY(auto password, OptionalString(body, "password"));
        if (language && *language != "fa" && *language != "en") {
          return ErrorResponse(FieldError("language", "language is fa or en"));
        }
        if (disabled && *disabled && id == caller.user.id) {
          return ErrorResponse(
              FieldError("disabled", "you may not disable your own account"));
        }
        std::string hash;
        if (password) {
          Status strong = auth::CheckNewPassword(*password);
          if (!strong.ok()) {
            return ErrorResponse(FieldError("password", strong.message()));
          }
          VAFA_API_TRY(hash, auth::HashPassword(*password,
                                                context.fast_password_hashing));
        }
        auth::UserRepository users(*db);
        VAFA_API_TRY(auth::User before, users.Get(id));
        auth::User after;
        VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
          int64_t now = store::NowSeconds();
          VAFA_RETURN_IF_ERROR(
              users.UpdateProfile(id, name.value_or(before.name),
                                  language.value_or(before.language)));
          if (disabled) {
            VAFA_RETURN_IF_ERROR(users.SetDisabled(id, *disabled));
            if (*disabled) VAFA_RETURN_IF_ERROR(users.RevokeAll(id, now));
          }
          if (password) {
            VAFA_RETURN_IF_ERROR(users.SetPasswordHash(id, hash));
            VAFA_RETURN_IF_ERROR(users.RevokeAll(id, now));
          }
          VAFA_ASSIGN_OR_RETURN(after, users.Get(id));
          return AuditAccount(*db, caller, "update", "user", id,
                              UserJson(before), UserJson(after));
        }));
        return JsonResponse(200, {{"user", UserJson(after)}});
      });
}

}  // namespace

void AddAccessRoutes(Router& router, const ApiContext& context) {
  AddSessionRoutes(router, context);
  AddUserRoutes(router, context);
  internal::AddWorkspaceRoutes(router, context);
  internal::AddMemberRoutes(router, context);
  internal::AddAccountAuditRoutes(router, context);
}

}  // namespace vafa::api
