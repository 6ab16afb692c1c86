#include "services/surveys/scoring.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::services::surveys {
namespace {

// Seven answers worked by hand: promoters 10, 9, 10; passives 8, 7;
// detractors 6, 0. NPS = (3 - 2) / 7 = 14.29 points; the variance of the
// difference of the two shares is (3/7 + 2/7 - (1/7)^2) / 7.
TEST(Summarize, NetPromoterScoreAndItsMargin) {
  ScoreSummary s = Summarize(SurveyKind::kNps, {10, 9, 8, 7, 6, 0, 10});
  EXPECT_EQ(s.responses, 7);
  EXPECT_EQ(s.top, 3);
  EXPECT_EQ(s.bottom, 2);
  EXPECT_NEAR(s.score, 100.0 / 7, 1e-12);
  EXPECT_NEAR(s.mean, 50.0 / 7, 1e-12);
  const double variance = (5.0 / 7 - 1.0 / 49) / 7;
  EXPECT_NEAR(s.margin, 100 * 1.959963984540054 * std::sqrt(variance), 1e-9);
  EXPECT_NEAR(s.margin, 61.71, 0.01);
}

TEST(Summarize, SatisfactionEffortAndNothing) {
  // CSAT: 4 and 5 are satisfied, 3 of 5 answers: 60%.
  ScoreSummary csat = Summarize(SurveyKind::kCsat, {5, 4, 4, 2, 1});
  EXPECT_DOUBLE_EQ(csat.score, 60);
  EXPECT_EQ(csat.bottom, 2);
  EXPECT_NEAR(csat.margin, 100 * 1.959963984540054 * std::sqrt(0.6 * 0.4 / 5),
              1e-9);
  // CES: 5 to 7 is easy.
  ScoreSummary ces = Summarize(SurveyKind::kCes, {7, 5, 4, 3});
  EXPECT_DOUBLE_EQ(ces.score, 50);
  EXPECT_DOUBLE_EQ(ces.mean, 4.75);
  EXPECT_EQ(Summarize(SurveyKind::kNps, {}).responses, 0);
  EXPECT_EQ(Summarize(SurveyKind::kNps, {}).score, 0);
}

TEST(PulseByGroup, SmallGroupsAreWithheld) {
  auto groups = PulseByGroup(
      {{"branch-1", {5, 4, 4, 3, 2}}, {"branch-2", {5, 5, 5, 5}}}, 5);
  ASSERT_TRUE(groups["branch-1"].has_value());
  EXPECT_DOUBLE_EQ(groups["branch-1"]->score, 60);
  EXPECT_FALSE(groups["branch-2"].has_value());  // four answers: withheld
}

TEST(Readiness, DimensionsFromTheirItems) {
  std::map<std::string, int> answers;
  for (const ReadinessItem& item : ReadinessQuestionnaire())
    answers[item.key] = 4;
  answers["kcf1"] = 7;  // key customer focus: (7+4+4+4)/4 = 4.75 -> 62.5
  answers["tech1"] = 1;
  answers["tech2"] = 1;  // technology: (1+1+4+4)/4 = 2.5 -> 25
  std::string error;
  auto result = ScoreReadiness(answers, &error);
  ASSERT_TRUE(result.has_value()) << error;
  EXPECT_DOUBLE_EQ(result->dimensions[ReadinessDimension::kKeyCustomerFocus],
                   62.5);
  EXPECT_DOUBLE_EQ(result->dimensions[ReadinessDimension::kCrmOrganisation],
                   50);
  EXPECT_DOUBLE_EQ(result->dimensions[ReadinessDimension::kTechnologyBasedCrm],
                   25);
  EXPECT_DOUBLE_EQ(result->overall, (62.5 + 50 + 50 + 25) / 4);
  EXPECT_EQ(result->weakest, ReadinessDimension::kTechnologyBasedCrm);
  EXPECT_EQ(ReadinessQuestionnaire().size(), 16u);

  answers.erase("km3");
  EXPECT_FALSE(ScoreReadiness(answers, &error).has_value());
  EXPECT_EQ(error, "km3");
  answers["km3"] = 8;
  EXPECT_FALSE(ScoreReadiness(answers, &error).has_value());
  EXPECT_EQ(error, "km3");
  answers["km3"] = 3;
  answers["mood"] = 3;
  EXPECT_FALSE(ScoreReadiness(answers, &error).has_value());
  EXPECT_EQ(error, "mood");
}

}  // namespace
}  // namespace vafa::services::surveys
