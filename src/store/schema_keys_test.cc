// Every key of a workspace's table leads with workspace_id, on SQLite and
// PostgreSQL: each primary key, unique constraint and index of a table that
// has a workspace_id column, so that a workspace-distributed engine (Citus,
// distributing by workspace_id) could shard the schema as it is, and so
// that every lookup names the workspace first. The exceptions are listed
// below, each with its reason; an exception the schema no longer needs
// fails the test too, so the list stays true.
#include <soci/soci.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/store_test_support.h"

namespace vafa::store {
namespace {

struct KeyAllowance {
  const char* key;  // "table(column,column)"
  bool sqlite;      // needed on SQLite
  bool postgres;    // needed on PostgreSQL
  const char* reason;
};

// SQLite's rowid tables keep their INTEGER PRIMARY KEY (the row itself, no
// second index): `{{ID}}` ids are global there, and on PostgreSQL until a
// table is rebuilt with (workspace_id, id) as order_lines and interactions
// were (0026). Citus accepts a global id only on a reference table, so each
// of these is work left before sharding, not a design.
constexpr const char* kGlobalIdReason =
    "a global id; rebuild as (workspace_id, id) before sharding";

constexpr const char* kParentReason =
    "keyed by a parent row of one workspace; leads with workspace_id once "
    "the parent's key does";

const KeyAllowance kAllowances[] = {
    // Global ids (both backends).
    {"analysis_jobs(id)", true, true, kGlobalIdReason},
    {"analysis_runs(id)", true, true, kGlobalIdReason},
    {"audit_log(id)", true, true, kGlobalIdReason},
    {"branches(id)", true, true, kGlobalIdReason},
    {"campaigns(id)", true, true, kGlobalIdReason},
    {"credentials(id)", true, true, kGlobalIdReason},
    {"customer_merges(id)", true, true, kGlobalIdReason},
    {"customers(id)", true, true, kGlobalIdReason},
    {"deal_moves(id)", true, true, kGlobalIdReason},
    {"deals(id)", true, true, kGlobalIdReason},
    {"holding_products(id)", true, true, kGlobalIdReason},
    {"holdings(id)", true, true, kGlobalIdReason},
    {"import_batches(id)", true, true, kGlobalIdReason},
    {"import_profiles(id)", true, true, kGlobalIdReason},
    {"leads(id)", true, true, kGlobalIdReason},
    {"loyalty_ledger(id)", true, true, kGlobalIdReason},
    {"message_channels(id)", true, true, kGlobalIdReason},
    {"message_templates(id)", true, true, kGlobalIdReason},
    {"orders(id)", true, true, kGlobalIdReason},
    {"outbox_messages(id)", true, true, kGlobalIdReason},
    {"products(id)", true, true, kGlobalIdReason},
    {"quality_runs(id)", true, true, kGlobalIdReason},
    {"relationship_managers(id)", true, true, kGlobalIdReason},
    {"segments(id)", true, true, kGlobalIdReason},
    {"survey_responses(id)", true, true, kGlobalIdReason},
    {"surveys(id)", true, true, kGlobalIdReason},
    {"tasks(id)", true, true, kGlobalIdReason},
    {"ticket_attachments(id)", true, true, kGlobalIdReason},
    {"ticket_events(id)", true, true, kGlobalIdReason},
    {"tickets(id)", true, true, kGlobalIdReason},
    // SQLite keeps the rowid key of the two tables partitioned on
    // PostgreSQL, where they lead with workspace_id.
    {"order_lines(line_key)", true, false,
     "SQLite's rowid, no index of its own"},
    {"interactions(id)", true, false, "SQLite's rowid, no index of its own"},
    // Rows of a parent row that belongs to one workspace: they go to the
    // parent's shard once the parent's key leads with workspace_id.
    {"holding_balances(holding_id,as_of)", true, true, kParentReason},
    {"customer_versions(batch_id,customer_id)", true, true, kParentReason},
    {"customer_merge_customers(merge_id,id)", true, true, kParentReason},
    {"customer_merge_scores(merge_id,customer_id,name)", true, true,
     kParentReason},
    {"customer_merge_search_terms(merge_id,term,customer_id)", true, true,
     kParentReason},
    {"customer_merge_campaign_members(merge_id,campaign_id,customer_id)", true,
     true, kParentReason},
    // Looked up before the workspace is known, or across workspaces on
    // purpose. Citus needs the distribution column only in primary keys and
    // unique indexes: the plain indexes here can stay as they are.
    {"credentials(token_hash)", true, true,
     "a session or API key is found by its token before its workspace is "
     "known; on Citus, credentials would be a reference table"},
    {"credentials(user_id,kind)", true, true,
     "a user's credentials across the workspaces they belong to"},
    {"memberships(user_id)", true, true,
     "the workspaces a user belongs to, at sign-in"},
    {"outbox_messages(state,next_attempt_at,id)", true, true,
     "the sender claims the due messages of every workspace"},
    {"outbox_messages(unsubscribe_token)", true, true,
     "a public unsubscribe link carries only its token"},
    {"outbox_messages(tracking_token)", true, true,
     "a public tracking link carries only its token"},
    {"outbox_messages(channel_id,provider_message_id)", true, true,
     "a provider's delivery report names only its own message id"},
    {"analysis_jobs(status,lease_until)", true, true,
     "any process takes over the lapsed jobs of every workspace"},
    {"customer_search_terms(customer_id)", true, true,
     "a customer's terms are deleted by customer id alone (imports, "
     "merges); (workspace_id, customer_id) once those name the workspace"},
};

// "table(a,b)" for each primary key, unique constraint and index of every
// table with a workspace_id column, with what kind of key it is.
std::map<std::string, std::string> WorkspaceTableKeys(Database& db) {
  std::map<std::string, std::string> keys;
  if (db.backend() == Backend::kPostgres) {
    soci::rowset<soci::row> rows =
        db.sql().prepare
        << "SELECT t.relname::text, CASE WHEN x.indisprimary THEN 'primary "
           "key' WHEN x.indisunique THEN 'unique index' ELSE 'index' END, "
           "COALESCE((SELECT string_agg(COALESCE(a.attname::text, "
           "'(expression)'), ',' ORDER BY k.n) FROM unnest(x.indkey::int2[]) "
           "WITH ORDINALITY AS k(attnum, n) LEFT JOIN pg_attribute a ON "
           "a.attrelid = t.oid AND a.attnum = k.attnum), '') "
           "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
           "WHERE t.relnamespace = current_schema()::regnamespace AND "
           "t.relkind IN ('r', 'p') AND NOT t.relispartition AND EXISTS "
           "(SELECT 1 FROM pg_attribute w WHERE w.attrelid = t.oid AND "
           "w.attname = 'workspace_id' AND NOT w.attisdropped)";
    for (const soci::row& row : rows) {
      keys[row.get<std::string>(0) + "(" + row.get<std::string>(2) + ")"] =
          row.get<std::string>(1);
    }
    return keys;
  }
  std::vector<std::string> tables;
  soci::rowset<std::string> names =
      (db.sql().prepare << "SELECT m.name FROM sqlite_master m WHERE m.type "
                           "= 'table' AND EXISTS (SELECT 1 FROM "
                           "pragma_table_info(m.name) c WHERE c.name = "
                           "'workspace_id') ORDER BY m.name");
  for (const std::string& name : names) tables.push_back(name);
  auto columns = [&](const std::string& sql, const std::string& of) {
    std::string joined;
    soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(of));
    for (const soci::row& row : rows) {
      if (!joined.empty()) joined += ',';
      joined += row.get_indicator(0) == soci::i_null ? "(expression)"
                                                     : row.get<std::string>(0);
    }
    return joined;
  };
  for (const std::string& table : tables) {
    const std::string primary = columns(
        "SELECT name FROM pragma_table_info(:t) WHERE pk > 0 ORDER BY pk",
        table);
    if (!primary.empty()) keys[table + "(" + primary + ")"] = "primary key";
    std::vector<std::pair<std::string, int>> indexes;
    std::string index;
    int unique = 0;
    soci::statement listed =
        (db.sql().prepare << "SELECT name, \"unique\" FROM "
                             "pragma_index_list(:t) WHERE origin <> 'pk'",
         soci::use(table), soci::into(index), soci::into(unique));
    listed.execute();
    while (listed.fetch()) indexes.emplace_back(index, unique);
    for (const auto& [name, is_unique] : indexes) {
      keys[table + "(" +
           columns("SELECT name FROM pragma_index_info(:i) ORDER BY seqno",
                   name) +
           ")"] = is_unique ? "unique index" : "index";
    }
  }
  return keys;
}

using SchemaKeysTest = BackendTest;

TEST_P(SchemaKeysTest, EveryKeyOfAWorkspaceTableLeadsWithWorkspaceId) {
  const bool sqlite = db().backend() == Backend::kSqlite;
  std::map<std::string, const KeyAllowance*> allowed;
  for (const KeyAllowance& allowance : kAllowances) {
    if (sqlite ? allowance.sqlite : allowance.postgres) {
      allowed[allowance.key] = &allowance;
    }
  }
  const std::map<std::string, std::string> keys = WorkspaceTableKeys(db());
  ASSERT_GT(keys.size(), 30u) << "the catalog query found too few keys";
  std::set<std::string> used;
  for (const auto& [key, kind] : keys) {
    const size_t open = key.find('(');
    if (key.compare(open + 1, 13, "workspace_id,") == 0 ||
        key.compare(open + 1, 13, "workspace_id)") == 0) {
      continue;
    }
    if (allowed.contains(key)) {
      used.insert(key);
      continue;
    }
    ADD_FAILURE() << kind << " " << key
                  << " does not lead with workspace_id: make it "
                     "(workspace_id, ...) in a migration, or add it to "
                     "kAllowances with the reason";
  }
  for (const auto& [key, allowance] : allowed) {
    EXPECT_TRUE(used.contains(key))
        << key << " is allowed on " << BackendName(db().backend())
        << " but no longer needs to be: take it off kAllowances";
  }
}

// order_lines and interactions are partitioned on PostgreSQL (by hash of
// workspace_id, migration 0026), and rows of different workspaces land in
// different partitions, read back whole through the parent table. SQLite
// has no partitions: there the tables are plain.
TEST_P(SchemaKeysTest, LinesAndInteractionsArePartitionedByWorkspace) {
  const std::vector<int64_t> workspaces = {AddWorkspace("one"),
                                           AddWorkspace("two")};
  for (size_t idx = 0; idx < workspaces.size(); ++idx) {
    ASSERT_NE(AddCustomerWithEveryRecord(db(), workspaces[idx],
                                         "c" + std::to_string(idx), 1700000000),
              0);
  }
  for (const char* table : {"order_lines", "interactions"}) {
    SCOPED_TRACE(table);
    long long rows = 0, workspaces_seen = 0;
    db().sql() << std::string(
                      "SELECT COUNT(*), COUNT(DISTINCT workspace_id) "
                      "FROM ") +
                      table,
        soci::into(rows), soci::into(workspaces_seen);
    EXPECT_EQ(rows, 2);
    EXPECT_EQ(workspaces_seen, 2);
    if (db().backend() == Backend::kSqlite) continue;
    std::string strategy, key;
    long long partitions = 0;
    const std::string table_name = table;
    db().sql()
        << "SELECT p.partstrat::text, a.attname::text, (SELECT "
           "COUNT(*) FROM pg_inherits i WHERE i.inhparent = p.partrelid) "
           "FROM pg_partitioned_table p JOIN pg_attribute a ON "
           "a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
           "WHERE p.partrelid = CAST(:t AS regclass)",
        soci::use(table_name), soci::into(strategy), soci::into(key),
        soci::into(partitions);
    ASSERT_TRUE(db().sql().got_data()) << table << " is not partitioned";
    EXPECT_EQ(strategy, "h");
    EXPECT_EQ(key, "workspace_id");
    EXPECT_EQ(partitions, 8);
    long long used_partitions = 0;
    db().sql() << std::string("SELECT COUNT(DISTINCT tableoid) FROM ") + table,
        soci::into(used_partitions);
    EXPECT_EQ(used_partitions, 2) << "the two workspaces share a partition";
  }
  // A new interaction still takes the next id of the table's identity.
  long long before = 0, after = 0;
  db().sql() << "SELECT MAX(id) FROM interactions", soci::into(before);
  long long w = workspaces[0];
  db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                "external_id, occurred_at, type, created_at) SELECT "
                "workspace_id, customer_id, 'next', occurred_at, type, "
                "created_at FROM interactions WHERE workspace_id = :w "
                "RETURNING id",
      soci::use(w), soci::into(after);
  EXPECT_EQ(after, before + 1);
}

// Migration 0026 converts a store holding rows: made at version 25 in a
// schema of its own, with lines and interactions of two workspaces, then
// migrated, its tables are partitioned, hold the same rows in two
// partitions, and a new interaction takes the id after the highest copied.
TEST_P(SchemaKeysTest, PartitioningKeepsTheRowsOfAnExistingStore) {
  if (db().backend() != Backend::kPostgres) {
    GTEST_SKIP() << "SQLite has no partitions; 0026 changes nothing there";
  }
  db().sql() << "CREATE SCHEMA before_partitions";
  db().sql() << "SET search_path TO before_partitions";
  std::vector<Migration> before;
  for (const Migration& migration : AllMigrations()) {
    if (migration.version < 26) before.push_back(migration);
  }
  ASSERT_TRUE(ApplyMigrations(db(), before).ok());
  db().sql() << "INSERT INTO workspaces (id, slug, name, currency, "
                "money_display, timezone, created_at) VALUES (1, 'one', "
                "'one', 'IRR', 'toman', 'Asia/Tehran', 0), (2, 'two', 'two', "
                "'EUR', 'major', 'Europe/Dublin', 0)";
  db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                "external_id, occurred_at, type, created_at) VALUES (1, 1, "
                "'a', 10, 'call', 10), (2, 7, 'b', 20, 'visit', 20), (1, 1, "
                "'c', 30, 'email', 30)";
  db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                "workspace_id, customer_id, product_id, quantity, "
                "amount_minor) VALUES (1025, 1, 1, 1, 1, 5, 1.5, 100), "
                "(1026, 1, 2, 1, 1, 6, 1, 200), (2049, 2, 1, 2, NULL, 5, 2, "
                "300)";
  auto migrated = ApplyMigrations(db(), AllMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  long long partitioned = 0;
  db().sql() << "SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid "
                "IN (CAST('order_lines' AS regclass), CAST('interactions' AS "
                "regclass))",
      soci::into(partitioned);
  EXPECT_EQ(partitioned, 2);
  std::string lines, interactions;
  db().sql() << "SELECT string_agg(workspace_id || ':' || line_key || ':' || "
                "COALESCE(customer_id, 0) || ':' || amount_minor, ' ' ORDER "
                "BY line_key) || ' in ' || COUNT(DISTINCT tableoid) FROM "
                "order_lines",
      soci::into(lines);
  EXPECT_EQ(lines, "1:1025:1:100 1:1026:1:200 2:2049:0:300 in 2");
  db().sql() << "SELECT string_agg(id || ':' || workspace_id || ':' || "
                "external_id, ' ' ORDER BY id) || ' in ' || COUNT(DISTINCT "
                "tableoid) FROM interactions",
      soci::into(interactions);
  EXPECT_EQ(interactions, "1:1:a 2:2:b 3:1:c in 2");
  long long next = 0;
  db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                "external_id, occurred_at, type, created_at) VALUES (2, 7, "
                "'d', 40, 'call', 40) RETURNING id",
      soci::into(next);
  EXPECT_EQ(next, 4);
  // The unique key still holds, across the partitioned table.
  EXPECT_THROW(db().sql() << "INSERT INTO interactions (workspace_id, "
                             "customer_id, external_id, occurred_at, type, "
                             "created_at) VALUES (2, 7, 'd', 50, 'call', 50)",
               std::exception);
}

VAFA_INSTANTIATE_BACKEND_TEST(SchemaKeysTest);

}  // namespace
}  // namespace vafa::store
