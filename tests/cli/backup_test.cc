// vafa backup and vafa restore against a server that is writing: the copy
// is one committed state of the store (every import batch whole or absent,
// every API write with its audit entry), restores into a fresh store with
// the same rows and checksums, on both backends and across them.
#include "store/backup.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "store/migrations.h"
#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using testing_api::json;

constexpr int kBatches = 6;
constexpr int kOrdersPerBatch = 400;
constexpr int kLinesPerOrder = 3;

// table -> "rows checksum", from the lines `vafa backup|restore` print.
std::map<std::string, std::string> PrintedTables(const std::string& output) {
  std::map<std::string, std::string> tables;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    size_t first = line.find('\t');
    size_t second = line.find('\t', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    tables[line.substr(0, first)] = line.substr(first + 1, second - first - 1) +
                                    " " + line.substr(second + 1);
  }
  return tables;
}

std::map<std::string, std::string> Digests(store::Database& db) {
  auto digests = store::DigestStore(db);
  EXPECT_TRUE(digests.ok()) << digests.status().ToString();
  std::map<std::string, std::string> tables;
  if (!digests.ok()) return tables;
  for (const store::TableDigest& table : *digests) {
    tables[table.table] =
        std::to_string(table.rows) + " " + store::ChecksumText(table.checksum);
  }
  return tables;
}

long long Count(store::Database& db, const std::string& sql) {
  long long n = 0;
  db.sql() << sql, soci::into(n);
  return n;
}

class BackupTest : public testing_api::ApiTest {
 protected:
  // A fresh, empty store of `backend` (a new file, or a new PostgreSQL
  // database with nothing in it but the schema).
  std::string FreshStore(store::Backend backend, const std::string& name) {
    if (backend == store::Backend::kSqlite) {
      return (dir_ / (name + ".db")).string();
    }
    std::string why;
    auto scratch = store::ScratchDatabase::Create(backend, &why);
    EXPECT_NE(scratch, nullptr) << why;
    if (scratch == nullptr) return "";
    scratch->Close();
    std::string location = scratch->location();
    targets_.push_back(std::move(scratch));
    return location;
  }

  // Restores `file` into a fresh store and checks that it holds what the
  // backup recorded and that every write in it is whole. Returns the store.
  std::string RestoreAndCheck(const std::string& file,
                              const std::string& backup_output,
                              store::Backend backend, const std::string& name) {
    std::string target = FreshStore(backend, name);
    auto restored = testing::RunVafa({"--db", target, "restore", file});
    EXPECT_EQ(restored.exit_code, 0) << restored.output;
    EXPECT_THAT(restored.output, HasSubstr("0 later migration(s) applied"));
    auto recorded = PrintedTables(backup_output);
    EXPECT_GT(recorded.size(), 20u) << backup_output;
    EXPECT_EQ(PrintedTables(restored.output), recorded);
    auto db = store::Database::Open(target);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return target;
    EXPECT_EQ(Digests(**db), recorded) << name;
    CheckWholeWrites(**db, name);
    // New rows take ids after the restored ones (identity sequences moved).
    auto created = testing::RunVafa(
        {"--db", target, "workspace", "create", "after-restore"});
    EXPECT_EQ(created.exit_code, 0) << created.output;
    return target;
  }

  void CheckWholeWrites(store::Database& db, const std::string& name) {
    // Every order has all its lines, every test batch all its orders, and no
    // order is there without its batch.
    EXPECT_EQ(Count(db,
                    "SELECT COUNT(*) FROM orders o WHERE o.line_count <> "
                    "(SELECT COUNT(*) FROM order_lines l WHERE "
                    "l.order_id = o.id)"),
              0)
        << name;
    EXPECT_EQ(Count(db,
                    "SELECT COUNT(*) FROM orders o WHERE o.batch_id IS NOT "
                    "NULL AND NOT EXISTS (SELECT 1 FROM import_batches b "
                    "WHERE b.id = o.batch_id)"),
              0)
        << name;
    EXPECT_EQ(Count(db,
                    "SELECT COUNT(*) FROM import_batches b WHERE b.file_name "
                    "LIKE '%batch-%' AND (SELECT COUNT(*) FROM orders o WHERE "
                    "o.batch_id = b.id) <> " +
                        std::to_string(kOrdersPerBatch)),
              0)
        << name;
    const long long whole =
        Count(db,
              "SELECT COUNT(*) FROM import_batches WHERE file_name LIKE "
              "'%batch-%'");
    // Every interaction written through the API has its audit entry, and
    // every such entry its interaction (one transaction each).
    EXPECT_EQ(Count(db,
                    "SELECT COUNT(*) FROM interactions i WHERE i.batch_id IS "
                    "NULL AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                    "a.entity = 'interaction' AND a.action = 'create' AND "
                    "a.entity_id = i.id)"),
              0)
        << name;
    EXPECT_EQ(Count(db,
                    "SELECT COUNT(*) FROM audit_log a WHERE a.entity = "
                    "'interaction' AND a.action = 'create' AND NOT EXISTS "
                    "(SELECT 1 FROM interactions i WHERE i.id = a.entity_id)"),
              0)
        << name;
    std::cout << name << ": " << whole << " of " << kBatches
              << " test batches, "
              << Count(db,
                       "SELECT COUNT(*) FROM interactions WHERE batch_id IS "
                       "NULL")
              << " API interactions\n";
  }

  void WriteBatchFiles() {
    for (int batch = 0; batch < kBatches; ++batch) {
      std::ofstream file(dir_ / ("batch-" + std::to_string(batch) + ".csv"));
      file << "customer_id,date,order_id,product,quantity,amount\n";
      for (int order = 0; order < kOrdersPerBatch; ++order) {
        for (int line = 0; line < kLinesPerOrder; ++line) {
          file << "B" << batch << "-C" << order % 40 << ",2026-11-"
               << 10 + order % 10 << ",B" << batch << "-O" << order << ",P"
               << (order + line) % 30 << ",1," << 1000 + order << "\n";
        }
      }
    }
  }

  std::vector<std::unique_ptr<store::ScratchDatabase>> targets_;
};

TEST_P(BackupTest, BackupWhileWritingRestoresOneCommittedState) {
  WriteBatchFiles();
  const std::string ws = "/api/v1/workspaces/demo";
  const std::string token = Owner();
  std::atomic<bool> stop = false;
  std::atomic<int> imported = 0;
  std::atomic<int> api_writes = 0;
  std::atomic<int> refused_writes = 0;
  std::thread importer([&] {
    for (int batch = 0; batch < kBatches; ++batch) {
      auto run = testing::RunVafa(
          {"--db", scratch_->location(), "import", "transactions",
           (dir_ / ("batch-" + std::to_string(batch) + ".csv")).string(),
           "--create-missing-customers"});
      EXPECT_EQ(run.exit_code, 0) << run.output;
      ++imported;
    }
  });
  std::thread writer([&] {
    for (int n = 0; !stop; ++n) {
      auto call = Call("POST", ws + "/interactions", token,
                       json{{"customer_id", 1 + n % 100},
                            {"occurred_at", "2026-11-21T09:30:00"},
                            {"type", "call"},
                            {"subject", "write " + std::to_string(n)}}
                           .dump());
      // An SQLite write whose transaction began before an import committed
      // is refused ("database is locked", a 500) instead of waiting: then
      // nothing was written, which the checks below also see.
      if (call.status == 500 && GetParam() == store::Backend::kSqlite) {
        ++refused_writes;
        continue;
      }
      EXPECT_EQ(call.status, 201) << call.body;
      ++api_writes;
    }
  });
  // One backup soon after the writes start and one later, each while the
  // import and the API writes run.
  std::vector<std::pair<std::string, std::string>> backups;
  for (int taken = 0; taken < 2; ++taken) {
    while (imported < 1 + 2 * taken && api_writes < 1000) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string file = (dir_ / ("live-" + std::to_string(taken) + ".vafa"));
    auto backup =
        testing::RunVafa({"--db", scratch_->location(), "backup", file});
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    EXPECT_THAT(backup.output, HasSubstr("wrote " + file));
    backups.emplace_back(file, backup.output);
  }
  importer.join();
  stop = true;
  writer.join();
  std::cout << api_writes << " API writes, " << refused_writes
            << " refused as locked\n";
  EXPECT_GT(api_writes, 0);

  for (size_t i = 0; i < backups.size(); ++i) {
    RestoreAndCheck(backups[i].first, backups[i].second, GetParam(),
                    "live-" + std::to_string(i));
  }

  // With the server stopped, a backup restores to exactly the source.
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  std::string still = (dir_ / "still.vafa").string();
  auto backup =
      testing::RunVafa({"--db", scratch_->location(), "backup", still});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  auto source = scratch_->OpenAnother();
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(PrintedTables(backup.output), Digests(**source));
  EXPECT_EQ(Count(**source,
                  "SELECT COUNT(*) FROM import_batches WHERE "
                  "file_name LIKE '%batch-%'"),
            kBatches);
  RestoreAndCheck(still, backup.output, GetParam(), "still");
  // The same file restores into the other backend, to the same checksums.
  const store::Backend other = GetParam() == store::Backend::kSqlite
                                   ? store::Backend::kPostgres
                                   : store::Backend::kSqlite;
  if (other == store::Backend::kSqlite ||
      std::getenv("VAFA_TEST_POSTGRES_URL") != nullptr) {
    RestoreAndCheck(still, backup.output, other, "still-other-backend");
  }
}

TEST_P(BackupTest, RestoreRefusesWhatItCannotLoadAndChangesNothing) {
  std::string file = (dir_ / "demo.vafa").string();
  auto backup =
      testing::RunVafa({"--db", scratch_->location(), "backup", file});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  auto again = testing::RunVafa({"--db", scratch_->location(), "backup", file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("exists already"));

  // Into a store that has rows: refused, the store unchanged.
  auto before = scratch_->OpenAnother();
  ASSERT_TRUE(before.ok());
  auto digests = Digests(**before);
  auto refused =
      testing::RunVafa({"--db", scratch_->location(), "restore", file});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("is not empty"));
  EXPECT_EQ(Digests(**before), digests);

  // Not a backup at all.
  std::ofstream(dir_ / "junk.vafa") << "customer_id,date\n";
  auto junk = testing::RunVafa({"--db", FreshStore(GetParam(), "junk"),
                                "restore", (dir_ / "junk.vafa").string()});
  EXPECT_EQ(junk.exit_code, 1);
  EXPECT_THAT(junk.output, HasSubstr("not a vafa backup"));

  const int latest = store::AllMigrations().back().version;
  // From a newer schema than this program knows: refused.
  {
    std::filesystem::copy_file(file, dir_ / "newer.vafa");
    auto archive = store::Database::Open((dir_ / "newer.vafa").string(),
                                         /*migrate=*/false);
    ASSERT_TRUE(archive.ok());
    (*archive)->sql() << "UPDATE vafa_backup SET value = '" << latest + 1
                      << "' WHERE key = 'schema_version'";
    (*archive)->sql() << "PRAGMA journal_mode = DELETE";
  }
  auto newer = testing::RunVafa({"--db", FreshStore(GetParam(), "newer"),
                                 "restore", (dir_ / "newer.vafa").string()});
  EXPECT_EQ(newer.exit_code, 1);
  EXPECT_THAT(newer.output, HasSubstr("newer than this vafa knows"));

  // From an older schema: restored at its version, then migrated. The
  // backup is made older by undoing migrations 25 (the typed tables of
  // analysis_reports), 24 (the refusal column of
  // analysis_jobs, which goes with that table below), 23 (profitability
  // rates), 22 and 21 (the indexes of
  // customers by id and of open tickets by due time), 20 (campaign
  // expectations),
  // 19 (message tracking, with the messaging tables), 18 (server
  // coordination), 17 (holdings), 16 (messaging), 15 (quality runs), 14
  // (customer merges), 13
  // (as far as columns go: the batches' count of anonymous lines), 12, 11 and
  // 10 in it.
  {
    std::filesystem::copy_file(file, dir_ / "older.vafa");
    auto archive = store::Database::Open((dir_ / "older.vafa").string(),
                                         /*migrate=*/false);
    ASSERT_TRUE(archive.ok());
    soci::session& sql = (*archive)->sql();
    // (An archive made from PostgreSQL holds no indexes.)
    sql << "ALTER TABLE analysis_reports DROP COLUMN table_cells";
    sql << "ALTER TABLE analysis_reports DROP COLUMN table_columns";
    // Kept reports lose columns, so their checksum would change: none kept.
    sql << "DELETE FROM analysis_reports";
    sql << "UPDATE vafa_backup_tables SET rows = 0, checksum = "
           "'0000000000000000' WHERE name = 'analysis_reports'";
    sql << "DROP TABLE profitability_rates";
    sql << "DELETE FROM vafa_backup_tables WHERE name = "
           "'profitability_rates'";
    sql << "DROP INDEX IF EXISTS customers_workspace_id";
    sql << "DROP INDEX IF EXISTS tickets_open_due";
    sql << "DROP TABLE campaign_expectations";
    sql << "DELETE FROM vafa_backup_tables WHERE name = "
           "'campaign_expectations'";
    for (const char* coordination : {"analysis_jobs", "throttle_failures"}) {
      sql << "DROP TABLE " << coordination;
      sql << "DELETE FROM vafa_backup_tables WHERE name = '" << coordination
          << "'";
    }
    for (const char* holdings :
         {"holding_balances", "holdings", "holding_products",
          "relationship_managers", "branches"}) {
      sql << "DROP TABLE " << holdings;
      sql << "DELETE FROM vafa_backup_tables WHERE name = '" << holdings << "'";
    }
    for (const char* messaging :
         {"message_links", "outbox_messages", "message_consents",
          "message_templates", "message_channels", "messaging_rules"}) {
      sql << "DROP TABLE " << messaging;
      sql << "DELETE FROM vafa_backup_tables WHERE name = '" << messaging
          << "'";
    }
    sql << "DROP TABLE quality_run_fields";
    sql << "DROP TABLE quality_runs";
    sql << "DELETE FROM vafa_backup_tables WHERE name IN ('quality_runs', "
           "'quality_run_fields')";
    for (const char* merges :
         {"customer_merges", "customer_merge_moves", "customer_merge_customers",
          "customer_merge_scores", "customer_merge_search_terms",
          "customer_merge_campaign_members"}) {
      sql << "DROP TABLE " << merges;
      sql << "DELETE FROM vafa_backup_tables WHERE name = '" << merges << "'";
    }
    sql << "ALTER TABLE customers DROP COLUMN merged_into";
    // Customers lose a column, so their checksum would change: none kept.
    sql << "DELETE FROM customers";
    sql << "UPDATE vafa_backup_tables SET rows = 0, checksum = "
           "'0000000000000000' WHERE name = 'customers'";
    sql << "DROP TABLE import_profiles";
    sql << "DELETE FROM vafa_backup_tables WHERE name = 'import_profiles'";
    sql << "ALTER TABLE import_batches DROP COLUMN rows_anonymous";
    sql << "ALTER TABLE import_batches DROP COLUMN rows_skipped";
    // Batches lose a column, so their checksum would change: none kept.
    sql << "DELETE FROM import_batches";
    sql << "UPDATE vafa_backup_tables SET rows = 0, checksum = "
           "'0000000000000000' WHERE name = 'import_batches'";
    sql << "DROP TABLE audit_chain";
    sql << "ALTER TABLE audit_log DROP COLUMN client_address";
    sql << "ALTER TABLE audit_log DROP COLUMN previous_hash";
    sql << "ALTER TABLE audit_log DROP COLUMN hash";
    sql << "DELETE FROM vafa_backup_tables WHERE name = 'audit_chain'";
    // The audit log loses columns, so its checksum would change: none kept.
    sql << "DELETE FROM audit_log";
    sql << "UPDATE vafa_backup_tables SET rows = 0, checksum = "
           "'0000000000000000' WHERE name = 'audit_log'";
    sql << "DROP TABLE ticket_attachments";
    sql << "ALTER TABLE tickets DROP COLUMN satisfaction_requested_at";
    sql << "DELETE FROM schema_migrations WHERE version >= 10";
    sql << "DELETE FROM vafa_backup_tables WHERE name = 'ticket_attachments'";
    // Tickets lose a column, so their checksum would change: none are kept.
    sql << "DELETE FROM tickets";
    sql << "UPDATE vafa_backup_tables SET rows = 0, checksum = "
           "'0000000000000000' WHERE name = 'tickets'";
    sql << "UPDATE vafa_backup SET value = '9' WHERE key = 'schema_version'";
    sql << "PRAGMA journal_mode = DELETE";
  }
  std::string target = FreshStore(GetParam(), "older");
  if (GetParam() == store::Backend::kPostgres) {
    // A database with no schema at all: the restore creates version 9.
    auto db = store::Database::Open(target, /*migrate=*/false);
    ASSERT_TRUE(db.ok());
    (*db)->sql() << "DROP SCHEMA public CASCADE";
    (*db)->sql() << "CREATE SCHEMA public";
  }
  auto older = testing::RunVafa(
      {"--db", target, "restore", (dir_ / "older.vafa").string()});
  ASSERT_EQ(older.exit_code, 0) << older.output;
  EXPECT_THAT(older.output, HasSubstr("schema version 9, "));
  // Counted, not subtracted: migration numbers may have gaps.
  const auto later = std::count_if(
      store::AllMigrations().begin(), store::AllMigrations().end(),
      [](const store::Migration& migration) { return migration.version > 9; });
  EXPECT_THAT(older.output,
              HasSubstr(std::to_string(later) + " later migration(s) applied"));
  auto restored = store::Database::Open(target, /*migrate=*/false);
  ASSERT_TRUE(restored.ok());
  auto versions = (*restored)->AppliedMigrations();
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->back(), latest);
  auto now = Digests(**restored);
  EXPECT_EQ(now["tickets"], "0 0000000000000000");
  EXPECT_EQ(now["audit_log"], "0 0000000000000000");
  EXPECT_EQ(now["import_batches"], "0 0000000000000000");
  EXPECT_EQ(now["customers"], "0 0000000000000000");
  // Emptied in the older backup, or made anew by the migrations after it.
  for (const char* changed :
       {"ticket_attachments", "tickets", "audit_log", "audit_chain",
        "analysis_reports", "import_batches", "import_profiles", "customers",
        "customer_merges", "customer_merge_moves", "customer_merge_customers",
        "customer_merge_scores", "customer_merge_search_terms",
        "customer_merge_campaign_members"}) {
    digests.erase(changed);
    now.erase(changed);
  }
  EXPECT_EQ(now, digests);
}

VAFA_INSTANTIATE_BACKEND_TEST(BackupTest);

}  // namespace
}  // namespace vafa
