#include "analytics/churn/customer_story.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::analytics::churn {
namespace {

CustomerStoryInput Customer(int64_t purchase_days, int64_t since_first,
                            int64_t since_last, double p_alive, double risk) {
  CustomerStoryInput input;
  input.segment = "Potential loyalist";
  input.purchase_days = purchase_days;
  input.days_since_first = since_first;
  input.days_since_last = since_last;
  input.p_alive = p_alive;
  input.churn_risk = risk;
  return input;
}

// The customer of issue 19: two orders, the first 24 days ago, the second 4
// days later; P(alive) 69%, risk 97%. Their one gap is 4 days and the last
// 20 days is 5 times it, but one gap is no rhythm and a 365-day window has
// not passed: too early to judge.
TEST(CustomerStory, TwoOrdersWithinTheWindowAreTooEarly) {
  CustomerStory story = TellCustomerStory(Customer(2, 24, 20, 0.69, 0.97));
  EXPECT_EQ(story.kind, StoryKind::kTooEarly);
  EXPECT_DOUBLE_EQ(story.usual_gap_days, 4);
  EXPECT_DOUBLE_EQ(story.gap_ratio, 5);
  // A one-time buyer of last month too; one of two years ago is judged.
  EXPECT_EQ(TellCustomerStory(Customer(1, 30, 30, 0.9, 0.2)).kind,
            StoryKind::kTooEarly);
  EXPECT_EQ(TellCustomerStory(Customer(1, 700, 700, 0.1, 0.9)).kind,
            StoryKind::kFading);
  // No risk scored: nothing to judge.
  EXPECT_EQ(TellCustomerStory(Customer(9, 900, 10, 0.9, NAN)).kind,
            StoryKind::kTooEarly);
}

// Ten purchase days over 180 days (usual gap 20), the last 100 days ago:
// 5 times the usual gap, cited; the four kinds by the two models.
TEST(CustomerStory, TheTwoModelsAgreeOrNot) {
  CustomerStory story = TellCustomerStory(Customer(10, 280, 100, 0.69, 0.8));
  EXPECT_EQ(story.kind, StoryKind::kAliveButAtRisk);
  EXPECT_DOUBLE_EQ(story.usual_gap_days, 20);
  EXPECT_DOUBLE_EQ(story.gap_ratio, 5);
  EXPECT_TRUE(story.cites_gap);
  EXPECT_EQ(TellCustomerStory(Customer(10, 280, 100, 0.2, 0.8)).kind,
            StoryKind::kFading);
  EXPECT_EQ(TellCustomerStory(Customer(10, 280, 100, 0.2, 0.3)).kind,
            StoryKind::kQuiet);
  CustomerStory steady = TellCustomerStory(Customer(10, 190, 10, 0.95, 0.1));
  EXPECT_EQ(steady.kind, StoryKind::kSteady);
  EXPECT_FALSE(steady.cites_gap);
  // Without a P(alive), the churn model speaks alone.
  EXPECT_EQ(TellCustomerStory(Customer(10, 280, 100, NAN, 0.8)).kind,
            StoryKind::kAliveButAtRisk);
  EXPECT_EQ(StoryKindName(StoryKind::kAliveButAtRisk), "alive_but_at_risk");
}

}  // namespace
}  // namespace vafa::analytics::churn
