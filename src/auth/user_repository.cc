#include "auth/user_repository.h"

#include <soci/soci.h>

#include <algorithm>

#include "auth/access_epoch.h"
#include "store/sql_values.h"

namespace vafa::auth {
namespace {

using store::DatabaseError;
using store::NullableInt;
using store::NullableText;
using store::RowInt;
using store::RowOptionalInt;
using store::RowText;

constexpr char kUserColumns[] =
    "id, email, name, password_hash, language, is_admin, disabled, "
    "created_at, updated_at";

User UserFromRow(const soci::row& row, size_t first = 0) {
  User user;
  user.id = RowInt(row, first + 0);
  user.email = RowText(row, first + 1);
  user.name = RowText(row, first + 2);
  user.password_hash = RowText(row, first + 3);
  user.language = RowText(row, first + 4);
  user.is_admin = RowInt(row, first + 5) != 0;
  user.disabled = RowInt(row, first + 6) != 0;
  user.created_at = RowInt(row, first + 7);
  user.updated_at = RowInt(row, first + 8);
  return user;
}

constexpr char kCredentialColumns[] =
    "id, kind, user_id, workspace_id, name, prefix, created_at, expires_at, "
    "last_used_at, revoked_at";

Credential CredentialFromRow(const soci::row& row, size_t first = 0) {
  Credential c;
  c.id = RowInt(row, first + 0);
  c.kind = RowText(row, first + 1) == "api_key" ? TokenKind::kApiKey
                                                : TokenKind::kSession;
  c.user_id = RowInt(row, first + 2);
  c.workspace_id = RowOptionalInt(row, first + 3);
  c.name = RowText(row, first + 4);
  c.prefix = RowText(row, first + 5);
  c.created_at = RowInt(row, first + 6);
  c.expires_at = RowOptionalInt(row, first + 7);
  c.last_used_at = RowOptionalInt(row, first + 8);
  c.revoked_at = RowOptionalInt(row, first + 9);
  return c;
}

std::string KindName(TokenKind kind) {
  return kind == TokenKind::kApiKey ? "api_key" : "session";
}

Result<User> OneUser(store::Database& db, const std::string& where,
                     const std::string& what, auto value) {
  try {
    soci::row row;
    db.sql() << std::string("SELECT ") + kUserColumns + " FROM users WHERE " +
                    where,
        soci::use(value), soci::into(row);
    if (!db.sql().got_data()) return Status::NotFound("no user " + what);
    return UserFromRow(row);
  } catch (const std::exception& error) {
    return DatabaseError("reading user", error);
  }
}

Member MemberFromRow(const soci::row& row) {
  Member m;
  m.workspace_id = RowInt(row, 0);
  m.workspace_slug = RowText(row, 1);
  m.user_id = RowInt(row, 2);
  m.email = RowText(row, 3);
  m.name = RowText(row, 4);
  m.role = ParseRole(RowText(row, 5)).value_or(Role::kViewer);
  m.created_at = RowInt(row, 6);
  return m;
}

constexpr char kMemberSelect[] =
    "SELECT m.workspace_id, w.slug, m.user_id, u.email, u.name, m.role, "
    "m.created_at FROM memberships m JOIN workspaces w ON w.id = "
    "m.workspace_id JOIN users u ON u.id = m.user_id ";

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) {
    email.remove_prefix(1);
  }
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) {
    email.remove_suffix(1);
  }
  const size_t at = email.find('@');
  if (email.empty() || email.size() > 254 || at == 0 ||
      at == std::string_view::npos || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos ||
      email.find_first_of(" \t\r\n<>,;\"") != std::string_view::npos) {
    return Status::Invalid(
        "\"" + std::string(email) + "\" is not an e-mail address", "email");
  }
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                : static_cast<char>(c);
  });
  return out;
}

Result<User> UserRepository::Create(std::string_view email,
                                    std::string_view name,
                                    std::string_view password_hash,
                                    bool is_admin, std::string_view language) {
  VAFA_ASSIGN_OR_RETURN(std::string address, NormalizeEmail(email));
  std::string display(name);
  if (display.empty()) display = address.substr(0, address.find('@'));
  auto existing = FindByEmail(address);
  if (existing.ok()) {
    return Status(StatusCode::kAlreadyExists,
                  "a user with e-mail " + address + " already exists", "email");
  }
  if (existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  try {
    long long now = store::NowSeconds();
    int admin = is_admin ? 1 : 0;
    std::string hash(password_hash), lang(language);
    db_.sql() << "INSERT INTO users (email, name, password_hash, language, "
                 "is_admin, created_at, updated_at) VALUES (:e, :n, :h, :l, "
                 ":a, :c, :u)",
        soci::use(address), soci::use(display), soci::use(hash),
        soci::use(lang), soci::use(admin), soci::use(now), soci::use(now);
  } catch (const std::exception& error) {
    return DatabaseError("creating user", error);
  }
  return FindByEmail(address);
}

Result<User> UserRepository::Get(int64_t id) {
  return OneUser(db_, "id = :id", std::to_string(id),
                 static_cast<long long>(id));
}

Result<User> UserRepository::FindByEmail(std::string_view email) {
  auto address = NormalizeEmail(email);
  if (!address.ok()) return Status::NotFound("no user " + std::string(email));
  return OneUser(db_, "email = :e", *address, *address);
}

Result<std::vector<User>> UserRepository::List() {
  std::vector<User> users;
  try {
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string("SELECT ") + kUserColumns +
                                  " FROM users ORDER BY id");
    for (const soci::row& row : rows) users.push_back(UserFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing users", error);
  }
  return users;
}

Result<int64_t> UserRepository::Count() {
  try {
    long long n = 0;
    db_.sql() << "SELECT COUNT(*) FROM users", soci::into(n);
    return static_cast<int64_t>(n);
  } catch (const std::exception& error) {
    return DatabaseError("counting users", error);
  }
}

Status UserRepository::SetPasswordHash(int64_t user_id, std::string_view hash) {
  BumpAccessEpoch();
  try {
    long long id = user_id, now = store::NowSeconds();
    std::string text(hash);
    db_.sql() << "UPDATE users SET password_hash = :h, updated_at = :t WHERE "
                 "id = :id",
        soci::use(text), soci::use(now), soci::use(id);
  } catch (const std::exception& error) {
    return DatabaseError("changing password", error);
  }
  return Status::Ok();
}

Status UserRepository::SetDisabled(int64_t user_id, bool disabled) {
  BumpAccessEpoch();
  try {
    long long id = user_id, now = store::NowSeconds();
    int flag = disabled ? 1 : 0;
    db_.sql() << "UPDATE users SET disabled = :d, updated_at = :t WHERE id = "
                 ":id",
        soci::use(flag), soci::use(now), soci::use(id);
  } catch (const std::exception& error) {
    return DatabaseError("disabling user", error);
  }
  return Status::Ok();
}

Status UserRepository::UpdateProfile(int64_t user_id, std::string_view name,
                                     std::string_view language) {
  BumpAccessEpoch();
  if (language != "fa" && language != "en") {
    return Status::Invalid("language is fa or en", "language");
  }
  if (name.size() > 200) {
    return Status::Invalid("name is longer than 200 bytes", "name");
  }
  try {
    long long id = user_id, now = store::NowSeconds();
    std::string name_text(name), language_text(language);
    db_.sql() << "UPDATE users SET name = :n, language = :l, updated_at = :t "
                 "WHERE id = :id",
        soci::use(name_text), soci::use(language_text), soci::use(now),
        soci::use(id);
  } catch (const std::exception& error) {
    return DatabaseError("updating user", error);
  }
  return Status::Ok();
}

Status UserRepository::SetRole(int64_t workspace_id, int64_t user_id,
                               Role role) {
  BumpAccessEpoch();
  try {
    long long ws = workspace_id, id = user_id, now = store::NowSeconds();
    std::string name(RoleName(role));
    soci::statement update =
        (db_.sql().prepare << "UPDATE memberships SET role = :r WHERE "
                              "workspace_id = :w AND user_id = :u",
         soci::use(name), soci::use(ws), soci::use(id));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      db_.sql() << "INSERT INTO memberships (workspace_id, user_id, role, "
                   "created_at) VALUES (:w, :u, :r, :t)",
          soci::use(ws), soci::use(id), soci::use(name), soci::use(now);
    }
  } catch (const std::exception& error) {
    return DatabaseError("setting role", error);
  }
  return Status::Ok();
}

Status UserRepository::RemoveMember(int64_t workspace_id, int64_t user_id) {
  BumpAccessEpoch();
  try {
    long long ws = workspace_id, id = user_id;
    soci::statement remove =
        (db_.sql().prepare << "DELETE FROM memberships WHERE workspace_id = "
                              ":w AND user_id = :u",
         soci::use(ws), soci::use(id));
    remove.execute(true);
    if (remove.get_affected_rows() == 0) {
      return Status::NotFound("user " + std::to_string(user_id) +
                              " is not a member of this workspace");
    }
  } catch (const std::exception& error) {
    return DatabaseError("removing member", error);
  }
  return Status::Ok();
}

Result<std::optional<Role>> UserRepository::RoleIn(int64_t workspace_id,
                                                   int64_t user_id) {
  try {
    long long ws = workspace_id, id = user_id;
    std::string role;
    db_.sql() << "SELECT role FROM memberships WHERE workspace_id = :w AND "
                 "user_id = :u",
        soci::use(ws), soci::use(id), soci::into(role);
    if (!db_.sql().got_data()) return std::optional<Role>();
    return ParseRole(role);
  } catch (const std::exception& error) {
    return DatabaseError("reading role", error);
  }
}

Result<std::vector<Member>> UserRepository::Members(int64_t workspace_id) {
  std::vector<Member> members;
  try {
    long long ws = workspace_id;
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string(kMemberSelect) +
                                  "WHERE m.workspace_id = :w ORDER BY u.email",
         soci::use(ws));
    for (const soci::row& row : rows) members.push_back(MemberFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing members", error);
  }
  return members;
}

Result<std::vector<Member>> UserRepository::WorkspacesOf(int64_t user_id) {
  std::vector<Member> members;
  try {
    long long id = user_id;
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string(kMemberSelect) +
                                  "WHERE m.user_id = :u ORDER BY w.slug",
         soci::use(id));
    for (const soci::row& row : rows) members.push_back(MemberFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing workspaces of user", error);
  }
  return members;
}

Result<int64_t> UserRepository::CountOwners(int64_t workspace_id) {
  try {
    long long ws = workspace_id, n = 0;
    db_.sql() << "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = "
                 "m.user_id WHERE m.workspace_id = :w AND m.role = 'owner' "
                 "AND u.disabled = 0",
        soci::use(ws), soci::into(n);
    return static_cast<int64_t>(n);
  } catch (const std::exception& error) {
    return DatabaseError("counting owners", error);
  }
}

Result<Credential> UserRepository::AddCredential(
    TokenKind kind, int64_t user_id, std::optional<int64_t> workspace_id,
    std::string_view name, const NewToken& token,
    std::optional<int64_t> expires_at) {
  try {
    long long id = 0, user = user_id, now = store::NowSeconds();
    std::string kind_name = KindName(kind), hash = token.hash,
                prefix = token.prefix;
    NullableInt ws(workspace_id), expires(expires_at);
    NullableText label{std::string(name)};
    db_.sql() << "INSERT INTO credentials (token_hash, kind, user_id, "
                 "workspace_id, name, prefix, created_at, expires_at) VALUES "
                 "(:h, :k, :u, :w, :n, :p, :c, :e) RETURNING id",
        soci::use(hash), soci::use(kind_name), soci::use(user), ws.use(),
        label.use(), soci::use(prefix), soci::use(now), expires.use(),
        soci::into(id);
    Credential c;
    c.id = id;
    c.kind = kind;
    c.user_id = user_id;
    c.workspace_id = workspace_id;
    c.name = std::string(name);
    c.prefix = token.prefix;
    c.created_at = now;
    c.expires_at = expires_at;
    return c;
  } catch (const std::exception& error) {
    return DatabaseError("storing credential", error);
  }
}

namespace {

bool IdlePast(const Credential& credential, int64_t now,
              int64_t session_idle_seconds) {
  if (credential.kind != TokenKind::kSession || session_idle_seconds <= 0) {
    return false;
  }
  const int64_t last_use =
      std::max(credential.created_at, credential.last_used_at.value_or(0));
  return last_use + session_idle_seconds <= now;
}

}  // namespace

Result<std::pair<Credential, User>> UserRepository::Authenticate(
    std::string_view token_hash, int64_t now, int64_t session_idle_seconds) {
  const Status refused(StatusCode::kUnauthenticated,
                       "the session or API key is unknown, expired or "
                       "revoked; sign in again");
  try {
    soci::row row;
    std::string hash(token_hash);
    constexpr char kSql[] =
        "SELECT c.id, c.kind, c.user_id, c.workspace_id, c.name, c.prefix, "
        "c.created_at, c.expires_at, c.last_used_at, c.revoked_at, u.id, "
        "u.email, u.name, u.password_hash, u.language, u.is_admin, "
        "u.disabled, u.created_at, u.updated_at FROM credentials c JOIN "
        "users u ON u.id = c.user_id WHERE c.token_hash = :h";
    db_.sql() << kSql, soci::use(hash), soci::into(row);
    if (!db_.sql().got_data()) return refused;
    Credential credential = CredentialFromRow(row, 0);
    User user = UserFromRow(row, 10);  // after the credential's ten
    if (credential.revoked_at || user.disabled ||
        (credential.expires_at && *credential.expires_at <= now) ||
        IdlePast(credential, now, session_idle_seconds)) {
      return refused;
    }
    return std::make_pair(std::move(credential), std::move(user));
  } catch (const std::exception& error) {
    return DatabaseError("checking credential", error);
  }
}

Status UserRepository::Touch(const Credential& credential, int64_t now) {
  if (credential.last_used_at && *credential.last_used_at > now - 60) {
    return Status::Ok();
  }
  try {
    long long id = credential.id, at = now;
    db_.sql() << "UPDATE credentials SET last_used_at = :t WHERE id = :id",
        soci::use(at), soci::use(id);
  } catch (const std::exception& error) {
    return DatabaseError("recording credential use", error);
  }
  return Status::Ok();
}

Result<std::vector<Credential>> UserRepository::Credentials(int64_t user_id,
                                                            TokenKind kind) {
  std::vector<Credential> all;
  try {
    long long id = user_id;
    std::string kind_name = KindName(kind);
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string("SELECT ") + kCredentialColumns +
                                  " FROM credentials WHERE user_id = :u AND "
                                  "kind = :k AND revoked_at IS NULL ORDER BY "
                                  "id",
         soci::use(id), soci::use(kind_name));
    for (const soci::row& row : rows) all.push_back(CredentialFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing credentials", error);
  }
  return all;
}

Status UserRepository::Revoke(int64_t user_id, int64_t credential_id,
                              int64_t now) {
  BumpAccessEpoch();
  try {
    long long user = user_id, id = credential_id, at = now;
    soci::statement revoke =
        (db_.sql().prepare << "UPDATE credentials SET revoked_at = :t WHERE "
                              "id = :id AND user_id = :u AND revoked_at IS "
                              "NULL",
         soci::use(at), soci::use(id), soci::use(user));
    revoke.execute(true);
    if (revoke.get_affected_rows() == 0) {
      return Status::NotFound("no credential " + std::to_string(id));
    }
  } catch (const std::exception& error) {
    return DatabaseError("revoking credential", error);
  }
  return Status::Ok();
}

Result<int64_t> UserRepository::PurgeEnded(int64_t now,
                                           int64_t session_idle_seconds,
                                           int limit) {
  constexpr char kPurge[] =
      "DELETE FROM credentials WHERE id IN (SELECT id FROM credentials WHERE "
      "revoked_at IS NOT NULL OR expires_at <= :now OR (kind = 'session' AND "
      "COALESCE(last_used_at, created_at) <= :idle_before) LIMIT :n)";
  try {
    long long at = now, n = limit;
    // Nothing was used before the epoch, so -1 turns the idle rule off.
    long long idle_before =
        session_idle_seconds > 0 ? now - session_idle_seconds : -1;
    soci::statement purge = (db_.sql().prepare << kPurge, soci::use(at),
                             soci::use(idle_before), soci::use(n));
    purge.execute(true);
    return static_cast<int64_t>(purge.get_affected_rows());
  } catch (const std::exception& error) {
    return DatabaseError("purging ended credentials", error);
  }
}

Status UserRepository::RevokeAll(int64_t user_id, int64_t now,
                                 int64_t except_credential_id) {
  BumpAccessEpoch();
  try {
    long long user = user_id, at = now, keep = except_credential_id;
    db_.sql() << "UPDATE credentials SET revoked_at = :t WHERE user_id = :u "
                 "AND revoked_at IS NULL AND id <> :k",
        soci::use(at), soci::use(user), soci::use(keep);
  } catch (const std::exception& error) {
    return DatabaseError("revoking credentials", error);
  }
  return Status::Ok();
}

}  // namespace vafa::auth
