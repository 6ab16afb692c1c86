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

TEST_P(AnalysisJobTableTest, TrainingAndAnalysisShareTheOneRunningJob) {
  const int64_t shop = AddWorkspace("shop");
  AnalysisJob training = Job(shop);
  training.kind = kResponseJobKind;
  training.model = "discount";
  training.stage = "training";
  auto trained = InsertRunningJob(db(), training, "a", 1000, 10);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  // An analysis asked meanwhile is refused, naming the training.
  auto analysis = InsertRunningJob(db(), Job(shop), "b", 1001, 10);
  ASSERT_FALSE(analysis.ok());
  EXPECT_EQ(analysis.status().message(),
            "the response models of this workspace are being trained (job " +
                std::to_string(trained->id) + ")");
  // Each kind reads and takes over only its own jobs.
  auto as_analysis = ReadJob(db(), shop, trained->id);
  ASSERT_TRUE(as_analysis.ok());
  EXPECT_FALSE(*as_analysis);
  auto running = ReadRunningJobOfKind(db(), shop, kAnalysisJobKind);
  ASSERT_TRUE(running.ok());
  EXPECT_FALSE(*running);
  auto not_analysis = TakeOverLapsedJob(db(), "b", "loading", 1011, 10);
  ASSERT_TRUE(not_analysis.ok());
  EXPECT_FALSE(*not_analysis);
  auto taken =
      TakeOverLapsedJob(db(), "b", "training", 1011, 10, kResponseJobKind);
  ASSERT_TRUE(taken.ok() && *taken);
  EXPECT_EQ((*taken)->id, trained->id);
  EXPECT_EQ((*taken)->model, "discount");
  EXPECT_EQ((*taken)->runner, "b");
  // A refusal keeps the field it names.
  ASSERT_TRUE(FinishJob(db(), trained->id, "b",
                        Status::Refused("responders", "too few responders"),
                        1020)
                  .ok());
  auto refused = ReadJob(db(), shop, trained->id, kResponseJobKind);
  ASSERT_TRUE(refused.ok() && *refused);
  EXPECT_EQ((*refused)->status, "failed");
  EXPECT_EQ((*refused)->refused, "responders");
  EXPECT_EQ((*refused)->error, "too few responders");
  EXPECT_TRUE(InsertRunningJob(db(), Job(shop), "b", 1021, 10).ok());
}

// A job whose run lost its connection is given up at once, for any runner
// (its own too) to run again; only its runner may give it up.
TEST_P(AnalysisJobTableTest, AReleasedJobIsTakenOverAtOnce) {
  const int64_t shop = AddWorkspace("shop");
  auto job = InsertRunningJob(db(), Job(shop), "a", 1000, 30);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(ReleaseJob(db(), job->id, "b").ok());
  auto kept = TakeOverLapsedJob(db(), "a", "loading", 1001, 30);
  ASSERT_TRUE(kept.ok());
  EXPECT_FALSE(*kept) << "released by a runner that does not run it";
  ASSERT_TRUE(ReleaseJob(db(), job->id, "a").ok());
  auto taken = TakeOverLapsedJob(db(), "a", "loading", 1001, 30);
  ASSERT_TRUE(taken.ok() && *taken);
  EXPECT_EQ((*taken)->id, job->id);
  EXPECT_EQ((*taken)->runner, "a");
  EXPECT_EQ((*taken)->attempts, 2);
  EXPECT_EQ((*taken)->lease_until, 1031);
}

VAFA_INSTANTIATE_BACKEND_TEST(AnalysisJobTableTest);

}  // namespace
}  // namespace vafa::pipeline
