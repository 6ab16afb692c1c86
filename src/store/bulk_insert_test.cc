#include "store/bulk_insert.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include "store/bulk_read.h"
#include "store/deferred_indexes.h"
#include "store/store_test_support.h"

namespace vafa::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class BulkInsertTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db().sql() << "CREATE TABLE bulk_a (id BIGINT PRIMARY KEY, n INTEGER, "
                  "x DOUBLE PRECISION, label TEXT)";
    db().sql() << "CREATE TABLE bulk_b (id BIGINT PRIMARY KEY, label TEXT)";
  }

  // The rows of bulk_a as "id|n|x|label", NULL as "-".
  std::vector<std::string> RowsOfA() {
    soci::rowset<soci::row> rows =
        (db().sql().prepare
         << "SELECT CAST(id AS TEXT), CAST(n AS TEXT), CAST(x AS TEXT), label "
            "FROM bulk_a ORDER BY id");
    std::vector<std::string> out;
    for (const soci::row& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) line += '|';
        line += row.get_indicator(i) == soci::i_null ? "-"
                                                     : row.get<std::string>(i);
      }
      out.push_back(line);
    }
    return out;
  }

  long long Count(const std::string& table) {
    long long n = 0;
    db().sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
};

TEST_P(BulkInsertTest, BinaryRowsKeepEveryTypeNullAndAwkwardText) {
  soci::transaction transaction(db().sql());
  BulkInsert rows(db(), "bulk_a", {"id", "n", "x", "label"});
  rows.Binary();
  rows.Int(1);
  rows.Int(-7);
  rows.Double(2.5);
  rows.Text("tab\there, back\\slash\nline «ی»");
  ASSERT_TRUE(rows.EndRow().ok());
  rows.Int(2);
  rows.Null();
  rows.Null();
  rows.Text("");
  ASSERT_TRUE(rows.EndRow().ok());
  ASSERT_TRUE(rows.Flush().ok());
  transaction.commit();
  EXPECT_THAT(
      RowsOfA(),
      ElementsAre("1|-7|2.5|tab\there, back\\slash\nline «ی»", "2|-|-|"));
}

TEST_P(BulkInsertTest, BinaryRowsRejectAValueOfTheWrongType) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "SQLite takes any";
  soci::transaction transaction(db().sql());
  BulkInsert rows(db(), "bulk_a", {"id", "n", "x", "label"});
  rows.Binary();
  rows.Int(1);
  rows.Text("seven");
  rows.Double(1);
  rows.Null();
  Status status = rows.EndRow();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("column n was given text"));
}

// A streaming inserter's COPY stays open across flushes; another inserter,
// NextIdForBulk and SyncIdSequence end it on the way, and every row lands.
TEST_P(BulkInsertTest, StreamingInterleavesWithOtherWriters) {
  soci::transaction transaction(db().sql());
  BulkInsert a(db(), "bulk_a", {"id", "n", "x", "label"});
  a.Stream();
  a.Binary();
  BulkInsert b(db(), "bulk_b", {"id", "label"});
  const int kRows = 40000;  // several of a's flushes
  for (int i = 1; i <= kRows; ++i) {
    a.Int(i);
    a.Int(i % 1000);
    a.Double(i / 4.0);
    a.Text("row " + std::to_string(i));
    ASSERT_TRUE(a.EndRow().ok());
    if (i % 10000 == 0) {
      b.Int(i);
      b.Text("b");
      ASSERT_TRUE(b.EndRow().ok());
      ASSERT_TRUE(b.Flush().ok());
      EXPECT_EQ(NextIdForBulk(db(), "bulk_b"), i + 1);
    }
  }
  ASSERT_TRUE(a.Flush().ok());
  transaction.commit();
  EXPECT_EQ(Count("bulk_a"), kRows);
  EXPECT_EQ(Count("bulk_b"), 4);
  long long sum = 0;
  db().sql() << "SELECT SUM(n) FROM bulk_a", soci::into(sum);
  EXPECT_EQ(sum, 40LL * (999 * 1000 / 2));
}

TEST_P(BulkInsertTest, AnAbandonedStreamRollsBackWithItsTransaction) {
  {
    soci::transaction transaction(db().sql());
    BulkInsert a(db(), "bulk_a", {"id", "n", "x", "label"});
    a.Stream();
    for (int i = 1; i <= 30000; ++i) {
      a.Int(i);
      a.Null();
      a.Null();
      a.Text("abandoned");
      ASSERT_TRUE(a.EndRow().ok());
    }
  }  // neither flushed nor committed
  EXPECT_EQ(Count("bulk_a"), 0);
}

// The test's store is open only here: a large load may leave the WAL.
TEST_P(BulkInsertTest, LargeLoadAloneRunsWithARollbackJournal) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "SQLite only";
  auto mode = [&] {
    std::string value;
    db().sql() << "PRAGMA journal_mode", soci::into(value);
    return value;
  };
  {
    LoadJournal small(db(), false);
    EXPECT_FALSE(small.switched());
    EXPECT_EQ(mode(), "wal");
  }
  {
    LoadJournal journal(db(), true);
    EXPECT_TRUE(journal.switched());
    EXPECT_EQ(mode(), "delete");
    soci::transaction transaction(db().sql());
    db().sql() << "INSERT INTO bulk_b (id, label) VALUES (1, 'x')";
    transaction.commit();
  }
  EXPECT_EQ(mode(), "wal");
  EXPECT_EQ(Count("bulk_b"), 1);
}

TEST_P(BulkInsertTest, LargeLoadBesideAnotherConnectionKeepsTheWal) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "SQLite only";
  auto other = scratch_->OpenAnother();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  LoadJournal journal(db(), true);
  EXPECT_FALSE(journal.switched());
  std::string value;
  db().sql() << "PRAGMA journal_mode", soci::into(value);
  EXPECT_EQ(value, "wal");
}

TEST_P(BulkInsertTest, BulkReadGivesBackEveryValueAndNull) {
  db().sql() << "CREATE TABLE bulk_w (workspace_id BIGINT, id BIGINT, "
                "x DOUBLE PRECISION, label TEXT)";
  const std::string awkward = "tab\there, back\\slash «ی»\nline\\N";
  db().sql() << "INSERT INTO bulk_w VALUES (1, 10, 2.5, :t), (1, -11, NULL, "
                "NULL), (2, 12, 0, 'x')",
      soci::use(awkward);
  std::vector<std::string> rows;
  Status status = ForEachBulkRow(
      db(),
      "SELECT id, x, label FROM bulk_w WHERE workspace_id = ? ORDER BY id", 1,
      [&](const BulkRow& row) {
        rows.push_back(std::to_string(row.Int(0)) + "|" +
                       (row.IsNull(1) ? "-" : std::to_string(row.Double(1))) +
                       "|" + (row.IsNull(2) ? "-" : std::string(row.Text(2))));
        return Status::Ok();
      });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_THAT(rows, ElementsAre("-11|-|-", "10|2.500000|" + awkward));
}

TEST_P(BulkInsertTest, BulkReadNamesAFailingQuery) {
  Status status =
      ForEachBulkRow(db(), "SELECT nothing FROM bulk_a WHERE id = ?", 1,
                     [](const BulkRow&) { return Status::Ok(); });
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("reading the store"));
}

// Inside the caller's transaction a snapshot neither commits nor ends it.
TEST_P(BulkInsertTest, ReadSnapshotLeavesTheCallersTransactionOpen) {
  {
    soci::transaction transaction(db().sql());
    db().sql() << "INSERT INTO bulk_b (id, label) VALUES (1, 'x')";
    { ReadSnapshot snapshot(db()); }
    transaction.rollback();
  }
  EXPECT_EQ(Count("bulk_b"), 0);
  {
    ReadSnapshot snapshot(db());
    EXPECT_EQ(Count("bulk_b"), 0);
  }
  db().sql() << "INSERT INTO bulk_b (id, label) VALUES (2, 'y')";
  EXPECT_EQ(Count("bulk_b"), 1);
}

VAFA_INSTANTIATE_BACKEND_TEST(BulkInsertTest);

class DeferredIndexesTest : public BulkInsertTest {
 protected:
  void SetUp() override {
    BulkInsertTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db().sql() << "CREATE INDEX bulk_a_n ON bulk_a (n, x)";
    db().sql() << "CREATE UNIQUE INDEX bulk_a_label ON bulk_a (label)";
  }

  std::vector<std::string> Indexes() {
    std::vector<std::string> names;
    std::string name;
    soci::statement rows =
        db().backend() == Backend::kSqlite
            ? (db().sql().prepare << "SELECT name FROM sqlite_master WHERE "
                                     "type = 'index' AND tbl_name = 'bulk_a' "
                                     "ORDER BY name",
               soci::into(name))
            : (db().sql().prepare << "SELECT indexname FROM pg_indexes WHERE "
                                     "tablename = 'bulk_a' ORDER BY indexname",
               soci::into(name));
    rows.execute();
    while (rows.fetch()) names.push_back(name);
    return names;
  }

  Status Fill(int from, int to) {
    BulkInsert rows(db(), "bulk_a", {"id", "n", "x", "label"});
    for (int i = from; i <= to; ++i) {
      rows.Int(i);
      rows.Int(i % 97);
      rows.Double(i);
      rows.Text("L" + std::to_string(i));
      VAFA_RETURN_IF_ERROR(rows.EndRow());
    }
    return rows.Flush();
  }
};

TEST_P(DeferredIndexesTest, SmallLoadsKeepTheIndexes) {
  const auto before = Indexes();
  soci::transaction transaction(db().sql());
  DeferredIndexes deferred(db(), "bulk_a", 1000,
                           DeferredIndexes::PrimaryKey::kDefer);
  EXPECT_FALSE(deferred.deferred());
  EXPECT_EQ(Indexes(), before);
}

TEST_P(DeferredIndexesTest, LargeLoadIntoASmallTableRebuildsEveryIndex) {
  ASSERT_TRUE(Fill(1, 10).ok());
  const auto before = Indexes();
  ASSERT_GE(before.size(), 2u);
  soci::transaction transaction(db().sql());
  const int kRows = DeferredIndexes::kMinRows;
  DeferredIndexes deferred(db(), "bulk_a", kRows,
                           DeferredIndexes::PrimaryKey::kDefer);
  ASSERT_TRUE(deferred.deferred());
  EXPECT_LT(Indexes().size(), before.size());
  ASSERT_TRUE(Fill(11, kRows + 10).ok());
  ASSERT_TRUE(deferred.Restore().ok());
  transaction.commit();
  EXPECT_EQ(Indexes(), before);
  EXPECT_EQ(Count("bulk_a"), kRows + 10);
  // The rebuilt unique index still refuses a duplicate.
  EXPECT_THROW(db().sql() << "INSERT INTO bulk_a (id, label) VALUES (0, 'L7')",
               std::exception);
}

TEST_P(DeferredIndexesTest, ATableHoldingMoreThanTheLoadKeepsItsIndexes) {
  const int kRows = DeferredIndexes::kMinRows;
  {
    soci::transaction filling(db().sql());
    ASSERT_TRUE(Fill(1, kRows + 1).ok());
    filling.commit();
  }
  const auto before = Indexes();
  soci::transaction transaction(db().sql());
  DeferredIndexes deferred(db(), "bulk_a", kRows,
                           DeferredIndexes::PrimaryKey::kDefer);
  EXPECT_FALSE(deferred.deferred());
  EXPECT_EQ(Indexes(), before);
}

TEST_P(DeferredIndexesTest, ARolledBackLoadLeavesTheIndexesInPlace) {
  const auto before = Indexes();
  {
    soci::transaction transaction(db().sql());
    DeferredIndexes deferred(db(), "bulk_a", DeferredIndexes::kMinRows,
                             DeferredIndexes::PrimaryKey::kDefer);
    ASSERT_TRUE(deferred.deferred());
  }
  EXPECT_EQ(Indexes(), before);
}

VAFA_INSTANTIATE_BACKEND_TEST(DeferredIndexesTest);

}  // namespace
}  // namespace vafa::store
