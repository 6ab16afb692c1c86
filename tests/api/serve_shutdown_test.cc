// `vafa serve` stopped (SIGTERM) while its jobs run: it asks them to stop,
// waits for them at most --shutdown-grace seconds, hands back each job
// that stopped (the next server takes it over and runs it to its end) and
// records failed one still running when the grace ran out, and exits 0
// with no thread left behind (a job thread that outlived exit read freed
// memory under AddressSanitizer).
#include "tests/api/api_fixture.h"

namespace vafa::testing_api {
namespace {

class ServeShutdownTest : public ApiTest {
 protected:
  // Restarts the server with `flags`, its jobs run with the test variable
  // `hold` (docs/scale.md) and its standard error kept in a file.
  void RestartWithJobsHeld(const std::string& hold,
                           std::vector<std::string> flags = {}) {
    RestartServer(std::move(flags),
                  {"sh", "-c",
                   "exec env " + hold + " \"$@\" 2>" +
                       testing::ShellQuote(ServerLog().string()),
                   "sh"});
  }
  std::filesystem::path ServerLog() const { return dir_ / "serve.stderr"; }
  std::string ServerLogText() const {
    std::ifstream in(ServerLog());
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Sends SIGTERM and waits at most 30 s for the server to exit; its wait
  // status, or -1 when it had to be killed.
  int Terminate() {
    kill(pid_, SIGTERM);
    const pid_t pid = std::exchange(pid_, -1);
    int status = 0;
    for (int i = 0; i < 600; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
  }

  static std::string JobPath(const std::string& workspace,
                             const std::string& kind, int64_t id) {
    return "/api/v1/workspaces/" + workspace + "/" + kind + "/jobs/" +
           std::to_string(id);
  }
  json Job(const std::string& workspace, const std::string& kind, int64_t id,
           const std::string& token) {
    HttpResult read = Get(JobPath(workspace, kind, id), token);
    EXPECT_EQ(read.status, 200) << read.body;
    return read.Json()["job"];
  }

  // The server exited 0 within `seconds` with nothing from a sanitizer.
  void ExpectCleanExit(int status, double seconds, double within) {
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "wait status " << status;
    EXPECT_LT(seconds, within);
    const std::string log = ServerLogText();
    for (const char* report :
         {"AddressSanitizer", "LeakSanitizer", "runtime error:"}) {
      EXPECT_EQ(log.find(report), std::string::npos) << log;
    }
  }
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

TEST_P(ServeShutdownTest, JobsStopWithTheServerAndTheNextServerRunsThem) {
  // The jobs would wait two minutes before loading anything: only the stop
  // ends them.
  RestartWithJobsHeld("VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=120");
  HttpResult analysis =
      Call("POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  ASSERT_EQ(analysis.status, 202) << analysis.body;
  const int64_t analysis_id = analysis.Json()["job"]["id"];
  const std::string outsider = SignIn("outsider@other.test");
  HttpResult training =
      Call("POST", "/api/v1/workspaces/other/response/jobs", outsider);
  ASSERT_EQ(training.status, 202) << training.body;
  const int64_t training_id = training.Json()["job"]["id"];
  EXPECT_EQ(Job("demo", "analytics", analysis_id, Owner())["status"],
            "running");

  const auto stopped_at = std::chrono::steady_clock::now();
  const int status = Terminate();
  ExpectCleanExit(status, SecondsSince(stopped_at), 10);
  for (const auto& [kind, id] :
       {std::pair(std::string("analyze"), analysis_id),
        std::pair(std::string("response"), training_id)}) {
    EXPECT_NE(ServerLogText().find(kind + " job " + std::to_string(id) +
                                   " stopped with the server; handed back"),
              std::string::npos)
        << ServerLogText();
  }
  // Handed back: still running in the store, with no runner and no lease,
  // so that any process takes it over at once.
  for (const int64_t id : {analysis_id, training_id}) {
    std::string job_status, runner;
    long long key = id, lease_until = -1;
    scratch_->db().sql()
        << "SELECT status, runner, lease_until FROM analysis_jobs WHERE id = "
           ":i",
        soci::use(key), soci::into(job_status), soci::into(runner),
        soci::into(lease_until);
    EXPECT_EQ(job_status, "running") << "job " << id;
    EXPECT_EQ(runner, "") << "job " << id;
    EXPECT_EQ(lease_until, 0) << "job " << id;
  }

  // The next server, its jobs not held, takes both over and ends them.
  RestartWithJobsHeld("VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS=0");
  json analysed =
      AwaitJobEnd(JobPath("demo", "analytics", analysis_id), Owner());
  EXPECT_EQ(analysed["status"], "completed") << analysed.dump();
  EXPECT_FALSE(analysed["run_id"].is_null()) << analysed.dump();
  // "other" has no campaigns: the training ends refused for want of them.
  json trained =
      AwaitJobEnd(JobPath("other", "response", training_id), outsider);
  EXPECT_EQ(trained["status"], "failed") << trained.dump();
  EXPECT_EQ(trained["refused"], "campaigns") << trained.dump();
  EXPECT_NE(ServerLogText().find("taking over analyze job " +
                                 std::to_string(analysis_id)),
            std::string::npos)
      << ServerLogText();
  // The workspace is free for the next analysis.
  HttpResult next =
      Call("POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  EXPECT_EQ(next.status, 202) << next.body;
}

TEST_P(ServeShutdownTest, AJobStillRunningWhenTheGraceRunsOutIsRecordedFailed) {
  // This job looks at no stop request for two minutes, as a long stage
  // would not; the server waits one second for it.
  RestartWithJobsHeld("VAFA_TEST_ANALYSIS_JOB_BUSY_SECONDS=120",
                      {"--shutdown-grace", "1"});
  HttpResult started =
      Call("POST", "/api/v1/workspaces/demo/analytics/jobs", Owner());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t id = started.Json()["job"]["id"];

  const auto stopped_at = std::chrono::steady_clock::now();
  const int status = Terminate();
  ExpectCleanExit(status, SecondsSince(stopped_at), 10);
  EXPECT_NE(ServerLogText().find(
                "analyze job " + std::to_string(id) +
                " was still running when the shutdown grace ran out; "
                "recorded failed"),
            std::string::npos)
      << ServerLogText();

  RestartServer({});
  json job = Job("demo", "analytics", id, Owner());
  EXPECT_EQ(job["status"], "failed") << job.dump();
  EXPECT_THAT(job["error"].dump(), ::testing::HasSubstr("shutdown grace"));
}

VAFA_INSTANTIATE_BACKEND_TEST(ServeShutdownTest);

}  // namespace
}  // namespace vafa::testing_api
