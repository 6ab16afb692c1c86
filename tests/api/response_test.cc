// The response and uplift models through the API of a real server, on
// SQLite and PostgreSQL: training as a job, refused with the short figure
// when the history is thin; the evaluation; the audiences with their
// expectations, drawn as a campaign through a segment of their rules;
// the expectation a campaign keeps when drawn or started, set beside what
// it measured once over; roles, hostile input and another workspace.
#include <chrono>
#include <thread>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class ResponseApiTest : public ApiTest {
 protected:
  // Starts a training job in `workspace` and waits for it to end.
  json TrainAndWait(const std::string& workspace, const std::string& token,
                    const std::string& body = "") {
    const std::string base = "/api/v1/workspaces/" + workspace + "/response";
    HttpResult started = Call("POST", base + "/jobs", token, body);
    EXPECT_EQ(started.status, 202) << started.body;
    const int64_t id = started.Json()["job"]["id"];
    return AwaitJobEnd(base + "/jobs/" + std::to_string(id), token);
  }
  // A campaign on `segment_id` from `starts` to `ends` (ISO dates); its id.
  int64_t MakeCampaign(const std::string& base, const std::string& token,
                       int64_t segment_id, const std::string& starts,
                       const std::string& ends) {
    HttpResult made = Call("POST", base + "/campaigns", token,
                           json{{"name", "Offer " + starts},
                                {"channel", "sms"},
                                {"goal", "retention"},
                                {"segment_id", segment_id},
                                {"starts_at", starts},
                                {"ends_at", ends},
                                {"control_percent", 20}}
                               .dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["campaign"].value("id", int64_t{0});
  }
  json Expectation(const std::string& base, int64_t campaign,
                   const std::string& token) {
    HttpResult got =
        Get(base + "/campaigns/" + std::to_string(campaign) + "/expectation",
            token);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json();
  }
  const std::string ws = "/api/v1/workspaces/demo";
};

bool Within(const json& expected, double actual) {
  return expected["low"].get<double>() <= actual &&
         actual <= expected["high"].get<double>();
}

// Without response models a campaign keeps no expectation and says so;
// once its window has closed it still shows what it measured.
TEST_P(ResponseApiTest, ACampaignDrawnWithoutModelsKeepsNoExpectation) {
  HttpResult segment = Call("POST", ws + "/segments", Owner(),
                            R"({"name":"Regulars","rules":{"conditions":[
                             {"field":"orders_count","op":">=","value":2}]}})");
  ASSERT_EQ(segment.status, 201) << segment.body;
  const int64_t segment_id = segment.Json()["segment"]["id"];
  const int64_t past =
      MakeCampaign(ws, Owner(), segment_id, "2024-01-01", "2024-01-15");
  const int64_t undrawn =
      MakeCampaign(ws, Owner(), segment_id, "2024-02-01", "2024-02-15");
  ASSERT_EQ(Call("POST", ws + "/campaigns/" + std::to_string(past) + "/draw",
                 Owner(), "")
                .status,
            200);
  json compared = Expectation(ws, past, Owner());
  EXPECT_EQ(compared["campaign_id"], past);
  EXPECT_TRUE(compared["expectation"].is_null()) << compared;
  EXPECT_TRUE(compared["over"].get<bool>());
  ASSERT_TRUE(compared["actual"].is_object()) << compared;
  EXPECT_TRUE(compared["actual"]["responders"]["inside"].is_null());
  EXPECT_EQ(compared["actual"]["responders"]["value"], 0);
  // Not drawn: nothing to measure, whatever the dates.
  json idle = Expectation(ws, undrawn, Owner());
  EXPECT_TRUE(idle["expectation"].is_null());
  EXPECT_FALSE(idle["over"].get<bool>());
  EXPECT_TRUE(idle["actual"].is_null());
  EXPECT_EQ(Get(ws + "/campaigns/99999/expectation", Owner()).status, 404);
  EXPECT_EQ(Get(ws + "/campaigns/abc/expectation", Owner()).status, 404);
  EXPECT_EQ(Get("/api/v1/workspaces/demo/campaigns/" + std::to_string(past) +
                    "/expectation",
                SignIn("outsider@other.test"))
                .status,
            404);
}

// The fixture's demo has no campaigns: the job fails naming the short
// figure and its threshold; nothing is stored, so there is no evaluation
// and no audience.
TEST_P(ResponseApiTest, ThinHistoryIsRefusedNamingTheShortFigure) {
  json before = Get(ws + "/response/evaluation", Owner()).Json();
  EXPECT_TRUE(before["evaluation"].is_null());
  EXPECT_EQ(before["thresholds"]["campaigns"], 5);
  EXPECT_EQ(before["thresholds"]["responders"], 50);
  EXPECT_EQ(before["thresholds"]["buyers_per_group"], 30);

  json job = TrainAndWait("demo", Owner());
  EXPECT_EQ(job["status"], "failed");
  EXPECT_EQ(job["refused"], "campaigns");
  EXPECT_NE(job["error"].get<std::string>().find("need 5"), std::string::npos)
      << job;
  EXPECT_TRUE(job["run_id"].is_null());
  EXPECT_TRUE(
      Get(ws + "/response/evaluation", Owner()).Json()["evaluation"].is_null());
  HttpResult audience = Get(ws + "/response/audiences/persuadable", Owner());
  EXPECT_EQ(audience.status, 422);
  EXPECT_EQ(audience.Json()["error"]["field"], "evaluation");
}

TEST_P(ResponseApiTest, RefusesHostileInputWrongRolesAndOtherWorkspaces) {
  auto post = [&](const std::string& body, const std::string& token) {
    return Call("POST", ws + "/response/jobs", token, body);
  };
  EXPECT_EQ(post(R"({"campaign_type":7})", Owner()).Json()["error"]["field"],
            "campaign_type");
  EXPECT_EQ(post(R"({"campaign_typo":"retention"})", Owner()).status, 422);
  EXPECT_EQ(
      post(R"({"campaign_type":")" + std::string(101, 'x') + R"("})", Owner())
          .status,
      422);
  EXPECT_EQ(post("[1,2]", Owner()).status, 400);
  EXPECT_EQ(Get(ws + "/response/audiences/everyone", Owner()).status, 404);
  EXPECT_EQ(Get(ws + "/response/audiences/persuadable?size=-3", Owner()).status,
            400);
  EXPECT_EQ(
      Get(ws + "/response/audiences/persuadable?size=abc", Owner()).status,
      400);
  EXPECT_EQ(Get(ws + "/response/jobs/abc", Owner()).status, 404);
  EXPECT_EQ(Get(ws + "/response/jobs/99999", Owner()).status, 404);

  // A viewer reads but does not train.
  AddUser("viewer@demo.test", "viewer", "demo");
  const std::string viewer = SignIn("viewer@demo.test");
  EXPECT_EQ(post("", viewer).status, 403);
  EXPECT_EQ(Get(ws + "/response/evaluation", viewer).status, 200);

  // Another workspace's owner sees none of it, the job included.
  const int64_t job = post("", Owner()).Json()["job"]["id"];
  const std::string outsider = SignIn("outsider@other.test");
  EXPECT_EQ(Get(ws + "/response/evaluation", outsider).status, 404);
  EXPECT_EQ(post("", outsider).status, 404);
  EXPECT_EQ(Get("/api/v1/workspaces/other/response/jobs/" + std::to_string(job),
                outsider)
                .status,
            404);
  // Nor does an analysis job's route show a response job.
  EXPECT_EQ(Get(ws + "/analytics/jobs/" + std::to_string(job), Owner()).status,
            404);
}

// A demo with 24 planted campaigns: a marketer trains, reads the
// evaluation, takes the persuadable audience with its expectations and
// draws a campaign from it through a segment of the rules the answer gives.
TEST_P(ResponseApiTest, TrainsOnCampaignsAndDrawsAnAudience) {
  Vafa({"-w", "history", "demo", "--customers", "1500", "--seed", "3", "--end",
        "2026-11-20", "--campaign-history"});
  AddUser("marketer@history.test", "marketing", "history");
  AddUser("viewer@history.test", "viewer", "history");
  AddUser("boss@history.test", "owner", "history");
  const std::string marketer = SignIn("marketer@history.test");
  const std::string base = "/api/v1/workspaces/history";

  // Drawn before any model was trained: nothing is kept until it starts.
  HttpResult regulars = Call("POST", base + "/segments", marketer,
                             R"({"name":"Regulars","rules":{"conditions":[
                             {"field":"orders_count","op":">=","value":4}]}})");
  ASSERT_EQ(regulars.status, 201) << regulars.body;
  const int64_t early =
      MakeCampaign(base, marketer, regulars.Json()["segment"]["id"],
                   "2026-12-20", "2026-12-30");
  const std::string early_path = base + "/campaigns/" + std::to_string(early);
  ASSERT_EQ(Call("POST", early_path + "/draw", marketer, "").status, 200);
  EXPECT_TRUE(Expectation(base, early, marketer)["expectation"].is_null());

  json job =
      TrainAndWait("history", marketer, R"({"campaign_type":"retention"})");
  ASSERT_EQ(job["status"], "completed") << job;
  json evaluation =
      Get(base + "/response/evaluation", marketer).Json()["evaluation"];
  ASSERT_TRUE(evaluation.is_object());
  EXPECT_EQ(evaluation["run_id"], job["run_id"]);
  EXPECT_EQ(evaluation["finished_campaigns"], 24);
  EXPECT_EQ(evaluation["campaign_type"], "retention");
  EXPECT_GT(evaluation["holdout"]["holdout_members"].get<int64_t>(), 0);
  EXPECT_TRUE(evaluation["chosen"]["response_learner"].is_string());
  EXPECT_TRUE(evaluation["chosen"]["uplift_method"].is_string());
  for (const json& model : evaluation["response"]) {
    EXPECT_GT(model["auc"].get<double>(), 0.6) << model;
  }
  ASSERT_FALSE(evaluation["uplift"].empty());
  EXPECT_EQ(evaluation["uplift"][0]["uplift_by_decile"].size(), 10u);

  HttpResult answer = Get(base + "/response/audiences/persuadable", marketer);
  ASSERT_EQ(answer.status, 200) << answer.body;
  json persuadable = answer.Json();
  const int64_t size = persuadable["size"];
  EXPECT_GT(size, 0);
  EXPECT_LE(size, persuadable["available"].get<int64_t>());
  EXPECT_EQ(size, evaluation["audiences"]["persuadable"].get<int64_t>());
  for (const char* key : {"expected_responders", "expected_incremental_buyers",
                          "expected_incremental_revenue"}) {
    const json& e = persuadable[key];
    EXPECT_LE(e["low"].get<double>(), e["value"].get<double>()) << key;
    EXPECT_LE(e["value"].get<double>(), e["high"].get<double>()) << key;
  }
  // What drives them, in both languages.
  ASSERT_FALSE(persuadable["drivers"].empty()) << persuadable;
  for (const json& driver : persuadable["drivers"]) {
    EXPECT_GT(driver["contribution"].get<double>(), 0);
    EXPECT_FALSE(driver["words"]["en"].get<std::string>().empty());
    EXPECT_NE(driver["words"]["fa"].get<std::string>().find("مشتریان"),
              std::string::npos);
  }
  // And each customer's own: the features that move their uplift most.
  json own =
      Get(base + "/scores?name=uplift_drivers&sort=-value&limit=3", marketer)
          .Json();
  ASSERT_FALSE(own["items"].empty()) << own;
  EXPECT_GT(own["items"][0]["value"].get<double>(), 0);
  EXPECT_FALSE(own["items"][0]["label"].get<std::string>().empty());
  // The persuadable buy more when sent to; the audience left out loses.
  EXPECT_GT(persuadable["expected_incremental_buyers"]["value"].get<double>(),
            0);
  json left_out =
      Get(base + "/response/audiences/do_not_disturb", marketer).Json();
  if (left_out["size"].get<int64_t>() > 0) {
    EXPECT_LT(left_out["boundary_score"].get<double>(), 0);
  }
  HttpResult too_many =
      Get(base + "/response/audiences/persuadable?size=" +
              std::to_string(persuadable["available"].get<int64_t>() + 1),
          marketer);
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(too_many.Json()["error"]["field"], "size");
  json smaller =
      Get(base + "/response/audiences/predicted_responders?size=50", marketer)
          .Json();
  EXPECT_EQ(smaller["size"], 50);
  EXPECT_LE(smaller["expected_responders"]["value"].get<double>(), 50);
  // A viewer sees the audience without its money.
  const std::string viewer = SignIn("viewer@history.test");
  EXPECT_TRUE(Get(base + "/response/audiences/persuadable", viewer)
                  .Json()["expected_incremental_revenue"]
                  .is_null());

  // Drawn: a segment of the rules, a campaign on it, the usual draw with
  // its control group; the segment holds exactly the audience.
  HttpResult segment = Call(
      "POST", base + "/segments", marketer,
      json{{"name", "Persuadable"}, {"rules", persuadable["segment_rules"]}}
          .dump());
  ASSERT_EQ(segment.status, 201) << segment.body;
  const int64_t segment_id = segment.Json()["segment"]["id"];
  HttpResult campaign = Call("POST", base + "/campaigns", marketer,
                             json{{"name", "Persuadable offer"},
                                  {"channel", "sms"},
                                  {"goal", "retention"},
                                  {"segment_id", segment_id},
                                  {"starts_at", "2026-12-10"},
                                  {"ends_at", "2026-12-24"},
                                  {"control_percent", 20}}
                                 .dump());
  ASSERT_EQ(campaign.status, 201) << campaign.body;
  HttpResult drawn = Call(
      "POST",
      base + "/campaigns/" +
          std::to_string(campaign.Json()["campaign"]["id"].get<int64_t>()) +
          "/draw",
      marketer, "");
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  EXPECT_EQ(drawn.Json()["members"], size);
  EXPECT_GT(drawn.Json()["control"].get<int64_t>(), 0);

  // The draw kept what the treated members are expected to bring, from
  // this run and its chosen models.
  const int64_t persuadable_campaign = campaign.Json()["campaign"]["id"];
  json kept = Expectation(base, persuadable_campaign, marketer);
  ASSERT_TRUE(kept["expectation"].is_object()) << kept;
  const json& expected = kept["expectation"];
  EXPECT_EQ(expected["run_id"], job["run_id"]);
  EXPECT_EQ(expected["response_learner"],
            evaluation["chosen"]["response_learner"]);
  EXPECT_EQ(expected["uplift_method"], evaluation["chosen"]["uplift_method"]);
  EXPECT_EQ(expected["treatment_members"], drawn.Json()["treatment"]);
  EXPECT_EQ(expected["scored_members"], drawn.Json()["treatment"]);
  // The treated are the audience less its control group: less expected.
  EXPECT_LT(expected["incremental_buyers"]["value"].get<double>(),
            persuadable["expected_incremental_buyers"]["value"].get<double>());
  EXPECT_GT(expected["incremental_buyers"]["value"].get<double>(), 0);
  EXPECT_TRUE(expected["incremental_revenue_minor"].is_object());
  EXPECT_EQ(kept["actual"].is_null(), !kept["over"].get<bool>());
  EXPECT_TRUE(Expectation(base, persuadable_campaign,
                          viewer)["expectation"]["incremental_revenue_minor"]
                  .is_null());

  // A campaign of the demo's last weeks, drawn now: its window has closed,
  // so the expectation kept at the draw stands beside what it measured,
  // which is the campaign report's.
  const int64_t past =
      MakeCampaign(base, marketer, segment_id, "2026-10-01", "2026-10-15");
  ASSERT_EQ(Call("POST", base + "/campaigns/" + std::to_string(past) + "/draw",
                 marketer, "")
                .status,
            200);
  const std::string past_path = base + "/campaigns/" + std::to_string(past);
  json members =
      Get(past_path + "/members?group=treatment&limit=3", marketer).Json();
  ASSERT_EQ(members["items"].size(), 3u) << members;
  json responses = json{{"items", json::array()}};
  for (const json& member : members["items"]) {
    responses["items"].push_back({{"customer_id", member["customer_id"]},
                                  {"responded_at", "2026-10-03"}});
  }
  ASSERT_EQ(
      Call("POST", past_path + "/responses", marketer, responses.dump()).status,
      200);
  json over = Expectation(base, past, marketer);
  ASSERT_TRUE(over["over"].get<bool>()) << over;
  ASSERT_TRUE(over["expectation"].is_object()) << over;
  const json& actual = over["actual"];
  const json report = Get(past_path + "/report", marketer).Json();
  const double treated = report["treatment"]["members"].get<double>();
  EXPECT_EQ(actual["responders"]["value"], 3);
  EXPECT_EQ(actual["responders"]["inside"],
            Within(over["expectation"]["responders"], 3));
  EXPECT_NEAR(actual["incremental_buyers"]["value"].get<double>(),
              report["uplift"].get<double>() * treated, 1e-6);
  EXPECT_NEAR(actual["incremental_buyers"]["low"].get<double>(),
              report["uplift_low"].get<double>() * treated, 1e-6);
  EXPECT_EQ(actual["incremental_buyers"]["inside"],
            Within(over["expectation"]["incremental_buyers"],
                   actual["incremental_buyers"]["value"].get<double>()));
  EXPECT_NEAR(actual["incremental_revenue_minor"]["value"].get<double>(),
              report["incremental_revenue_minor"].get<double>(), 1e-3);
  EXPECT_LE(actual["incremental_revenue_minor"]["low"].get<double>(),
            actual["incremental_revenue_minor"]["value"].get<double>());
  EXPECT_EQ(actual["incremental_revenue_minor"]["inside"],
            Within(over["expectation"]["incremental_revenue_minor"],
                   actual["incremental_revenue_minor"]["value"].get<double>()));
  EXPECT_TRUE(
      Expectation(base, past, viewer)["actual"]["incremental_revenue_minor"]
          .is_null());

  // Started once the models exist: it keeps its expectation then.
  const int64_t version =
      Get(early_path, marketer).Json()["campaign"]["version"];
  HttpResult started =
      Call("PATCH", early_path, marketer,
           json{{"status", "running"}, {"version", version}}.dump());
  ASSERT_EQ(started.status, 200) << started.body;
  json on_start = Expectation(base, early, marketer);
  ASSERT_TRUE(on_start["expectation"].is_object()) << on_start;
  EXPECT_EQ(on_start["expectation"]["run_id"], job["run_id"]);
  EXPECT_GT(on_start["expectation"]["treatment_members"].get<int64_t>(), 0);

  // Training is audited as the marketer.
  json audit =
      Get(base + "/audit?limit=200", SignIn("boss@history.test")).Json();
  bool found = false;
  for (const json& entry : audit["items"]) {
    if (entry.value("action", "") == "train" &&
        entry.value("entity", "") == "response_model") {
      found = entry.value("actor", "") == "marketer@history.test";
    }
  }
  EXPECT_TRUE(found) << audit.dump().substr(0, 2000);
}

VAFA_INSTANTIATE_BACKEND_TEST(ResponseApiTest);

}  // namespace
}  // namespace vafa
