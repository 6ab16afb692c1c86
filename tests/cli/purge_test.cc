// vafa purge through the binary, on both backends, over a store made by
// hand: two workspaces with orders (and lines) and interactions on either
// side of 2024-01-01, and loyalty points earned by an order that goes.
// The counts printed and the rows and sums left are worked out below by
// hand; the other workspace, the customers and the ledger stay; the audit
// entry is written and the chain still verifies.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <string>

#include "tests/cli/cli_store_test.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2024-01-01T00:00:00Z, the day purged before in these tests.
constexpr long long kNewYear = 1704067200;
constexpr long long kDay = 86400;

long long Number(store::Database& db, const std::string& sql) {
  long long n = 0;
  soci::indicator none = soci::i_ok;
  db.sql() << sql, soci::into(n, none);
  return none == soci::i_null ? 0 : n;
}

class PurgeTest : public testing::CliStoreTest {
 protected:
  void SetUp() override {
    CliStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    const long long ali = AddCustomer(shop_, "ali");
    const long long bahar = AddCustomer(shop_, "bahar");
    product_ = AddProduct(shop_);
    // shop: two orders (3 lines, 1500) before the day, two (4 lines,
    // 1000) from it; the first second of the day stays.
    old_order_ = AddOrder(shop_, ali, "o1", kNewYear - 300 * kDay, {600, 400});
    AddOrder(shop_, bahar, "o2", kNewYear - 1, {500});
    AddOrder(shop_, ali, "o3", kNewYear, {700});
    AddOrder(shop_, ali, "o4", kNewYear + 35 * kDay, {100, 100, 100});
    AddInteraction(shop_, ali, "i1", kNewYear - 200 * kDay);
    AddInteraction(shop_, bahar, "i2", kNewYear - 10);
    AddInteraction(shop_, bahar, "i3", kNewYear + 60 * kDay);
    AddEarn(shop_, ali, old_order_, 10, kNewYear - 300 * kDay);
    // other: one order and one interaction on each side.
    other_ = AddWorkspace("other");
    const long long cyrus = AddCustomer(other_, "cyrus");
    AddOrder(other_, cyrus, "o5", kNewYear - 365 * kDay, {200});
    AddOrder(other_, cyrus, "o6", kNewYear + 91 * kDay, {900});
    AddInteraction(other_, cyrus, "i4", kNewYear - 364 * kDay);
    AddInteraction(other_, cyrus, "i5", kNewYear + 92 * kDay);
  }

  long long AddCustomer(long long workspace, const std::string& key) {
    store::Customer customer;
    customer.workspace_id = workspace;
    customer.external_id = key;
    customer.first_name = key;
    customer.created_at = customer.updated_at = kNewYear - 400 * kDay;
    Status made = store::CustomerRepository(db()).Insert(customer);
    EXPECT_TRUE(made.ok()) << made.ToString();
    return customer.id;
  }
  long long AddProduct(long long workspace) {
    long long id = 0, at = kNewYear - 400 * kDay;
    db().sql() << "INSERT INTO products (workspace_id, sku, created_at) "
                  "VALUES (:w, 'tea', :t) RETURNING id",
        soci::use(workspace), soci::use(at), soci::into(id);
    return id;
  }
  long long AddOrder(long long workspace, long long customer,
                     const std::string& key, long long at,
                     const std::vector<long long>& lines) {
    long long id = 0, total = 0, count = static_cast<long long>(lines.size());
    for (long long amount : lines) total += amount;
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                  "ordered_at, currency, total_minor, line_count) VALUES (:w, "
                  ":c, :k, :t, 'IRR', :m, :n) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(total), soci::use(count), soci::into(id);
    long long line_no = 0;
    for (long long amount : lines) {
      long long line_key = id * 1024 + ++line_no;
      db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                    "workspace_id, customer_id, product_id, quantity, "
                    "amount_minor) VALUES (:l, :o, :n, :w, :c, :p, 1, :a)",
          soci::use(line_key), soci::use(id), soci::use(line_no),
          soci::use(workspace), soci::use(customer), soci::use(product_),
          soci::use(amount);
    }
    return id;
  }
  void AddInteraction(long long workspace, long long customer,
                      const std::string& key, long long at) {
    db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                  "external_id, occurred_at, type, created_at) VALUES (:w, "
                  ":c, :k, :t, 'call', :t2)",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(at);
  }
  void AddEarn(long long workspace, long long customer, long long order,
               long long points, long long at) {
    db().sql() << "INSERT INTO loyalty_ledger (workspace_id, customer_id, "
                  "kind, points, order_id, at, created_at) VALUES (:w, :c, "
                  "'earn', :p, :o, :t, :t2)",
        soci::use(workspace), soci::use(customer), soci::use(points),
        soci::use(order), soci::use(at), soci::use(at);
  }

  // Rows, sums and the audit log, as one line to compare before and after.
  std::string State() {
    std::string out;
    for (const char* sql :
         {"SELECT COUNT(*) FROM orders", "SELECT SUM(total_minor) FROM orders",
          "SELECT COUNT(*) FROM order_lines",
          "SELECT SUM(amount_minor) FROM order_lines",
          "SELECT COUNT(*) FROM interactions", "SELECT COUNT(*) FROM customers",
          "SELECT SUM(points) FROM loyalty_ledger",
          "SELECT COUNT(*) FROM audit_log"}) {
      out += std::to_string(Number(db(), sql)) + " ";
    }
    return out;
  }
  long long Of(long long workspace, const std::string& sql) {
    return Number(db(),
                  sql + " WHERE workspace_id = " + std::to_string(workspace));
  }

  long long shop_ = 0, other_ = 0, product_ = 0, old_order_ = 0;
};

TEST_P(PurgeTest, DryRunPrintsWhatWouldGoAndChangesNothing) {
  const std::string before = State();
  auto dry = Vafa({"purge", "--before", "2024-01-01", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output,
              HasSubstr("workspace shop, history before 2024-01-01 "
                        "(1402-10-11):\n"
                        "  orders        2 go, 2 stay (2024-01-01 to "
                        "2024-02-05)\n"
                        "  order_lines   3 go, 4 stay (2024-01-01 to "
                        "2024-02-05)\n"
                        "  interactions  2 go, 1 stay (2024-03-01 to "
                        "2024-03-01)\n"));
  EXPECT_THAT(dry.output, HasSubstr("dry run: nothing changed"));
  EXPECT_THAT(dry.output, Not(HasSubstr("workspace other")));
  EXPECT_EQ(State(), before);

  // Without --yes the same is printed and nothing is deleted.
  auto unsure = Vafa({"purge", "--before", "1402/10/11"});
  EXPECT_EQ(unsure.exit_code, 1);
  EXPECT_THAT(unsure.output, HasSubstr("  orders        2 go, 2 stay"));
  EXPECT_THAT(unsure.output, HasSubstr("run again with --yes"));
  EXPECT_EQ(State(), before);
}

TEST_P(PurgeTest, PurgesOneWorkspaceKeepingCustomersLedgerAndTheOther) {
  auto purged = Vafa({"purge", "--before", "2024-01-01", "--yes"});
  ASSERT_EQ(purged.exit_code, 0) << purged.output;
  EXPECT_THAT(purged.output,
              HasSubstr("  orders        2 purged, 2 stay (2024-01-01 to "
                        "2024-02-05)\n"
                        "  order_lines   3 purged, 4 stay"));
  // shop: o3 and o4 with their 4 lines (700 + 300), and i3.
  EXPECT_EQ(Of(shop_, "SELECT COUNT(*) FROM orders"), 2);
  EXPECT_EQ(Of(shop_, "SELECT SUM(total_minor) FROM orders"), 1000);
  EXPECT_EQ(Of(shop_, "SELECT COUNT(*) FROM order_lines"), 4);
  EXPECT_EQ(Of(shop_, "SELECT SUM(amount_minor) FROM order_lines"), 1000);
  EXPECT_EQ(Of(shop_, "SELECT COUNT(*) FROM interactions"), 1);
  EXPECT_EQ(Of(shop_, "SELECT MIN(occurred_at) FROM interactions"),
            kNewYear + 60 * kDay);
  // Bahar, whose only order went, is still a customer; Ali keeps the
  // points o1 earned.
  EXPECT_EQ(Of(shop_, "SELECT COUNT(*) FROM customers"), 2);
  EXPECT_EQ(Of(shop_, "SELECT SUM(points) FROM loyalty_ledger"), 10);
  EXPECT_EQ(Of(shop_, "SELECT MIN(order_id) FROM loyalty_ledger"), old_order_);
  // other is untouched.
  EXPECT_EQ(Of(other_, "SELECT COUNT(*) FROM orders"), 2);
  EXPECT_EQ(Of(other_, "SELECT SUM(amount_minor) FROM order_lines"), 1100);
  EXPECT_EQ(Of(other_, "SELECT COUNT(*) FROM interactions"), 2);

  // One audit entry, in shop, with the day and the counts; the chain holds.
  EXPECT_EQ(Number(db(), "SELECT COUNT(*) FROM audit_log"), 1);
  std::string action, entity, after, actor;
  long long workspace = 0;
  db().sql() << "SELECT action, entity, after_json, actor, workspace_id FROM "
                "audit_log",
      soci::into(action), soci::into(entity), soci::into(after),
      soci::into(actor), soci::into(workspace);
  EXPECT_EQ(action, "purge");
  EXPECT_EQ(entity, "history");
  EXPECT_EQ(workspace, shop_);
  EXPECT_EQ(after,
            "{\"before\":\"2024-01-01\",\"orders\":2,\"order_lines\":3,"
            "\"interactions\":2}");
  EXPECT_THAT(actor, HasSubstr("cli:"));
  auto verified = Vafa({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_THAT(verified.output, HasSubstr("1 entries, chain intact"));

  // The analytics loader reads only what stayed: Ali's two orders.
  auto analysis = Vafa({"analyze", "--no-scores"});
  EXPECT_THAT(analysis.output, HasSubstr("1 customers, 2 orders, 4 lines"));

  // A second purge of the same day finds nothing and writes nothing.
  const std::string after_first = State();
  auto again = Vafa({"purge", "--before", "2024-01-01", "--yes"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("  orders        0 go, 2 stay"));
  EXPECT_THAT(again.output, HasSubstr("nothing to purge"));
  EXPECT_EQ(State(), after_first);
}

TEST_P(PurgeTest, AllWorkspacesPurgesEachWithItsOwnAuditEntry) {
  auto purged =
      testing::RunVafa({"--db", scratch_->location(), "purge", "--before",
                        "2024-01-01", "--all-workspaces", "--yes"});
  ASSERT_EQ(purged.exit_code, 0) << purged.output;
  EXPECT_EQ(Number(db(), "SELECT COUNT(*) FROM orders"), 3);
  EXPECT_EQ(Of(other_, "SELECT SUM(total_minor) FROM orders"), 900);
  EXPECT_EQ(Number(db(), "SELECT COUNT(*) FROM interactions"), 2);
  EXPECT_EQ(Number(db(),
                   "SELECT COUNT(*) FROM audit_log WHERE action = "
                   "'purge'"),
            2);
  EXPECT_EQ(Of(other_, "SELECT COUNT(*) FROM audit_log"), 1);
  auto verified = Vafa({"audit", "verify"});
  EXPECT_THAT(verified.output, HasSubstr("2 entries, chain intact"));
}

TEST_P(PurgeTest, RefusesABadDayOrNoWorkspaceAndChangesNothing) {
  const std::string before = State();
  struct Refusal {
    std::vector<std::string> args;
    std::string message;
  };
  const Refusal refusals[] = {
      {{"--before", "2999-01-01", "--yes"},
       "--before 2999-01-01: is in the future"},
      {{"--before", "2024-13-01", "--yes"}, "--before \"2024-13-01\": month"},
      {{"--before", "yesterday", "--yes"}, "--before \"yesterday\""},
      {{"--before", "2024-01-01T12:00", "--yes"}, "not a time of day"},
      {{"--before", "2024-01-01", "--yes", "--workspace", "shop",
        "--all-workspaces"},
       "--all-workspaces and --workspace: choose one"},
      {{"--before", "2024-01-01", "--yes", "--workspace", "nowhere"},
       "no workspace \"nowhere\""},
  };
  for (const Refusal& refusal : refusals) {
    std::vector<std::string> args = {"purge"};
    args.insert(args.end(), refusal.args.begin(), refusal.args.end());
    auto refused = Vafa(args);
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_THAT(refused.output, HasSubstr(refusal.message));
  }
  // With no workspace named, a purge asks for one.
  auto unnamed = testing::RunVafa({"--db", scratch_->location(), "purge",
                                   "--before", "2024-01-01", "--yes"});
  EXPECT_EQ(unnamed.exit_code, 1);
  EXPECT_THAT(unnamed.output, HasSubstr("--workspace W, or --all-workspaces"));
  EXPECT_EQ(State(), before);
}

// SQLite gives the highest rowid + 1 to a new row, so a purge there keeps
// the order with the highest id (and a new order never takes the id of one
// that earned points); PostgreSQL's identities never repeat.
TEST_P(PurgeTest, OnSqliteTheRowWithTheHighestIdStays) {
  const long long last = AddOrder(other_, 0, "o7", kNewYear - 5 * kDay, {50});
  auto purged = Vafa(
      {"purge", "--before", "2024-01-01", "--workspace", "other", "--yes"});
  ASSERT_EQ(purged.exit_code, 0) << purged.output;
  const bool sqlite = GetParam() == store::Backend::kSqlite;
  EXPECT_EQ(purged.output.find("1 older row kept: the table's highest id") !=
                std::string::npos,
            sqlite)
      << purged.output;
  EXPECT_EQ(Number(db(), "SELECT COUNT(*) FROM orders WHERE id = " +
                             std::to_string(last)),
            sqlite ? 1 : 0);
  EXPECT_EQ(Of(other_, "SELECT COUNT(*) FROM orders"), sqlite ? 2 : 1);
  const long long next = AddOrder(other_, 0, "o8", kNewYear, {1});
  EXPECT_GT(next, last);
}

VAFA_INSTANTIATE_BACKEND_TEST(PurgeTest);

}  // namespace
}  // namespace vafa
