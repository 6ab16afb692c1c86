// Surveys through the API of a real server, on SQLite and PostgreSQL:
// answers checked against their kind, all or none; NPS and pulse reports
// worked out by hand; pulse groups below five withheld and no person in a
// pulse answer; the readiness self-assessment scored per dimension.
#include <cmath>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class SurveyApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  int64_t MakeSurvey(const std::string& body) {
    HttpResult made = Call("POST", ws + "/surveys", Owner(), body);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["survey"]["id"];
  }
  HttpResult Answer(int64_t survey, const json& body) {
    return Call("POST",
                ws + "/surveys/" + std::to_string(survey) + "/responses",
                Owner(), body.dump());
  }
  json Report(int64_t survey, const std::string& query = "") {
    return Get(ws + "/surveys/" + std::to_string(survey) + "/report" + query,
               Owner())
        .Json();
  }
};

TEST_P(SurveyApiTest, NpsAnswersAreCheckedAllOrNoneAndAddUp) {
  const int64_t nps = MakeSurvey(R"({"name":"Recommend?","kind":"nps"})");
  HttpResult eleven = Answer(nps, {{"customer_id", 1}, {"score", 11}});
  EXPECT_EQ(eleven.status, 422);
  EXPECT_EQ(eleven.Json()["error"]["field"], "score");
  HttpResult nobody = Answer(nps, {{"customer_id", 999999}, {"score", 5}});
  EXPECT_EQ(nobody.status, 422);
  EXPECT_EQ(nobody.Json()["error"]["field"], "customer_id");
  // One bad answer in a batch: nothing is recorded.
  HttpResult batch_bad =
      Answer(nps, {{"items", {{{"score", 9}}, {{"score", -1}}}}});
  EXPECT_EQ(batch_bad.status, 422);
  EXPECT_EQ(batch_bad.Json()["error"]["field"], "items[1].score");
  EXPECT_EQ(Report(nps)["responses"], 0);

  // Seven answers: promoters 10, 9, 10 (branch A, A, B), passives 8, 7,
  // detractors 6, 0. NPS (3 - 2) / 7.
  json items = json::array();
  const int scores[] = {10, 9, 8, 7, 6, 0, 10};
  const char* branches[] = {"A", "A", "A", "B", "B", "B", "B"};
  for (int i = 0; i < 7; ++i) {
    items.push_back({{"customer_id", i + 1},
                     {"score", scores[i]},
                     {"branch", branches[i]},
                     {"channel", "web"},
                     {"answered_at", "2026-11-02"}});
  }
  HttpResult recorded = Answer(nps, {{"items", items}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  json report = Report(nps, "?by=branch");
  EXPECT_EQ(report["responses"], 7);
  EXPECT_NEAR(report["overall"]["score"].get<double>(), 100.0 / 7, 1e-9);
  EXPECT_NEAR(report["overall"]["margin"].get<double>(), 61.7078605649, 1e-6);
  ASSERT_EQ(report["groups"].size(), 2u);
  EXPECT_EQ(report["groups"][0]["key"], "A");  // 10, 9, 8: 2 promoters of 3
  EXPECT_NEAR(report["groups"][0]["summary"]["score"].get<double>(), 200.0 / 3,
              1e-9);
  EXPECT_NEAR(report["groups"][1]["summary"]["score"].get<double>(), -25,
              1e-9);  // 7, 6, 0, 10: 1 - 2 of 4
  json months = Report(nps, "?by=month&calendar=gregorian");
  ASSERT_EQ(months["groups"].size(), 1u);
  EXPECT_EQ(months["groups"][0]["key"], "2026-11");
  EXPECT_EQ(Report(nps, "?by=mood").is_object(), true);
  EXPECT_EQ(
      Get(ws + "/surveys/" + std::to_string(nps) + "/report?by=mood", Owner())
          .status,
      400);
  // The answer is on the customer's 360.
  json view = Get(ws + "/customers/1/360", Owner()).Json();
  bool seen = false;
  for (auto& a : view["survey_answers"]) {
    seen |= a["survey_id"] == nps && a["score"] == 10;
  }
  EXPECT_TRUE(seen) << view["survey_answers"].dump();
  // Closed, it takes no more answers.
  int64_t version = Get(ws + "/surveys/" + std::to_string(nps), Owner())
                        .Json()["survey"]["version"];
  ASSERT_EQ(
      Call("PATCH", ws + "/surveys/" + std::to_string(nps), Owner(),
           R"({"status":"closed","version":)" + std::to_string(version) + "}")
          .status,
      200);
  EXPECT_EQ(Answer(nps, {{"score", 9}}).Json()["error"]["field"], "status");
}

TEST_P(SurveyApiTest, PulseAnswersNameNoOneAndSmallGroupsAreWithheld) {
  EXPECT_EQ(Call("POST", ws + "/surveys", Owner(),
                 R"({"name":"Pulse","kind":"pulse","min_group":3})")
                .Json()["error"]["field"],
            "min_group");
  const int64_t pulse = MakeSurvey(R"({"name":"Pulse","kind":"pulse"})");
  HttpResult named =
      Answer(pulse, {{"customer_id", 1}, {"score", 4}, {"group", "Tabriz"}});
  EXPECT_EQ(named.status, 422);
  EXPECT_EQ(named.Json()["error"]["field"], "customer_id");
  EXPECT_EQ(Answer(pulse, {{"score", 4}}).Json()["error"]["field"], "group");
  json items = json::array();
  for (int score : {5, 4, 4, 2})
    items.push_back({{"score", score}, {"group", "Small"}});
  for (int score : {5, 5, 4, 3, 1})
    items.push_back({{"score", score}, {"group", "Large"}});
  ASSERT_EQ(Answer(pulse, {{"items", items}}).status, 201);
  json report = Report(pulse, "?by=group");
  EXPECT_EQ(report["overall"]["responses"], 9);
  ASSERT_EQ(report["groups"].size(), 2u);
  EXPECT_EQ(report["groups"][0]["key"], "Large");
  EXPECT_DOUBLE_EQ(report["groups"][0]["summary"]["score"].get<double>(), 60);
  EXPECT_EQ(report["groups"][1]["key"], "Small");
  EXPECT_TRUE(report["groups"][1]["withheld"].get<bool>());
  EXPECT_TRUE(report["groups"][1]["summary"].is_null());
  EXPECT_EQ(report["groups"][1]["responses"], 4);
  // The audit log keeps the count of a pulse's answers, not the answers.
  json audit = Get(ws + "/audit?entity=survey", Owner()).Json();
  EXPECT_EQ(audit["items"][0]["after"]["answers"], 9);
}

TEST_P(SurveyApiTest, TheReadinessAssessmentScoresEachDimension) {
  json questionnaire = Get(ws + "/readiness/questionnaire", Owner()).Json();
  ASSERT_EQ(questionnaire["items"].size(), 16u);
  const int64_t survey =
      MakeSurvey(R"({"name":"Readiness","kind":"readiness"})");
  json answers = json::object();
  for (auto& item : questionnaire["items"]) {
    // 7 on key customer focus, 1 on technology, 4 elsewhere.
    const std::string dimension = item["dimension"];
    answers[item["key"].get<std::string>()] =
        dimension == "key_customer_focus"     ? 7
        : dimension == "technology_based_crm" ? 1
                                              : 4;
  }
  json missing = answers;
  missing.erase("km3");
  HttpResult incomplete = Answer(survey, {{"answers", missing}});
  EXPECT_EQ(incomplete.status, 422);
  EXPECT_EQ(incomplete.Json()["error"]["field"], "answers.km3");
  EXPECT_EQ(Answer(survey, {{"score", 5}}).status, 422);
  ASSERT_EQ(Answer(survey, {{"answers", answers},
                            {"group", "management team"},
                            {"answered_at", "1405/09/01"}})
                .status,
            201);
  json report = Report(survey);
  ASSERT_EQ(report["assessments"].size(), 1u);
  json a = report["assessments"][0];
  EXPECT_DOUBLE_EQ(a["dimensions"]["key_customer_focus"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(a["dimensions"]["technology_based_crm"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(a["dimensions"]["crm_organisation"].get<double>(), 50);
  EXPECT_DOUBLE_EQ(a["overall"].get<double>(), 50);
  EXPECT_EQ(a["weakest"], "technology_based_crm");
  // The demo's own readiness history has two assessments.
  json demo = Get(ws + "/surveys?kind=readiness", Owner()).Json();
  ASSERT_GE(demo["items"].size(), 2u);
  EXPECT_EQ(Report(demo["items"][0]["id"])["assessments"].size(), 2u);
}

VAFA_INSTANTIATE_BACKEND_TEST(SurveyApiTest);

}  // namespace
}  // namespace vafa
