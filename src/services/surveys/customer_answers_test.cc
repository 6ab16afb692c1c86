#include "services/surveys/customer_answers.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::surveys {
namespace {

class CustomerAnswersTest : public store::BackendTest {
 protected:
  int64_t Survey(long long workspace, const std::string& name,
                 const std::string& kind) {
    long long id = 0;
    db().sql() << "INSERT INTO surveys (workspace_id, name, kind, status, "
                  "min_group, created_at) VALUES (:w, :n, :k, 'open', 5, 0) "
                  "RETURNING id",
        soci::use(workspace), soci::use(name), soci::use(kind), soci::into(id);
    return id;
  }
  int64_t Answer(long long workspace, long long survey, long long customer,
                 long long at, int score) {
    long long id = 0;
    db().sql() << "INSERT INTO survey_responses (workspace_id, survey_id, "
                  "customer_id, score, answered_at, created_at) VALUES (:w, "
                  ":s, :c, :v, :a, 0) RETURNING id",
        soci::use(workspace), soci::use(survey), soci::use(customer),
        soci::use(score), soci::use(at), soci::into(id);
    return id;
  }
};

TEST_P(CustomerAnswersTest, TheCustomersLatestAnswersComeFirst) {
  const int64_t nps = Survey(1, "loyalty", "nps");
  const int64_t csat = Survey(1, "after the ticket", "csat");
  const int64_t elsewhere = Survey(2, "other", "nps");
  Answer(1, nps, 7, 100, 9);
  const int64_t late = Answer(1, csat, 7, 300, 4);
  Answer(1, nps, 7, 200, 6);
  Answer(1, nps, 8, 400, 10);        // another customer
  Answer(2, elsewhere, 7, 500, 10);  // another workspace
  long long with_comment = late;
  db().sql() << "UPDATE survey_responses SET comment = 'slow', ticket_id = "
                "12 WHERE id = :i",
      soci::use(with_comment);

  auto all = SurveyAnswersForCustomer(db(), 1, 7, 10);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].answered_at, 300);
  EXPECT_EQ((*all)[1].answered_at, 200);
  EXPECT_EQ((*all)[2].answered_at, 100);
  EXPECT_EQ((*all)[0].survey_id, csat);
  EXPECT_EQ((*all)[0].survey, "after the ticket");
  EXPECT_EQ((*all)[0].kind, "csat");
  EXPECT_EQ((*all)[0].score, 4);
  EXPECT_EQ((*all)[0].comment, "slow");
  EXPECT_EQ((*all)[0].ticket_id, 12);
  EXPECT_EQ((*all)[2].survey_id, nps);
  EXPECT_EQ((*all)[2].comment, "");
  EXPECT_FALSE((*all)[2].ticket_id.has_value());

  auto two = SurveyAnswersForCustomer(db(), 1, 7, 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].answered_at, 200);
}

TEST_P(CustomerAnswersTest, SameInstantAnswersComeLatestResponseFirst) {
  const int64_t nps = Survey(1, "loyalty", "nps");
  Answer(1, nps, 7, 100, 3);
  Answer(1, nps, 7, 100, 8);
  auto all = SurveyAnswersForCustomer(db(), 1, 7, 10);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].score, 8);
  EXPECT_EQ((*all)[1].score, 3);
}

TEST_P(CustomerAnswersTest, AnswersOfADeletedSurveyAreLeftOut) {
  const int64_t kept = Survey(1, "loyalty", "nps");
  const int64_t dropped = Survey(1, "old", "csat");
  Answer(1, kept, 7, 100, 9);
  Answer(1, dropped, 7, 200, 2);
  long long gone = dropped;
  db().sql() << "UPDATE surveys SET deleted_at = 150 WHERE id = :i",
      soci::use(gone);

  auto all = SurveyAnswersForCustomer(db(), 1, 7, 10);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].survey_id, kept);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerAnswersTest);

}  // namespace
}  // namespace vafa::services::surveys
