// Test fixture running each store test on SQLite and on PostgreSQL.
#ifndef VAFA_STORE_STORE_TEST_SUPPORT_H_
#define VAFA_STORE_STORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "store/record_table.h"
#include "store/scratch_database.h"
#include "store/workspace_repository.h"

namespace vafa::store {

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string why;
    scratch_ = ScratchDatabase::Create(GetParam(), &why);
    if (scratch_ == nullptr) {
      if (GetParam() == Backend::kPostgres &&
          std::getenv("VAFA_REQUIRE_POSTGRES") == nullptr) {
        GTEST_SKIP() << why;
      }
      FAIL() << why;
    }
  }
  Database& db() { return scratch_->db(); }
  // Makes a workspace named by its slug and returns its id (0 after a
  // failure, which fails the test).
  int64_t AddWorkspace(const std::string& slug) {
    auto made = WorkspaceRepository(db()).Create(slug, slug);
    EXPECT_TRUE(made.ok()) << made.status().message();
    return made.ok() ? made->id : 0;
  }

  std::unique_ptr<ScratchDatabase> scratch_;
};

// Lists `def`'s table once plainly, once by each sortable column both ways
// and once by each filter, so a TableDef naming a column its table lacks (or
// a sort or filter the query cannot serve) fails the calling test.
inline void ExpectTableServesItsLists(Database& db, const TableDef& def,
                                      int64_t workspace_id) {
  RecordTable table(db, def, workspace_id);
  std::vector<ListQuery> queries(1);
  for (const std::string& column : def.sortable) {
    queries.emplace_back().sort = column;
    queries.emplace_back().sort = "-" + column;
  }
  for (const std::string& column : def.filterable) {
    bool text = true;
    for (const FieldDef& field : def.fields) {
      if (field.name == column) text = field.kind == FieldKind::kText;
    }
    queries.emplace_back().filters[column] = text ? "x" : "1";
  }
  for (const ListQuery& query : queries) {
    auto page = table.List(query);
    EXPECT_TRUE(page.ok()) << def.table << " sorted by " << query.sort << ": "
                           << page.status().ToString();
  }
  ListQuery deleted;
  deleted.deleted = true;
  EXPECT_TRUE(table.List(deleted).ok()) << def.table;
}

#define VAFA_INSTANTIATE_BACKEND_TEST(suite)                             \
  INSTANTIATE_TEST_SUITE_P(                                              \
      Backends, suite,                                                   \
      ::testing::Values(::vafa::store::Backend::kSqlite,                 \
                        ::vafa::store::Backend::kPostgres),              \
      [](const ::testing::TestParamInfo<::vafa::store::Backend>& info) { \
        return ::vafa::store::BackendName(info.param);                   \
      })

}  // namespace vafa::store

#endif  // VAFA_STORE_STORE_TEST_SUPPORT_H_
