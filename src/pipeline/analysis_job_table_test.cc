#include "pipeline/analysis_job_table.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

class AnalysisJobTableTest : public store::BackendTest {
 protected:
  AnalysisJob Job(int64_t workspace_id) {
    AnalysisJob job;
    job.workspace_id = workspace_id;
    job.stage = "loading";
    job.requested_by = "owner@example.ir";
    return job;
  }
};

TEST_P(AnalysisJobTableTest, OneRunningJobPerWorkspace) {
  const int64_t shop = AddWorkspace("shop"), bank = AddWorkspace("bank");
  auto first = InsertRunningJob(db(), Job(shop), "a", 1000, 30);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_GT(first->id, 0);
  EXPECT_EQ(first->lease_until, 1030);
  // Another process asking for the same workspace is refused, naming it.
  auto second = InsertRunningJob(db(), Job(shop), "b", 1001, 30);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  EXPECT_NE(
      second.status().message().find("job " + std::to_string(first->id) + ")"),
      std::string::npos);
  EXPECT_TRUE(InsertRunningJob(db(), Job(bank), "b", 1001, 30).ok());
  // Ended, the workspace may run another.
  ASSERT_TRUE(FinishJob(db(), first->id, "a", int64_t{77}, 1100).ok());
  auto ended = ReadJob(db(), shop, first->id);
  ASSERT_TRUE(ended.ok() && *ended);
  EXPECT_EQ((*ended)->status, "completed");
  EXPECT_EQ((*ended)->run_id, 77);
  EXPECT_EQ((*ended)->finished_at, 1100);
  EXPECT_TRUE(InsertRunningJob(db(), Job(shop), "b", 1101, 30).ok());
  // Another workspace's job is not found by id.
  auto elsewhere = ReadJob(db(), bank, first->id);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_FALSE(*elsewhere);
}

TEST_P(AnalysisJobTableTest, OnlyTheRunnerRecordsStageAndEnd) {
  const int64_t shop = AddWorkspace("shop");
  auto job = InsertRunningJob(db(), Job(shop), "a", 1000, 30);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(RecordJobStage(db(), job->id, "b", "storing", 4, 2000).ok());
  ASSERT_TRUE(RecordJobStage(db(), job->id, "a", "analyzing", 2, 1040).ok());
  ASSERT_TRUE(
      FinishJob(db(), job->id, "b", Status::Internal("not mine"), 1050).ok());
  auto read = ReadRunningJob(db(), shop);
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->stage, "analyzing");
  EXPECT_EQ((*read)->step, 2);
  EXPECT_EQ((*read)->lease_until, 1040);
  ASSERT_TRUE(
      FinishJob(db(), job->id, "a", Status::Invalid("no orders"), 1060).ok());
  auto failed = ReadJob(db(), shop, job->id);
  ASSERT_TRUE(failed.ok() && *failed);
  EXPECT_EQ((*failed)->status, "failed");
  EXPECT_EQ((*failed)->error, "no orders");
  EXPECT_EQ((*failed)->run_id, 0);
}

TEST_P(AnalysisJobTableTest, ALapsedLeaseIsTakenOverOnce) {
  const int64_t shop = AddWorkspace("shop");
  auto job = InsertRunningJob(db(), Job(shop), "a", 1000, 30);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(RecordJobStage(db(), job->id, "a", "storing", 4, 1030).ok());
  // Renewed, nothing to take.
  ASSERT_TRUE(RenewJobLeases(db(), "a", 1060).ok());
  auto none = TakeOverLapsedJob(db(), "b", "loading", 1050, 30);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  // Not renewed past 1060: b takes it, back at its first stage; c finds
  // nothing left.
  auto taken = TakeOverLapsedJob(db(), "b", "loading", 1061, 30);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  ASSERT_TRUE(*taken);
  EXPECT_EQ((*taken)->id, job->id);
  EXPECT_EQ((*taken)->runner, "b");
  EXPECT_EQ((*taken)->attempts, 2);
  EXPECT_EQ((*taken)->stage, "loading");
  EXPECT_EQ((*taken)->step, 1);
  EXPECT_EQ((*taken)->lease_until, 1091);
  auto again = TakeOverLapsedJob(db(), "c", "loading", 1062, 30);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  // The first runner, back, may no longer end it.
  ASSERT_TRUE(FinishJob(db(), job->id, "a", int64_t{5}, 1070).ok());
  auto still = ReadRunningJob(db(), shop);
  ASSERT_TRUE(still.ok() && *still);
  EXPECT_EQ((*still)->runner, "b");
}

TEST_P(AnalysisJobTableTest, AJobInterruptedTooOftenFails) {
  const int64_t shop = AddWorkspace("shop");
  auto job = InsertRunningJob(db(), Job(shop), "a", 1000, 10);
  ASSERT_TRUE(job.ok());
  int64_t now = 1000;
  for (int attempt = 2; attempt <= kMaxJobAttempts; ++attempt) {
    now += 11;
    auto taken = TakeOverLapsedJob(db(), "r" + std::to_string(attempt),
                                   "loading", now, 10);
    ASSERT_TRUE(taken.ok() && *taken);
    EXPECT_EQ((*taken)->attempts, attempt);
  }
  auto last = TakeOverLapsedJob(db(), "z", "loading", now + 11, 10);
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(*last);
  auto failed = ReadJob(db(), shop, job->id);
  ASSERT_TRUE(failed.ok() && *failed);
  EXPECT_EQ((*failed)->status, "failed");
  EXPECT_NE((*failed)->error.find("interrupted 3 times"), std::string::npos);
  EXPECT_TRUE(InsertRunningJob(db(), Job(shop), "z", now + 12, 10).ok());
}

VAFA_INSTANTIATE_BACKEND_TEST(AnalysisJobTableTest);

}  // namespace
}  // namespace vafa::pipeline
