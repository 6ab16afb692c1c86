#include "services/sales/pipeline.h"

#include <gtest/gtest.h>

namespace vafa::services::sales {
namespace {

TEST(Pipeline, TheDefaultIsValid) {
  Pipeline pipeline = DefaultPipeline();
  EXPECT_TRUE(CheckPipeline(pipeline).ok());
  EXPECT_EQ(pipeline.FirstOpen().key, "lead_in");
  EXPECT_EQ(pipeline.Won().key, "won");
  EXPECT_EQ(pipeline.FirstLost().key, "lost");
  EXPECT_EQ(pipeline.PositionOf("proposal"), 2);
  EXPECT_EQ(pipeline.PositionOf("nowhere"), -1);
}

TEST(Pipeline, ErrorsNameTheStageAndField) {
  Pipeline twice = DefaultPipeline();
  twice.stages[3].key = "qualified";
  Status status = CheckPipeline(twice);
  EXPECT_EQ(status.field(), "stages[3].key");

  Pipeline odds = DefaultPipeline();
  odds.stages[1].probability = 140;
  EXPECT_EQ(CheckPipeline(odds).field(), "stages[1].probability");
  odds.stages[1].probability = 100;  // an open stage is never certain
  EXPECT_EQ(CheckPipeline(odds).field(), "stages[1].probability");

  Pipeline no_won = DefaultPipeline();
  no_won.stages[4].outcome = DealStatus::kLost;
  no_won.stages[4].probability = 0;
  EXPECT_EQ(CheckPipeline(no_won).field(), "stages");

  Pipeline bad_key = DefaultPipeline();
  bad_key.stages[0].key = "lead in";
  EXPECT_EQ(CheckPipeline(bad_key).field(), "stages[0].key");
  bad_key = DefaultPipeline();
  bad_key.key = "";
  EXPECT_EQ(CheckPipeline(bad_key).field(), "pipeline");
}

TEST(MoveDeal, ClosingReopeningAndTheReasonForALoss) {
  const Pipeline pipeline = DefaultPipeline();
  auto deal = OpenDeal(pipeline, "", 100);
  ASSERT_TRUE(deal.ok());
  EXPECT_EQ(deal->stage, "lead_in");
  EXPECT_EQ(deal->probability, 10);
  EXPECT_EQ(deal->stage_entered_at, 100);
  EXPECT_EQ(OpenDeal(pipeline, "won", 100).status().field(), "stage");
  EXPECT_EQ(OpenDeal(pipeline, "limbo", 100).status().field(), "stage");

  auto proposal = MoveDeal(pipeline, *deal, "proposal", "", 200);
  ASSERT_TRUE(proposal.ok());
  EXPECT_EQ(proposal->probability, 50);
  EXPECT_EQ(proposal->stage_entered_at, 200);
  EXPECT_EQ(proposal->status, DealStatus::kOpen);

  auto no_reason = MoveDeal(pipeline, *proposal, "lost", "", 300);
  EXPECT_EQ(no_reason.status().field(), "close_reason");
  auto lost = MoveDeal(pipeline, *proposal, "lost", "price", 300);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->status, DealStatus::kLost);
  EXPECT_EQ(lost->closed_at, 300);
  EXPECT_EQ(lost->close_reason, "price");
  EXPECT_EQ(lost->probability, 0);

  auto reopened = MoveDeal(pipeline, *lost, "negotiation", "", 400);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->status, DealStatus::kOpen);
  EXPECT_EQ(reopened->closed_at, 0);
  EXPECT_TRUE(reopened->close_reason.empty());

  auto won = MoveDeal(pipeline, *reopened, "won", "", 500);
  ASSERT_TRUE(won.ok());
  EXPECT_EQ(won->closed_at, 500);
  EXPECT_EQ(won->probability, 100);
  // Staying where it is keeps the times.
  auto again = MoveDeal(pipeline, *won, "won", "", 600);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->closed_at, 500);
  EXPECT_EQ(again->stage_entered_at, 500);
}

TEST(Weighted, RoundsHalfUpWithoutOverflow) {
  EXPECT_EQ(Weighted(150, 33), 50);  // 49.5
  EXPECT_EQ(Weighted(149, 33), 49);  // 49.17
  EXPECT_EQ(Weighted(1000000, 75), 750000);
  EXPECT_EQ(Weighted(0, 50), 0);
  const int64_t big = 9'000'000'000'000'000'000;  // value x 100 overflows
  EXPECT_EQ(Weighted(big, 50), big / 2);
  EXPECT_EQ(Weighted(big, 100), big);
}

}  // namespace
}  // namespace vafa::services::sales
