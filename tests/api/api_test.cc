// The API of a real `vafa serve` process over a demo workspace, on SQLite
// and PostgreSQL, spoken to with curl: sign-in, sessions and API keys, the
// records and their audit trail, and tests that try to break in (every
// route from another workspace, every role against every route).
#include <fstream>
#include <map>
#include <set>

#include "tests/api/api_fixture.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing_api::ApiTest;
using testing_api::HttpResult;
using testing_api::kPassword;
using testing_api::kRoles;

TEST_P(ApiTest, OnlyHealthOpenApiAndSignInAreOpen) {
  HttpResult health = Get("/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_THAT(health.headers, HasSubstr("application/json"));
  HttpResult openapi = Get("/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_EQ(openapi.Json()["openapi"], "3.0.3");
  for (const char* path :
       {"/api/v1/workspaces", "/api/v1/me", "/api/v1/workspaces/demo/customers",
        "/api/v1/workspaces/demo/customers/1", "/api/v1/users"}) {
    HttpResult anonymous = Get(path);
    EXPECT_EQ(anonymous.status, 401) << path;
    EXPECT_EQ(anonymous.ErrorCode(), "unauthenticated") << path;
    EXPECT_EQ(Get(path, "vafa_s_notarealtoken").status, 401) << path;
    EXPECT_EQ(Get(path, "", "-H 'Cookie: vafa_session=forged'").status, 401)
        << path;
  }
  EXPECT_EQ(Call("POST", "/api/v1/health").status, 405);
  EXPECT_EQ(Get("/api/v1/no-such-route").status, 404);
}

TEST_P(ApiTest, SignInGivesAStrictHttpOnlyCookieAndSignOutEndsIt) {
  HttpResult wrong =
      Call("POST", "/api/v1/auth/sign-in", "",
           json{{"email", "owner@demo.test"}, {"password", "nope nope nope"}}
               .dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_THAT(wrong.headers, ::testing::Not(HasSubstr("Set-Cookie")));
  HttpResult unknown =
      Call("POST", "/api/v1/auth/sign-in", "",
           json{{"email", "nobody@demo.test"}, {"password", kPassword}}.dump());
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body) << "unknown e-mails must not stand out";

  HttpResult good =
      Call("POST", "/api/v1/auth/sign-in", "",
           json{{"email", "Owner@Demo.test"}, {"password", kPassword}}.dump());
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_THAT(good.headers, HasSubstr("HttpOnly"));
  EXPECT_THAT(good.headers, HasSubstr("SameSite=Strict"));
  EXPECT_EQ(good.Json()["workspaces"][0]["slug"], "demo");
  EXPECT_EQ(good.Json()["workspaces"][0]["role"], "owner");
  size_t at = good.headers.find("vafa_session=") + 13;
  std::string token = good.headers.substr(at, good.headers.find(';', at) - at);
  std::string cookie =
      "-H " + testing::ShellQuote("Cookie: vafa_session=" + token);
  HttpResult me = Get("/api/v1/me", "", cookie);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["user"]["email"], "owner@demo.test");
  EXPECT_EQ(me.Json()["user"].count("password_hash"), 0u);
  // A page on another site cannot change anything with the cookie.
  HttpResult cross =
      Call("PATCH", "/api/v1/me", "", json{{"name", "Mallory"}}.dump(),
           cookie + " -H 'Origin: https://evil.example'");
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(
      Call("PATCH", "/api/v1/me", "", json{{"name", "Ava"}}.dump(), cookie)
          .status,
      200);
  EXPECT_EQ(Call("POST", "/api/v1/auth/sign-out", "", "", cookie).status, 204);
  EXPECT_EQ(Get("/api/v1/me", "", cookie).status, 401);
}

TEST_P(ApiTest, RepeatedFailedSignInsAreThrottled) {
  json bad = {{"email", "owner@demo.test"}, {"password", "guess guess guess"}};
  int throttled = 0;
  for (int i = 0; i < 8; ++i) {
    int status = Call("POST", "/api/v1/auth/sign-in", "", bad.dump()).status;
    if (status == 429) ++throttled;
  }
  EXPECT_GE(throttled, 3);
  HttpResult right =
      Call("POST", "/api/v1/auth/sign-in", "",
           json{{"email", "owner@demo.test"}, {"password", kPassword}}.dump());
  EXPECT_EQ(right.status, 429) << "the right password does not skip the wait";
  EXPECT_THAT(right.headers, HasSubstr("Retry-After: "));
  EXPECT_EQ(right.ErrorCode(), "too_many_attempts");
  // Another account is not locked by someone guessing this one.
  EXPECT_FALSE(SignIn("outsider@other.test").empty());
}

TEST_P(ApiTest, ApiKeysActForOneWorkspaceUntilRevoked) {
  HttpResult created =
      Call("POST", "/api/v1/me/api-keys", Owner(),
           json{{"name", "shop sync"}, {"workspace", "demo"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string key = created.Json()["api_key"]["token"];
  int64_t key_id = created.Json()["api_key"]["id"];
  EXPECT_THAT(key, ::testing::StartsWith("vafa_k_"));
  EXPECT_EQ(Get("/api/v1/workspaces/demo/customers/1", key).status, 200);
  EXPECT_EQ(Get("/api/v1/workspaces/other/customers", key).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/users", key,
                 json{{"email", "x@demo.test"}, {"password", kPassword}}.dump())
                .status,
            403)
      << "an API key may not manage users even for an administrator";
  auto keys = Get("/api/v1/me/api-keys", Owner()).Json();
  ASSERT_EQ(keys["items"].size(), 1u);
  EXPECT_EQ(keys["items"][0].count("token"), 0u) << "shown once only";
  EXPECT_EQ(
      Call("DELETE", "/api/v1/me/api-keys/" + std::to_string(key_id), Owner())
          .status,
      204);
  EXPECT_EQ(Get("/api/v1/workspaces/demo/customers/1", key).status, 401);
}

TEST_P(ApiTest, CustomersPageWithoutGapsAndSearchInPersian) {
  std::set<int64_t> ids;
  std::string cursor;
  int pages = 0;
  while (true) {
    auto page = Get("/api/v1/workspaces/demo/customers?limit=40" +
                        (cursor.empty() ? "" : "&cursor=" + cursor),
                    Owner())
                    .Json();
    for (auto& c : page["items"])
      EXPECT_TRUE(ids.insert(c["id"].get<int64_t>()).second);
    ++pages;
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_GE(pages, 4);
  EXPECT_GE(ids.size(), 150u);
  auto first = Get("/api/v1/workspaces/demo/customers/1", Owner()).Json();
  std::string last_name = first["customer"]["last_name"];
  auto found =
      Get("/api/v1/workspaces/demo/customers", Owner(),
          "-G --data-urlencode " + testing::ShellQuote("q=" + last_name))
          .Json();
  bool seen = false;
  for (auto& c : found["items"]) seen = seen || c["id"] == 1;
  EXPECT_TRUE(seen) << found.dump();
  HttpResult bad_limit =
      Get("/api/v1/workspaces/demo/customers?limit=-3", Owner());
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_EQ(bad_limit.Json()["error"]["field"], "limit");
  auto tehran = Get("/api/v1/workspaces/demo/customers", Owner(),
                    "-G --data-urlencode " + testing::ShellQuote("city=تهران"))
                    .Json();
  ASSERT_FALSE(tehran["items"].empty());
  for (auto& c : tehran["items"]) EXPECT_EQ(c["city"], "تهران");
}

TEST_P(ApiTest, CustomerLifecycleIsVersionedAndAudited) {
  const std::string base = "/api/v1/workspaces/demo/customers";
  HttpResult bad = Call("POST", base, Owner(),
                        json{{"first_name", "Ali"}, {"phone", "12"}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["code"], "invalid_field");
  EXPECT_EQ(bad.Json()["error"]["field"], "phone");
  HttpResult typo =
      Call("POST", base, Owner(), json{{"frist_name", "Ali"}}.dump());
  EXPECT_EQ(typo.status, 422);
  EXPECT_EQ(typo.Json()["error"]["field"], "frist_name");

  HttpResult created = Call("POST", base, Owner(),
                            json{{"first_name", "علي"},
                                 {"last_name", "كريمي"},
                                 {"phone", "۰۹۱۲ ۱۲۳ ۴۵۶۷"},
                                 {"external_id", "API-1"}}
                                .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json customer = created.Json()["customer"];
  EXPECT_EQ(customer["display_name"], "علی کریمی");
  EXPECT_EQ(customer["phone"], "+989121234567");
  std::string id = std::to_string(customer["id"].get<int64_t>());
  EXPECT_EQ(Call("POST", base, Owner(),
                 json{{"first_name", "X"}, {"external_id", "API-1"}}.dump())
                .status,
            409);

  HttpResult no_version =
      Call("PATCH", base + "/" + id, Owner(), json{{"city", "شیراز"}}.dump());
  EXPECT_EQ(no_version.status, 422);
  EXPECT_EQ(no_version.Json()["error"]["field"], "version");
  HttpResult updated = Call("PATCH", base + "/" + id, Owner(),
                            json{{"city", "شیراز"}, {"version", 1}}.dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Json()["customer"]["version"], 2);
  HttpResult stale = Call("PATCH", base + "/" + id, Owner(),
                          json{{"city", "تبریز"}, {"version", 1}}.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Get(base + "/" + id, Owner()).Json()["customer"]["city"], "شیراز");

  EXPECT_EQ(Call("DELETE", base + "/" + id, Owner()).status, 204);
  auto search = Get(base + "?q=API-1", Owner()).Json();
  EXPECT_TRUE(search["items"].empty()) << search.dump();
  auto deleted = Get(base + "?deleted=true", Owner()).Json();
  ASSERT_EQ(deleted["items"].size(), 1u);
  EXPECT_EQ(deleted["items"][0]["external_id"], "API-1");
  HttpResult restored = Call("POST", base + "/" + id + "/restore", Owner());
  EXPECT_EQ(restored.status, 200);
  EXPECT_TRUE(restored.Json()["customer"]["deleted_at"].is_null());

  auto audit =
      Get("/api/v1/workspaces/demo/audit?entity=customer&entity_id=" + id,
          Owner())
          .Json();
  std::vector<std::string> actions;
  for (auto& entry : audit["items"]) {
    actions.push_back(entry["action"]);
    EXPECT_EQ(entry["actor"], "owner@demo.test");
  }
  EXPECT_THAT(actions,
              ::testing::ElementsAre("restore", "delete", "update", "create"));
  json update = audit["items"][2];
  EXPECT_TRUE(update["before"]["city"].is_null());
  EXPECT_EQ(update["after"]["city"], "شیراز");
  EXPECT_TRUE(audit["items"][3]["before"].is_null());
}

TEST_P(ApiTest, Customer360BringsEverythingLinkedInOneCall) {
  const std::string ws = "/api/v1/workspaces/demo";
  HttpResult company = Call(
      "POST", ws + "/customers", Owner(),
      json{{"kind", "organisation"}, {"organisation_name", "شرکت آوا"}}.dump());
  ASSERT_EQ(company.status, 201) << company.body;
  int64_t company_id = company.Json()["customer"]["id"];
  HttpResult contact = Call("POST", ws + "/customers", Owner(),
                            json{{"first_name", "Sara"},
                                 {"last_name", "Ahmadi"},
                                 {"parent_id", company_id}}
                                .dump());
  ASSERT_EQ(contact.status, 201) << contact.body;
  HttpResult product = Call("POST", ws + "/products", Owner(),
                            json{{"sku", "API-SKU"}, {"name", "چای"}}.dump());
  ASSERT_EQ(product.status, 201) << product.body;
  HttpResult order = Call("POST", ws + "/orders", Owner(),
                          json{{"customer_id", company_id},
                               {"ordered_at", "1405/08/20"},
                               {"channel", "web"},
                               {"lines",
                                {{{"sku", "API-SKU"},
                                  {"quantity", 3},
                                  {"amount_minor", 450000},
                                  {"discount_minor", 50000}}}}}
                              .dump());
  ASSERT_EQ(order.status, 201) << order.body;
  EXPECT_EQ(order.Json()["order"]["total_minor"], 450000);
  EXPECT_EQ(order.Json()["order"]["line_count"], 1);
  HttpResult call = Call("POST", ws + "/interactions", Owner(),
                         json{{"customer_id", company_id},
                              {"occurred_at", "2026-11-21T09:30:00"},
                              {"type", "call"},
                              {"direction", "inbound"},
                              {"subject", "delivery"}}
                             .dump());
  ASSERT_EQ(call.status, 201) << call.body;

  auto view =
      Get(ws + "/customers/" + std::to_string(company_id) + "/360", Owner())
          .Json();
  EXPECT_EQ(view["customer"]["organisation_name"], "شرکت آوا");
  ASSERT_EQ(view["contacts"].size(), 1u) << view.dump();
  EXPECT_EQ(view["contacts"][0]["first_name"], "Sara");
  ASSERT_EQ(view["recent_orders"].size(), 1u);
  EXPECT_EQ(view["recent_orders"][0]["total_minor"], 450000);
  EXPECT_EQ(view["order_totals"]["orders"], 1);
  ASSERT_EQ(view["recent_interactions"].size(), 1u);
  EXPECT_EQ(view["recent_interactions"][0]["subject"], "delivery");
  auto person =
      Get(ws + "/customers/" +
              std::to_string(contact.Json()["customer"]["id"].get<int64_t>()) +
              "/360",
          Owner())
          .Json();
  EXPECT_EQ(person["organisation"]["id"], company_id);
}

TEST_P(ApiTest, OrdersProductsAndInteractionsListFilterAndRestore) {
  const std::string ws = "/api/v1/workspaces/demo";
  auto orders =
      Get(ws + "/orders?customer_id=1&sort=-ordered_at&limit=2", Owner())
          .Json();
  ASSERT_FALSE(orders["items"].empty()) << orders.dump();
  for (auto& o : orders["items"]) EXPECT_EQ(o["customer_id"], 1);
  if (orders["items"].size() == 2) {
    EXPECT_GE(orders["items"][0]["ordered_at"].get<int64_t>(),
              orders["items"][1]["ordered_at"].get<int64_t>());
  }
  EXPECT_EQ(Get(ws + "/orders?sort=ordered_at", Owner()).status, 400)
      << "a time order over the whole table needs customer_id";
  std::string order_id =
      std::to_string(orders["items"][0]["id"].get<int64_t>());
  auto one = Get(ws + "/orders/" + order_id, Owner()).Json();
  EXPECT_FALSE(one["order"]["lines"].empty());

  // Products: every page distinct, in SKU order.
  std::set<std::string> skus;
  std::string previous, cursor;
  do {
    auto page = Get(ws + "/products?sort=sku&limit=7" +
                        (cursor.empty() ? "" : "&cursor=" + cursor),
                    Owner())
                    .Json();
    for (auto& p : page["items"]) {
      std::string sku = p["sku"];
      EXPECT_TRUE(skus.insert(sku).second);
      EXPECT_LT(previous, sku);
      previous = sku;
    }
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"];
  } while (!cursor.empty());
  EXPECT_GE(skus.size(), 10u);

  EXPECT_EQ(Call("DELETE", ws + "/orders/" + order_id, Owner()).status, 204);
  EXPECT_EQ(Get(ws + "/orders/" + order_id, Owner())
                .Json()["order"]["deleted_at"]
                .is_number(),
            true);
  EXPECT_EQ(
      Call("POST", ws + "/orders/" + order_id + "/restore", Owner()).status,
      200);
  HttpResult bad_direction = Call("POST", ws + "/interactions", Owner(),
                                  json{{"customer_id", 1},
                                       {"occurred_at", "2026-01-01"},
                                       {"type", "call"},
                                       {"direction", "sideways"}}
                                      .dump());
  EXPECT_EQ(bad_direction.status, 422);
  EXPECT_EQ(bad_direction.Json()["error"]["field"], "direction");
  HttpResult no_customer = Call("POST", ws + "/orders", Owner(),
                                json{{"customer_id", 999999},
                                     {"ordered_at", "2026-01-01"},
                                     {"lines", json::array()}}
                                    .dump());
  EXPECT_EQ(no_customer.status, 422);
  EXPECT_EQ(no_customer.Json()["error"]["field"], "customer_id");
}

TEST_P(ApiTest, BadBodiesAreRefusedWithoutHarm) {
  const std::string base = "/api/v1/workspaces/demo/customers";
  HttpResult broken = Call("POST", base, Owner(), "{\"first_name\": ");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.ErrorCode(), "invalid_request");
  EXPECT_EQ(Call("POST", base, Owner(), "[1,2,3]").status, 400);
  EXPECT_EQ(Call("POST", base, Owner(), "\"text\"").status, 400);
  HttpResult wrong_type =
      Call("POST", base, Owner(), json{{"first_name", {1, 2}}}.dump());
  EXPECT_EQ(wrong_type.status, 422);
  std::string huge = json{{"first_name", std::string(2 << 20, 'a')}}.dump();
  HttpResult too_large = Call("POST", base, Owner(), huge);
  EXPECT_TRUE(too_large.status == 413) << too_large.status;
  HttpResult long_field =
      Call("POST", "/api/v1/workspaces/demo/products", Owner(),
           json{{"sku", std::string(500, 'x')}}.dump());
  EXPECT_EQ(long_field.status, 422);
  EXPECT_EQ(long_field.Json()["error"]["field"], "sku");
  EXPECT_EQ(Get("/api/v1/health").status, 200) << "the server survived";
  auto count = Get(base + "?q=aaaa", Owner()).Json();
  EXPECT_TRUE(count["items"].empty()) << "nothing was stored";
}

// Every documented route, called by an owner of workspace "demo" with the
// slug of workspace "other" or with ids of records that live in "other",
// is 404: nothing in another workspace can be read, changed or even found.
TEST_P(ApiTest, NothingInAnotherWorkspaceCanBeReachedOrSeen) {
  // An owner of "demo" who is not a server administrator (administrators
  // may manage the members of any workspace: see docs/permissions.md).
  AddUser("owner2@demo.test", "owner", "demo");
  std::string caller = SignIn("owner2@demo.test");
  std::string outsider = SignIn("outsider@other.test");
  const std::string other = "/api/v1/workspaces/other";
  std::map<std::string, int64_t> foreign;  // collection -> id in "other"
  auto make = [&](const std::string& collection, const json& body) {
    HttpResult made =
        Call("POST", other + "/" + collection, outsider, body.dump());
    ASSERT_EQ(made.status, 201) << collection << " " << made.body;
    json created = made.Json();
    for (auto& [key, value] : created.items()) {
      foreign[collection] = value["id"];
    }
  };
  make("customers", {{"first_name", "Hidden"}, {"external_id", "H-1"}});
  make("products", {{"sku", "HIDDEN"}});
  make("orders",
       {{"customer_id", foreign["customers"]},
        {"ordered_at", "2026-01-02"},
        {"lines",
         {{{"sku", "HIDDEN"}, {"quantity", 1}, {"amount_minor", 1000}}}}});
  make("interactions", {{"customer_id", foreign["customers"]},
                        {"occurred_at", "2026-01-02"},
                        {"type", "note"}});
  make("tickets", {{"customer_id", foreign["customers"]},
                   {"subject", "Hidden complaint"},
                   {"type", "complaint"}});
  make("leads", {{"name", "Hidden lead"}});
  make("deals", {{"customer_id", foreign["customers"]},
                 {"title", "Hidden deal"},
                 {"value_minor", 1000},
                 {"expected_close_at", "2026-12-01"}});
  make("tasks", {{"customer_id", foreign["customers"]},
                 {"title", "Hidden task"},
                 {"due_at", "2026-12-01"}});
  make("segments", {{"name", "Hidden segment"},
                    {"rules", {{"conditions", json::array()}}}});
  make("surveys", {{"name", "Hidden survey"}, {"kind", "nps"}});
  make("campaigns", {{"name", "Hidden campaign"},
                     {"channel", "sms"},
                     {"segment_id", foreign["segments"]},
                     {"starts_at", "2026-12-01"},
                     {"ends_at", "2026-12-02"}});
  // The outsider's user id, for the member routes.
  int64_t outsider_id = Get("/api/v1/me", outsider).Json()["user"]["id"];

  auto doc = Get("/api/v1/openapi.json").Json();
  int walked = 0;
  for (auto& [path, item] : doc["paths"].items()) {
    if (path.find("{workspace}") == std::string::npos) continue;
    for (auto& [method, operation] : item.items()) {
      std::string upper;
      for (char c : method) upper += static_cast<char>(std::toupper(c));
      // Bodies that would pass validation, so the lookup is what answers.
      std::string body = upper == "GET" || upper == "DELETE" ? "" : "{}";
      if (upper == "PATCH") body = R"({"version":1})";
      if (upper == "PUT") body = R"({"role":"viewer"})";
      if (upper == "POST" && path.ends_with("/members")) {
        body = R"({"email":"outsider@other.test","role":"viewer"})";
      }
      std::string collection = path.substr(path.find("{workspace}") + 11);
      if (!collection.empty()) collection = collection.substr(1);
      collection = collection.substr(0, collection.find('/'));
      auto fill = [&](std::string text, const std::string& slug) {
        auto put = [&](const std::string& name, const std::string& value) {
          size_t at = text.find(name);
          if (at != std::string::npos) text.replace(at, name.size(), value);
        };
        put("{workspace}", slug);
        put("{user_id}", std::to_string(outsider_id));
        put("{name}", "rfm");
        int64_t id = foreign.count(collection) ? foreign[collection] : 1;
        put("{id}", std::to_string(id));
        return text;
      };
      // The other workspace by its slug.
      HttpResult by_slug = Call(upper, fill(path, "other"), caller, body);
      EXPECT_EQ(by_slug.status, 404) << upper << " " << fill(path, "other");
      EXPECT_THAT(by_slug.body, ::testing::Not(HasSubstr("Hidden")));
      // Records of the other workspace by their ids, through "demo".
      if (path.find("{id}") != std::string::npos && foreign.count(collection)) {
        HttpResult by_id = Call(upper, fill(path, "demo"), caller, body);
        EXPECT_EQ(by_id.status, 404)
            << upper << " " << fill(path, "demo") << " " << by_id.body;
      }
      ++walked;
    }
  }
  EXPECT_GE(walked, 95);
  // And the records are untouched.
  HttpResult still = Get(
      other + "/customers/" + std::to_string(foreign["customers"]), outsider);
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.Json()["customer"]["version"], 1);
  EXPECT_EQ(Get("/api/v1/workspaces", caller).Json()["items"].size(), 1u);
  // A server administrator who is not a member sees no data there either.
  EXPECT_EQ(Get(other + "/customers", Owner()).status, 404);
  EXPECT_EQ(Get(other + "/audit", Owner()).status, 404);
}

// Role x route x status. Each row is a route and the expected outcome for
// owner, manager, sales, support, marketing, analyst, viewer: '+' allowed
// (a 2xx or a non-permission error), '-' 403. Taken from the table in
// docs/permissions.md, written out by hand so a change to either shows.
TEST_P(ApiTest, EveryRoleGetsExactlyItsPermissions) {
  std::map<std::string, std::string> token;
  for (const char* role : kRoles) {
    if (std::string(role) == "owner") continue;
    AddUser(std::string(role) + "@demo.test", role, "demo");
  }
  token["owner"] = Owner();
  for (const char* role : kRoles) {
    if (std::string(role) != "owner") {
      token[role] = SignIn(std::string(role) + "@demo.test");
    }
  }
  const std::string ws = "/api/v1/workspaces/demo";
  struct Row {
    std::string method, path, body, expected;
  };
  const std::vector<Row> rows = {
      // roles:                                      omsSmav
      {"GET", ws, "", "+++++++"},
      {"PATCH", ws, R"({"name":"Demo"})", "+------"},
      {"GET", ws + "/members", "", "++-----"},
      {"PUT", ws + "/members/1", R"({"role":"owner"})", "+------"},
      {"GET", ws + "/customers?limit=1", "", "+++++++"},
      {"GET", ws + "/customers/1", "", "+++++++"},
      {"GET", ws + "/customers/1/360", "", "+++++++"},
      {"POST", ws + "/customers", R"({"first_name":"N"})", "++++---"},
      {"PATCH", ws + "/customers/2", R"({"city":"قم"})", "++++---"},
      {"DELETE", ws + "/customers/999999", "", "++++---"},
      {"GET", ws + "/customers?q=0912", "", "+++++--"},
      {"GET", ws + "/products", "", "+++++++"},
      {"POST", ws + "/products", R"({"sku":"R-1"})", "++-----"},
      {"GET", ws + "/orders?limit=1", "", "+++++++"},
      {"POST", ws + "/orders", R"({"customer_id":1})", "+++----"},
      {"GET", ws + "/interactions", "", "+++++++"},
      {"POST", ws + "/interactions", R"({"customer_id":1})", "+++++--"},
      {"GET", ws + "/tickets", "", "+++++++"},
      {"POST", ws + "/tickets", R"({"customer_id":1})", "++-+---"},
      {"POST", ws + "/tickets/999/events", R"({"kind":"note"})", "++-+---"},
      {"GET", ws + "/service/report", "", "+++++++"},
      {"PUT", ws + "/service/settings", "{}", "++-+---"},
      {"GET", ws + "/loyalty/program", "", "+++++++"},
      {"PUT", ws + "/loyalty/program", "{}", "+------"},
      {"POST", ws + "/loyalty/post-orders", "", "+++++--"},
      {"GET", ws + "/loyalty/liability", "", "+++++++"},
      {"GET", ws + "/customers/1/loyalty", "", "+++++++"},
      {"POST", ws + "/customers/1/loyalty", R"({"kind":"referral"})",
       "+++++--"},
      {"GET", ws + "/deals", "", "+++++++"},
      {"POST", ws + "/deals", R"({"customer_id":1})", "+++----"},
      {"GET", ws + "/leads", "", "+++++++"},
      {"POST", ws + "/leads/999/convert", "{}", "+++----"},
      {"GET", ws + "/sales/board", "", "+++++++"},
      {"GET", ws + "/sales/forecast", "", "+++++++"},
      {"GET", ws + "/sales/pipelines", "", "+++++++"},
      {"PUT", ws + "/sales/pipelines/x", "{}", "++-----"},
      {"PUT", ws + "/sales/targets", R"({"targets":[]})", "++-----"},
      {"GET", ws + "/tasks", "", "+++++++"},
      {"POST", ws + "/tasks", R"({"title":"x"})", "+++++--"},
      {"GET", ws + "/agenda", "", "+++++++"},
      {"GET", ws + "/segments", "", "+++++++"},
      {"POST", ws + "/segments", R"({"name":"x"})", "++--+--"},
      {"POST", ws + "/segments/preview", "{}", "+++++++"},
      {"GET", ws + "/campaigns", "", "+++++++"},
      {"POST", ws + "/campaigns/999/draw", "", "++--+--"},
      {"GET", ws + "/campaigns/999/report", "", "+++++++"},
      {"GET", ws + "/surveys", "", "+++++++"},
      {"POST", ws + "/surveys", R"({"name":"x"})", "+++++--"},
      {"POST", ws + "/surveys/999/responses", "{}", "+++++--"},
      {"GET", ws + "/readiness/questionnaire", "", "+++++++"},
      {"GET", ws + "/import-batches", "", "++---+-"},
      {"POST", ws + "/import-batches/999/revert", "", "++-----"},
      {"POST", ws + "/import-columns?kind=customers", "name", "++-----"},
      {"GET", ws + "/import-profiles", "", "++---+-"},
      {"POST", ws + "/import-profiles",
       R"({"name":"x","kind":"customers","mapping":"Code=external_id"})",
       "++-----"},
      {"GET", ws + "/scores?name=rfm_segment", "", "+++-+++"},
      {"GET", ws + "/scores?name=clv", "", "+++-++-"},
      {"GET", ws + "/analytics/scores/rfm_segment", "", "+++-+++"},
      {"GET", ws + "/analytics/reports/kpis", "", "+++-+++"},
      {"GET", ws + "/analytics/reports/value", "", "+++-++-"},
      {"POST", ws + "/analytics/jobs?model=nope", "", "++---+-"},
      {"GET", ws + "/analytics/runs", "", "+++-+++"},
      {"GET", ws + "/audit", "", "++-----"},
      {"GET", "/api/v1/users", "", "-------"},  // owner@ is admin: see below
  };
  for (const Row& row : rows) {
    for (size_t r = 0; r < std::size(kRoles); ++r) {
      std::string role = kRoles[r];
      HttpResult result = Call(row.method, row.path, token[role], row.body);
      bool allowed = row.expected[r] == '+';
      if (row.path == "/api/v1/users" && role == "owner") allowed = true;
      if (allowed) {
        EXPECT_NE(result.status, 403) << role << " " << row.method << " "
                                      << row.path << " " << result.body;
        EXPECT_LT(result.status, 500) << role << " " << row.path;
      } else {
        EXPECT_EQ(result.status, 403) << role << " " << row.method << " "
                                      << row.path << " " << result.body;
        EXPECT_EQ(result.ErrorCode(), "permission_denied");
      }
    }
  }
  // Fields: an analyst sees customers without contact details, support
  // without what they are worth.
  auto analyst = Get(ws + "/customers/1", token["analyst"]).Json();
  EXPECT_TRUE(analyst["customer"]["phone"].is_null());
  EXPECT_TRUE(analyst["customer"]["national_id"].is_null());
  EXPECT_FALSE(analyst["customer"]["acquisition_channel"].is_null());
  auto owner = Get(ws + "/customers/1", token["owner"]).Json();
  EXPECT_FALSE(owner["customer"]["phone"].is_null());
  auto support = Get(ws + "/customers/1/360", token["support"]).Json();
  EXPECT_FALSE(support["customer"]["phone"].is_null());
  EXPECT_TRUE(support["customer"]["acquisition_cost_minor"].is_null());
  EXPECT_TRUE(support["scores"].empty());
  HttpResult sales_contact =
      Call("PATCH", ws + "/customers/3", token["marketing"],
           R"({"phone":"09121112233","version":1})");
  EXPECT_EQ(sales_contact.status, 403);
}

TEST_P(ApiTest, OwnersManageMembersButNeverLoseTheLastOwner) {
  const std::string ws = "/api/v1/workspaces/demo";
  HttpResult user = Call(
      "POST", "/api/v1/users", Owner(),
      json{{"email", "new@demo.test"}, {"name", "New"}, {"password", kPassword}}
          .dump());
  ASSERT_EQ(user.status, 201) << user.body;
  int64_t id = user.Json()["user"]["id"];
  std::string fresh = SignIn("new@demo.test");
  EXPECT_EQ(Get(ws + "/customers/1", fresh).status, 404) << "not a member yet";
  HttpResult added =
      Call("POST", ws + "/members", Owner(),
           json{{"email", "new@demo.test"}, {"role", "sales"}}.dump());
  EXPECT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(Get(ws + "/customers/1", fresh).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/users", fresh,
                 json{{"email", "y@demo.test"}, {"password", kPassword}}.dump())
                .status,
            403);
  int64_t owner_id = Get("/api/v1/me", Owner()).Json()["user"]["id"];
  HttpResult demote = Call("PUT", ws + "/members/" + std::to_string(owner_id),
                           Owner(), json{{"role", "viewer"}}.dump());
  EXPECT_EQ(demote.status, 409) << demote.body;
  EXPECT_EQ(Call("DELETE", ws + "/members/" + std::to_string(owner_id), Owner())
                .status,
            409);
  EXPECT_EQ(
      Call("DELETE", ws + "/members/" + std::to_string(id), Owner()).status,
      204);
  EXPECT_EQ(Get(ws + "/customers/1", fresh).status, 404);
  HttpResult disabled = Call("PATCH", "/api/v1/users/" + std::to_string(id),
                             Owner(), json{{"disabled", true}}.dump());
  EXPECT_EQ(disabled.status, 200);
  EXPECT_EQ(Get("/api/v1/me", fresh).status, 401) << "sessions end";
  auto audit = Get(ws + "/audit?entity=member", Owner()).Json();
  EXPECT_GE(audit["items"].size(), 2u);
}

TEST_P(ApiTest, ImportBatchesCanBeRevertedThroughTheApi) {
  const std::string ws = "/api/v1/workspaces/demo";
  auto batches = Get(ws + "/import-batches", Owner()).Json();
  ASSERT_EQ(batches["items"].size(), 3u);
  int64_t interactions = 0;
  for (auto& b : batches["items"]) {
    if (b["kind"] == "interactions") interactions = b["id"];
  }
  ASSERT_GT(interactions, 0);
  std::string path = ws + "/import-batches/" + std::to_string(interactions);
  HttpResult reverted = Call("POST", path + "/revert", Owner());
  ASSERT_EQ(reverted.status, 200) << reverted.body;
  EXPECT_EQ(reverted.Json()["batch"]["status"], "reverted");
  EXPECT_EQ(Get(path, Owner()).Json()["batch"]["status"], "reverted");
  EXPECT_TRUE(
      Get(ws + "/interactions?limit=1", Owner()).Json()["items"].empty());
  auto audit = Get(ws + "/audit?entity=import_batch", Owner()).Json();
  ASSERT_EQ(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["action"], "revert");
}

TEST_P(ApiTest, SavedMappingsAndSkippedRowsThroughTheApi) {
  const std::string ws = "/api/v1/workspaces/demo";
  HttpResult saved = Call("POST", ws + "/import-profiles", Owner(),
                          R"({"name":"till","kind":"transactions",)"
                          R"("mapping":"Kunde=customer_id, Beleg=order_id"})");
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(saved.Json()["profile"]["mapping"],
            "Kunde=customer_id,Beleg=order_id");
  EXPECT_EQ(Call("POST", ws + "/import-profiles", Owner(),
                 R"({"name":"x","kind":"transactions","mapping":"A=shoe"})")
                .status,
            422);
  auto listed = Get(ws + "/import-profiles", Owner()).Json();
  ASSERT_EQ(listed["items"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["items"][0]["name"], "till");

  std::ofstream(dir_ / "till.csv")
      << "Kunde,InvoiceDate,Beleg,StockCode,Quantity,UnitPrice\n"
      << "T-1,12/1/10 8:26,B-1,P1,2,2.55\n"
      << "T-1,12/13/10 8:26,B-2,P1,1,x\n";
  HttpResult imported =
      Call("POST",
           ws + "/import-batches?kind=transactions&profile=till&on_error=skip&"
                "currency=GBP&create_missing_customers=true&file_name=till.csv",
           Owner(), "",
           "-H 'Content-Type: text/csv' --data-binary @" +
               testing::ShellQuote((dir_ / "till.csv").string()));
  ASSERT_EQ(imported.status, 201) << imported.body;
  json report = imported.Json();
  EXPECT_EQ(report["orders_created"], 1);
  EXPECT_EQ(report["skipped"], 1);
  EXPECT_EQ(report["batch"]["rows_skipped"], 1) << report.dump();
  EXPECT_THAT(report["date_format"].get<std::string>(),
              HasSubstr("month-first"));
  EXPECT_EQ(report["errors"]["groups"][0]["column"], "unit_price");
  EXPECT_EQ(report["rejects_csv"],
            "Kunde,InvoiceDate,Beleg,StockCode,Quantity,UnitPrice,reason\n"
            "T-1,12/13/10 8:26,B-2,P1,1,x,unit_price: is not an amount\n");

  EXPECT_EQ(Call("DELETE", ws + "/import-profiles/till", Owner()).status, 204);
  EXPECT_EQ(Call("DELETE", ws + "/import-profiles/till", Owner()).status, 404);
}

TEST_P(ApiTest, APreviewShowsTheImportAndWritesNothing) {
  const std::string ws = "/api/v1/workspaces/demo";
  std::ofstream(dir_ / "till.csv")
      << "Kunde,InvoiceDate,Beleg,StockCode,Quantity,UnitPrice,Country\n"
      << "T-1,12/1/10 8:26,B-1,P1,2,2.55,UK\n"
      << "T-1,12/13/10 8:26,B-2,P1,1,x,UK\n";
  const std::string upload = "-H 'Content-Type: text/csv' --data-binary @" +
                             testing::ShellQuote((dir_ / "till.csv").string());
  const auto batches = Get(ws + "/import-batches", Owner()).Json();
  HttpResult shown =
      Call("POST",
           ws + "/import-batches?kind=transactions&preview=true&on_error=skip&"
                "map=Kunde%3Dcustomer_id,Beleg%3Dorder_id&currency=GBP&"
                "create_missing_customers=true&file_name=till.csv",
           Owner(), "", upload);
  ASSERT_EQ(shown.status, 200) << shown.body;
  json preview = shown.Json()["preview"];
  EXPECT_EQ(preview["file"], "till.csv");
  EXPECT_EQ(preview["columns"][0]["field"], "customer_id");
  EXPECT_EQ(preview["columns"][2]["field"], "order_id");
  EXPECT_TRUE(preview["columns"][6]["field"].is_null());
  EXPECT_THAT(preview["date_format"].get<std::string>(),
              HasSubstr("month-first"));
  EXPECT_TRUE(preview["accepted"]);
  ASSERT_EQ(preview["rows"].size(), 1u) << preview.dump();
  EXPECT_EQ(preview["rows"][0]["values"][0], "B-1");
  EXPECT_EQ(preview["rows"][0]["values"][2], "2010-12-01T08:26:00Z");
  EXPECT_EQ(preview["rows"][0]["values"][7], "5.10");
  EXPECT_EQ(preview["counts"]["customers_created"], 1);
  EXPECT_EQ(preview["errors"]["groups"][0]["column"], "unit_price");
  EXPECT_EQ(Get(ws + "/import-batches", Owner()).Json(), batches);
  EXPECT_TRUE(Get(ws + "/customers?q=T-1", Owner()).Json()["items"].empty())
      << "a preview writes nothing";

  // A workbook, read as the import reads it.
  HttpResult workbook =
      Call("POST",
           ws + "/import-batches?kind=transactions&preview=true&currency=USD&"
                "create_missing_customers=true&file_name=sales.xlsx",
           Owner(), "",
           "-H 'Content-Type: application/octet-stream' --data-binary @" +
               testing::ShellQuote("tests/data/import/transactions.xlsx"));
  ASSERT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_THAT(workbook.Json()["preview"]["read_as"].get<std::string>(),
              HasSubstr("sheet"));
  EXPECT_EQ(workbook.Json()["preview"]["rows"].size(), 3u);
  EXPECT_EQ(Get(ws + "/import-batches", Owner()).Json(), batches);
}

// An .xlsx workbook and a .vcf file uploaded through the import route give
// the store the CSV file of the same data gives.
TEST_P(ApiTest, WorkbooksAndVcardsUploadToTheStoreTheirCsvGives) {
  std::map<std::string, std::string> owners;
  for (const char* slug : {"csv", "xlsx", "cards-csv", "cards"}) {
    Vafa({"workspace", "create", slug, "--currency", "USD"});
    AddUser(std::string(slug) + "@files.test", "owner", slug);
    owners[slug] = SignIn(std::string(slug) + "@files.test");
  }
  auto upload = [&](const std::string& slug, const std::string& query,
                    const std::string& path) {
    HttpResult result =
        Call("POST", "/api/v1/workspaces/" + slug + "/import-batches?" + query,
             owners[slug], "",
             "-H 'Content-Type: application/octet-stream' --data-binary @" +
                 testing::ShellQuote(path));
    EXPECT_EQ(result.status, 201) << slug << ": " << result.body;
    return result;
  };
  const std::string data = "tests/data/import/";
  upload("csv", "kind=customers&file_name=c.csv", data + "customers_fa.csv");
  upload("xlsx", "kind=customers&file_name=c.xlsx", data + "customers_fa.xlsx");
  upload("csv", "kind=transactions&file_name=t.csv", data + "transactions.csv");
  upload("xlsx", "kind=transactions&file_name=t.xlsx",
         data + "transactions.xlsx");

  std::ofstream(dir_ / "cards.csv")
      << "external_id,first_name,last_name,organisation_name,phone,email,"
         "birth_date,city\n"
      << "V1,Ali,Rezaei,,+989121234567,ali@example.com,1990-05-17,Tehran\n"
      << "V2,Sara,Karimi,Nik Co,+989351112233,,,\n";
  std::ofstream(dir_ / "cards.vcf")
      << "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:V1\r\nN:Rezaei;Ali;;;\r\n"
         "FN:Ali Rezaei\r\nTEL;TYPE=cell:+989121234567\r\n"
         "EMAIL:ali@example.com\r\nBDAY:1990-05-17\r\n"
         "ADR:;;;Tehran;;;\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:V2\r\nN:Karimi;Sara;;;\r\n"
         "FN:Sara Karimi\r\nORG:Nik Co\r\nTEL:+989351112233\r\n"
         "END:VCARD\r\n";
  upload("cards-csv", "kind=customers&file_name=cards.csv",
         (dir_ / "cards.csv").string());
  upload("cards", "kind=customers&file_name=cards.vcf",
         (dir_ / "cards.vcf").string());

  auto rows = [&](const std::string& sql, const std::string& slug) {
    return testing::Rows(db(),
                         sql + " AND w.slug = '" + slug + "' ORDER BY 1, 2, 3");
  };
  const std::string customers =
      "SELECT c.external_id, c.kind, c.first_name, c.last_name, "
      "c.organisation_name, c.phone, c.email, c.birth_date, c.city, "
      "c.acquisition_cost_minor, c.joined_at FROM customers c JOIN "
      "workspaces w ON w.id = c.workspace_id WHERE c.deleted_at IS NULL";
  const std::string orders =
      "SELECT o.external_id, c.external_id, l.line_no, o.ordered_at, "
      "o.total_minor, p.sku, l.quantity, l.amount_minor FROM orders o JOIN "
      "customers c ON c.id = o.customer_id JOIN order_lines l ON l.order_id "
      "= o.id JOIN products p ON p.id = l.product_id JOIN workspaces w ON "
      "w.id = o.workspace_id WHERE 1 = 1";
  ASSERT_EQ(rows(customers, "csv").size(), 3u);
  EXPECT_EQ(rows(customers, "xlsx"), rows(customers, "csv"));
  ASSERT_EQ(rows(orders, "csv").size(), 3u);
  EXPECT_EQ(rows(orders, "xlsx"), rows(orders, "csv"));
  const auto cards = rows(customers, "cards-csv");
  ASSERT_EQ(cards.size(), 2u);
  EXPECT_THAT(cards[0], HasSubstr("V1|person|Ali|Rezaei|"));
  EXPECT_EQ(rows(customers, "cards"), cards);

  // The mapping of a workbook's header, and a vCard's, before sending.
  HttpResult columns =
      Call("POST",
           "/api/v1/workspaces/xlsx/import-columns?kind=transactions&"
           "file_name=t.xlsx",
           owners["xlsx"], "",
           "-H 'Content-Type: application/octet-stream' --data-binary @" +
               testing::ShellQuote(data + "transactions.xlsx"));
  ASSERT_EQ(columns.status, 200) << columns.body;
  EXPECT_EQ(columns.Json()["columns"][0]["field"], "customer_id");
  EXPECT_TRUE(columns.Json()["missing"].empty()) << columns.body;
  HttpResult card_columns =
      Call("POST",
           "/api/v1/workspaces/cards/import-columns?kind=customers&"
           "file_name=cards.vcf",
           owners["cards"], "",
           "-H 'Content-Type: text/vcard' --data-binary @" +
               testing::ShellQuote((dir_ / "cards.vcf").string()));
  ASSERT_EQ(card_columns.status, 200) << card_columns.body;
  const json card_column_list = card_columns.Json()["columns"];
  for (const auto& column : card_column_list) {
    EXPECT_FALSE(column["field"].is_null()) << column.dump();
  }
  EXPECT_EQ(Call("POST",
                 "/api/v1/workspaces/cards/import-columns?kind=transactions&"
                 "file_name=cards.vcf",
                 owners["cards"], "",
                 "-H 'Content-Type: text/vcard' --data-binary @" +
                     testing::ShellQuote((dir_ / "cards.vcf").string()))
                .status,
            400);
}

TEST_P(ApiTest, AnUploadedFileIsImportedWholeOrNotAtAll) {
  const std::string ws = "/api/v1/workspaces/demo";
  std::ofstream(dir_ / "bad.csv") << "external_id,first_name,last_name,phone\n"
                                  << "U-1,Nima,Rad,09121110000\n"
                                  << "U-2,Tara,Nik,not a phone\n"
                                  << "U-3,Dara,Sam,۰۹۱۲۱۱۱۰۰۰۲\n";
  std::string upload = "-H 'Content-Type: text/csv' --data-binary @" +
                       testing::ShellQuote((dir_ / "bad.csv").string());
  HttpResult rejected =
      Call("POST", ws + "/import-batches?kind=customers&file_name=crm.csv",
           Owner(), "", upload);
  EXPECT_EQ(rejected.status, 422) << rejected.body;
  EXPECT_EQ(rejected.Json()["error"]["field"], "file");
  std::string report = rejected.Json()["error"]["message"];
  EXPECT_THAT(report, HasSubstr("crm.csv:3"));
  EXPECT_THAT(report, HasSubstr("phone"));
  EXPECT_THAT(report, ::testing::Not(HasSubstr("vafa-upload")));
  EXPECT_EQ(rejected.Json()["errors"]["groups"][0]["column"], "phone");
  EXPECT_EQ(rejected.Json()["errors"]["groups"][0]["count"], 1);
  EXPECT_TRUE(Get(ws + "/customers?q=U-1", Owner()).Json()["items"].empty())
      << "nothing of a rejected file is kept";

  // The mapping of a header, before anything is sent: Persian names and
  // aliases, an unknown column, a field given twice, a required one missing.
  std::ofstream(dir_ / "header.csv")
      << "\xEF\xBB\xBF\"کد مشتری\",نام,Last Name,color,موبایل,mobile\r\n"
      << "C-1,علی,Rad,blue,09121110000,09121110000\r\n";
  HttpResult columns =
      Call("POST", ws + "/import-columns?kind=customers", Owner(), "",
           "-H 'Content-Type: text/csv' --data-binary @" +
               testing::ShellQuote((dir_ / "header.csv").string()));
  ASSERT_EQ(columns.status, 200) << columns.body;
  json mapping = columns.Json();
  ASSERT_EQ(mapping["columns"].size(), 6u) << mapping.dump();
  EXPECT_EQ(mapping["columns"][0]["header"], "کد مشتری");
  EXPECT_EQ(mapping["columns"][0]["field"], "external_id");
  EXPECT_EQ(mapping["columns"][1]["field"], "first_name");
  EXPECT_EQ(mapping["columns"][2]["field"], "last_name");
  EXPECT_TRUE(mapping["columns"][3]["field"].is_null());
  EXPECT_EQ(mapping["columns"][4]["field"], "phone");
  EXPECT_FALSE(mapping["columns"][4]["duplicate"]);
  EXPECT_TRUE(mapping["columns"][5]["duplicate"]);
  EXPECT_TRUE(mapping["missing"].empty()) << mapping.dump();
  EXPECT_FALSE(mapping["fields"].empty());
  HttpResult orders =
      Call("POST", ws + "/import-columns?kind=transactions", Owner(), "",
           "-H 'Content-Type: text/csv' -d 'date'");
  ASSERT_EQ(orders.status, 200) << orders.body;
  EXPECT_THAT(orders.Json()["missing"].dump(), HasSubstr("customer_id"));
  EXPECT_EQ(Call("POST", ws + "/import-columns?kind=horoscopes", Owner(), "",
                 "-H 'Content-Type: text/csv' -d 'a'")
                .status,
            400);

  std::ofstream(dir_ / "bad.csv", std::ios::trunc)
      << "external_id,first_name,last_name,phone\n"
      << "U-1,Nima,Rad,09121110000\n"
      << "U-3,Dara,Sam,۰۹۱۲۱۱۱۰۰۰۲\n";
  HttpResult imported =
      Call("POST", ws + "/import-batches?kind=customers", Owner(), "", upload);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.Json()["created"], 2);
  EXPECT_EQ(imported.Json()["batch"]["created_by"], "owner@demo.test");
  // The batch names the file as sent, not the server's temporary copy.
  EXPECT_EQ(imported.Json()["batch"]["file_name"], "customers.csv");
  auto found = Get(ws + "/customers?q=U-3", Owner()).Json();
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["phone"], "+989121110002");
  HttpResult again =
      Call("POST", ws + "/import-batches?kind=customers", Owner(), "", upload);
  EXPECT_EQ(again.Json()["unchanged"], 2) << again.body;
  EXPECT_EQ(
      Call("POST", ws + "/import-batches?kind=horoscopes", Owner(), "", upload)
          .status,
      400);
  AddUser("analyst@demo.test", "analyst", "demo");
  EXPECT_EQ(Call("POST", ws + "/import-batches?kind=customers",
                 SignIn("analyst@demo.test"), "", upload)
                .status,
            403);
}

TEST_P(ApiTest, StaticFilesWithTypesCachingAndUiRoutes) {
  HttpResult index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.headers, HasSubstr("text/html"));
  HttpResult asset = Get("/assets/app-1234.js");
  EXPECT_THAT(asset.headers, HasSubstr("text/javascript"));
  EXPECT_THAT(asset.headers, HasSubstr("immutable"));
  size_t at = asset.headers.find("ETag: ");
  ASSERT_NE(at, std::string::npos) << asset.headers;
  std::string etag =
      asset.headers.substr(at + 6, asset.headers.find("\r\n", at) - at - 6);
  EXPECT_EQ(Get("/assets/app-1234.js", "",
                "-H " + testing::ShellQuote("If-None-Match: " + etag))
                .status,
            304);
  HttpResult ui_route = Get("/customers/12");
  EXPECT_EQ(ui_route.status, 200);
  EXPECT_THAT(ui_route.body, HasSubstr("<title>vafa</title>"));
  EXPECT_THAT(Get("/%2e%2e/%2e%2e/etc/passwd", "", "--path-as-is").body,
              ::testing::Not(HasSubstr("root:")));
}

TEST_P(ApiTest, ScoresShowInThe360TheScoresTableAndTheirDistribution) {
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  long long workspace = 0;
  (*db)->sql() << "SELECT id FROM workspaces WHERE slug = 'demo'",
      soci::into(workspace);
  for (int customer = 1; customer <= 3; ++customer) {
    std::string label = customer == 3 ? "Lost" : "Champions";
    double value = customer * 10.0;
    long long c = customer;
    for (std::string name : {"rfm_segment", "clv"}) {
      (*db)->sql() << "INSERT INTO scores (workspace_id, customer_id, name, "
                      "value, label, run_id, computed_at) VALUES (:w, :c, :n, "
                      ":v, :l, 1, 1700000000)",
          soci::use(workspace), soci::use(c), soci::use(name), soci::use(value),
          soci::use(label);
    }
  }
  const std::string ws = "/api/v1/workspaces/demo";
  auto customer = Get(ws + "/customers/3/360", Owner()).Json();
  EXPECT_EQ(customer["scores"]["rfm_segment"]["label"], "Lost");
  EXPECT_EQ(customer["scores"]["rfm_segment"]["value"], 30.0);
  auto groups = Get(ws + "/analytics/scores/rfm_segment", Owner()).Json();
  ASSERT_EQ(groups["groups"].size(), 2u) << groups.dump();
  EXPECT_EQ(groups["groups"][0]["label"], "Champions");
  EXPECT_EQ(groups["groups"][0]["customers"], 2);
  EXPECT_EQ(groups["groups"][0]["mean_value"], 15.0);
  EXPECT_FALSE(groups["groups"][0].contains("measure_sum"));
  // Another score summed per label: clv by RFM segment.
  auto measured =
      Get(ws + "/analytics/scores/rfm_segment?measure=clv", Owner()).Json();
  ASSERT_EQ(measured["groups"].size(), 2u) << measured.dump();
  EXPECT_EQ(measured["measure"], "clv");
  EXPECT_EQ(measured["groups"][0]["measure_sum"], 30.0);
  EXPECT_EQ(measured["groups"][0]["measure_mean"], 15.0);
  EXPECT_EQ(measured["groups"][1]["label"], "Lost");
  EXPECT_EQ(measured["groups"][1]["measure_sum"], 30.0);
  // The customer list by a range of a score.
  auto ids_of = [&](const std::string& query) {
    json page = Get(ws + "/customers?" + query, Owner()).Json();
    std::vector<int64_t> ids;
    for (const json& c : page["items"]) ids.push_back(c["id"]);
    return ids;
  };

  EXPECT_EQ(ids_of("score=clv&score_min=15"), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids_of("score=clv&score_max=15"), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids_of("score=clv&score_min=15&score_max=25"),
            (std::vector<int64_t>{2}));
  EXPECT_EQ(ids_of("score=clv&score_min=15&segment=Lost"),
            (std::vector<int64_t>{3}));
  EXPECT_EQ(ids_of("score=clv&score_min=15&limit=1&sort=-id"),
            (std::vector<int64_t>{3}));
  EXPECT_EQ(Get(ws + "/customers?score_min=1", Owner()).status, 400);
  EXPECT_EQ(Get(ws + "/customers?score=clv&score_max=lots", Owner()).status,
            400);
  // A money score is a money score when it is the measure too.
  AddUser("viewer@demo.test", "viewer", "demo");
  std::string viewer = SignIn("viewer@demo.test");
  EXPECT_EQ(Get(ws + "/analytics/scores/rfm_segment", viewer).status, 200);
  EXPECT_EQ(
      Get(ws + "/analytics/scores/rfm_segment?measure=clv", viewer).status,
      403);
  EXPECT_EQ(Get(ws + "/customers?score=clv&score_min=1", viewer).status, 403);
  EXPECT_EQ(Get(ws + "/customers?score=rfm_score&score_min=1", viewer).status,
            200);
  // The scores table, best first, two to a page.
  auto first = Get(ws + "/scores?name=clv&sort=-value&limit=2", Owner()).Json();
  ASSERT_EQ(first["items"].size(), 2u) << first.dump();
  EXPECT_EQ(first["items"][0]["customer_id"], 3);
  EXPECT_EQ(first["items"][1]["customer_id"], 2);
  std::string cursor = first["next_cursor"];
  auto second =
      Get(ws + "/scores?name=clv&sort=-value&limit=2&cursor=" + cursor, Owner())
          .Json();
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["customer_id"], 1);
  auto lost = Get(ws + "/scores?name=rfm_segment&label=Lost", Owner()).Json();
  ASSERT_EQ(lost["items"].size(), 1u);
  // One score, only for customers in some RFM segments, best first.
  auto slipping =
      Get(ws + "/scores?name=clv&sort=-value&segment=Lost,At%20risk", Owner())
          .Json();
  ASSERT_EQ(slipping["items"].size(), 1u) << slipping.dump();
  EXPECT_EQ(slipping["items"][0]["customer_id"], 3);
  auto champions =
      Get(ws + "/scores?name=clv&sort=-value&segment=Champions", Owner())
          .Json();
  ASSERT_EQ(champions["items"].size(), 2u);
  EXPECT_EQ(champions["items"][0]["customer_id"], 2);
  EXPECT_EQ(Get(ws + "/scores", Owner()).status, 400);
  std::string outsider = SignIn("outsider@other.test");
  auto other =
      Get("/api/v1/workspaces/other/analytics/scores/rfm_segment", outsider)
          .Json();
  EXPECT_TRUE(other["groups"].empty());
}

// An analysis run through the API: a job that reports its stage, then the
// run it wrote, whose scores and reports the API serves.
TEST_P(ApiTest, AnalysisJobRunsOnTheServer) {
  const std::string analytics = "/api/v1/workspaces/demo/analytics";
  HttpResult started = Call("POST", analytics + "/jobs", Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  json job = started.Json()["job"];
  EXPECT_EQ(job["requested_by"], "owner@demo.test");
  int64_t id = job["id"];
  // A second one while the first runs is refused; the first may be done.
  HttpResult again = Call("POST", analytics + "/jobs", Owner());
  EXPECT_TRUE(again.status == 409 || again.status == 202) << again.body;
  if (again.status == 202) id = again.Json()["job"]["id"];
  job = AwaitJobEnd(analytics + "/jobs/" + std::to_string(id), Owner(), 60);
  ASSERT_EQ(job["status"], "completed") << job.dump();
  // Progress: the last stage reached of five, and the time it took.
  EXPECT_EQ(job["steps"], 5);
  EXPECT_GE(job["step"].get<int>(), 4);
  EXPECT_GE(job["elapsed_seconds"].get<int64_t>(), 0);
  int64_t run = job["run_id"];
  EXPECT_GT(run, 0);
  // The analysis run, then the churn models' run after it (twice when the
  // first job was done before the second was asked for).
  auto runs = Get(analytics + "/runs", Owner()).Json();
  ASSERT_EQ(runs["items"].size(), again.status == 202 ? 4u : 2u) << runs.dump();
  EXPECT_EQ(runs["items"][1]["id"], run);
  EXPECT_EQ(runs["items"][1]["kind"], "analyze");
  EXPECT_EQ(runs["items"][0]["kind"], "churn");
  EXPECT_TRUE(runs["running"].is_null());
  // Churn: risk bands per customer, the models' holdout figures, the
  // retention list (money: not for the analyst), and the 360 view.
  auto bands = Get(analytics + "/scores/churn_risk", Owner()).Json();
  ASSERT_FALSE(bands["groups"].empty()) << bands.dump();
  // 150 customers leave far fewer than 100 churners in the holdout: the
  // learned models are refused and the rule model is used, with the reason.
  auto models = Get(analytics + "/reports/churn_models", Owner()).Json();
  ASSERT_EQ(models["rows"].size(), 1u) << models.dump();
  EXPECT_EQ(models["columns"][3], "auc");
  EXPECT_EQ(models["columns"][7], "brier");
  EXPECT_EQ(models["rows"][0][0], "rules");
  EXPECT_TRUE(models["rows"][0][7].is_number());  // the rules' Brier score
  EXPECT_EQ(models["run"]["id"], runs["items"][0]["id"]);
  auto evidence = Get(analytics + "/reports/churn_evidence", Owner()).Json();
  ASSERT_EQ(evidence["rows"].size(), 1u) << evidence.dump();
  json row = json::object();
  for (size_t k = 0; k < evidence["columns"].size(); ++k)
    row[evidence["columns"][k].get<std::string>()] = evidence["rows"][0][k];
  EXPECT_EQ(row["learned_models"], 0) << row.dump();
  EXPECT_EQ(row["chosen_model"], "rules");
  EXPECT_LT(row["holdout_churners"].get<int64_t>(), 100);
  EXPECT_NE(row["refusal"].get<std::string>().find("churners"),
            std::string::npos)
      << row.dump();
  EXPECT_EQ(models["rows"][0][2], row["holdout_churners"]);
  auto calibration =
      Get(analytics + "/reports/churn_calibration", Owner()).Json();
  ASSERT_EQ(calibration["rows"].size(), 10u) << calibration.dump();
  EXPECT_EQ(calibration["columns"][3], "mean_predicted");
  auto list = Get(analytics + "/reports/retention_list", Owner()).Json();
  ASSERT_FALSE(list["rows"].empty()) << list.dump();
  EXPECT_EQ(list["columns"][0], "customer_id");
  const int64_t at_risk = list["rows"][0][0];
  auto customer = Get("/api/v1/workspaces/demo/customers/" +
                          std::to_string(at_risk) + "/360",
                      Owner())
                      .Json();
  EXPECT_TRUE(customer["scores"].contains("churn_risk")) << customer.dump();
  EXPECT_TRUE(customer["scores"].contains("churn_reasons"));
  EXPECT_TRUE(customer["scores"].contains("retention_priority"));
  // Every scored customer's story follows the rule: too early to judge
  // exactly when the first purchase is within the window and there are
  // fewer than three purchase days; it cites the stored risk and P(alive).
  std::set<std::string> kinds;
  for (int64_t id = 1; id <= 200; ++id) {
    HttpResult got =
        Get("/api/v1/workspaces/demo/customers/" + std::to_string(id) + "/360",
            Owner());
    if (got.status != 200) continue;
    json full = got.Json();
    if (!full["scores"].contains("churn_risk")) continue;
    const json& story = full["story"];
    ASSERT_TRUE(story.is_object()) << full.dump();
    kinds.insert(story["kind"].get<std::string>());
    const bool early = story["days_since_first"].get<int64_t>() <
                           story["window_days"].get<int64_t>() &&
                       story["purchase_days"].get<int64_t>() < 3;
    EXPECT_EQ(story["kind"] == "too_early", early) << story.dump();
    EXPECT_DOUBLE_EQ(story["churn_risk"].get<double>(),
                     full["scores"]["churn_risk"]["value"].get<double>());
    if (full["scores"].contains("p_alive")) {
      EXPECT_DOUBLE_EQ(story["p_alive"].get<double>(),
                       full["scores"]["p_alive"]["value"].get<double>());
    }
    EXPECT_EQ(story["window_days"], 365);
    EXPECT_GE(story["purchase_days"].get<int64_t>(), 1);
  }
  EXPECT_TRUE(kinds.contains("too_early")) << kinds.size();
  EXPECT_GE(kinds.size(), 3u);
  AddUser("viewer@demo.test", "viewer", "demo");
  const std::string viewer = SignIn("viewer@demo.test");
  EXPECT_EQ(Get(analytics + "/reports/churn_models", viewer).status, 200);
  EXPECT_EQ(Get(analytics + "/reports/retention_list", viewer).status, 403);
  auto kpis = Get(analytics + "/reports/kpis?calendar=jalali", Owner()).Json();
  EXPECT_EQ(kpis["run"]["id"], run);
  auto segments = Get(analytics + "/scores/rfm_segment", Owner()).Json();
  EXPECT_FALSE(segments["groups"].empty());
  auto audit =
      Get("/api/v1/workspaces/demo/audit?entity=workspace", Owner()).Json();
  ASSERT_FALSE(audit["items"].empty());
  EXPECT_EQ(audit["items"][0]["action"], "analyze");
  EXPECT_EQ(Get(analytics + "/jobs/999", Owner()).status, 404);
  EXPECT_EQ(Call("POST", analytics + "/jobs?model=vibes", Owner()).status, 400);
}

// A complaint's clocks run in business time on the workspace's calendar:
// Wednesday 15:00 in Tehran with a high priority is due a first response at
// Wednesday 16:00 and a resolution after Thursday's half day and Friday, on
// Saturday 11:00 (8 business hours); a holiday moves it further.
TEST_P(ApiTest, TicketsKeepTheirSlaOnTheWorkCalendar) {
  const std::string ws = "/api/v1/workspaces/demo";
  auto settings = Get(ws + "/service/settings", Owner()).Json();
  EXPECT_EQ(settings["sla_targets"]["high"]["resolution_minutes"], 480);
  // Bad settings name the field and change nothing.
  HttpResult bad = Call("PUT", ws + "/service/settings", Owner(),
                        R"({"holidays":["1405/13/40"]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["field"], "holidays[0]");
  HttpResult put = Call(
      "PUT", ws + "/service/settings", Owner(),
      R"({"holidays":[{"day":"1405/09/07","name":"closed for stocktaking"}],
          "sla_targets":{"urgent":{"first_response_minutes":15,
                                   "resolution_minutes":120}}})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["holidays"][0]["day"], "2026-11-28");  // a Saturday
  EXPECT_EQ(put.Json()["sla_targets"]["urgent"]["first_response_minutes"], 15);

  HttpResult made = Call("POST", ws + "/tickets", Owner(),
                         R"({"customer_id":1,"subject":"Late delivery",
                             "external_id":"T-LATE-1",
                             "type":"complaint","priority":"high",
                             "category":"delivery","channel":"phone",
                             "opened_at":"2026-11-25T11:30:00Z"})");
  ASSERT_EQ(made.status, 201) << made.body;
  json ticket = made.Json()["ticket"];
  const int64_t id = ticket["id"];
  const int64_t opened = ticket["opened_at"];
  EXPECT_EQ(ticket["status"], "new");
  EXPECT_EQ(ticket["first_response_due_at"].get<int64_t>(), opened + 3600);
  // Wednesday 1 h, Thursday 4 h, Friday closed, Saturday a holiday, Sunday
  // 08:00 + 3 h = Sunday 11:00, 3 days 20 h after Wednesday 15:00.
  EXPECT_EQ(ticket["resolution_due_at"].get<int64_t>(),
            opened + (3 * 24 + 20) * 3600);
  // Both due times have passed with no answer: breached, to a manager.
  EXPECT_EQ(ticket["sla"]["first_response"]["state"], "breached");
  EXPECT_EQ(ticket["sla"]["escalate_to"], "manager");

  HttpResult reply =
      Call("POST", ws + "/tickets/" + std::to_string(id) + "/events", Owner(),
           R"({"kind":"reply","body":"Sorry, on its way"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  ticket = Get(ws + "/tickets/" + std::to_string(id), Owner()).Json()["ticket"];
  EXPECT_EQ(ticket["status"], "open");
  EXPECT_FALSE(ticket["first_response_at"].is_null());
  ASSERT_EQ(ticket["events"].size(), 1u);
  EXPECT_EQ(ticket["events"][0]["kind"], "reply");

  auto patch = [&](const std::string& body) {
    int64_t version = Get(ws + "/tickets/" + std::to_string(id), Owner())
                          .Json()["ticket"]["version"];
    std::string with = body.substr(0, body.size() - 1) +
                       ",\"version\":" + std::to_string(version) + "}";
    return Call("PATCH", ws + "/tickets/" + std::to_string(id), Owner(), with);
  };
  HttpResult early = patch(R"({"satisfaction":5})");
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(early.Json()["error"]["field"], "satisfaction");
  HttpResult resolved = patch(R"({"status":"resolved"})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_FALSE(resolved.Json()["ticket"]["resolved_at"].is_null());
  EXPECT_EQ(patch(R"({"satisfaction":9})").status, 422);
  EXPECT_EQ(patch(R"({"satisfaction":4})").status, 200);
  HttpResult back = patch(R"({"status":"new"})");
  EXPECT_EQ(back.status, 422) << back.body;
  EXPECT_EQ(back.Json()["error"]["field"], "status");
  HttpResult reopened = patch(R"({"status":"open"})");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.Json()["ticket"]["reopen_count"], 1);
  EXPECT_TRUE(reopened.Json()["ticket"]["resolved_at"].is_null());
  EXPECT_EQ(patch(R"({"priority":"whenever"})").status, 422);
  ASSERT_EQ(patch(R"({"status":"closed"})").status, 200);

  auto list =
      Get(ws + "/tickets?type=complaint&status=closed&external_id=T-LATE-1",
          Owner())
          .Json();
  ASSERT_EQ(list["items"].size(), 1u);
  // The demo's own complaint tickets were opened before 2026-11-21.
  auto report =
      Get(ws + "/service/report?from=2026-11-25&to=2026-11-26", Owner()).Json();
  EXPECT_EQ(report["tickets"], 1);
  EXPECT_EQ(report["complaints"], 1);
  EXPECT_EQ(report["reopen_rate"], 1.0);
  EXPECT_EQ(report["first_response_breach_rate"], 1.0);
  EXPECT_EQ(report["mean_satisfaction"], 4.0);
  EXPECT_EQ(report["by_category"]["delivery"], 1);
  EXPECT_GT(report["complaints_per_1000_customers"].get<double>(), 0);
  // Every change is in the audit log.
  auto audit = Get(ws + "/audit?entity=ticket", Owner()).Json();
  EXPECT_GE(audit["items"].size(), 5u);
  // Attachments are described on the ticket; a path in a name is refused.
  const std::string files =
      ws + "/tickets/" + std::to_string(id) + "/attachments";
  HttpResult bad_file = Call("POST", files, Owner(),
                             R"({"file_name":"../etc/passwd",
                                 "content_type":"text/plain","size_bytes":1})");
  EXPECT_EQ(bad_file.status, 422);
  EXPECT_EQ(bad_file.Json()["error"]["field"], "file_name");
  HttpResult photo =
      Call("POST", files, Owner(),
           R"({"file_name":"samovar.jpg","content_type":"image/jpeg",
          "size_bytes":204800,"location":"docs://tickets/samovar.jpg"})");
  ASSERT_EQ(photo.status, 201) << photo.body;
  auto with_files =
      Get(ws + "/tickets/" + std::to_string(id), Owner()).Json()["ticket"];
  ASSERT_EQ(with_files["attachments"].size(), 1u);
  EXPECT_EQ(with_files["attachments"][0]["size_bytes"], 204800);

  // Resolving asks for satisfaction; the request list holds the ticket
  // until a CSAT answer about it gives it.
  HttpResult asked = Call("POST", ws + "/tickets", Owner(),
                          R"({"customer_id":5,"subject":"Wrong size",
                              "external_id":"T-SIZE-1"})");
  ASSERT_EQ(asked.status, 201);
  const int64_t asked_id = asked.Json()["ticket"]["id"];
  HttpResult resolve =
      Call("PATCH", ws + "/tickets/" + std::to_string(asked_id), Owner(),
           R"({"status":"resolved","version":1})");
  ASSERT_EQ(resolve.status, 200) << resolve.body;
  EXPECT_FALSE(resolve.Json()["ticket"]["satisfaction_requested_at"].is_null());
  auto requested = [&]() {
    const json list =
        Get(ws + "/service/satisfaction-requests", Owner()).Json();
    for (const auto& item : list["items"]) {
      if (item["ticket_id"] == asked_id) return true;
    }
    return false;
  };
  EXPECT_TRUE(requested());
  HttpResult csat = Call("POST", ws + "/surveys", Owner(),
                         R"({"name":"Support CSAT","kind":"csat"})");
  ASSERT_EQ(csat.status, 201);
  HttpResult answered = Call(
      "POST",
      ws + "/surveys/" +
          std::to_string(csat.Json()["survey"]["id"].get<int64_t>()) +
          "/responses",
      Owner(),
      json{{"ticket_id", asked_id}, {"customer_id", 5}, {"score", 2}}.dump());
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_FALSE(requested());
  EXPECT_EQ(Get(ws + "/tickets/" + std::to_string(asked_id), Owner())
                .Json()["ticket"]["satisfaction"],
            2);
}

// Loyalty: an order earns by the programme's rules once, however often it
// is posted; burns cannot overdraw, adjustments need a reason; the balance,
// the 360 view and the liability agree.
TEST_P(ApiTest, LoyaltyPointsEarnOncePerOrderAndBalancesAgree) {
  const std::string ws = "/api/v1/workspaces/demo";
  auto program = Get(ws + "/loyalty/program", Owner()).Json();
  EXPECT_EQ(program["minor_per_point"], 100000);
  HttpResult bad = Call("PUT", ws + "/loyalty/program", Owner(),
                        R"({"tiers":[{"name":"x","min_spend_minor":5}]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["field"], "tiers");
  HttpResult put = Call(
      "PUT", ws + "/loyalty/program", Owner(),
      R"({"minor_per_point":100000,"expiry_days":365,"point_value_minor":1000,
          "referral_points":25,
          "tiers":[{"name":"member","min_spend_minor":0,"multiplier":1}],
          "category_multipliers":{"test-tea":2}})");
  ASSERT_EQ(put.status, 200) << put.body;
  // The demo's orders were posted when it was made: nothing more to earn.
  auto again = Call("POST", ws + "/loyalty/post-orders", Owner()).Json();
  EXPECT_EQ(again["orders_posted"], 0) << again.dump();

  ASSERT_EQ(Call("POST", ws + "/products", Owner(),
                 R"({"sku":"TT-1","name":"Test tea","category":"test-tea"})")
                .status,
            201);
  HttpResult order =
      Call("POST", ws + "/orders", Owner(),
           R"({"customer_id":1,"ordered_at":"2026-11-29","lines":[
          {"sku":"TT-1","quantity":1,"amount_minor":2500000}]})");
  ASSERT_EQ(order.status, 201) << order.body;
  const int64_t before =
      Get(ws + "/customers/1/loyalty", Owner()).Json()["balance"];
  // 2,500,000 x 2 / 100,000 = 50 points, once.
  auto posted =
      Call("POST", ws + "/loyalty/post-orders?customer_id=1", Owner()).Json();
  EXPECT_EQ(posted["orders_posted"], 1) << posted.dump();
  EXPECT_EQ(posted["points"], 50);
  EXPECT_EQ(Call("POST", ws + "/loyalty/post-orders?customer_id=1", Owner())
                .Json()["orders_posted"],
            0);
  auto account = Get(ws + "/customers/1/loyalty", Owner()).Json();
  const int64_t balance = account["balance"];
  EXPECT_EQ(balance, before + 50);
  EXPECT_EQ(account["tier"], "member");

  HttpResult overdraw =
      Call("POST", ws + "/customers/1/loyalty", Owner(),
           json{{"kind", "burn"}, {"points", balance + 1}}.dump());
  EXPECT_EQ(overdraw.status, 422) << overdraw.body;
  EXPECT_EQ(overdraw.Json()["error"]["field"], "points");
  HttpResult no_reason = Call("POST", ws + "/customers/1/loyalty", Owner(),
                              R"({"kind":"adjust","points":5})");
  EXPECT_EQ(no_reason.Json()["error"]["field"], "reason");
  HttpResult burn = Call("POST", ws + "/customers/1/loyalty", Owner(),
                         R"({"kind":"burn","points":10})");
  ASSERT_EQ(burn.status, 201) << burn.body;
  EXPECT_EQ(burn.Json()["balance"], balance - 10);
  HttpResult referral = Call("POST", ws + "/customers/1/loyalty", Owner(),
                             R"({"kind":"referral","reason":"brought C2"})");
  ASSERT_EQ(referral.status, 201) << referral.body;
  EXPECT_EQ(referral.Json()["balance"], balance - 10 + 25);
  EXPECT_EQ(referral.Json()["entries"][0]["kind"], "referral");

  auto customer = Get(ws + "/customers/1/360", Owner()).Json();
  EXPECT_EQ(customer["loyalty"]["balance"], balance + 15);
  // The liability is the sum of the positive balances.
  auto liability = Get(ws + "/loyalty/liability", Owner()).Json();
  EXPECT_GE(liability["points"].get<int64_t>(), balance + 15);
  EXPECT_EQ(liability["value_minor"].get<int64_t>(),
            liability["points"].get<int64_t>() * 1000);
  EXPECT_EQ(
      liability["earned"].get<int64_t>() - liability["burnt"].get<int64_t>() -
          liability["expired"].get<int64_t>() +
          liability["adjusted"].get<int64_t>(),
      liability["points"].get<int64_t>() + 0 /* no customer is below zero */);
}

// After `vafa analyze` on the workspace, the small reports come from the run
// (the dashboard must not re-read every order), equal to computing them
// afresh on the same data; `fresh=true` computes.
TEST_P(ApiTest, SmallReportsAreReadFromTheLatestRun) {
  const std::string reports = "/api/v1/workspaces/demo/analytics/reports/";
  auto before = Get(reports + "kpis?calendar=jalali", Owner()).Json();
  EXPECT_FALSE(before.contains("run")) << "no run yet: computed";
  auto run = testing::RunVafa({"--db", scratch_->location(), "analyze"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (std::string name :
       {"kpis?calendar=jalali", "kpis", "cohorts?calendar=jalali",
        "cohorts?calendar=gregorian", "pareto", "matrix", "clv_model",
        "segments", "abc", "clv_distribution", "clv_diagnostics"}) {
    auto stored = Get(reports + name, Owner()).Json();
    ASSERT_TRUE(stored.contains("run")) << name;
    EXPECT_GT(stored["run"]["id"].get<int64_t>(), 0);
    EXPECT_GT(stored["run"]["computed_at"].get<int64_t>(), 0);
    std::string fresh_path = reports + name +
                             (name.find('?') == std::string::npos ? "?" : "&") +
                             "fresh=true";
    auto fresh = Get(fresh_path, Owner()).Json();
    EXPECT_FALSE(fresh.contains("run")) << name;
    EXPECT_EQ(stored["columns"], fresh["columns"]) << name;
    EXPECT_EQ(stored["rows"], fresh["rows"]) << name;
  }
  // The CSV is the bytes the command line writes.
  auto cli =
      testing::RunVafa({"--db", scratch_->location(), "analyze", "--report",
                        "cohorts", "--no-scores", "--calendar", "jalali"});
  ASSERT_EQ(cli.exit_code, 0);
  EXPECT_TRUE(
      Get(reports + "cohorts?calendar=jalali&format=csv", Owner()).body ==
      cli.output);
  // Per-customer reports are always computed.
  EXPECT_FALSE(Get(reports + "rfm", Owner()).Json().contains("run"));
  // Moves between segments need a run before: on the same data, everyone
  // stays where they were.
  EXPECT_EQ(Get(reports + "rfm_moves", Owner()).status, 404);
  auto segments = Get(reports + "segments", Owner()).Json();
  run = testing::RunVafa({"--db", scratch_->location(), "analyze"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto moves = Get(reports + "rfm_moves", Owner()).Json();
  ASSERT_EQ(moves["columns"], json({"from", "to", "customers"}));
  int64_t moved = 0, stayed = 0;
  for (const json& row : moves["rows"]) {
    (row[0] == row[1] ? stayed : moved) += row[2].get<int64_t>();
  }
  int64_t segmented = 0;
  for (const json& row : segments["rows"]) segmented += row[1].get<int64_t>();
  EXPECT_EQ(moved, 0) << moves.dump();
  EXPECT_EQ(stayed, segmented);
  // Three lost customers buy again, after everyone else: they leave Lost,
  // and every customer is counted once.
  auto lost = Get("/api/v1/workspaces/demo/scores?name=rfm_segment&label=Lost"
                  "&limit=3",
                  Owner())
                  .Json();
  ASSERT_EQ(lost["items"].size(), 3u) << lost.dump();
  std::string sku = Get("/api/v1/workspaces/demo/products?limit=1", Owner())
                        .Json()["items"][0]["sku"];
  for (const json& item : lost["items"]) {
    HttpResult order = Call(
        "POST", "/api/v1/workspaces/demo/orders", Owner(),
        json{{"customer_id", item["customer_id"]},
             {"ordered_at", "2031-01-01"},
             {"lines",
              {{{"sku", sku}, {"quantity", 9}, {"amount_minor", 900000000}}}}}
            .dump());
    ASSERT_EQ(order.status, 201) << order.body;
  }
  run = testing::RunVafa({"--db", scratch_->location(), "analyze"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  moves = Get(reports + "rfm_moves", Owner()).Json();
  moved = stayed = 0;
  int64_t out_of_lost = 0;
  for (const json& row : moves["rows"]) {
    (row[0] == row[1] ? stayed : moved) += row[2].get<int64_t>();
    if (row[0] == "Lost" && row[1] != "Lost") {
      out_of_lost += row[2].get<int64_t>();
    }
  }
  EXPECT_GE(out_of_lost, 3) << moves.dump();
  EXPECT_EQ(moved + stayed, segmented);
}

TEST_P(ApiTest, AnalyticsReportsEqualTheCommandLine) {
  const std::string reports = "/api/v1/workspaces/demo/analytics/reports/";
  for (std::string report : {"rfm", "kpis", "pareto", "clv"}) {
    auto cli =
        testing::RunVafa({"--db", scratch_->location(), "analyze", "--report",
                          report, "--no-scores", "--calendar", "jalali"});
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    HttpResult csv =
        Get(reports + report + "?format=csv&calendar=jalali", Owner());
    EXPECT_EQ(csv.status, 200);
    EXPECT_THAT(csv.headers, HasSubstr("text/csv"));
    EXPECT_TRUE(csv.body == cli.output) << report;
    auto json_report =
        Get(reports + report + "?calendar=jalali", Owner()).Json();
    EXPECT_EQ(json_report["rows"].size() + 1,
              static_cast<size_t>(
                  std::count(cli.output.begin(), cli.output.end(), '\n')))
        << report;
  }
  auto model = Get(reports + "clv_model", Owner()).Json();
  ASSERT_EQ(model["columns"][3], "standard_error");
  ASSERT_EQ(model["columns"][5], "unit");
  EXPECT_EQ(model["rows"][0][1], "r");
  EXPECT_GT(model["rows"][0][3].get<double>(), 0);
  // gamma carries money: stated in the workspace currency's major unit.
  bool gamma_named = false;
  for (const json& row : model["rows"]) {
    if (row[1] == "gamma") gamma_named = row[5] == "IRR";
  }
  EXPECT_TRUE(gamma_named) << model.dump();
  // The diagnostics: one row per fitted model, each with its verdict.
  auto diagnostics = Get(reports + "clv_diagnostics", Owner()).Json();
  ASSERT_EQ(diagnostics["columns"][1], "degenerate");
  ASSERT_EQ(diagnostics["columns"][10], "warning");
  ASSERT_EQ(diagnostics["rows"].size(), 2u) << diagnostics.dump();
  EXPECT_EQ(diagnostics["rows"][0][0], "bg_nbd");
  EXPECT_EQ(diagnostics["rows"][1][0], "gamma_gamma");
  EXPECT_GT(diagnostics["rows"][0][2].get<int64_t>(), 0);
  auto year = Get(reports + "clv", Owner()).Json();
  auto month =
      Get(reports + "clv?horizon_days=30&discount=0.2", Owner()).Json();
  ASSERT_EQ(year["rows"].size(), month["rows"].size());
  EXPECT_LT(month["rows"][0][2].get<double>(),
            year["rows"][0][2].get<double>());
  EXPECT_EQ(Get(reports + "clv?horizon_days=-1", Owner()).status, 400);
  // The tracking plot: weekly cumulative repeat purchases, actual against
  // what the model fitted before the holdout expects; both only grow, and
  // the weeks after the split are the holdout.
  auto tracking = Get(reports + "clv_tracking?holdout_days=91", Owner()).Json();
  ASSERT_EQ(tracking["columns"][2], "actual_cumulative");
  ASSERT_GT(tracking["rows"].size(), 20u);
  int holdout_weeks = 0;
  for (size_t i = 1; i < tracking["rows"].size(); ++i) {
    const json& row = tracking["rows"][i];
    const json& before = tracking["rows"][i - 1];
    EXPECT_GE(row[2].get<double>(), before[2].get<double>());
    EXPECT_GE(row[3].get<double>(), before[3].get<double>());
    holdout_weeks += row[4] == "holdout";
  }
  EXPECT_NEAR(holdout_weeks, 13, 1);
  EXPECT_EQ(Get(reports + "clv_tracking?holdout_days=3", Owner()).status, 400);
  auto all_rules = Get(reports + "basket?min_support=3", Owner()).Json();
  auto strong =
      Get(reports + "basket?min_support=3&min_lift=1.5&sort=confidence",
          Owner())
          .Json();
  ASSERT_GT(all_rules["rows"].size(), 0u);
  EXPECT_LT(strong["rows"].size(), all_rules["rows"].size());
  for (size_t i = 0; i < strong["rows"].size(); ++i) {
    EXPECT_GE(strong["rows"][i][5].get<double>(), 1.5);  // lift
    if (i > 0) {
      EXPECT_LE(strong["rows"][i][4].get<double>(),
                strong["rows"][i - 1][4].get<double>());  // by confidence
    }
  }
  EXPECT_EQ(Get(reports + "basket?sort=vibes", Owner()).status, 400);
  std::string sku = all_rules["rows"][0][0];
  auto affinity = Get(reports + "affinity?product=" + sku, Owner()).Json();
  ASSERT_EQ(affinity["columns"][0], "relation");
  EXPECT_EQ(affinity["rows"][0][0], "bought_with");
  EXPECT_EQ(Get(reports + "affinity", Owner()).status, 400);
  EXPECT_EQ(Get(reports + "affinity?product=NOPE", Owner()).status, 404);
  EXPECT_EQ(Get(reports + "horoscope", Owner()).status, 404);
  HttpResult bad = Get(reports + "kpis?calendar=mayan", Owner());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "calendar");
  EXPECT_EQ(
      Get("/api/v1/workspaces/nope/analytics/reports/rfm", Owner()).status,
      404);
}

VAFA_INSTANTIATE_BACKEND_TEST(ApiTest);

}  // namespace
}  // namespace vafa
