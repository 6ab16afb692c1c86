// The store's schema versions: a store from a newer release is refused, the
// pending list names what Migrate would apply, and a migration that fails
// leaves the store at the version before it; on SQLite and PostgreSQL.
#include "store/migrations.h"

#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::store {
namespace {

using MigrationsTest = BackendTest;

// A store written by a newer release (a migration this build lacks) is
// refused, by Migrate and by the list of pending migrations, naming both
// schema versions, and left as it was.
TEST_P(MigrationsTest, RefusesAStoreFromANewerRelease) {
  auto pending = db().PendingMigrations();
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_TRUE(pending->empty());
  const int newer = LatestSchemaVersion() + 1;
  db().sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (:v, 'from_a_newer_release', 0)",
      soci::use(newer);
  const std::string expected = "has schema version " + std::to_string(newer) +
                               ", newer than this vafa knows (schema version " +
                               std::to_string(LatestSchemaVersion()) + ")";
  auto migrated = db().Migrate();
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(migrated.status().message().find(expected), std::string::npos)
      << migrated.status().message();
  auto listed = db().PendingMigrations();
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.status().message().find(expected), std::string::npos);
  auto applied = db().AppliedMigrations();
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->back(), newer);
  EXPECT_EQ(applied->size(), AllMigrations().size() + 1);
}

// A migration that fails part way leaves the store at the version before
// it: its earlier statements are rolled back with it (transactional DDL on
// both backends), nothing is recorded, and the error names the migration.
// A correct migration after it then applies as usual.
TEST_P(MigrationsTest, AFailingMigrationLeavesTheStoreAtItsVersion) {
  const int latest = LatestSchemaVersion();
  std::vector<Migration> migrations(AllMigrations().begin(),
                                    AllMigrations().end());
  migrations.push_back({latest + 1, "made_to_fail",
                        "CREATE TABLE made_to_fail (id INTEGER)\n;\n"
                        "ALTER TABLE made_to_fail ADD COLUMN note TEXT\n;\n"
                        "INSERT INTO no_such_table (id) VALUES (1)\n"});
  auto failed = ApplyMigrations(db(), migrations);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find(
                "migration " + std::to_string(latest + 1) +
                " (made_to_fail) failed and nothing of it was kept (the store "
                "is still at schema version " +
                std::to_string(latest) + ")"),
            std::string::npos)
      << failed.status().message();
  auto applied = db().AppliedMigrations();
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->back(), latest);
  EXPECT_THROW(db().sql() << "SELECT COUNT(*) FROM made_to_fail",
               std::exception);

  migrations.back() = {latest + 1, "made_to_work",
                       "CREATE TABLE made_to_work (id INTEGER)\n"};
  auto worked = ApplyMigrations(db(), migrations);
  ASSERT_TRUE(worked.ok()) << worked.status().ToString();
  EXPECT_EQ(*worked, 1);
  EXPECT_EQ(db().AppliedMigrations()->back(), latest + 1);
}

// The pending list names what Migrate would apply: a recorded migration
// removed from schema_migrations is listed again.
TEST_P(MigrationsTest, PendingMigrationsAreThoseNotRecorded) {
  const int last = LatestSchemaVersion();
  db().sql() << "DELETE FROM schema_migrations WHERE version = :v",
      soci::use(last);
  auto pending = db().PendingMigrations();
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_EQ(*pending, std::vector<int>{last});
}

VAFA_INSTANTIATE_BACKEND_TEST(MigrationsTest);

}  // namespace
}  // namespace vafa::store
