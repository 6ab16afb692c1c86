// The customer data quality report through the API of a real server, on
// SQLite and PostgreSQL: a run is stored and audited, the latest run shows
// the change since the one before, the list gives the same figures, the
// worst fields name customers of the workspace; roles, hostile input,
// another workspace's run and the server's bound on customers.
#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class QualityApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";
  const std::string runs = ws + "/quality/runs";

  json Run(const std::string& token) {
    HttpResult run = Call("POST", runs, token);
    EXPECT_EQ(run.status, 201) << run.body;
    return run.Json();
  }
};

TEST_P(QualityApiTest, RunsStoresAndComparesWithThePreviousRun) {
  EXPECT_EQ(Get(runs + "/latest", Owner()).status, 404);
  const json first = Run(Owner());
  ASSERT_TRUE(first.is_object());
  EXPECT_GE(first["customers"].get<int64_t>(), 150);  // the demo's and more
  EXPECT_EQ(first["fields"].size(), 14u);
  EXPECT_TRUE(first["previous"].is_null());
  EXPECT_TRUE(first["change"].is_null());
  ASSERT_FALSE(first["worst_fields"].empty()) << first.dump();
  EXPECT_LE(first["worst_fields"].size(), 5u);
  // Each worst field names customers this workspace holds.
  for (const json& worst : first["worst_fields"]) {
    ASSERT_FALSE(worst["examples"].empty()) << worst.dump();
    EXPECT_LE(worst["examples"].size(),
              static_cast<size_t>(worst["affected"].get<int64_t>()));
    const std::string example =
        std::to_string(worst["examples"][0].get<int64_t>());
    EXPECT_EQ(Get(ws + "/customers/" + example, Owner()).status, 200);
  }

  // One more customer, with no phone and no e-mail.
  HttpResult made =
      Call("POST", ws + "/customers", Owner(),
           R"({"external_id":"Q-1","first_name":"Nima","last_name":"Rad"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const json second = Run(Owner());
  EXPECT_EQ(second["customers"].get<int64_t>(),
            first["customers"].get<int64_t>() + 1);
  EXPECT_EQ(second["previous"]["id"], first["run"]["id"]);
  EXPECT_EQ(second["change"]["customers"], 1);
  for (const json& field : second["fields"]) {
    if (field["field"] == "phone" || field["field"] == "email") {
      EXPECT_EQ(field["change"]["affected"], 1) << field.dump();
    }
  }
  EXPECT_LT(second["change"]["completeness"].get<double>(), 0.0);

  HttpResult latest = Get(runs + "/latest", Owner());
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.Json()["run"], second["run"]);
  EXPECT_EQ(latest.Json()["overall"], second["overall"]);
  const std::string first_id =
      std::to_string(first["run"]["id"].get<int64_t>());
  HttpResult earlier = Get(runs + "/" + first_id, Owner());
  ASSERT_EQ(earlier.status, 200) << earlier.body;
  EXPECT_TRUE(earlier.Json()["previous"].is_null());
  EXPECT_EQ(earlier.Json()["worst_fields"], first["worst_fields"]);

  HttpResult listed = Get(runs, Owner());
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json items = listed.Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["run"], second["run"]);
  EXPECT_EQ(items[0]["overall"], second["overall"]);
  EXPECT_EQ(items[0]["change"]["completeness"],
            second["change"]["completeness"]);
  EXPECT_EQ(items[0]["customers_with_problems"],
            second["customers_with_problems"]);
  EXPECT_TRUE(items[1]["change"].is_null());
  // The oldest shown still has its change when older runs exist.
  const json one = Get(runs + "?limit=1", Owner()).Json();
  ASSERT_EQ(one["items"].size(), 1u);
  EXPECT_FALSE(one["items"][0]["change"].is_null());

  const json audit =
      Get(ws + "/audit?entity=quality_run&entity_id=" + first_id, Owner())
          .Json();
  ASSERT_EQ(audit["items"].size(), 1u) << audit.dump();
  EXPECT_EQ(audit["items"][0]["action"], "run");
}

TEST_P(QualityApiTest, AnalystsRunAndReadersRead) {
  for (const char* role : {"analyst", "viewer", "support", "sales"}) {
    AddUser(std::string(role) + "@demo.test", role, "demo");
  }
  EXPECT_EQ(Call("POST", runs, SignIn("analyst@demo.test")).status, 201);
  const std::string viewer = SignIn("viewer@demo.test");
  EXPECT_EQ(Get(runs + "/latest", viewer).status, 200);
  EXPECT_EQ(Get(runs, viewer).status, 200);
  EXPECT_EQ(Call("POST", runs, viewer).status, 403);
  EXPECT_EQ(Call("POST", runs, SignIn("sales@demo.test")).status, 403);
  EXPECT_EQ(Get(runs + "/latest", SignIn("support@demo.test")).status, 403);
  EXPECT_EQ(Get(runs + "/latest").status, 401);
}

TEST_P(QualityApiTest, RefusesHostileRequests) {
  HttpResult unknown = Call("POST", runs, Owner(), R"({"colour":"red"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json()["error"]["field"], "colour");
  EXPECT_EQ(Call("POST", runs, Owner(), R"({"min_score":)").status, 400);
  EXPECT_EQ(Call("POST", runs, Owner(), "[1]").status, 400);
  std::string deep;
  for (int level = 0; level < 500; ++level) deep += "{\"a\":";
  deep += "1" + std::string(500, '}');
  EXPECT_EQ(Call("POST", runs, Owner(), deep).status, 400);
  EXPECT_EQ(Call("POST", runs, Owner(), "{}").status, 201);
  EXPECT_EQ(Get(runs + "?limit=x", Owner()).status, 400);
  EXPECT_EQ(Get(runs + "?limit=-1", Owner()).status, 400);
  EXPECT_EQ(Get(runs + "/abc", Owner()).status, 404);
  EXPECT_EQ(Get(runs + "/999999", Owner()).status, 404);
  EXPECT_EQ(Get(runs + "/0", Owner()).status, 404);
  EXPECT_EQ(Get(runs + "/" + std::string(40, '9'), Owner()).status, 404);
}

TEST_P(QualityApiTest, AnotherWorkspacesRunIsNotFound) {
  const std::string outsider = SignIn("outsider@other.test");
  HttpResult theirs =
      Call("POST", "/api/v1/workspaces/other/quality/runs", outsider);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.Json()["customers"], 0);
  const std::string their_id =
      std::to_string(theirs.Json()["run"]["id"].get<int64_t>());
  // Named from this workspace, their run does not exist here ...
  EXPECT_EQ(Get(runs + "/" + their_id, Owner()).status, 404);
  EXPECT_EQ(Get(runs + "/latest", Owner()).status, 404);
  EXPECT_TRUE(Get(runs, Owner()).Json()["items"].empty());
  // ... and their workspace is not found by a non-member.
  EXPECT_EQ(Get("/api/v1/workspaces/other/quality/runs/" + their_id,
                SignIn("owner@demo.test"))
                .status,
            404);
  EXPECT_EQ(Get("/api/v1/workspaces/demo/quality/runs/latest", outsider).status,
            404);
}

TEST_P(QualityApiTest, RefusesAWorkspaceOverTheServersBound) {
  const json first = Run(Owner());
  const int64_t customers = first["customers"].get<int64_t>();
  RestartServer({"--quality-max-customers", std::to_string(customers - 1)});
  HttpResult refused = Call("POST", runs, Owner());
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(
      refused.body.find("has " + std::to_string(customers) + " customers"),
      std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("vafa quality"), std::string::npos)
      << refused.body;
  // Nothing was stored.
  EXPECT_EQ(Get(runs + "/latest", Owner()).Json()["run"], first["run"]);
  RestartServer({"--quality-max-customers", std::to_string(customers)});
  EXPECT_EQ(Call("POST", runs, Owner()).status, 201);
}

VAFA_INSTANTIATE_BACKEND_TEST(QualityApiTest);

}  // namespace
}  // namespace vafa
