// Cross-checks RFM scores and monthly KPIs against independent SQL over the
// same generated order lines, run by SQLite (through its C API).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "analytics/analytics_test_support.h"
#include "analytics/kpi.h"
#include "analytics/rfm.h"

namespace vafa::analytics {
namespace {

constexpr DayNumber kFirstDay = 19723;  // 2024-01-01
constexpr DayNumber kAsOf = 20300;      // 2025-07-31

// Order lines with repeat customers, several orders on one day, multi-line
// orders, refunds, orders after as_of and ties in every RFM column.
std::vector<testing::Line> GeneratedLines() {
  std::mt19937 random(20240101);
  std::vector<testing::Line> lines;
  for (int order = 0; order < 30000; ++order) {
    const int customer = static_cast<int>(random() % 2500);
    const auto day = static_cast<DayNumber>(kFirstDay + random() % 640);
    const int line_count = 1 + static_cast<int>(random() % 3);
    const bool refund = random() % 20 == 0;
    for (int line = 0; line < line_count; ++line) {
      const auto amount = static_cast<int64_t>(random() % 50) * 1000;
      lines.push_back({.customer = "c" + std::to_string(customer),
                       .order = "o" + std::to_string(order),
                       .day = day,
                       .amount = refund ? -amount : amount,
                       .product = "p" + std::to_string(random() % 40)});
    }
  }
  return lines;
}

class Sqlite {
 public:
  Sqlite() { sqlite3_open(":memory:", &db_); }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void Exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error),
              SQLITE_OK)
        << (error ? error : "");
  }
  // Rows of integer columns (text columns are read as integers too, so
  // queries return numbers only).
  std::vector<std::vector<int64_t>> Query(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    std::vector<std::vector<int64_t>> rows;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db_);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::vector<int64_t> row;
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        row.push_back(sqlite3_column_int64(statement, column));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return rows;
  }
  void Load(const std::vector<testing::Line>& lines) {
    Exec(
        "CREATE TABLE line (customer INTEGER, order_key INTEGER, day INTEGER, "
        "amount INTEGER)");
    Exec("BEGIN");
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db_, "INSERT INTO line VALUES (?, ?, ?, ?)", -1, &insert,
                       nullptr);
    for (const testing::Line& line : lines) {
      sqlite3_bind_int64(insert, 1, std::stoll(line.customer.substr(1)));
      sqlite3_bind_int64(insert, 2, std::stoll(line.order.substr(1)));
      sqlite3_bind_int64(insert, 3, line.day);
      sqlite3_bind_int64(insert, 4, line.amount);
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    Exec("COMMIT");
    // Orders on or before as_of, as the snapshot folds them.
    Exec(
        "CREATE TABLE orders AS SELECT customer, order_key, MIN(day) AS day, "
        "SUM(amount) AS amount FROM line GROUP BY customer, order_key "
        "HAVING MIN(day) <= " +
        std::to_string(kAsOf));
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqlCrossCheck, RfmScoresMatchSqlRankQuintiles) {
  const std::vector<testing::Line> lines = GeneratedLines();
  TransactionLog log = testing::BuildLog(lines);
  RfmScores rfm = ScoreRfm(SummarizeCustomers(log, kAsOf));
  Sqlite sql;
  sql.Load(lines);
  const auto rows = sql.Query(
      "WITH c AS (SELECT customer, "
      "  " +
      std::to_string(kAsOf) +
      " - MAX(CASE WHEN amount >= 0 THEN day "
      "  END) AS recency, "
      "  COUNT(DISTINCT CASE WHEN amount >= 0 THEN day END) AS frequency, "
      "  SUM(amount) AS monetary FROM orders GROUP BY customer "
      "  HAVING frequency > 0), "
      "n AS (SELECT COUNT(*) AS n FROM c) "
      "SELECT customer, "
      "  1 + 5 * (RANK() OVER (ORDER BY -recency) - 1) / n, "
      "  1 + 5 * (RANK() OVER (ORDER BY frequency) - 1) / n, "
      "  1 + 5 * (RANK() OVER (ORDER BY monetary) - 1) / n "
      "FROM c, n ORDER BY customer");
  ASSERT_GT(rows.size(), 2000u);
  int64_t scored = 0;
  for (RfmSegment segment : rfm.segment) scored += segment != RfmSegment::kNone;
  EXPECT_EQ(scored, static_cast<int64_t>(rows.size()));
  for (const auto& row : rows) {
    const std::string key = "c" + std::to_string(row[0]);
    int32_t customer = 0;
    while (log.customer_keys[customer] != key) ++customer;
    EXPECT_EQ(rfm.recency[customer], row[1]) << key;
    EXPECT_EQ(rfm.frequency[customer], row[2]) << key;
    EXPECT_EQ(rfm.monetary[customer], row[3]) << key;
  }
}

TEST(SqlCrossCheck, MonthlyKpisMatchSqlAggregates) {
  const std::vector<testing::Line> lines = GeneratedLines();
  RetentionKpis kpis = ComputeRetentionKpis(testing::BuildLog(lines), kAsOf,
                                            Calendar::kGregorian);
  Sqlite sql;
  sql.Load(lines);
  const std::string month =
      "(CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12 + "
      "CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1)";
  sql.Exec("CREATE TABLE activity AS SELECT DISTINCT customer, " + month +
           " AS month FROM orders WHERE amount >= 0");
  const auto rows = sql.Query(
      "SELECT " + month +
      " AS m, "
      "  COUNT(DISTINCT CASE WHEN amount >= 0 THEN customer END), "
      "  SUM(amount >= 0), "
      "  TOTAL(CASE WHEN amount >= 0 THEN amount END), "
      "  TOTAL(CASE WHEN amount < 0 THEN amount END), "
      "  COUNT(DISTINCT CASE WHEN amount >= 0 THEN customer || '@' || day END),"
      "  (SELECT COUNT(*) FROM (SELECT customer, MIN(day) AS first FROM orders "
      "     WHERE amount >= 0 GROUP BY customer) f "
      "     WHERE (CAST(strftime('%Y', f.first * 86400, 'unixepoch') AS "
      "       INTEGER) * 12 + CAST(strftime('%m', f.first * 86400, "
      "       'unixepoch') AS INTEGER) - 1) = " +
      month +
      "), "
      "  (SELECT COUNT(*) FROM activity a JOIN activity b "
      "     ON a.customer = b.customer AND b.month = a.month - 1 "
      "     WHERE a.month = " +
      month +
      ") "
      "FROM orders GROUP BY m ORDER BY m");
  ASSERT_EQ(rows.size(), kpis.size());  // every month has orders here
  for (size_t m = 0; m < rows.size(); ++m) {
    const auto& row = rows[m];
    EXPECT_EQ(kpis.month[m], row[0]);
    EXPECT_EQ(kpis.active_customers[m], row[1]) << m;
    EXPECT_EQ(kpis.orders[m], row[2]) << m;
    EXPECT_EQ(kpis.gross_sales[m], row[3]) << m;
    EXPECT_EQ(kpis.refunds[m], row[4]) << m;
    EXPECT_EQ(kpis.purchase_days[m], row[5]) << m;
    EXPECT_EQ(kpis.new_customers[m], row[6]) << m;
    EXPECT_EQ(kpis.retained_customers[m], row[7]) << m;
  }
}

}  // namespace
}  // namespace vafa::analytics
