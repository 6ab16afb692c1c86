// Three permission gaps closed, through the API of a real server on SQLite
// and PostgreSQL: a ticket is assigned only to a member of the workspace;
// filtering customers by RFM segment needs analytics read; a role without
// contact details cannot find customers by a prefix of their e-mail.
#include <set>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class PermissionGapsApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  std::set<int64_t> Found(const std::string& query, const std::string& who) {
    HttpResult found = Get(ws + "/customers?q=" + query, who);
    EXPECT_EQ(found.status, 200) << found.body;
    std::set<int64_t> ids;
    const json body = found.Json();
    for (const json& c : body["items"]) {
      ids.insert(c["id"].get<int64_t>());
    }
    return ids;
  }
};

TEST_P(PermissionGapsApiTest, TicketsAreAssignedOnlyToMembers) {
  const int64_t outsider =
      Get("/api/v1/me", SignIn("outsider@other.test")).Json()["user"]["id"];
  const int64_t owner = Get("/api/v1/me", Owner()).Json()["user"]["id"];
  auto ticket = [&](int64_t assignee) {
    return Call("POST", ws + "/tickets", Owner(),
                json{{"customer_id", 1},
                     {"subject", "Late delivery"},
                     {"assignee_user_id", assignee}}
                    .dump());
  };
  for (int64_t stranger : {outsider, int64_t{987654}}) {
    HttpResult refused = ticket(stranger);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["field"], "assignee_user_id");
  }
  HttpResult made = ticket(owner);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["ticket"]["assignee_user_id"], owner);
  const std::string path =
      ws + "/tickets/" +
      std::to_string(made.Json()["ticket"]["id"].get<int64_t>());
  HttpResult moved =
      Call("PATCH", path, Owner(),
           json{{"assignee_user_id", outsider}, {"version", 1}}.dump());
  EXPECT_EQ(moved.status, 422) << moved.body;
  EXPECT_EQ(moved.Json()["error"]["field"], "assignee_user_id");
  EXPECT_EQ(Get(path, Owner()).Json()["ticket"]["assignee_user_id"], owner);
  // Unassigning is always allowed.
  EXPECT_EQ(
      Call("PATCH", path, Owner(), R"({"assignee_user_id":null,"version":1})")
          .status,
      200);
}

TEST_P(PermissionGapsApiTest, SegmentFilterNeedsAnalyticsRead) {
  for (const char* role : {"support", "analyst", "viewer"}) {
    AddUser(std::string(role) + "@demo.test", role, "demo");
  }
  const std::string path = ws + "/customers?segment=Champions";
  HttpResult support = Get(path, SignIn("support@demo.test"));
  EXPECT_EQ(support.status, 403) << support.body;
  EXPECT_EQ(support.Json()["error"]["field"], "segment");
  // Without the filter, support lists customers as before.
  EXPECT_EQ(Get(ws + "/customers", SignIn("support@demo.test")).status, 200);
  for (const char* reader : {"analyst@demo.test", "viewer@demo.test"}) {
    EXPECT_EQ(Get(path, SignIn(reader)).status, 200) << reader;
  }
  EXPECT_EQ(Get(path, Owner()).status, 200);
}

TEST_P(PermissionGapsApiTest, EmailsAreNotPrefixSearchableWithoutContacts) {
  HttpResult made = Call("POST", ws + "/customers", Owner(),
                         R"({"first_name":"Zed","last_name":"Ardalan",
                             "external_id":"MAIL-1",
                             "email":"quokka.lover@example.com"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.Json()["customer"]["id"];
  for (const char* role : {"analyst", "viewer", "sales"}) {
    AddUser(std::string(role) + "@demo.test", role, "demo");
  }
  // Roles with contact details find the customer by the e-mail's start.
  EXPECT_TRUE(Found("quokka", Owner()).contains(id));
  EXPECT_TRUE(Found("quokka.lo", SignIn("sales@demo.test")).contains(id));
  for (const char* reader : {"analyst@demo.test", "viewer@demo.test"}) {
    const std::string token = SignIn(reader);
    EXPECT_FALSE(Found("quokka", token).contains(id)) << reader;
    EXPECT_FALSE(Found("quokka.lover", token).contains(id)) << reader;
    // By name and external id as before.
    EXPECT_TRUE(Found("Zed", token).contains(id)) << reader;
    EXPECT_TRUE(Found("Ardalan%20Zed", token).contains(id)) << reader;
    EXPECT_TRUE(Found("mail-1", token).contains(id)) << reader;
    // A query with an '@' is refused outright.
    EXPECT_EQ(Get(ws + "/customers?q=quokka.lover%40ex", token).status, 403)
        << reader;
  }
}

VAFA_INSTANTIATE_BACKEND_TEST(PermissionGapsApiTest);

}  // namespace
}  // namespace vafa
