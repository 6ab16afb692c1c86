// Accounts against a real `vafa serve`, on SQLite and PostgreSQL: the client
// address behind a trusted proxy, sign-in throttling per (account, client),
// API keys kept out of account routes, idle sessions, and the audit log of
// account events with its hash chain (`vafa audit verify`).
#include <thread>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_api::ApiTest;
using testing_api::HttpResult;
using testing_api::kPassword;

class AccountApiTest : public ApiTest {
 protected:
  HttpResult SignInFrom(const std::string& email, const std::string& password,
                        const std::string& forwarded_for) {
    return Call(
        "POST", "/api/v1/auth/sign-in", "",
        json{{"email", email}, {"password", password}}.dump(),
        "-H " + testing::ShellQuote("X-Forwarded-For: " + forwarded_for));
  }
  // The account-level audit entries with `action`, newest first.
  std::vector<json> AccountAudit(const std::string& action) {
    HttpResult page = Get("/api/v1/audit?limit=500", Owner());
    EXPECT_EQ(page.status, 200) << page.body;
    std::vector<json> found;
    const json body = page.Json();
    for (const json& item : body["items"]) {
      if (item["action"] == action) found.push_back(item);
    }
    return found;
  }
  int64_t Count(const std::string& sql) {
    long long n = 0;
    scratch_->db().sql() << sql, soci::into(n);
    return n;
  }
};

TEST_P(AccountApiTest, ForwardedForCountsOnlyFromATrustedProxy) {
  Owner();  // signed in before the guesses lock this address
  // Not trusted: X-Forwarded-For is the client's own claim and is ignored,
  // so the guesses count against the connection's address.
  for (int i = 0; i < 6; ++i) {
    SignInFrom("owner@demo.test", "guess guess guess", "203.0.113.66");
  }
  EXPECT_EQ(SignInFrom("owner@demo.test", kPassword, "198.51.100.7").status,
            429);
  std::vector<json> failed = AccountAudit("sign_in_failed");
  ASSERT_FALSE(failed.empty());
  EXPECT_EQ(failed[0]["client_address"], "127.0.0.1");

  RestartServer(
      {"--trusted-proxy", "127.0.0.1/32", "--trusted-proxy", "fd00::/8"});
  // The client wrote "192.0.2.1" itself; the proxy appended its address.
  HttpResult good =
      SignInFrom("owner@demo.test", kPassword, "192.0.2.1, 198.51.100.7");
  ASSERT_EQ(good.status, 200) << good.body;
  std::vector<json> signed_in = AccountAudit("sign_in");
  ASSERT_FALSE(signed_in.empty());
  EXPECT_EQ(signed_in[0]["client_address"], "198.51.100.7");
  EXPECT_EQ(signed_in[0]["actor"], "owner@demo.test");
}

TEST_P(AccountApiTest, AnAttackerElsewhereCannotLockTheOwnerOut) {
  RestartServer({"--trusted-proxy", "127.0.0.1"});
  int throttled = 0;
  for (int i = 0; i < 8; ++i) {
    int status =
        SignInFrom("owner@demo.test", "guess guess guess", "203.0.113.66")
            .status;
    if (status == 429) ++throttled;
  }
  EXPECT_GE(throttled, 3) << "the attacker's address is throttled";
  HttpResult attacker =
      SignInFrom("owner@demo.test", kPassword, "203.0.113.66");
  EXPECT_EQ(attacker.status, 429);
  EXPECT_THAT(attacker.headers, HasSubstr("Retry-After: "));
  // The owner, from elsewhere, is not.
  EXPECT_EQ(SignInFrom("owner@demo.test", kPassword, "198.51.100.7").status,
            200);
  // One address spraying many accounts meets the per-client cap.
  int sprayed = 0;
  for (int i = 0; i < 25; ++i) {
    int status = SignInFrom("user" + std::to_string(i) + "@demo.test",
                            "guess guess guess", "203.0.113.99")
                     .status;
    if (status == 429) ++sprayed;
  }
  EXPECT_GE(sprayed, 4);
  EXPECT_EQ(SignInFrom("outsider@other.test", kPassword, "203.0.113.99").status,
            429);
  // Failed sign-ins are audited with the e-mail tried, never the password.
  std::vector<json> failed = AccountAudit("sign_in_failed");
  ASSERT_GE(failed.size(), 5u);
  EXPECT_EQ(failed.back()["after"]["email"], "owner@demo.test");
  EXPECT_EQ(failed.back()["after"]["reason"], "wrong_password");
  EXPECT_EQ(failed.back()["client_address"], "203.0.113.66");
  EXPECT_EQ(failed.front()["after"]["reason"], "unknown_email");
  HttpResult all = Get("/api/v1/audit?limit=500", Owner());
  EXPECT_THAT(all.body, Not(HasSubstr("guess guess")));
}

TEST_P(AccountApiTest, AWorkspaceKeyIsRefusedOnAccountRoutes) {
  Vafa({"-w", "other", "user", "role", "owner@demo.test", "viewer"});
  HttpResult created =
      Call("POST", "/api/v1/me/api-keys", Owner(),
           json{{"name", "shop sync"}, {"workspace", "demo"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string key = created.Json()["api_key"]["token"];
  std::string key_id =
      std::to_string(created.Json()["api_key"]["id"].get<int64_t>());

  EXPECT_EQ(Get("/api/v1/me", Owner()).Json()["workspaces"].size(), 2u);
  HttpResult me = Get("/api/v1/me", key);
  ASSERT_EQ(me.status, 200) << me.body;
  ASSERT_EQ(me.Json()["workspaces"].size(), 1u) << me.body;
  EXPECT_EQ(me.Json()["workspaces"][0]["slug"], "demo");
  EXPECT_EQ(me.Json()["credential"], "api_key");

  struct Route {
    const char* method;
    std::string path;
    json body;
  };
  const std::vector<Route> account_routes = {
      {"PATCH", "/api/v1/me", {{"name", "Mallory"}}},
      {"POST",
       "/api/v1/me/password",
       {{"current_password", kPassword}, {"new_password", "a brand new one"}}},
      {"GET", "/api/v1/me/api-keys", nullptr},
      {"POST", "/api/v1/me/api-keys", {{"name", "x"}, {"workspace", "demo"}}},
      {"DELETE", "/api/v1/me/api-keys/" + key_id, nullptr},
      {"GET", "/api/v1/users", nullptr},
      {"POST",
       "/api/v1/users",
       {{"email", "x@demo.test"}, {"password", kPassword}}},
      {"PATCH", "/api/v1/users/1", {{"name", "x"}}},
      {"GET", "/api/v1/audit", nullptr},
  };
  for (const Route& route : account_routes) {
    HttpResult refused = Call(route.method, route.path, key,
                              route.body.is_null() ? "" : route.body.dump());
    EXPECT_EQ(refused.status, 403)
        << route.method << " " << route.path << " " << refused.body;
  }
  // Nothing changed, and the key still works in its workspace.
  EXPECT_EQ(Get("/api/v1/me", Owner()).Json()["user"]["name"], "owner");
  EXPECT_EQ(Get("/api/v1/workspaces/demo/customers/1", key).status, 200);
  EXPECT_EQ(Get("/api/v1/me/api-keys", Owner()).Json()["items"].size(), 1u);
}

TEST_P(AccountApiTest, TheSessionRouteAnswersNotSignedInWithoutAnError) {
  HttpResult anonymous = Get("/api/v1/auth/session", "");
  EXPECT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_EQ(anonymous.Json(), json({{"signed_in", false}}));
  HttpResult stale = Get("/api/v1/auth/session", "vafa_s_notarealtoken");
  EXPECT_EQ(stale.status, 200) << stale.body;
  EXPECT_EQ(stale.Json(), json({{"signed_in", false}}));
  HttpResult forged =
      Get("/api/v1/auth/session", "", "-H 'Cookie: vafa_session=forged'");
  EXPECT_EQ(forged.Json(), json({{"signed_in", false}}));

  HttpResult signed_in = Get("/api/v1/auth/session", Owner());
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const json body = signed_in.Json();
  EXPECT_EQ(body["signed_in"], true);
  EXPECT_EQ(body["user"], Get("/api/v1/me", Owner()).Json()["user"]);
  EXPECT_FALSE(body["workspaces"].empty());
}

TEST_P(AccountApiTest, AnIdleSessionEndsAndEndedCredentialsArePurged) {
  EXPECT_NE(testing::RunVafa({"--db", scratch_->location(), "serve", "--port",
                              "0", "--session-idle-timeout", "5x"})
                .exit_code,
            0);
  auto bad_proxy =
      testing::RunVafa({"--db", scratch_->location(), "serve", "--port", "0",
                        "--trusted-proxy", "10.0.0.0/33"});
  EXPECT_NE(bad_proxy.exit_code, 0);
  EXPECT_THAT(bad_proxy.output, HasSubstr("\"10.0.0.0/33\""));

  RestartServer({"--session-idle-timeout", "2s"});
  std::string session = SignIn("owner@demo.test");
  EXPECT_EQ(Get("/api/v1/me", session).status, 200);
  std::string ended = SignIn("outsider@other.test");
  EXPECT_EQ(Call("POST", "/api/v1/auth/sign-out", ended).status, 204);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  HttpResult idle = Get("/api/v1/me", session);
  EXPECT_EQ(idle.status, 401) << idle.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credentials"), 2);
  // A start purges what can never be used again: the idle session and the
  // one signed out.
  RestartServer({"--session-idle-timeout", "2s"});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credentials"), 0);
  // Without the idle limit, a session lasts its lifetime.
  RestartServer({"--session-idle-timeout", "0"});
  std::string lasting = SignIn("owner@demo.test");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(Get("/api/v1/me", lasting).status, 200);
}

TEST_P(AccountApiTest, AccountEventsAreAuditedAndTheChainShowsAnEdit) {
  const std::string& owner = Owner();
  ASSERT_EQ(
      Call("PATCH", "/api/v1/me", owner, json{{"name", "Ava"}}.dump()).status,
      200);
  HttpResult created =
      Call("POST", "/api/v1/me/api-keys", owner,
           json{{"name", "sync"}, {"workspace", "demo"}}.dump());
  ASSERT_EQ(created.status, 201);
  int64_t key_id = created.Json()["api_key"]["id"];
  EXPECT_EQ(
      Call("DELETE", "/api/v1/me/api-keys/" + std::to_string(key_id), owner)
          .status,
      204);
  ASSERT_EQ(
      Call("POST", "/api/v1/users", owner,
           json{{"email", "new@demo.test"}, {"password", kPassword}}.dump())
          .status,
      201);
  ASSERT_EQ(Call("POST", "/api/v1/me/password", owner,
                 json{{"current_password", kPassword},
                      {"new_password", "another long secret"}}
                     .dump())
                .status,
            204);
  std::string outsider = SignIn("outsider@other.test");
  EXPECT_EQ(Call("POST", "/api/v1/auth/sign-out", outsider).status, 204);

  std::map<std::string, int> actions;
  HttpResult page = Get("/api/v1/audit?limit=500", owner);
  ASSERT_EQ(page.status, 200) << page.body;
  const json body = page.Json();
  for (const json& item : body["items"]) {
    ++actions[item["action"].get<std::string>() + " " +
              item["entity"].get<std::string>()];
    // `vafa user add` (the fixture's users) has no client address.
    if (item["actor"].get<std::string>().rfind("cli:", 0) == 0) continue;
    EXPECT_EQ(item["client_address"], "127.0.0.1") << item.dump();
    EXPECT_EQ(item["hash"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(actions["sign_in session"], 2);
  EXPECT_EQ(actions["sign_out session"], 1);
  EXPECT_EQ(actions["update user"], 1);
  EXPECT_EQ(actions["create user"], 3);  // two by `vafa user add`
  EXPECT_EQ(actions["change_password user"], 1);
  EXPECT_THAT(page.body, Not(HasSubstr("another long secret")));
  // Keys are recorded in their workspace.
  HttpResult keys =
      Get("/api/v1/workspaces/demo/audit?entity=api_key&entity_id=" +
              std::to_string(key_id),
          owner);
  ASSERT_EQ(keys.Json()["items"].size(), 2u) << keys.body;
  EXPECT_EQ(keys.Json()["items"][0]["action"], "revoke");
  EXPECT_EQ(keys.Json()["items"][1]["action"], "create");
  // An import's entry is in the log (written in the import's transaction).
  std::ofstream(dir_ / "c.csv") << "external_id,first_name\nZ-1,Zara\n";
  HttpResult imported =
      Call("POST", "/api/v1/workspaces/demo/import-batches?kind=customers",
           owner, "",
           "-H 'Content-Type: text/csv' --data-binary @" +
               testing::ShellQuote((dir_ / "c.csv").string()));
  ASSERT_EQ(imported.status, 201) << imported.body;
  int64_t batch = imported.Json()["batch"]["id"];
  HttpResult import_entry =
      Get("/api/v1/workspaces/demo/audit?entity=import_batch&entity_id=" +
              std::to_string(batch),
          owner);
  ASSERT_EQ(import_entry.Json()["items"].size(), 1u) << import_entry.body;
  EXPECT_EQ(import_entry.Json()["items"][0]["after"]["rows_created"], 1);

  auto intact =
      testing::RunVafa({"--db", scratch_->location(), "audit", "verify"});
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_THAT(intact.output, HasSubstr("entries, chain intact"));

  // Someone with the database at hand rewrites who changed the password.
  long long edited = 0;
  scratch_->db().sql() << "SELECT MAX(id) FROM audit_log WHERE action = "
                          "'change_password'",
      soci::into(edited);
  scratch_->db().sql() << "UPDATE audit_log SET actor = 'mallory@demo.test' "
                          "WHERE id = :i",
      soci::use(edited);
  auto broken =
      testing::RunVafa({"--db", scratch_->location(), "audit", "verify"});
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_THAT(broken.output,
              HasSubstr("chain broken at entry " + std::to_string(edited)));
  EXPECT_THAT(broken.output, HasSubstr("do not match its hash"));
}

VAFA_INSTANTIATE_BACKEND_TEST(AccountApiTest);

}  // namespace
}  // namespace vafa
