#include "store/read_replicas.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "store/scratch_database.h"
#include "store/store_test_support.h"

namespace vafa::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ReadLocationsTest, RepeatedAndCommaSeparatedValuesMakeOneList) {
  auto parsed = ParseReadLocations(
      {"postgresql://a/vafa, postgres://b/vafa", "postgresql://c/vafa", ""});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_THAT(*parsed, ElementsAre("postgresql://a/vafa", "postgres://b/vafa",
                                   "postgresql://c/vafa"));
}

TEST(ReadLocationsTest, ANonPostgresLocationIsRefusedWithoutItsPassword) {
  auto parsed =
      ParseReadLocations({"postgresql://a/vafa,mysql://vafa:secret@b/vafa"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("--read-db \"b/vafa\""));
  EXPECT_THAT(parsed.status().message(), Not(HasSubstr("secret")));
  EXPECT_FALSE(ParseReadLocations({"replica.db"}).ok());
}

using ReadReplicasTest = BackendTest;

// A replica that does not answer sends every read to the primary, and says
// so once, without its password, however many reads there are.
TEST_P(ReadReplicasTest, ADownReplicaSendsReadsToThePrimaryAndLogsOnce) {
  std::vector<std::string> lines;
  ReadReplicas replicas(
      {"postgresql://vafa:secret@/vafa?host=/nonexistent-vafa&port=1"}, 10,
      [&](bool, const std::string& line) { lines.push_back(line); });
  for (int read = 0; read < 3; ++read) {
    ReadConnection connection(&replicas, db());
    EXPECT_FALSE(connection.on_replica());
    EXPECT_EQ(&connection.db(), &db());
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0],
              HasSubstr("read replica 1 (/vafa host=/nonexistent-vafa "
                        "port=1) does not answer"));
  EXPECT_THAT(lines[0], HasSubstr("go to the primary"));
  EXPECT_THAT(lines[0], Not(HasSubstr("secret")));
}

// A primary named as a replica is never read from: it is not a standby.
TEST_P(ReadReplicasTest, AServerThatIsNotAStandbyIsNotUsed) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  std::vector<std::string> lines;
  ReadReplicas replicas(
      {scratch_->location()}, 10,
      [&](bool, const std::string& line) { lines.push_back(line); });
  EXPECT_EQ(replicas.OpenForRead(db()), nullptr);
  EXPECT_EQ(replicas.OpenForRead(db()), nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("is not a standby"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReadReplicasTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         [](const auto& info) {
                           return BackendName(info.param);
                         });

// With a real streaming replica (scripts/with-postgres-replica): reads go
// there while it is fresh; paused replay past the bound, or a stopped
// replica, sends them to the primary, which answers with what was written.
class StreamingReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* replica = std::getenv("VAFA_TEST_REPLICA_URL");
    if (replica == nullptr || *replica == '\0') {
      if (std::getenv("VAFA_REQUIRE_REPLICA") != nullptr) {
        FAIL() << "VAFA_TEST_REPLICA_URL is not set";
      }
      GTEST_SKIP() << "no replica: run under scripts/with-postgres-replica";
    }
    replica_admin_ = replica;
    std::string why;
    scratch_ = ScratchDatabase::Create(Backend::kPostgres, &why);
    ASSERT_NE(scratch_, nullptr) << why;
    const std::string path =
        scratch_->location().substr(0, scratch_->location().find('?'));
    replica_location_ =
        WithDatabaseName(replica_admin_, path.substr(path.rfind('/') + 1));
  }
  Database& primary() { return scratch_->db(); }
  void OnReplica(const std::string& statement) {
    soci::session admin("postgresql", replica_admin_);
    admin << statement;
  }
  // The workspaces a read sees.
  static long long Workspaces(Database& db) {
    long long count = -1;
    db.sql() << "SELECT COUNT(*) FROM workspaces", soci::into(count);
    return count;
  }
  // Waits until the replica (while replaying) has the primary's workspaces.
  bool ReplicaCaughtUp(long long expected) {
    for (int wait = 0; wait < 200; ++wait) {
      auto replica = Database::Open(replica_location_, false);
      if (replica.ok() && Workspaces(**replica) == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::unique_ptr<ScratchDatabase> scratch_;
  std::string replica_admin_;
  std::string replica_location_;
};

TEST_F(StreamingReplicaTest, FreshLaggingAndStoppedReplicas) {
  std::vector<std::string> lines;
  ReadReplicas replicas(
      {replica_location_}, 2,
      [&](bool, const std::string& line) { lines.push_back(line); });
  const long long before = Workspaces(primary());
  ASSERT_TRUE(WorkspaceRepository(primary()).Create("first", "First").ok());
  ASSERT_TRUE(ReplicaCaughtUp(before + 1));
  {
    ReadConnection read(&replicas, primary());
    ASSERT_TRUE(read.on_replica());
    int standby = 0;
    read.db().sql() << "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END",
        soci::into(standby);
    EXPECT_EQ(standby, 1);
    EXPECT_EQ(Workspaces(read.db()), before + 1);
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("is in use"));

  // Replay paused: a write on the primary stays off the replica. Within the
  // bound the replica still serves; past it the primary answers, with the
  // write.
  OnReplica("SELECT pg_wal_replay_pause()");
  ASSERT_TRUE(WorkspaceRepository(primary()).Create("second", "Second").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  for (int read_idx = 0; read_idx < 3; ++read_idx) {
    ReadConnection read(&replicas, primary());
    EXPECT_FALSE(read.on_replica());
    EXPECT_EQ(Workspaces(read.db()), before + 2);
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1],
              HasSubstr("s behind the primary (--read-db-max-lag 2 s)"));
  EXPECT_THAT(lines[1], HasSubstr("go to the primary until it is fresh again"));

  // Replay resumed: the replica catches up and serves again.
  OnReplica("SELECT pg_wal_replay_resume()");
  ASSERT_TRUE(ReplicaCaughtUp(before + 2));
  {
    ReadConnection read(&replicas, primary());
    EXPECT_TRUE(read.on_replica());
    EXPECT_EQ(Workspaces(read.db()), before + 2);
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[2], HasSubstr("is in use"));

  // Stopped: the primary answers, and the log says so once.
  const char* stop = std::getenv("VAFA_TEST_REPLICA_STOP");
  const char* start = std::getenv("VAFA_TEST_REPLICA_START");
  ASSERT_NE(stop, nullptr);
  ASSERT_NE(start, nullptr);
  ASSERT_EQ(std::system(stop), 0);
  ASSERT_TRUE(WorkspaceRepository(primary()).Create("third", "Third").ok());
  for (int read_idx = 0; read_idx < 3; ++read_idx) {
    ReadConnection read(&replicas, primary());
    EXPECT_FALSE(read.on_replica());
    EXPECT_EQ(Workspaces(read.db()), before + 3);
  }
  EXPECT_EQ(std::system(start), 0);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[3], HasSubstr("does not answer"));
}

}  // namespace
}  // namespace vafa::store
