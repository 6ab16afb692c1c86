// The processes the test fixtures fork die with their test
// (tests/child_process.h): a test process killed while its server runs
// (a sanitizer's abort, a crash) takes the server with it, so no orphan
// holds ctest's output pipe open. What a killed test leaves on disk does
// not reach the next test that has its process id.
#include <sys/prctl.h>

#include "tests/api/api_fixture.h"

namespace vafa::testing_api {
namespace {

constexpr char kReportVariable[] = "VAFA_TEST_KILLED_FIXTURE_REPORT";

// The API fixture whose test is killed once its server is up.
class KilledFixtureTest : public ApiTest {};

// Not a test of its own (disabled): ServerDiesWithAKilledTest runs it in a
// process of its own. It writes where its server and files are, then
// kills its own process, leaving no chance to stop the server.
TEST_P(KilledFixtureTest, DISABLED_StartsItsServerThenIsKilled) {
  const char* report = std::getenv(kReportVariable);
  if (report == nullptr) GTEST_SKIP() << kReportVariable << " is not set";
  {
    std::ofstream out(report);
    out << pid_ << "\n"
        << dir_.string() << "\n"
        << std::filesystem::path(scratch_->location()).parent_path().string()
        << "\n";
  }
  raise(SIGKILL);
}

// SQLite alone: the process killed leaves its store behind, which the test
// below removes.
INSTANTIATE_TEST_SUITE_P(
    Sqlite, KilledFixtureTest, ::testing::Values(store::Backend::kSqlite),
    [](const ::testing::TestParamInfo<store::Backend>& info) {
      return store::BackendName(info.param);
    });

TEST(FixtureChildrenTest, ServerDiesWithAKilledTest) {
  const std::filesystem::path report =
      std::filesystem::temp_directory_path() /
      ("vafa_killed_fixture_" + std::to_string(getpid()));
  std::filesystem::remove(report);
  // The server, orphaned, becomes this process's child, so that its end
  // can be waited for here whatever reaps orphans on this machine.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const pid_t test = ::vafa::testing::ForkChildOfTest();
  if (test == 0) {
    setenv(kReportVariable, report.c_str(), 1);
    execl("/proc/self/exe", "api_test", "--gtest_also_run_disabled_tests",
          "--gtest_filter=Sqlite/KilledFixtureTest.DISABLED_*",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  ASSERT_EQ(waitpid(test, &status, 0), test);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the killed test's wait status: " << status;

  pid_t server = -1;
  std::string dir, store;
  std::ifstream(report) >> server >> dir >> store;
  std::filesystem::remove(report);
  ASSERT_GT(server, 0) << "the killed test reported no server";
  // Gone within 5 s (at once, in fact), killed by the parent-death signal.
  int server_status = 0;
  pid_t ended = 0;
  for (int i = 0; i < 100 && ended == 0; ++i) {
    ended = waitpid(server, &server_status, WNOHANG);
    if (ended == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (ended == 0) {
    kill(server, SIGKILL);
    waitpid(server, nullptr, 0);
  }
  prctl(PR_SET_CHILD_SUBREAPER, 0);
  for (const std::string& leftover : {dir, store}) {
    if (!leftover.empty()) std::filesystem::remove_all(leftover);
  }
  ASSERT_EQ(ended, server) << "the killed test's server outlived it";
  EXPECT_TRUE(WIFSIGNALED(server_status) && WTERMSIG(server_status) == SIGKILL)
      << "the server's wait status: " << server_status;
  EXPECT_EQ(kill(server, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

// A folder left by a killed test whose process id this one has: its files
// are gone before the server starts, so the server serves none of them.
class LeftoverFolderTest : public ApiTest {
 protected:
  void SetUp() override {
    const std::filesystem::path stale = FixtureFolder() / "web" / "assets";
    std::filesystem::create_directories(stale);
    std::ofstream(stale / "app-stale.js") << "console.log('stale')";
    std::ofstream(FixtureFolder() / "body") << "{\"stale\": true}";
    ApiTest::SetUp();
  }
};

TEST_P(LeftoverFolderTest, StartsEmpty) {
  EXPECT_FALSE(std::filesystem::exists(web_ / "assets" / "app-stale.js"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "body"));
  EXPECT_TRUE(std::filesystem::exists(web_ / "assets" / "app-1234.js"));
  EXPECT_THAT(Get("/assets/app-stale.js").body,
              ::testing::Not(::testing::HasSubstr("stale")));
}

INSTANTIATE_TEST_SUITE_P(
    Sqlite, LeftoverFolderTest, ::testing::Values(store::Backend::kSqlite),
    [](const ::testing::TestParamInfo<store::Backend>& info) {
      return store::BackendName(info.param);
    });

}  // namespace
}  // namespace vafa::testing_api
