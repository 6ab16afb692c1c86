#include "store/record_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::store {
namespace {

using nlohmann::json;

// The products table as a domain would describe it.
TableDef Products() {
  TableDef def;
  def.table = "products";
  def.entity = "product";
  def.fields = {
      {.name = "sku", .required = true, .max_length = 10},
      {.name = "name", .max_length = 300},
      {.name = "category", .max_length = 20, .one_of = {"tea", "cup"}},
      {.name = "price_minor", .kind = FieldKind::kInt},
      {.name = "unit_cost_minor", .kind = FieldKind::kInt, .writable = false},
  };
  def.filterable = {"category", "price_minor"};
  def.sortable = {"sku"};
  return def;
}

TEST(RecordTableFields, ChecksNameTheFieldAtFault) {
  const TableDef def = Products();
  struct Case {
    json body;
    bool creating;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"colour", "red"}}, false, "colour"},
      {{{"sku", "a-very-long-sku"}}, false, "sku"},
      {{{"sku", 7}}, false, "sku"},
      {{{"category", "plate"}}, false, "category"},
      {{{"price_minor", 1.5}}, false, "price_minor"},
      {{{"unit_cost_minor", 5}}, false, "unit_cost_minor"},
      {{{"name", "Tea"}}, true, "sku"},
      {{{"sku", ""}}, true, "sku"},
  };
  for (const Case& c : cases) {
    auto checked = CheckFields(def, c.body, c.creating);
    ASSERT_FALSE(checked.ok()) << c.body.dump();
    EXPECT_EQ(checked.status().field(), c.field) << c.body.dump();
  }
}

TEST(RecordTableFields, ChecksKeepWritableFieldsInTheirStoredForm) {
  auto checked = CheckFields(
      Products(),
      {{"sku", "T1"}, {"name", ""}, {"version", 3}, {"lines", json::array()}},
      /*creating=*/true, {"lines"});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(*checked, json({{"sku", "T1"}, {"name", nullptr}}));
}

TEST(RecordTableFields, TimesAreSecondsOrDates) {
  auto seconds = TimeValue(json(86400), "at");
  ASSERT_TRUE(seconds.ok());
  EXPECT_EQ(*seconds, 86400);
  auto date = TimeValue(json("1970-01-02"), "at");
  ASSERT_TRUE(date.ok()) << date.status().ToString();
  EXPECT_EQ(*date, 86400);
  EXPECT_EQ(TimeValue(json(true), "at").status().field(), "at");
}

TEST(RecordTableCursor, RoundTripsAndRefusesForeignText) {
  const json key = json::array({"T1", 42});
  auto back = DecodeCursor(EncodeCursor(key));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, key);
  EXPECT_EQ(DecodeCursor("not a cursor!").status().field(), "cursor");
  EXPECT_EQ(DecodeCursor(EncodeCursor(json("x")) + "%").status().field(),
            "cursor");
}

class RecordTableTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
  }
  int64_t Add(RecordTable& table, const json& body) {
    auto values = CheckFields(def_, body, /*creating=*/true);
    EXPECT_TRUE(values.ok()) << values.status().ToString();
    if (!values.ok()) return 0;
    auto id = table.Insert(*values);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  // Every page of `query`, following the cursors; the skus in order.
  std::vector<std::string> AllPages(RecordTable& table, ListQuery query) {
    std::vector<std::string> skus;
    for (int page_idx = 0; page_idx < 10; ++page_idx) {
      auto page = table.List(query);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      EXPECT_LE(page->items.size(), static_cast<size_t>(query.limit));
      for (const json& item : page->items) skus.push_back(item["sku"]);
      if (page->next_cursor.empty()) break;
      query.cursor = page->next_cursor;
    }
    return skus;
  }

  TableDef def_ = Products();
  int64_t workspace_ = 0;
  int64_t other_ = 0;
};

TEST_P(RecordTableTest, InsertThenGetReadsTheRowBackAtVersionOne) {
  RecordTable table(db(), def_, workspace_);
  const int64_t id =
      Add(table, {{"sku", "T1"}, {"name", "Tea"}, {"price_minor", 500}});
  auto row = table.Get(id);
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ((*row)["id"], id);
  EXPECT_EQ((*row)["version"], 1);
  EXPECT_EQ((*row)["sku"], "T1");
  EXPECT_EQ((*row)["name"], "Tea");
  EXPECT_EQ((*row)["price_minor"], 500);
  EXPECT_TRUE((*row)["category"].is_null());
  EXPECT_TRUE((*row)["deleted_at"].is_null());
  EXPECT_TRUE((*row)["created_at"].is_number_integer());
}

TEST_P(RecordTableTest, UpdateBumpsTheVersionAndAStaleVersionConflicts) {
  RecordTable table(db(), def_, workspace_);
  const int64_t id = Add(table, {{"sku", "T1"}});
  ASSERT_TRUE(table.Update(id, {{"name", "Green tea"}}, 1).ok());
  auto row = table.Get(id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)["version"], 2);
  EXPECT_EQ((*row)["name"], "Green tea");

  Status stale = table.Update(id, {{"name", "Black tea"}}, 1);
  EXPECT_EQ(stale.code(), StatusCode::kConflict);
  EXPECT_NE(stale.message().find("version 2"), std::string::npos)
      << stale.message();
  EXPECT_EQ((*table.Get(id))["name"], "Green tea");
}

TEST_P(RecordTableTest, ADuplicateKeyIsAlreadyExists) {
  RecordTable table(db(), def_, workspace_);
  Add(table, {{"sku", "T1"}});
  auto again = table.Insert({{"sku", "T1"}});
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
}

TEST_P(RecordTableTest, ListPagesByKeysetInBothDirectionsWithFilters) {
  RecordTable table(db(), def_, workspace_);
  for (const char* sku : {"C", "A", "E", "B", "D"}) {
    Add(table,
        {{"sku", sku}, {"category", sku < std::string("C") ? "tea" : "cup"}});
  }
  RecordTable(db(), def_, other_).Insert({{"sku", "AA"}}).value();

  ListQuery query;
  query.limit = 2;
  query.sort = "sku";
  EXPECT_EQ(AllPages(table, query),
            (std::vector<std::string>{"A", "B", "C", "D", "E"}));
  query.sort = "-sku";
  EXPECT_EQ(AllPages(table, query),
            (std::vector<std::string>{"E", "D", "C", "B", "A"}));
  query.sort = "id";
  EXPECT_EQ(AllPages(table, query),
            (std::vector<std::string>{"C", "A", "E", "B", "D"}));
  query.filters["category"] = "tea";
  EXPECT_EQ(AllPages(table, query), (std::vector<std::string>{"A", "B"}));
}

TEST_P(RecordTableTest, ListRefusesWhatItCannotServe) {
  RecordTable table(db(), def_, workspace_);
  ListQuery by_name;
  by_name.sort = "name";
  EXPECT_EQ(table.List(by_name).status().field(), "sort");
  ListQuery by_unfiltered;
  by_unfiltered.filters["name"] = "Tea";
  EXPECT_EQ(table.List(by_unfiltered).status().field(), "name");
  ListQuery by_text_price;
  by_text_price.filters["price_minor"] = "ten";
  EXPECT_EQ(table.List(by_text_price).status().field(), "price_minor");
  ListQuery wrong_cursor;
  wrong_cursor.sort = "sku";
  wrong_cursor.cursor = EncodeCursor(json::array({5, 1}));
  EXPECT_EQ(table.List(wrong_cursor).status().field(), "cursor");
}

TEST_P(RecordTableTest, SoftDeletedRowsLeaveReadsUntilRestored) {
  RecordTable table(db(), def_, workspace_);
  const int64_t id = Add(table, {{"sku", "T1"}});
  ASSERT_TRUE(table.SetDeleted(id, true).ok());
  EXPECT_EQ(table.Get(id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(table.Get(id, /*deleted_ok=*/true).ok());
  EXPECT_EQ(table.SetDeleted(id, true).code(), StatusCode::kNotFound);
  EXPECT_EQ(table.Update(id, {{"name", "x"}}, 2).code(), StatusCode::kNotFound);
  ListQuery live;
  EXPECT_TRUE(table.List(live)->items.empty());
  ListQuery deleted;
  deleted.deleted = true;
  EXPECT_EQ(table.List(deleted)->items.size(), 1u);
  EXPECT_FALSE(*LiveRecordExists(db(), "products", workspace_, id));

  ASSERT_TRUE(table.SetDeleted(id, false).ok());
  auto row = table.Get(id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)["version"], 3);
  EXPECT_TRUE(*LiveRecordExists(db(), "products", workspace_, id));
}

TEST_P(RecordTableTest, RowsOfAnotherWorkspaceAreNeverReached) {
  RecordTable mine(db(), def_, workspace_);
  const int64_t id = Add(mine, {{"sku", "T1"}});
  RecordTable theirs(db(), def_, other_);
  EXPECT_EQ(theirs.Get(id, true).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(theirs.Update(id, {{"name", "x"}}, 1).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(theirs.SetDeleted(id, true).code(), StatusCode::kNotFound);
  EXPECT_TRUE(theirs.List(ListQuery{})->items.empty());
  EXPECT_FALSE(*LiveRecordExists(db(), "products", other_, id));
  EXPECT_EQ((*mine.Get(id))["version"], 1);
}

VAFA_INSTANTIATE_BACKEND_TEST(RecordTableTest);

}  // namespace
}  // namespace vafa::store
