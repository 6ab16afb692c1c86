// vafa --version and vafa migrate --dry-run through the binary, and the
// refusal of a store a newer release wrote, on both backends.
#include <gmock/gmock.h>
#include <soci/soci.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <string>

#include "store/migrations.h"
#include "store/store_test_support.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The commit git names for the source tree, or "" outside a checkout.
std::string SourceCommit() {
  std::string command = "git -C " +
                        testing::ShellQuote(::vafa::testing::kSourceDir) +
                        " rev-parse --short=12 HEAD 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  char buffer[64] = {};
  std::string out = fgets(buffer, sizeof buffer, pipe) ? buffer : "";
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(VersionTest, PrintsVersionSchemaVersionAndCommit) {
  auto run = testing::RunVafa({"--version"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      run.output, match,
      std::regex("vafa (\\S+)\nschema version (\\d+)\ncommit (\\S+)\n")))
      << run.output;
  EXPECT_EQ(match[1], VAFA_PROJECT_VERSION);
  EXPECT_EQ(std::stoi(match[2]), store::LatestSchemaVersion());
  EXPECT_EQ(store::LatestSchemaVersion(),
            store::AllMigrations().back().version);
  const std::string commit = SourceCommit();
  if (commit.empty()) {
    EXPECT_EQ(match[3], "unknown");
  } else {
    EXPECT_TRUE(
        std::regex_match(match[3].str(), std::regex(commit + "(-modified)?")))
        << match[3] << " is not " << commit;
  }
}

TEST(VersionTest, DryRunOnAMissingFileListsEveryMigrationAndCreatesNothing) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vafa_dry_run_" + std::to_string(getpid()) + ".db");
  auto run = testing::RunVafa({"--db", path.string(), "migrate", "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const store::Migration& migration : store::AllMigrations()) {
    EXPECT_THAT(run.output,
                HasSubstr("would apply " + std::to_string(migration.version) +
                          " (" + std::string(migration.name) + ")"));
  }
  EXPECT_THAT(run.output,
              HasSubstr(std::to_string(store::AllMigrations().size()) +
                        " migration(s) to apply"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

class MigrateCommandTest : public store::BackendTest {
 protected:
  testing::CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    return testing::RunVafa(args);
  }
  int RecordedMigrations() {
    int count = 0;
    db().sql() << "SELECT COUNT(*) FROM schema_migrations", soci::into(count);
    return count;
  }
};

TEST_P(MigrateCommandTest, DryRunListsWhatWouldRunAndAppliesNothing) {
  auto current = Vafa({"migrate", "--dry-run"});
  ASSERT_EQ(current.exit_code, 0) << current.output;
  EXPECT_THAT(current.output, HasSubstr("0 migration(s) to apply"));
  // Forget the last migration: the dry run names it and leaves it unrun.
  const store::Migration& last = store::AllMigrations().back();
  db().sql() << "DELETE FROM schema_migrations WHERE version = :v",
      soci::use(last.version);
  auto behind = Vafa({"migrate", "--dry-run"});
  ASSERT_EQ(behind.exit_code, 0) << behind.output;
  EXPECT_THAT(behind.output,
              HasSubstr("would apply " + std::to_string(last.version) + " (" +
                        std::string(last.name) + ")\n1 migration(s) to apply"));
  EXPECT_EQ(RecordedMigrations(),
            static_cast<int>(store::AllMigrations().size()) - 1);
}

// The store's recorded version bumped by hand, as a newer release would
// leave it: every command refuses it, naming both schema versions.
TEST_P(MigrateCommandTest, OlderBinaryRefusesANewerStore) {
  const int newer = store::LatestSchemaVersion() + 1;
  db().sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (:v, 'from_a_newer_release', 0)",
      soci::use(newer);
  const std::string expected = "has schema version " + std::to_string(newer) +
                               ", newer than this vafa knows (schema version " +
                               std::to_string(store::LatestSchemaVersion()) +
                               ")";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"migrate"},
        std::vector<std::string>{"migrate", "--dry-run"},
        std::vector<std::string>{"workspace", "list"},
        std::vector<std::string>{"serve", "--port", "0"}}) {
    auto run = Vafa(args);
    EXPECT_EQ(run.exit_code, 1) << args[0] << ": " << run.output;
    EXPECT_THAT(run.output, HasSubstr(expected)) << args[0];
    EXPECT_THAT(run.output, Not(HasSubstr("vafa is serving")));
  }
  EXPECT_EQ(RecordedMigrations(),
            static_cast<int>(store::AllMigrations().size()) + 1);
}

VAFA_INSTANTIATE_BACKEND_TEST(MigrateCommandTest);

}  // namespace
}  // namespace vafa
