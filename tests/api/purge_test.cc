// After `vafa purge`, a real server on SQLite and PostgreSQL serves only the
// history that stayed: the customer 360 of a customer whose every order
// went still answers (no orders, the same customer, the same balance), that
// of a customer with orders on both sides shows only the later ones, and
// the analysis run and reports kept before the purge are still served.
#include <soci/soci.h>

#include <string>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;

// 2026-01-01T00:00:00Z; the demo's history ends on 2026-11-20.
constexpr long long kCutoff = 1767225600;

class PurgeApiTest : public ApiTest {
 protected:
  long long Number(const std::string& sql) {
    long long n = 0;
    soci::indicator none = soci::i_ok;
    db().sql() << sql, soci::into(n, none);
    return none == soci::i_null ? 0 : n;
  }
  json View(long long customer) {
    return Get("/api/v1/workspaces/demo/customers/" + std::to_string(customer) +
                   "/360",
               Owner())
        .Json();
  }
};

TEST_P(PurgeApiTest, TheCustomer360AndKeptReportsShowOnlyWhatStayed) {
  Vafa({"analyze"});
  const std::string cutoff = std::to_string(kCutoff);
  const std::string per_customer =
      "SELECT customer_id FROM orders WHERE customer_id IS NOT NULL GROUP BY "
      "customer_id HAVING ";
  // A customer whose orders all went, and one with orders on both sides.
  const long long gone =
      Number(per_customer + "MAX(ordered_at) < " + cutoff + " LIMIT 1");
  const long long both =
      Number(per_customer + "MIN(ordered_at) < " + cutoff +
             " AND MAX(ordered_at) >= " + cutoff + " LIMIT 1");
  ASSERT_GT(gone, 0);
  ASSERT_GT(both, 0);
  const std::string of_both =
      " FROM orders WHERE deleted_at IS NULL AND customer_id = " +
      std::to_string(both) + " AND ordered_at >= " + cutoff;
  const long long kept_orders = Number("SELECT COUNT(*)" + of_both);
  const long long kept_revenue = Number("SELECT SUM(total_minor)" + of_both);
  const long long first_kept = Number("SELECT MIN(ordered_at)" + of_both);
  const json gone_before = View(gone);
  const long long runs = Number("SELECT COUNT(*) FROM analysis_runs");
  const long long reports = Number("SELECT COUNT(*) FROM analysis_reports");
  const json segments =
      Get("/api/v1/workspaces/demo/analytics/reports/segments", Owner()).Json();

  Vafa({"purge", "--workspace", "demo", "--before", "2026-01-01", "--yes"});

  const json gone_after = View(gone);
  EXPECT_EQ(gone_after["customer"], gone_before["customer"]);
  EXPECT_EQ(gone_after["order_totals"]["orders"], 0);
  EXPECT_TRUE(gone_after["order_totals"]["first_order_at"].is_null());
  EXPECT_TRUE(gone_after["recent_orders"].empty());
  // The ledger is untouched, so the balance is too (the tier follows the
  // year's spend, which the purge can lower: docs/scale.md).
  EXPECT_EQ(gone_after["loyalty"]["balance"],
            gone_before["loyalty"]["balance"]);
  for (const json& item : gone_after["recent_interactions"]) {
    EXPECT_GE(item["occurred_at"].get<long long>(), kCutoff);
  }
  const json both_after = View(both);
  EXPECT_EQ(both_after["order_totals"]["orders"], kept_orders);
  EXPECT_EQ(both_after["order_totals"]["revenue_minor"], kept_revenue);
  EXPECT_EQ(both_after["order_totals"]["first_order_at"], first_kept);
  for (const json& order : both_after["recent_orders"]) {
    EXPECT_GE(order["ordered_at"].get<long long>(), kCutoff);
  }
  // Runs and their reports are results: they stay, and are served as they
  // were.
  EXPECT_EQ(Number("SELECT COUNT(*) FROM analysis_runs"), runs);
  EXPECT_EQ(Number("SELECT COUNT(*) FROM analysis_reports"), reports);
  EXPECT_EQ(
      Get("/api/v1/workspaces/demo/analytics/reports/segments", Owner()).Json(),
      segments);
}

VAFA_INSTANTIATE_BACKEND_TEST(PurgeApiTest);

}  // namespace
}  // namespace vafa
