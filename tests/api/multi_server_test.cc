// Several `vafa serve` processes on one store, as behind a load balancer
// (docs/scale.md): a session made on one is good on the others, failed
// sign-ins are counted across them, one analysis job runs per workspace
// whichever process is asked, and a job whose process is killed or
// stopped is taken over by another and finished; response-model training
// likewise.
#include <signal.h>

#include "tests/api/api_fixture.h"

namespace vafa::testing_api {
namespace {

class MultiServerTest : public ApiTest {
 protected:
  void TearDown() override {
    for (pid_t pid : others_) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    ApiTest::TearDown();
  }
  // Another server on the store; its base URL.
  std::string Another(const std::vector<std::string>& flags = {},
                      const std::vector<std::string>& launcher = {}) {
    auto [pid, base] = LaunchServer(flags, launcher);
    if (pid > 0) others_.push_back(pid);
    return base;
  }
  // Calls on the server at `base`.
  HttpResult CallOn(std::string base, const std::string& method,
                    const std::string& path, const std::string& auth = "",
                    const std::string& body = "") {
    std::swap(base_, base);
    HttpResult result = Call(method, path, auth, body);
    std::swap(base_, base);
    return result;
  }
  // Polls the job on the server at `base` until it is no longer running
  // (at most `seconds`).
  json AwaitJob(std::string base, int64_t id, int seconds,
                const std::string& kind = "analytics") {
    std::swap(base_, base);
    json job = AwaitJobEnd(
        "/api/v1/workspaces/demo/" + kind + "/jobs/" + std::to_string(id),
        Owner(), seconds);
    std::swap(base_, base);
    return job;
  }

  std::vector<pid_t> others_;
};

TEST_P(MultiServerTest, SessionsAndFailedSignInsAreShared) {
  std::string second = Another();
  ASSERT_FALSE(second.empty());
  // Signed in on the first, known on the second.
  const std::string token = Owner();
  HttpResult me = CallOn(second, "GET", "/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"]["email"], "owner@demo.test");
  // Wrong passwords alternating between the two servers: the fifth failure
  // of the pair locks it on both.
  const json wrong = {{"email", "owner@demo.test"}, {"password", "nope"}};
  for (int i = 0; i < 5; ++i) {
    HttpResult failed =
        i % 2 == 0
            ? Call("POST", "/api/v1/auth/sign-in", "", wrong.dump())
            : CallOn(second, "POST", "/api/v1/auth/sign-in", "", wrong.dump());
    ASSERT_EQ(failed.status, 401) << i << " " << failed.body;
  }
  const json right = {{"email", "owner@demo.test"}, {"password", kPassword}};
  HttpResult locked = Call("POST", "/api/v1/auth/sign-in", "", right.dump());
  EXPECT_EQ(locked.status, 429) << locked.body;
  locked = CallOn(second, "POST", "/api/v1/auth/sign-in", "", right.dump());
  EXPECT_EQ(locked.status, 429) << locked.body;
  // A restart forgets nothing.
  RestartServer({});
  locked = Call("POST", "/api/v1/auth/sign-in", "", right.dump());
  EXPECT_EQ(locked.status, 429) << locked.body;
}

TEST_P(MultiServerTest, OneAnalysisJobPerWorkspaceAcrossServers) {
  // The first server's jobs wait before loading, so the job is surely
  // running when the second is asked.
  RestartServer({}, {"env", "VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=3"});
  std::string second = Another();
  ASSERT_FALSE(second.empty());
  const std::string jobs = "/api/v1/workspaces/demo/analytics/jobs";
  HttpResult started = Call("POST", jobs, Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t id = started.Json()["job"]["id"];
  HttpResult again = CallOn(second, "POST", jobs, Owner());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("job " + std::to_string(id)), std::string::npos);
  // Either server answers for the job, and the runs list shows it running.
  json runs =
      CallOn(second, "GET", "/api/v1/workspaces/demo/analytics/runs", Owner())
          .Json();
  EXPECT_EQ(runs["running"]["id"], id) << runs.dump();
  json job = AwaitJob(second, id, 120);
  ASSERT_EQ(job["status"], "completed") << job.dump();
  EXPECT_GT(job["run_id"].get<int64_t>(), 0);
}

TEST_P(MultiServerTest, AKilledServersJobIsFinishedByAnother) {
  // The first server would hold its job for a minute before loading; it is
  // killed meanwhile, and the second takes the job over once its two-second
  // lease has run out.
  RestartServer({"--job-lease-seconds", "2"},
                {"env", "VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=60"});
  std::string second = Another({"--job-lease-seconds", "2"});
  ASSERT_FALSE(second.empty());
  HttpResult started =
      Call("POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t id = started.Json()["job"]["id"];
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  json job = AwaitJob(second, id, 180);
  ASSERT_EQ(job["status"], "completed") << job.dump();
  const int64_t run = job["run_id"];
  json runs =
      CallOn(second, "GET", "/api/v1/workspaces/demo/analytics/runs", Owner())
          .Json();
  ASSERT_GE(runs["items"].size(), 2u) << runs.dump();
  EXPECT_EQ(runs["items"][1]["id"], run);
  EXPECT_TRUE(runs["running"].is_null());
  // Exactly one analysis run was written for the job.
  int analyses = 0;
  for (const json& item : runs["items"]) analyses += item["kind"] == "analyze";
  EXPECT_EQ(analyses, 1) << runs.dump();
}

TEST_P(MultiServerTest,
       AStoppedServersJobIsTakenOverWithoutWaitingForItsLease) {
  // Both servers renew leases of a minute, every 20 s. The first holds its
  // job for two minutes before loading; it is stopped (SIGTERM) meanwhile
  // and hands the job back, which the second takes at its next renewal,
  // long before the minute's lease would have run out.
  RestartServer({"--job-lease-seconds", "60"},
                {"env", "VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=120"});
  std::string second = Another({"--job-lease-seconds", "60"});
  ASSERT_FALSE(second.empty());
  HttpResult started =
      Call("POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t id = started.Json()["job"]["id"];
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  json job = AwaitJob(second, id, 45);
  ASSERT_EQ(job["status"], "completed") << job.dump();
  EXPECT_GT(job["run_id"].get<int64_t>(), 0);
}

// Training is a row of the store's job table too: the second server
// answers for a training the first started, refuses a second one (and an
// analysis) naming it, and finishes it when the first is killed. The
// fixture's demo has no campaigns, so the training ends refused for want
// of them, which the second server's run of it records.
TEST_P(MultiServerTest, ATrainingJobIsSharedAndTakenOverWhenItsServerDies) {
  RestartServer({"--job-lease-seconds", "2"},
                {"env", "VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=60"});
  std::string second = Another({"--job-lease-seconds", "2"});
  ASSERT_FALSE(second.empty());
  const std::string jobs = "/api/v1/workspaces/demo/response/jobs";
  HttpResult started = Call("POST", jobs, Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t id = started.Json()["job"]["id"];
  const std::string named = "(job " + std::to_string(id) + ")";
  HttpResult again = CallOn(second, "POST", jobs, Owner());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("being trained " + named), std::string::npos)
      << again.body;
  HttpResult analysis =
      CallOn(second, "POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  EXPECT_EQ(analysis.status, 409) << analysis.body;
  EXPECT_NE(analysis.body.find(named), std::string::npos) << analysis.body;
  HttpResult read =
      CallOn(second, "GET", jobs + "/" + std::to_string(id), Owner());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["job"]["status"], "running");
  json evaluation =
      CallOn(second, "GET", "/api/v1/workspaces/demo/response/evaluation",
             Owner())
          .Json();
  EXPECT_EQ(evaluation["running"]["id"], id) << evaluation.dump();
  // The analysis routes do not show the training as theirs.
  json runs =
      CallOn(second, "GET", "/api/v1/workspaces/demo/analytics/runs", Owner())
          .Json();
  EXPECT_TRUE(runs["running"].is_null()) << runs.dump();

  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  json job = AwaitJob(second, id, 120, "response");
  EXPECT_EQ(job["status"], "failed") << job.dump();
  EXPECT_EQ(job["refused"], "campaigns") << job.dump();
  // The workspace is free again.
  HttpResult next = CallOn(second, "POST", jobs, Owner());
  EXPECT_EQ(next.status, 202) << next.body;
  AwaitJob(second, next.Json()["job"]["id"], 60, "response");
}

VAFA_INSTANTIATE_BACKEND_TEST(MultiServerTest);

}  // namespace
}  // namespace vafa::testing_api
