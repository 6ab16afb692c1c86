#include "analytics/response/campaign_training.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/response/planted_campaigns.h"

namespace vafa::analytics::response {
namespace {

// Planted members dealt round-robin into `campaigns` campaigns drawn a
// week apart, their nine planted features first and the rest missing.
struct History {
  std::vector<DrawnCampaign> campaigns;
  CampaignMemberRows rows;
};

History PlantedHistory(int64_t members, int campaigns, uint64_t seed = 3) {
  PlantOptions plant;
  plant.members = members;
  plant.seed = seed;
  const PlantedMembers planted = PlantCampaignMembers(plant);
  History history;
  for (int c = 0; c < campaigns; ++c) {
    DrawnCampaign campaign;
    campaign.id = 100 + c;
    campaign.draw_day = 20000 + 7 * c;
    history.campaigns.push_back(campaign);
  }
  CampaignMemberRows& rows = history.rows;
  rows.rows = planted.rows;
  rows.x.assign(static_cast<size_t>(rows.rows) * rows.cols, NAN);
  for (int64_t i = 0; i < planted.rows; ++i) {
    for (int f = 0; f < planted.cols; ++f) {
      rows.x[i * rows.cols + f] = planted.x[i * planted.cols + f];
    }
    rows.campaign.push_back(static_cast<int32_t>(i % campaigns));
    rows.customer_id.push_back(i + 1);
    rows.treated.push_back(planted.treated[i]);
    rows.responded.push_back(planted.responded[i]);
    rows.converted.push_back(planted.responded[i]);
    rows.bought.push_back(planted.bought[i]);
    rows.revenue.push_back(0);
  }
  return history;
}

TrainingOptions Quick() {
  TrainingOptions options;
  options.learn.trees.rounds = 30;
  options.learn.trees.threads = 1;
  return options;
}

TEST(CampaignTrainingTest, RefusesWithFewerCampaignsThanTheThreshold) {
  const History history = PlantedHistory(4000, kMinCampaigns - 1);
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_FALSE(trained.ok());
  EXPECT_EQ(trained.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(trained.status().message().find("has 4 finished campaigns"),
            std::string::npos)
      << trained.status().message();
}

TEST(CampaignTrainingTest, RefusesWithTooFewResponders) {
  History history = PlantedHistory(4000, 10);
  int64_t kept = 0;
  for (uint8_t& responded : history.rows.responded) {
    if (responded != 0 && ++kept > kMinResponders / 2) responded = 0;
  }
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_FALSE(trained.ok());
  EXPECT_NE(trained.status().message().find("members who responded"),
            std::string::npos)
      << trained.status().message();
}

TEST(CampaignTrainingTest, CampaignsNotMarkedToLearnFromDoNotCount) {
  History history = PlantedHistory(4000, 10);
  for (int c = 0; c < 6; ++c) history.campaigns[c].learn = false;
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_FALSE(trained.ok());
  EXPECT_NE(trained.status().message().find("has 4 finished"),
            std::string::npos);
}

TEST(CampaignTrainingTest, JudgesOnTheLatestQuarterOfTheCampaigns) {
  const History history = PlantedHistory(12000, 12);
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  EXPECT_EQ(trained->campaigns, 12);
  EXPECT_EQ(trained->holdout_campaigns, 3);
  // Members are dealt round-robin: campaigns 9, 10 and 11 hold 3,000.
  EXPECT_EQ(trained->holdout_rows, 3000);
  EXPECT_EQ(trained->train_rows, 9000);
  EXPECT_EQ(trained->response.size(), 2u);
  EXPECT_EQ(trained->uplift.size(), 4u);
  ASSERT_TRUE(trained->response_model.has_value());
  ASSERT_TRUE(trained->uplift_model.has_value());
}

TEST(CampaignTrainingTest, FewCampaignsAreJudgedOnAShareOfTheMembers) {
  const History history = PlantedHistory(8000, kMinCampaigns);
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  EXPECT_EQ(trained->holdout_campaigns, 0);
  EXPECT_DOUBLE_EQ(trained->holdout_share, 0.3);
  EXPECT_NEAR(static_cast<double>(trained->holdout_rows) / 8000, 0.3, 0.03);
}

TEST(CampaignTrainingTest, LearnsThePlantedDriversOnHeldOutCampaigns) {
  const History history = PlantedHistory(40000, 20);
  auto trained = TrainOnCampaigns(history.rows, history.campaigns, Quick());
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const ResponseEvaluation& response =
      trained->response[trained->chosen_response];
  EXPECT_GT(response.holdout.auc, 0.75);
  for (const ResponseEvaluation& other : trained->response) {
    EXPECT_GE(response.holdout.auc, other.holdout.auc);
  }
  const UpliftEvaluation& uplift = trained->uplift[trained->chosen_uplift];
  EXPECT_GT(uplift.qini, 0.01);
  // The top decile by predicted uplift gains more than the bottom one.
  EXPECT_GT(uplift.deciles[0].uplift, uplift.deciles[9].uplift);
}

}  // namespace
}  // namespace vafa::analytics::response
