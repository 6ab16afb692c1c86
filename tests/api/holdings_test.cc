// A customer's holdings and next product through the API of a real
// server, on SQLite and PostgreSQL: products, dates, branch, manager and the
// latest balances, open holdings first; the suggestions `vafa next-product`
// stored; read by every role that reads customers, never across workspaces.
#include <soci/soci.h>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class HoldingsApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  // Customer 1 of the demo holds a savings account at a branch with a
  // manager (three monthly balances) and a closed car loan.
  void AddHoldings() {
    soci::session& sql = db().sql();
    long long branch = 0, manager = 0, savings = 0, loan = 0, account = 0;
    sql << "INSERT INTO branches (workspace_id, code, name, created_at) "
           "VALUES (1, 'VN', 'شعبه ونک', 0) RETURNING id",
        soci::into(branch);
    sql << "INSERT INTO relationship_managers (workspace_id, code, name, "
           "branch_id, created_at) VALUES (1, 'RM', 'Ali Navabi', :b, 0) "
           "RETURNING id",
        soci::use(branch), soci::into(manager);
    sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
           "created_at) VALUES (1, 'SAV', 'Savings', 'account', 0) RETURNING "
           "id",
        soci::into(savings);
    sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
           "created_at) VALUES (1, 'LN', 'Car loan', 'loan', 0) RETURNING id",
        soci::into(loan);
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, status, branch_id, manager_id, "
           "created_at, updated_at) VALUES (1, 1, :p, '0101', '2019-03-21', "
           "'open', :b, :m, 0, 0) RETURNING id",
        soci::use(savings), soci::use(branch), soci::use(manager),
        soci::into(account);
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, closed_on, status, created_at, "
           "updated_at) VALUES (1, 1, :p, 'L-9', '2020-01-05', '2023-06-30', "
           "'closed', 0, 0)",
        soci::use(loan);
    for (const char* day : {"2024-01-31", "2024-02-29", "2024-03-31"}) {
      const std::string as_of = day;
      sql << "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
             "balance_minor, credit_limit_minor) VALUES (1, :h, :a, 1500000, "
             "NULL)",
          soci::use(account), soci::use(as_of);
    }
  }
};

TEST_P(HoldingsApiTest, ACustomersHoldingsWithBalancesAndManager) {
  AddHoldings();
  HttpResult got = Get(ws + "/customers/1/holdings?balances=2", Owner());
  ASSERT_EQ(got.status, 200) << got.body;
  const json items = got.Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["external_id"], "0101");
  EXPECT_EQ(items[0]["product"]["type"], "account");
  EXPECT_EQ(items[0]["branch"], "شعبه ونک");
  EXPECT_EQ(items[0]["manager"], "Ali Navabi");
  EXPECT_TRUE(items[0]["closed_on"].is_null());
  ASSERT_EQ(items[0]["balances"].size(), 2u);
  EXPECT_EQ(items[0]["balances"][0]["as_of"], "2024-02-29");
  EXPECT_EQ(items[0]["balances"][1]["balance_minor"], 1500000);
  EXPECT_TRUE(items[0]["balances"][1]["credit_limit_minor"].is_null());
  EXPECT_EQ(items[1]["external_id"], "L-9");
  EXPECT_EQ(items[1]["closed_on"], "2023-06-30");
  EXPECT_EQ(items[1]["status"], "closed");
  EXPECT_TRUE(items[1]["branch"].is_null());

  // A customer with none has an empty list.
  HttpResult none = Get(ws + "/customers/2/holdings", Owner());
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.Json()["items"].empty());
  EXPECT_EQ(Get(ws + "/customers/1/holdings?balances=0", Owner()).status, 400);
  EXPECT_EQ(Get(ws + "/customers/999999/holdings", Owner()).status, 404);
}

TEST_P(HoldingsApiTest, EveryRoleThatReadsCustomersAndNoOneElsewhere) {
  AddHoldings();
  for (const char* role : testing_api::kRoles) {
    const std::string email = std::string(role) + "@holdings.test";
    AddUser(email, role, "demo");
    HttpResult got = Get(ws + "/customers/1/holdings", SignIn(email));
    EXPECT_EQ(got.status, 200) << role << " " << got.body;
  }
  EXPECT_EQ(Get(ws + "/customers/1/holdings").status, 401);
  HttpResult outsider =
      Get(ws + "/customers/1/holdings", SignIn("outsider@other.test"));
  EXPECT_EQ(outsider.status, 404);
}

// Customers 2 to 13 open a salary account, then a card, then a loan;
// customer 1 has the account and the card; customer 14 the account and a
// deposit.
void AddOpenings(soci::session& sql) {
  long long product[4] = {};
  const char* codes[] = {"SAL", "CARD", "LOAN", "DEP"};
  const char* names[] = {"Salary account", "Card", "Car loan", "Deposit"};
  const char* types[] = {"account", "card", "loan", "deposit"};
  for (int k = 0; k < 4; ++k) {
    const std::string code = codes[k], name = names[k], type = types[k];
    sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
           "created_at) VALUES (1, :c, :n, :t, 0) RETURNING id",
        soci::use(code), soci::use(name), soci::use(type),
        soci::into(product[k]);
  }
  const char* days[] = {"2024-01-10", "2024-03-10", "2024-06-10"};
  for (long long customer = 1; customer <= 14; ++customer) {
    for (int k = 0; k < (customer == 1 || customer == 14 ? 2 : 3); ++k) {
      // Customer 14 opens the deposit second.
      const int p = customer == 14 && k == 1 ? 3 : k;
      const std::string number =
          std::string(codes[p]) + "-" + std::to_string(customer);
      const std::string day = days[k];
      sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
             "external_id, opened_on, status, created_at, updated_at) "
             "VALUES (1, :c, :p, :e, :d, 'open', 0, 0)",
          soci::use(customer), soci::use(product[p]), soci::use(number),
          soci::use(day);
    }
  }
}

TEST_P(HoldingsApiTest, TheNextProductThatVafaNextProductStored) {
  AddOpenings(db().sql());
  // Before any run: nothing suggested, no figures.
  HttpResult before = Get(ws + "/customers/1/next-product", Owner());
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(before.Json()["items"].empty());
  EXPECT_TRUE(before.Json()["evaluation"].is_null());
  EXPECT_TRUE(before.Json()["computed_at"].is_null());

  Vafa({"-w", "demo", "next-product"});
  // Customer 1, after the account and the card: the loan, as the twelve
  // others did. 26 transitions into card 13, loan 12, deposit 1, so
  // p0 = 13/30 and 2/30; after a card p1 = (12 + 5 p0) / 17 = 5/6 and
  // 1/51; after (account, card) p2 = (12 + 5 p1) / 17 = 97/102 and 5/867,
  // rescaled over the two: 1649/1659 and 10/1659 (docs/holdings.md).
  HttpResult got = Get(ws + "/customers/1/next-product", Owner());
  ASSERT_EQ(got.status, 200) << got.body;
  const json body = got.Json();
  ASSERT_EQ(body["items"].size(), 2u) << body;
  EXPECT_EQ(body["items"][0]["rank"], 1);
  EXPECT_EQ(body["items"][0]["product"]["code"], "LOAN");
  EXPECT_EQ(body["items"][0]["product"]["name"], "Car loan");
  EXPECT_NEAR(body["items"][0]["probability"].get<double>(), 1649.0 / 1659,
              1e-9);
  EXPECT_NEAR(body["items"][1]["probability"].get<double>(), 10.0 / 1659, 1e-9);
  EXPECT_EQ(body["items"][1]["product"]["code"], "DEP");
  EXPECT_FALSE(body["computed_at"].is_null());
  ASSERT_FALSE(body["evaluation"].is_null());
  EXPECT_EQ(body["evaluation"]["as_of"], "2024-06-11");
  // Customer 2 holds all but the deposit; customer 20 holds nothing.
  const json full = Get(ws + "/customers/2/next-product", Owner()).Json();
  ASSERT_EQ(full["items"].size(), 1u);
  EXPECT_EQ(full["items"][0]["product"]["code"], "DEP");
  EXPECT_DOUBLE_EQ(full["items"][0]["probability"].get<double>(), 1);
  const json none = Get(ws + "/customers/20/next-product", Owner()).Json();
  EXPECT_TRUE(none["items"].empty());
  EXPECT_FALSE(none["evaluation"].is_null());

  EXPECT_EQ(Get(ws + "/customers/999999/next-product", Owner()).status, 404);
  EXPECT_EQ(Get(ws + "/customers/1/next-product").status, 401);
  EXPECT_EQ(Get(ws + "/customers/1/next-product", SignIn("outsider@other.test"))
                .status,
            404);
  for (const char* role : testing_api::kRoles) {
    const std::string email = std::string(role) + "@next.test";
    AddUser(email, role, "demo");
    EXPECT_EQ(Get(ws + "/customers/1/next-product", SignIn(email)).status, 200)
        << role;
  }
}

VAFA_INSTANTIATE_BACKEND_TEST(HoldingsApiTest);

}  // namespace
}  // namespace vafa
