// The response and uplift models through the API of a real server, on
// SQLite and PostgreSQL: training as a job, refused with the short figure
// when the history is thin; the evaluation; the audiences with their
// expectations, drawn as a campaign through a segment of their rules;
// roles, hostile input and another workspace.
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
    for (int attempt = 0; attempt < 1200; ++attempt) {
      json job = Get(base + "/jobs/" + std::to_string(id), token).Json()["job"];
      if (job["status"] != "running") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the training job did not end in 120 s";
    return json();
  }
  const std::string ws = "/api/v1/workspaces/demo";
};

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
