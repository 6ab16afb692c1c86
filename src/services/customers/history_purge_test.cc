#include "services/customers/history_purge.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

constexpr long long kCutoffDay = 19723;  // 2024-01-01
constexpr long long kCutoff = kCutoffDay * 86400;

class HistoryPurgeTest : public store::BackendTest {
 protected:
  // Orders of workspaces 1 and 2 interleaved by id, old (before the day)
  // and new in turn, so every batch's id range holds orders that stay and
  // orders of the other workspace; each order has two lines of 10 and 5.
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const long long days[] = {-400, 3, -1, 0, -30, 40, -2};
    for (long long day : days) {
      Order(1, kCutoff + day * 86400, /*deleted=*/day == -30);
      Order(2, kCutoff + (day - 1) * 86400);
    }
    Order(2, kCutoff + 9 * 86400);  // the highest id stays, on SQLite too
    Interaction(1, kCutoff - 5);
    Interaction(2, kCutoff - 5);
    Interaction(1, kCutoff + 5);
  }

  void Order(long long workspace, long long at, bool deleted = false) {
    long long id = 0, customer = 7;
    std::string key = "o" + std::to_string(++rows_);
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, "
                  "external_id, ordered_at, currency, total_minor, "
                  "line_count, deleted_at) VALUES (:w, :c, :e, :a, 'IRR', 15, "
                  "2, :d) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(at, alive), soci::into(id);
    for (long long line_no : {1LL, 2LL}) {
      long long key_of_line = id * 1024 + line_no, amount = 15 - 5 * line_no;
      db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                    "workspace_id, customer_id, product_id, quantity, "
                    "amount_minor) VALUES (:l, :o, :n, :w, :c, 1, 1, :a)",
          soci::use(key_of_line), soci::use(id), soci::use(line_no),
          soci::use(workspace), soci::use(customer), soci::use(amount);
    }
  }
  void Interaction(long long workspace, long long at) {
    std::string key = "i" + std::to_string(++rows_);
    db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                  "external_id, occurred_at, type, created_at) VALUES (:w, 7, "
                  ":k, :t, 'visit', :t2)",
        soci::use(workspace), soci::use(key), soci::use(at), soci::use(at);
  }
  long long Number(const std::string& sql) {
    long long n = 0;
    soci::indicator none = soci::i_ok;
    db().sql() << sql, soci::into(n, none);
    return none == soci::i_null ? 0 : n;
  }
  // Workspace 1's orders, lines and line amounts, and every row of
  // workspace 2, as one line.
  std::string Left() {
    std::string out;
    for (const char* sql :
         {"SELECT COUNT(*) FROM orders WHERE workspace_id = 1",
          "SELECT MIN(ordered_at) FROM orders WHERE workspace_id = 1",
          "SELECT COUNT(*) FROM order_lines WHERE workspace_id = 1",
          "SELECT SUM(amount_minor) FROM order_lines WHERE workspace_id = 1",
          "SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM "
          "orders o WHERE o.id = l.order_id)",
          "SELECT COUNT(*) FROM interactions WHERE workspace_id = 1",
          "SELECT COUNT(*) FROM orders WHERE workspace_id = 2",
          "SELECT COUNT(*) FROM order_lines WHERE workspace_id = 2",
          "SELECT COUNT(*) FROM interactions WHERE workspace_id = 2"}) {
      out += std::to_string(Number(sql)) + " ";
    }
    return out;
  }

  int rows_ = 0;
};

TEST_P(HistoryPurgeTest, CountsWhatGoesAndWhatStays) {
  auto counted = CountHistoryBefore(db(), 1, kCutoffDay);
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  ASSERT_EQ(counted->tables.size(), 3u);
  // Days -400, -1, -30 (soft-deleted: it goes too), -2 go; 3, 0, 40 stay.
  const PurgedTable& orders = counted->tables[0];
  EXPECT_EQ(orders.table, "orders");
  EXPECT_EQ(orders.going, 4);
  EXPECT_EQ(orders.staying, 3);
  EXPECT_EQ(orders.oldest_kept, kCutoffDay);
  EXPECT_EQ(orders.newest_kept, kCutoffDay + 40);
  const PurgedTable& lines = counted->tables[1];
  EXPECT_EQ(lines.table, "order_lines");
  EXPECT_EQ(lines.going, 8);
  EXPECT_EQ(lines.staying, 6);
  EXPECT_EQ(lines.oldest_kept, kCutoffDay);
  EXPECT_EQ(lines.newest_kept, kCutoffDay + 40);
  const PurgedTable& interactions = counted->tables[2];
  EXPECT_EQ(interactions.going, 1);
  EXPECT_EQ(interactions.staying, 1);
  EXPECT_EQ(interactions.oldest_kept, kCutoffDay);
}

TEST_P(HistoryPurgeTest, EveryBatchSizeDeletesTheSameRowsAndOnlyThem) {
  const std::string before = Left();
  EXPECT_EQ(before, "7 1669507200 14 105 0 2 8 16 1 ");
  std::string after_first;
  for (int batch_rows : {1, 2, 3, kPurgeBatchRows}) {
    // Each size from the same store: the purge is rolled back after.
    Result<HistoryPurge> purged = Status::Internal("not run");
    std::string left;
    Status rolled_back = store::InTransaction(db(), [&]() -> Status {
      purged = PurgeHistoryBefore(db(), 1, kCutoffDay, batch_rows);
      left = Left();
      return Status::Internal("roll back");
    });
    EXPECT_EQ(rolled_back.message(), "roll back");
    ASSERT_TRUE(purged.ok()) << purged.status().ToString();
    EXPECT_EQ(purged->Going("orders"), 4) << batch_rows;
    EXPECT_EQ(purged->Going("order_lines"), 8) << batch_rows;
    EXPECT_EQ(purged->Going("interactions"), 1) << batch_rows;
    EXPECT_EQ(purged->tables[0].staying, 3);
    // Workspace 1 keeps 3 orders from the day on and their 6 lines (45);
    // no line is left without its order; workspace 2 keeps everything.
    EXPECT_EQ(left, "3 1704067200 6 45 0 1 8 16 1 ") << batch_rows;
    EXPECT_EQ(Left(), before);
  }
}

TEST_P(HistoryPurgeTest, RefusesToRunOutsideATransaction) {
  auto purged = PurgeHistoryBefore(db(), 1, kCutoffDay);
  EXPECT_FALSE(purged.ok());
  EXPECT_EQ(Number("SELECT COUNT(*) FROM orders WHERE workspace_id = 1"), 7);
}

TEST_P(HistoryPurgeTest, TheAuditJsonNamesTheDayAndTheCounts) {
  HistoryPurge purge;
  purge.before = kCutoffDay;
  purge.tables = {{"orders", 4, 3, {}, {}, 0},
                  {"order_lines", 8, 6, {}, {}, 0},
                  {"interactions", 1, 1, {}, {}, 0}};
  EXPECT_EQ(HistoryPurgeJson(purge),
            "{\"before\":\"2024-01-01\",\"orders\":4,\"order_lines\":8,"
            "\"interactions\":1}");
}

VAFA_INSTANTIATE_BACKEND_TEST(HistoryPurgeTest);

}  // namespace
}  // namespace vafa::services::customers
