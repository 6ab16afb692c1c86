// Surveys in the store, on both backends: an answer checked by its kind's
// rules (fields named), an NPS worked by hand overall and by branch, a
// pulse that withholds groups smaller than its minimum, answers counted in
// [from, to), and a survey another workspace cannot see.
#include "services/surveys/surveys.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::surveys {
namespace {

constexpr UnixSeconds kJan = 1735689600;  // 2025-01-01 00:00 UTC
constexpr UnixSeconds kFeb = 1738368000;  // 2025-02-01 00:00 UTC
constexpr UnixSeconds kMar = 1740787200;  // 2025-03-01 00:00 UTC

class SurveyStoreTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
  }

  int64_t Create(const std::string& kind, int min_group = 5) {
    NewSurvey survey;
    survey.name = kind + " survey";
    survey.kind = kind;
    survey.question = "How was it?";
    survey.min_group = min_group;
    survey.created_at = kJan;
    int64_t id = 0;
    Status made = store::InTransaction(db(), [&]() -> Status {
      VAFA_ASSIGN_OR_RETURN(id, CreateSurvey(db(), shop_, survey));
      return Status::Ok();
    });
    EXPECT_TRUE(made.ok()) << made.message();
    return id;
  }

  void Answer(int64_t survey, const SurveyAnswer& answer) {
    Status recorded = store::InTransaction(db(), [&]() -> Status {
      return RecordSurveyAnswer(db(), shop_, survey, answer).status();
    });
    ASSERT_TRUE(recorded.ok()) << recorded.message();
  }

  int64_t shop_ = 0, other_ = 0;
};

SurveyAnswer Scored(int score, const std::string& branch, UnixSeconds at) {
  SurveyAnswer answer;
  answer.score = score;
  answer.branch = branch;
  answer.answered_at = at;
  return answer;
}

TEST(SurveyAnswers, EachKindsRulesNameTheField) {
  SurveyAnswer nps = Scored(11, "", kJan);
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kNps, nps).field(), "score");
  nps.score = 10;
  EXPECT_TRUE(CheckSurveyAnswer(SurveyKind::kNps, nps).ok());
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kCsat, nps).field(), "score");
  nps.score.reset();
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kCes, nps).field(), "score");

  SurveyAnswer pulse = Scored(4, "", kJan);
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kPulse, pulse).field(), "group");
  pulse.group = "north";
  pulse.ticket_id = 3;
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kPulse, pulse).field(), "ticket_id");
  pulse.ticket_id = 0;
  EXPECT_TRUE(CheckSurveyAnswer(SurveyKind::kPulse, pulse).ok());
  pulse.comment = std::string(5001, 'x');
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kPulse, pulse).field(), "comment");

  SurveyAnswer readiness;
  readiness.score = 5;
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kReadiness, readiness).field(),
            "score");
  SurveyAnswer items = Scored(7, "", kJan);
  items.answers = {{"x", 1}};
  EXPECT_EQ(CheckSurveyAnswer(SurveyKind::kNps, items).field(), "answers");
}

TEST_P(SurveyStoreTest, AnNpsWorkedByHandOverallAndByBranch) {
  const int64_t survey = Create("nps");
  // North: 10, 9, 7 (two promoters of three); south: 9, 3 (one each).
  Answer(survey, Scored(10, "north", kJan + 3600));
  Answer(survey, Scored(9, "north", kJan + 7200));
  Answer(survey, Scored(7, "north", kFeb + 3600));
  Answer(survey, Scored(9, "south", kFeb + 7200));
  Answer(survey, Scored(3, "south", kFeb + 9000));
  // Outside [from, to): not counted.
  Answer(survey, Scored(0, "south", kMar + 60));

  auto head = LoadSurveyHead(db(), shop_, survey);
  ASSERT_TRUE(head.ok()) << head.status().message();
  EXPECT_EQ(head->kind, SurveyKind::kNps);
  auto report =
      ComputeSurveyReport(db(), shop_, survey, SurveyKind::kNps, 5,
                          SurveyBreakdown::kBranch, false, kJan, kMar);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->responses, 5);
  ASSERT_TRUE(report->overall.has_value());
  // 3 promoters and 1 detractor of 5: NPS 40; the mean is 38 / 5.
  EXPECT_DOUBLE_EQ(report->overall->score, 40.0);
  EXPECT_DOUBLE_EQ(report->overall->mean, 7.6);
  EXPECT_EQ(report->overall->top, 3);
  EXPECT_EQ(report->overall->bottom, 1);
  ASSERT_EQ(report->groups.size(), 2u);
  EXPECT_EQ(report->groups[0].key, "north");
  ASSERT_TRUE(report->groups[0].summary.has_value());  // NPS shows every group
  EXPECT_NEAR(report->groups[0].summary->score, 200.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(report->groups[1].summary->score, 0.0);

  auto by_month =
      ComputeSurveyReport(db(), shop_, survey, SurveyKind::kNps, 5,
                          SurveyBreakdown::kMonth, false, kJan, kMar + 86400);
  ASSERT_TRUE(by_month.ok());
  ASSERT_EQ(by_month->groups.size(), 3u);
  EXPECT_EQ(by_month->groups[0].key, "2025-01");
  EXPECT_EQ(by_month->groups[0].responses, 2);
  EXPECT_EQ(by_month->groups[2].responses, 1);

  EXPECT_EQ(LoadSurveyHead(db(), other_, survey).status().code(),
            StatusCode::kNotFound);
}

TEST_P(SurveyStoreTest, APulseWithholdsGroupsBelowItsMinimum) {
  const int64_t survey = Create("pulse", 3);
  for (int score : {5, 4, 2}) {
    SurveyAnswer answer = Scored(score, "", kJan + 60);
    answer.group = "north";
    Answer(survey, answer);
  }
  SurveyAnswer lonely = Scored(1, "", kJan + 60);
  lonely.group = "south";
  Answer(survey, lonely);
  auto report = ComputeSurveyReport(db(), shop_, survey, SurveyKind::kPulse, 3,
                                    SurveyBreakdown::kGroup, false, kJan, kMar);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->responses, 4);
  ASSERT_EQ(report->groups.size(), 2u);
  EXPECT_EQ(report->groups[0].key, "north");
  ASSERT_TRUE(report->groups[0].summary.has_value());
  EXPECT_NEAR(report->groups[0].summary->score, 200.0 / 3, 1e-9);
  EXPECT_EQ(report->groups[1].key, "south");
  EXPECT_EQ(report->groups[1].responses, 1);
  EXPECT_FALSE(report->groups[1].summary.has_value());
}

VAFA_INSTANTIATE_BACKEND_TEST(SurveyStoreTest);

}  // namespace
}  // namespace vafa::services::surveys
