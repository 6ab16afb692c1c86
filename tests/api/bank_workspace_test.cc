// A contractual workspace (a bank's: customers hold products and place no
// orders) through the API of a real server, on SQLite and PostgreSQL: the
// analysis reports answer what is true, an empty report with the reason
// no_orders, instead of an error (the key-customer reports, ranked by profit
// instead, are bank_profitability_test.cc's); the workspace says it is
// contractual; the
// holdings overview gives the bank dashboard's figures, checked by hand.
#include <soci/soci.h>

#include <tuple>
#include <utility>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class BankWorkspaceApiTest : public ApiTest {
 protected:
  const std::string other = "/api/v1/workspaces/other";

  // The workspace "other" (no orders) becomes a bank: customer A holds an
  // account (balances 100 then 250) and a loan (-400); customer B held a
  // card, closed in March 2024 (it is 1403-01 on the Jalali calendar).
  void MakeBank() {
    soci::session& sql = db().sql();
    long long w = 0;
    sql << "SELECT id FROM workspaces WHERE slug = 'other'", soci::into(w);
    long long a = 0, b = 0;
    for (auto [code, target] : {std::pair{"A", &a}, std::pair{"B", &b}}) {
      const std::string external = code;
      sql << "INSERT INTO customers (workspace_id, external_id, display_name, "
             "created_at, updated_at) VALUES (:w, :e, :n, 0, 0) RETURNING id",
          soci::use(w), soci::use(external), soci::use(external),
          soci::into(*target);
    }
    long long account = 0, loan = 0, card = 0;
    for (auto [code, type, target] :
         {std::tuple{"ACC", "account", &account},
          std::tuple{"LN", "loan", &loan}, std::tuple{"CRD", "card", &card}}) {
      const std::string c = code, t = type;
      sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
             "created_at) VALUES (:w, :c, :c2, :t, 0) RETURNING id",
          soci::use(w), soci::use(c), soci::use(c), soci::use(t),
          soci::into(*target);
    }
    long long a_account = 0, a_loan = 0;
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, status, created_at, updated_at) VALUES "
           "(:w, :c, :p, 'A-1', '2024-01-05', 'open', 0, 0) RETURNING id",
        soci::use(w), soci::use(a), soci::use(account), soci::into(a_account);
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, status, created_at, updated_at) VALUES "
           "(:w, :c, :p, 'A-2', '2024-02-10', 'open', 0, 0) RETURNING id",
        soci::use(w), soci::use(a), soci::use(loan), soci::into(a_loan);
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, closed_on, status, created_at, "
           "updated_at) VALUES (:w, :c, :p, 'B-1', '2024-01-20', "
           "'2024-03-25', 'closed', 0, 0)",
        soci::use(w), soci::use(b), soci::use(card);
    for (auto [holding, day, balance] :
         {std::tuple{a_account, "2024-02-29", 100LL},
          std::tuple{a_account, "2024-03-31", 250LL},
          std::tuple{a_loan, "2024-03-31", -400LL}}) {
      const std::string as_of = day;
      long long h = holding, minor = balance;
      sql << "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
             "balance_minor) VALUES (:w, :h, :a, :b)",
          soci::use(w), soci::use(h), soci::use(as_of), soci::use(minor);
    }
  }
};

TEST_P(BankWorkspaceApiTest,
       AnalysesOfAWorkspaceWithoutOrdersAreEmptyWithTheReason) {
  MakeBank();
  const std::string bank = SignIn("outsider@other.test");
  for (const char* name :
       {"kpis", "cohorts", "segments", "rfm", "clv", "summary", "basket",
        "clv_diagnostics", "rfm_moves", "churn_models", "churn_evidence",
        "retention_list"}) {
    HttpResult got =
        Get(other + "/analytics/reports/" + name + "?calendar=jalali", bank);
    ASSERT_EQ(got.status, 200) << name << " " << got.body;
    const json body = got.Json();
    EXPECT_EQ(body["report"], name);
    EXPECT_TRUE(body["rows"].empty()) << name;
    EXPECT_TRUE(body["columns"].empty()) << name;
    EXPECT_EQ(body["empty_reason"], "no_orders") << name;
    EXPECT_EQ(body["message"], "there are no orders to analyse") << name;
  }
  HttpResult csv = Get(other + "/analytics/reports/kpis?format=csv", bank);
  EXPECT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body, "");
  // Bad input is still refused, and an unknown report is still unknown.
  HttpResult bad = Get(other + "/analytics/reports/kpis?calendar=lunar", bank);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "calendar");
  EXPECT_EQ(Get(other + "/analytics/reports/nope", bank).status, 404);
  // The retail demo, with orders, is analysed as before.
  HttpResult retail =
      Get("/api/v1/workspaces/demo/analytics/reports/kpis", Owner());
  ASSERT_EQ(retail.status, 200) << retail.body;
  EXPECT_FALSE(retail.Json()["rows"].empty());
  EXPECT_FALSE(retail.Json().contains("empty_reason"));
}

TEST_P(BankWorkspaceApiTest, AWorkspaceThatHoldsProductsIsContractual) {
  const std::string bank = SignIn("outsider@other.test");
  HttpResult before = Get(other, bank);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.Json()["workspace"]["kind"], "retail");
  MakeBank();
  HttpResult after = Get(other, bank);
  EXPECT_EQ(after.Json()["workspace"]["kind"], "contractual");
  HttpResult me = Get("/api/v1/me", bank);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["workspaces"][0]["kind"], "contractual");
  HttpResult demo = Get("/api/v1/workspaces/demo", Owner());
  EXPECT_EQ(demo.Json()["workspace"]["kind"], "retail");
}

TEST_P(BankWorkspaceApiTest, TheOverviewCountsHoldingsBalancesAndMonths) {
  MakeBank();
  const std::string bank = SignIn("outsider@other.test");
  HttpResult got = Get(other + "/holdings/overview", bank);
  ASSERT_EQ(got.status, 200) << got.body;
  const json body = got.Json();
  EXPECT_EQ(body["customers_holding"], 1);  // A; B closed everything
  EXPECT_EQ(body["customers_closed"], 1);
  EXPECT_EQ(body["balances_as_of"], "2024-03-31");
  ASSERT_EQ(body["by_type"].size(), 2u);  // the closed card is not held
  EXPECT_EQ(body["by_type"][0],
            json({{"type", "account"},
                  {"open_holdings", 1},
                  {"customers", 1},
                  {"balance", 250}}));  // the latest balance, not the sum
  EXPECT_EQ(body["by_type"][1]["type"], "loan");
  EXPECT_EQ(body["by_type"][1]["balance"], -400);
  EXPECT_EQ(body["by_month"],
            json::parse(R"([{"month":"2024-01","opened":2,"closed":0},
                            {"month":"2024-02","opened":1,"closed":0},
                            {"month":"2024-03","opened":0,"closed":1}])"));
  // On the Jalali calendar: 5 and 20 January 2024 are Dey 1402, 10
  // February Bahman, 25 March 1403-01 (Farvardin starts on 20 March).
  HttpResult jalali = Get(other + "/holdings/overview?calendar=jalali", bank);
  ASSERT_EQ(jalali.status, 200) << jalali.body;
  EXPECT_EQ(jalali.Json()["by_month"],
            json::parse(R"([{"month":"1402-10","opened":2,"closed":0},
                            {"month":"1402-11","opened":1,"closed":0},
                            {"month":"1402-12","opened":0,"closed":0},
                            {"month":"1403-01","opened":0,"closed":1}])"));
  HttpResult bad = Get(other + "/holdings/overview?calendar=lunar", bank);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "calendar");
  // A viewer reads the counts but not the money.
  AddUser("viewer@other.test", "viewer", "other");
  HttpResult viewer =
      Get(other + "/holdings/overview", SignIn("viewer@other.test"));
  ASSERT_EQ(viewer.status, 200) << viewer.body;
  EXPECT_TRUE(viewer.Json()["by_type"][0]["balance"].is_null());
  EXPECT_EQ(viewer.Json()["by_type"][0]["open_holdings"], 1);
  // A support agent does not read analytics; no one reads another's.
  AddUser("support@other.test", "support", "other");
  EXPECT_EQ(
      Get(other + "/holdings/overview", SignIn("support@other.test")).status,
      403);
  EXPECT_EQ(Get(other + "/holdings/overview", Owner()).status, 404);
  // The retail demo holds nothing: empty lists.
  HttpResult retail = Get("/api/v1/workspaces/demo/holdings/overview", Owner());
  ASSERT_EQ(retail.status, 200) << retail.body;
  EXPECT_TRUE(retail.Json()["by_type"].empty());
  EXPECT_TRUE(retail.Json()["balances_as_of"].is_null());
}

VAFA_INSTANTIATE_BACKEND_TEST(BankWorkspaceApiTest);

}  // namespace
}  // namespace vafa
