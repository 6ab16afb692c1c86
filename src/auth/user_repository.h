// UserRepository: people who sign in (users), the role each has in a
// workspace (memberships), and their sessions and API keys (credentials,
// stored as token hashes). E-mail addresses are stored trimmed and in lower
// case, so sign-in is case-insensitive. Not thread-safe: one per Database.
#ifndef VAFA_AUTH_USER_REPOSITORY_H_
#define VAFA_AUTH_USER_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/permissions.h"
#include "auth/token.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::auth {

struct User {
  int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  std::string language = "fa";
  bool is_admin = false;  // may create workspaces and users
  bool disabled = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Member {
  int64_t workspace_id = 0;
  std::string workspace_slug;
  int64_t user_id = 0;
  std::string email;
  std::string name;
  Role role = Role::kViewer;
  int64_t created_at = 0;
};

struct Credential {
  int64_t id = 0;
  TokenKind kind = TokenKind::kSession;
  int64_t user_id = 0;
  std::optional<int64_t> workspace_id;  // API keys are bound to one
  std::string name;
  std::string prefix;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> revoked_at;
};

// "  Ali@Example.COM " -> "ali@example.com"; Invalid (field "email") when it
// is not an address.
Result<std::string> NormalizeEmail(std::string_view email);

class UserRepository {
 public:
  explicit UserRepository(store::Database& db) : db_(db) {}

  // AlreadyExists when the e-mail is taken.
  Result<User> Create(std::string_view email, std::string_view name,
                      std::string_view password_hash, bool is_admin = false,
                      std::string_view language = "fa");
  Result<User> Get(int64_t id);
  Result<User> FindByEmail(std::string_view email);
  Result<std::vector<User>> List();
  Result<int64_t> Count();
  Status SetPasswordHash(int64_t user_id, std::string_view hash);
  Status SetDisabled(int64_t user_id, bool disabled);
  // Name and interface language (fa | en).
  Status UpdateProfile(int64_t user_id, std::string_view name,
                       std::string_view language);

  // Memberships. SetRole adds the user to the workspace or changes its role.
  Status SetRole(int64_t workspace_id, int64_t user_id, Role role);
  // NotFound when the user is not a member.
  Status RemoveMember(int64_t workspace_id, int64_t user_id);
  Result<std::optional<Role>> RoleIn(int64_t workspace_id, int64_t user_id);
  Result<std::vector<Member>> Members(int64_t workspace_id);
  Result<std::vector<Member>> WorkspacesOf(int64_t user_id);
  // Owners left in the workspace (to refuse removing the last one).
  Result<int64_t> CountOwners(int64_t workspace_id);

  // Credentials. AddCredential stores the hash of a token made by MakeToken.
  Result<Credential> AddCredential(TokenKind kind, int64_t user_id,
                                   std::optional<int64_t> workspace_id,
                                   std::string_view name, const NewToken& token,
                                   std::optional<int64_t> expires_at);
  // The live credential with this token hash and its enabled user:
  // Unauthenticated when unknown, revoked, expired, its user is disabled,
  // or it is a session not used for `session_idle_seconds` (0: no limit;
  // the last use, or the sign-in when never used since).
  Result<std::pair<Credential, User>> Authenticate(
      std::string_view token_hash, int64_t now,
      int64_t session_idle_seconds = 0);
  // Records use at most once a minute (a write per request would cost more
  // than the request).
  Status Touch(const Credential& credential, int64_t now);
  Result<std::vector<Credential>> Credentials(int64_t user_id, TokenKind kind);
  // NotFound unless the credential is the user's own.
  Status Revoke(int64_t user_id, int64_t credential_id, int64_t now);
  // Deletes at most `limit` credentials that can never be used again:
  // revoked, expired, or sessions idle for `session_idle_seconds` (0: no
  // idle limit). Returns how many.
  Result<int64_t> PurgeEnded(int64_t now, int64_t session_idle_seconds,
                             int limit);
  // Revokes every live credential of the user but `except_credential_id`
  // (0: all), e.g. the other sessions after a password change.
  Status RevokeAll(int64_t user_id, int64_t now,
                   int64_t except_credential_id = 0);

 private:
  store::Database& db_;
};

}  // namespace vafa::auth

#endif  // VAFA_AUTH_USER_REPOSITORY_H_
