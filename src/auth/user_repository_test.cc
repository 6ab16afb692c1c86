#include "auth/user_repository.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include "auth/audit_log.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

class UserRepositoryTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store::WorkspaceRepository workspaces(db());
    shop_ = workspaces.Create("shop", "Shop")->id;
    bank_ = workspaces.Create("bank", "Bank")->id;
  }
  int64_t shop_ = 0, bank_ = 0;
};

TEST_P(UserRepositoryTest, CreateFindAndDuplicates) {
  UserRepository users(db());
  auto created = users.Create("  Sara@Example.COM ", "سارا", "$argon2id$x");
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->email, "sara@example.com");
  EXPECT_EQ(created->name, "سارا");
  EXPECT_FALSE(created->is_admin);
  auto found = users.FindByEmail("SARA@example.com");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, created->id);
  auto again = users.Create("sara@example.com", "x", "$argon2id$y");
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "email");
  EXPECT_EQ(users.Create("not-an-address", "x", "h").status().field(), "email");
  EXPECT_EQ(users.FindByEmail("nobody@example.com").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(*users.Count(), 1);
}

TEST_P(UserRepositoryTest, MembershipsAndRoles) {
  UserRepository users(db());
  int64_t sara = users.Create("sara@x.ir", "Sara", "h")->id;
  int64_t reza = users.Create("reza@x.ir", "Reza", "h")->id;
  ASSERT_TRUE(users.SetRole(shop_, sara, Role::kOwner).ok());
  ASSERT_TRUE(users.SetRole(shop_, reza, Role::kSales).ok());
  ASSERT_TRUE(users.SetRole(bank_, reza, Role::kAnalyst).ok());
  EXPECT_EQ(*users.RoleIn(shop_, reza), Role::kSales);
  EXPECT_EQ(*users.RoleIn(bank_, sara), std::nullopt);
  ASSERT_TRUE(users.SetRole(shop_, reza, Role::kManager).ok());
  EXPECT_EQ(*users.RoleIn(shop_, reza), Role::kManager);
  EXPECT_THAT(*users.Members(shop_),
              ElementsAre(Field(&Member::email, "reza@x.ir"),
                          Field(&Member::email, "sara@x.ir")));
  EXPECT_THAT(*users.WorkspacesOf(reza),
              ElementsAre(Field(&Member::workspace_slug, "bank"),
                          Field(&Member::workspace_slug, "shop")));
  EXPECT_EQ(*users.CountOwners(shop_), 1);
  ASSERT_TRUE(users.RemoveMember(shop_, reza).ok());
  EXPECT_EQ(users.RemoveMember(shop_, reza).code(), StatusCode::kNotFound);
  EXPECT_EQ(*users.RoleIn(shop_, reza), std::nullopt);
}

TEST_P(UserRepositoryTest, CredentialsAuthenticateUntilRevokedOrExpired) {
  UserRepository users(db());
  int64_t sara = users.Create("sara@x.ir", "Sara", "h")->id;
  NewToken session = MakeToken(TokenKind::kSession);
  auto stored = users.AddCredential(TokenKind::kSession, sara, std::nullopt, "",
                                    session, 2000);
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_GT(stored->id, 0);

  auto ok = users.Authenticate(HashToken(session.token), 1000);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->first.id, stored->id);
  EXPECT_EQ(ok->second.email, "sara@x.ir");
  EXPECT_EQ(users.Authenticate(HashToken(session.token), 2000).status().code(),
            StatusCode::kUnauthenticated);  // expired
  EXPECT_EQ(users.Authenticate(HashToken("vafa_s_guess"), 1000).status().code(),
            StatusCode::kUnauthenticated);

  NewToken key = MakeToken(TokenKind::kApiKey);
  auto api_key = users.AddCredential(TokenKind::kApiKey, sara, shop_,
                                     "nightly export", key, std::nullopt);
  ASSERT_TRUE(api_key.ok());
  auto keys = users.Credentials(sara, TokenKind::kApiKey);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].name, "nightly export");
  EXPECT_EQ((*keys)[0].workspace_id, shop_);
  EXPECT_EQ((*keys)[0].prefix, key.prefix);
  ASSERT_TRUE(users.Authenticate(key.hash, 1'000'000'000).ok());

  // Disabled users cannot use their credentials.
  ASSERT_TRUE(users.SetDisabled(sara, true).ok());
  EXPECT_FALSE(users.Authenticate(key.hash, 1000).ok());
  ASSERT_TRUE(users.SetDisabled(sara, false).ok());

  // Another user cannot revoke Sara's key; Sara can.
  int64_t reza = users.Create("reza@x.ir", "Reza", "h")->id;
  EXPECT_EQ(users.Revoke(reza, api_key->id, 1000).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(users.Revoke(sara, api_key->id, 1000).ok());
  EXPECT_FALSE(users.Authenticate(key.hash, 1000).ok());
  EXPECT_TRUE(users.Credentials(sara, TokenKind::kApiKey)->empty());

  ASSERT_TRUE(users.RevokeAll(sara, 1000).ok());
  EXPECT_FALSE(users.Authenticate(session.hash, 1000).ok());
}

TEST_P(UserRepositoryTest, TouchWritesAtMostOnceAMinute) {
  UserRepository users(db());
  int64_t sara = users.Create("sara@x.ir", "Sara", "h")->id;
  NewToken key = MakeToken(TokenKind::kApiKey);
  ASSERT_TRUE(users
                  .AddCredential(TokenKind::kApiKey, sara, shop_, "k", key,
                                 std::nullopt)
                  .ok());
  auto first = users.Authenticate(key.hash, 5000);
  ASSERT_TRUE(users.Touch(first->first, 5000).ok());
  auto second = users.Authenticate(key.hash, 5030);
  EXPECT_EQ(second->first.last_used_at, 5000);
  ASSERT_TRUE(users.Touch(second->first, 5030).ok());  // skipped
  EXPECT_EQ(users.Authenticate(key.hash, 5030)->first.last_used_at, 5000);
  ASSERT_TRUE(users.Touch(second->first, 5100).ok());
  EXPECT_EQ(users.Authenticate(key.hash, 5100)->first.last_used_at, 5100);
}

TEST_P(UserRepositoryTest, AuditLogFiltersAndPages) {
  for (int i = 1; i <= 5; ++i) {
    AuditEntry entry;
    entry.workspace_id = i == 5 ? bank_ : shop_;
    entry.user_id = i % 2 == 0 ? std::optional<int64_t>(7) : std::nullopt;
    entry.actor = i % 2 == 0 ? "sara@x.ir" : "cli:root";
    entry.at = 1000 + i;
    entry.action = i == 1 ? "create" : "update";
    entry.entity = i == 3 ? "product" : "customer";
    entry.entity_id = 42;
    entry.before_json = i == 1 ? "" : "{\"v\":" + std::to_string(i - 1) + "}";
    entry.after_json = "{\"v\":" + std::to_string(i) + "}";
    ASSERT_TRUE(RecordAudit(db(), entry).ok());
  }
  auto all = ListAudit(db(), shop_, {});
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].after_json, "{\"v\":4}");  // newest first
  EXPECT_EQ((*all)[3].before_json, "");
  EXPECT_EQ((*all)[3].user_id, std::nullopt);

  AuditQuery customers;
  customers.entity = "customer";
  customers.entity_id = 42;
  EXPECT_EQ(ListAudit(db(), shop_, customers)->size(), 3u);
  AuditQuery by_sara;
  by_sara.user_id = 7;
  EXPECT_EQ(ListAudit(db(), shop_, by_sara)->size(), 2u);
  AuditQuery page;
  page.before_id = (*all)[1].id;
  page.limit = 1;
  auto older = ListAudit(db(), shop_, page);
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].id, (*all)[2].id);
}

TEST_P(UserRepositoryTest, AnIdleSessionEndsButAnApiKeyDoesNot) {
  UserRepository users(db());
  auto user = users.Create("sara@x.ir", "Sara", "h");
  NewToken session = MakeToken(TokenKind::kSession);
  NewToken key = MakeToken(TokenKind::kApiKey);
  ASSERT_TRUE(users
                  .AddCredential(TokenKind::kSession, user->id, std::nullopt,
                                 "browser", session, std::nullopt)
                  .ok());
  ASSERT_TRUE(users
                  .AddCredential(TokenKind::kApiKey, user->id, shop_, "sync",
                                 key, std::nullopt)
                  .ok());
  const int64_t signed_in =
      users.Authenticate(session.hash, 0)->first.created_at;
  const int64_t hour = 3600;
  // Unused since sign-in: ends at the limit, not a second before.
  EXPECT_TRUE(
      users.Authenticate(session.hash, signed_in + hour - 1, hour).ok());
  EXPECT_EQ(
      users.Authenticate(session.hash, signed_in + hour, hour).status().code(),
      StatusCode::kUnauthenticated);
  // Used half-way: the hour counts from the use.
  auto used = users.Authenticate(session.hash, signed_in + hour / 2, hour);
  ASSERT_TRUE(users.Touch(used->first, signed_in + hour / 2).ok());
  EXPECT_TRUE(
      users.Authenticate(session.hash, signed_in + hour + 60, hour).ok());
  EXPECT_FALSE(
      users.Authenticate(session.hash, signed_in + 3 * hour / 2, hour).ok());
  EXPECT_TRUE(users.Authenticate(session.hash, signed_in + 10 * hour, 0).ok());
  EXPECT_TRUE(users.Authenticate(key.hash, signed_in + 10 * hour, hour).ok());
}

TEST_P(UserRepositoryTest, PurgeDeletesOnlyEndedCredentialsAndIsBounded) {
  UserRepository users(db());
  auto user = users.Create("sara@x.ir", "Sara", "h");
  const int64_t now = store::NowSeconds();
  auto add = [&](TokenKind kind, std::optional<int64_t> expires) {
    NewToken token = MakeToken(kind);
    auto added = users.AddCredential(kind, user->id,
                                     kind == TokenKind::kApiKey
                                         ? std::optional<int64_t>(shop_)
                                         : std::nullopt,
                                     "x", token, expires);
    EXPECT_TRUE(added.ok());
    return std::make_pair(added.value_or(Credential{}), token);
  };
  auto live_session = add(TokenKind::kSession, now + 3600);
  auto live_key = add(TokenKind::kApiKey, std::nullopt);
  add(TokenKind::kApiKey, now - 1);  // expired
  auto revoked = add(TokenKind::kSession, now + 3600);
  ASSERT_TRUE(users.Revoke(user->id, revoked.first.id, now).ok());
  auto idle = add(TokenKind::kSession, now + 3600);
  db().sql() << "UPDATE credentials SET created_at = created_at - 7200 WHERE "
                "id = :i",
      soci::use(static_cast<long long>(idle.first.id));
  // Two at a time: bounded work per call.
  EXPECT_EQ(*users.PurgeEnded(now, 3600, 2), 2);
  EXPECT_EQ(*users.PurgeEnded(now, 3600, 2), 1);
  EXPECT_EQ(*users.PurgeEnded(now, 3600, 2), 0);
  EXPECT_TRUE(users.Authenticate(live_session.second.hash, now, 3600).ok());
  EXPECT_TRUE(users.Authenticate(live_key.second.hash, now, 3600).ok());
  long long left = 0;
  db().sql() << "SELECT COUNT(*) FROM credentials", soci::into(left);
  EXPECT_EQ(left, 2);
}

VAFA_INSTANTIATE_BACKEND_TEST(UserRepositoryTest);

}  // namespace
}  // namespace vafa::auth
