#include "store/backup.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>

#include "store/internal/backup_archive.h"
#include "store/migrations.h"
#include "store/store_test_support.h"

namespace vafa::store {
namespace {

TEST(BackupOrderTest, TablesComeAfterTheTablesTheyReference) {
  std::vector<TableShape> tables = {
      {"memberships", {}, {"users", "workspaces"}},
      {"users", {}, {}},
      {"customers", {}, {"workspaces", "customers"}},
      {"workspaces", {}, {}},
  };
  std::vector<std::string> names;
  for (const TableShape& table : InDependencyOrder(tables)) {
    names.push_back(table.name);
  }
  EXPECT_THAT(names, ::testing::ElementsAre("users", "workspaces",
                                            "memberships", "customers"));
}

TEST(BackupChecksumTest, RowOrderDoesNotCountButEveryValueDoes) {
  TableShape table{
      "t",
      {{"b", ValueKind::kText, false}, {"a", ValueKind::kInteger, false}},
      {}};
  auto row = [](std::string_view text, int64_t number) {
    std::vector<Cell> cells(2);
    cells[0].null = false;
    cells[0].text = text;
    cells[1].null = false;
    cells[1].integer = number;
    return cells;
  };
  RowChecksum one(table);
  one.Add(row("x", 1));
  one.Add(row("y", 2));
  RowChecksum other(table);
  other.Add(row("y", 2));
  other.Add(row("x", 1));
  EXPECT_EQ(one.value(), other.value());
  EXPECT_EQ(one.rows(), 2);
  RowChecksum changed(table);
  changed.Add(row("x", 1));
  changed.Add(row("y", 3));
  EXPECT_NE(one.value(), changed.value());
  // A NULL is not an empty text.
  RowChecksum empty(table);
  empty.Add(row("", 1));
  std::vector<Cell> with_null = row("", 1);
  with_null[0].null = true;
  RowChecksum null(table);
  null.Add(with_null);
  EXPECT_NE(empty.value(), null.value());
}

class BackupStoreTest : public BackendTest {
 protected:
  void TearDown() override {
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }
  std::string File(const std::string& name) {
    if (folder_.empty()) {
      folder_ = std::filesystem::temp_directory_path() /
                ("vafa_backup_" + std::to_string(getpid()) + "_" +
                 BackendName(GetParam()));
      std::filesystem::create_directories(folder_);
    }
    return (folder_ / name).string();
  }
  std::filesystem::path folder_;
};

// Text that COPY's text format escapes, NULLs, doubles and large integers
// come back as they were, and the ids continue after the restored ones.
TEST_P(BackupStoreTest, AwkwardValuesSurviveBackupAndRestore) {
  db().sql() << "INSERT INTO workspaces (slug, name, created_at) VALUES "
                "('w', 'tab\tnew\nline back\\slash \\N', 9007199254740993)";
  db().sql() << "INSERT INTO scores (workspace_id, customer_id, name, value, "
                "label, run_id, computed_at) VALUES (1, 7, 'p', 0.1, NULL, 1, "
                "-5)";
  db().sql() << "INSERT INTO scores (workspace_id, customer_id, name, value, "
                "label, run_id, computed_at) VALUES (1, 8, 'p', "
                "1e-300, '', 1, 0)";
  auto before = DigestStore(db());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  auto written = WriteBackup(db(), File("a.vafa"));
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->schema_version, AllMigrations().back().version);
  EXPECT_GT(written->bytes, 0);
  EXPECT_EQ(
      std::filesystem::status(File("a.vafa")).permissions(),
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_FALSE(std::filesystem::exists(File("a.vafa") + ".partial"));

  std::string why;
  auto target = ScratchDatabase::Create(GetParam(), &why);
  ASSERT_NE(target, nullptr) << why;
  auto restored = RestoreBackup(target->db(), File("a.vafa"));
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  auto after = DigestStore(target->db());
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), before->size());
  for (size_t i = 0; i < after->size(); ++i) {
    EXPECT_EQ((*after)[i].table, (*before)[i].table);
    EXPECT_EQ((*after)[i].rows, (*before)[i].rows) << (*after)[i].table;
    EXPECT_EQ((*after)[i].checksum, (*before)[i].checksum) << (*after)[i].table;
  }
  std::string name;
  long long created = 0;
  target->db().sql() << "SELECT name, created_at FROM workspaces",
      soci::into(name), soci::into(created);
  EXPECT_EQ(name, "tab\tnew\nline back\\slash \\N");
  EXPECT_EQ(created, 9007199254740993LL);
  target->db().sql() << "INSERT INTO workspaces (slug, name, created_at) "
                        "VALUES ('next', 'n', 1)";
  long long next = 0;
  target->db().sql() << "SELECT id FROM workspaces WHERE slug = 'next'",
      soci::into(next);
  EXPECT_EQ(next, 2);
}

VAFA_INSTANTIATE_BACKEND_TEST(BackupStoreTest);

}  // namespace
}  // namespace vafa::store
