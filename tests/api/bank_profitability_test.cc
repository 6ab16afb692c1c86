// A contractual workspace's profitability through the API of a real
// server, on SQLite and PostgreSQL (docs/holdings.md, "Profitability per
// customer" and "Channel migration"): the rates round trip, bad rates are
// named by field and change nothing, and the profit per customer, the key
// customers ranked by it and the channel migration of a small bank are
// the figures worked out by hand below.
#include <soci/soci.h>

#include <tuple>
#include <utility>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class BankProfitabilityApiTest : public ApiTest {
 protected:
  const std::string other = "/api/v1/workspaces/other";

  long long Insert(const std::string& sql_text, soci::session& sql,
                   long long w) {
    long long id = 0;
    sql << sql_text, soci::use(w), soci::into(id);
    return id;
  }

  // The workspace "other" becomes a bank. A holds an account from
  // 2024-01-05 (month ends: February 1,200,000, March 2,400,000) and a
  // loan from 2024-02-10 (March -6,000,000), went to the branch on
  // 2024-01-15 and used the mobile app on 2024-03-10. B held a card from
  // 2024-01-20 to 2024-03-25 and went to the branch on 2024-02-10 (and
  // complained, which is no channel use).
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
    long long products[3] = {0, 0, 0};
    const char* types[3] = {"account", "loan", "card"};
    for (int i = 0; i < 3; ++i) {
      const std::string t = types[i];
      sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
             "created_at) VALUES (:w, :c, :n, :t, 0) RETURNING id",
          soci::use(w), soci::use(t), soci::use(t), soci::use(t),
          soci::into(products[i]);
    }
    long long held[3] = {0, 0, 0};
    const std::tuple<long long, int, const char*, const char*, const char*>
        holdings[3] = {{a, 0, "A-1", "2024-01-05", nullptr},
                       {a, 1, "A-2", "2024-02-10", nullptr},
                       {b, 2, "B-1", "2024-01-20", "2024-03-25"}};
    for (int i = 0; i < 3; ++i) {
      auto [customer, product, number, opened, closed] = holdings[i];
      const std::string n = number, o = opened, c = closed ? closed : "";
      soci::indicator closed_known = closed ? soci::i_ok : soci::i_null;
      sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
             "external_id, opened_on, closed_on, status, created_at, "
             "updated_at) VALUES (:w, :c, :p, :e, :o, :cl, 'open', 0, 0) "
             "RETURNING id",
          soci::use(w), soci::use(customer), soci::use(products[product]),
          soci::use(n), soci::use(o), soci::use(c, closed_known),
          soci::into(held[i]);
    }
    for (auto [holding, day, balance] :
         {std::tuple{held[0], "2024-02-29", 1'200'000LL},
          std::tuple{held[0], "2024-03-31", 2'400'000LL},
          std::tuple{held[1], "2024-03-31", -6'000'000LL}}) {
      const std::string as_of = day;
      long long h = holding, minor = balance;
      sql << "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
             "balance_minor) VALUES (:w, :h, :a, :b)",
          soci::use(w), soci::use(h), soci::use(as_of), soci::use(minor);
    }
    int n = 0;
    for (auto [customer, at, type, channel] :
         {std::tuple{a, 1705320000LL, "banking", "branch"},  // 2024-01-15
          std::tuple{a, 1710072000LL, "banking", "mobile"},  // 2024-03-10
          std::tuple{b, 1707566400LL, "banking", "branch"},  // 2024-02-10
          std::tuple{b, 1707652800LL, "complaint", "branch"}}) {
      const std::string id = "i-" + std::to_string(++n), t = type, c = channel;
      long long customer_id = customer, occurred = at;
      sql << "INSERT INTO interactions (workspace_id, customer_id, "
             "external_id, occurred_at, type, channel, created_at) VALUES "
             "(:w, :c, :e, :o, :t, :ch, 0)",
          soci::use(w), soci::use(customer_id), soci::use(id),
          soci::use(occurred), soci::use(t), soci::use(c);
    }
  }

  // Account 4% and 6% from 2024-03-01, loan 5%; fees: account 10,000 and
  // card 5,000 a month; a branch visit 30,000, a mobile use 2,000.
  static json Rates() {
    return json::parse(R"({
      "spreads": [
        {"product_type": "account", "valid_from": "2020-01-01", "basis_points": 400},
        {"product_type": "account", "valid_from": "2024-03-01", "basis_points": 600},
        {"product_type": "loan", "valid_from": "2020-01-01", "basis_points": 500}],
      "fees": [
        {"product_type": "account", "valid_from": "2020-01-01", "monthly_fee_minor": 10000},
        {"product_type": "card", "valid_from": "2020-01-01", "monthly_fee_minor": 5000}],
      "channel_costs": [
        {"channel": "branch", "valid_from": "2020-01-01", "cost_minor": 30000},
        {"channel": "mobile", "valid_from": "2020-01-01", "cost_minor": 2000}]})");
  }

  HttpResult Put(const std::string& path, const std::string& auth,
                 const json& body) {
    return Call("PUT", path, auth, body.dump());
  }
};

TEST_P(BankProfitabilityApiTest, RatesRoundTripAndBadRatesChangeNothing) {
  const std::string bank = SignIn("outsider@other.test");
  const std::string settings = other + "/holdings/profitability-settings";
  HttpResult defaults = Get(settings, bank);
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.Json()["defaults"], true);
  EXPECT_TRUE(defaults.Json()["updated_at"].is_null());
  EXPECT_EQ(defaults.Json()["spreads"].size(), 6u);
  EXPECT_EQ(defaults.Json()["channel_costs"].size(), 5u);

  HttpResult put = Put(settings, bank, Rates());
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResult stored = Get(settings, bank);
  EXPECT_EQ(stored.Json()["defaults"], false);
  EXPECT_EQ(stored.Json()["spreads"], Rates()["spreads"]);
  EXPECT_EQ(stored.Json()["fees"], Rates()["fees"]);
  EXPECT_EQ(stored.Json()["channel_costs"], Rates()["channel_costs"]);

  // Each bad body is named by its field and leaves the rates as they were.
  const std::pair<std::string, std::string> bad[] = {
      {"/spreads/1/valid_from", "spreads[1].valid_from"},
      {"/fees/0/monthly_fee_minor", "fees[0].monthly_fee_minor"},
      {"/channel_costs/0/channel", "channel_costs[0].channel"},
      {"/spreads/0/product_type", "spreads[0].product_type"}};
  const json values[] = {"2024-02-30", -1, "Branch office", "mortgage"};
  for (size_t i = 0; i < std::size(bad); ++i) {
    json body = Rates();
    body[json::json_pointer(bad[i].first)] = values[i];
    HttpResult refused = Put(settings, bank, body);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["field"], bad[i].second) << refused.body;
  }
  json typo = Rates();
  typo["spread"] = json::array();
  EXPECT_EQ(Put(settings, bank, typo).Json()["error"]["field"], "spread");
  json twice = Rates();
  twice["spreads"].push_back(twice["spreads"][0]);
  EXPECT_EQ(Put(settings, bank, twice).Json()["error"]["field"],
            "spreads[3].valid_from");
  EXPECT_EQ(Get(settings, bank).Json()["spreads"], Rates()["spreads"]);

  // A viewer reads neither; an analyst reads but may not write.
  AddUser("viewer@other.test", "viewer", "other");
  const std::string viewer = SignIn("viewer@other.test");
  EXPECT_EQ(Get(settings, viewer).status, 403);
  EXPECT_EQ(Put(settings, viewer, Rates()).status, 403);
  EXPECT_EQ(Get(settings, Owner()).status, 404);
  // Empty lists go back to the defaults.
  json none = {{"spreads", json::array()},
               {"fees", json::array()},
               {"channel_costs", json::array()}};
  ASSERT_EQ(Put(settings, bank, none).status, 200);
  EXPECT_EQ(Get(settings, bank).Json()["defaults"], true);
}

TEST_P(BankProfitabilityApiTest, ProfitPerCustomerIsTheHandWorkedFigure) {
  MakeBank();
  const std::string bank = SignIn("outsider@other.test");
  ASSERT_EQ(
      Put(other + "/holdings/profitability-settings", bank, Rates()).status,
      200);
  HttpResult got = Get(other + "/holdings/profitability", bank);
  ASSERT_EQ(got.status, 200) << got.body;
  const json body = got.Json();
  // The last twelve months up to the latest balance day.
  EXPECT_EQ(body["from"], "2023-04-01");
  EXPECT_EQ(body["to"], "2024-03-31");
  EXPECT_EQ(body["default_rates"], false);
  // A: margin 1.2M x 4% / 12 + 2.4M x 6% / 12 + 6M x 5% / 12 = 4,000 +
  // 12,000 + 25,000; fees: the account open at three month ends (no loan
  // fee); cost: a branch visit and a mobile use. B: the card open at the
  // ends of January and February; a branch visit.
  EXPECT_EQ(body["items"][0],
            json({{"customer_id", body["items"][0]["customer_id"]},
                  {"customer", "A"},
                  {"margin", 41'000},
                  {"fees", 30'000},
                  {"cost_to_serve", 32'000},
                  {"profit", 39'000},
                  {"channel_uses", 2},
                  {"holdings", 2}}));
  EXPECT_EQ(body["items"][1]["customer"], "B");
  EXPECT_EQ(body["items"][1]["fees"], 10'000);
  EXPECT_EQ(body["items"][1]["profit"], -20'000);
  EXPECT_EQ(body["totals"], json({{"customers", 2},
                                  {"margin", 41'000},
                                  {"fees", 40'000},
                                  {"cost_to_serve", 62'000},
                                  {"profit", 19'000}}));
  HttpResult lowest =
      Get(other + "/holdings/profitability?order=bottom&limit=1", bank);
  ASSERT_EQ(lowest.status, 200) << lowest.body;
  ASSERT_EQ(lowest.Json()["items"].size(), 1u);
  EXPECT_EQ(lowest.Json()["items"][0]["customer"], "B");
  // Before the loan and the rate change: February alone.
  HttpResult february = Get(
      other + "/holdings/profitability?from=2024-02-01&to=2024-02-29", bank);
  EXPECT_EQ(february.Json()["items"][0]["margin"], 4'000);
  HttpResult bad = Get(
      other + "/holdings/profitability?from=2024-04-01&to=2024-03-01", bank);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "from");
  EXPECT_EQ(Get(other + "/holdings/profitability?from=yesterday", bank)
                .Json()["error"]["field"],
            "from");
  EXPECT_EQ(Get(other + "/holdings/profitability?limit=0", bank).status, 400);

  // The key customers are ranked by this profit: A is class A and easy to
  // win and keep (an account first, two products, one open); B earned the
  // bank nothing: class C, easy to win (a card), hard to keep.
  HttpResult value = Get(other + "/analytics/reports/value", bank);
  ASSERT_EQ(value.status, 200) << value.body;
  EXPECT_EQ(value.Json()["columns"],
            json({"customer", "abc", "profit", "acquisition_retention"}));
  EXPECT_EQ(value.Json()["rows"],
            json::parse(R"([["A","A",39000,"easy_acquire_easy_retain"],
                            ["B","C",-20000,"easy_acquire_hard_retain"]])"));
  // Built as a typed table: the profit is money in the workspace's
  // currency, and the CSV is rendered from the same table.
  EXPECT_EQ(value.Json()["column_types"],
            json({"text", "text", "money", "text"}));
  EXPECT_EQ(value.Json()["currency"], "IRR");
  HttpResult value_csv =
      Get(other + "/analytics/reports/value?format=csv", bank);
  ASSERT_EQ(value_csv.status, 200) << value_csv.body;
  EXPECT_EQ(value_csv.body,
            "customer,abc,profit,acquisition_retention\n"
            "A,A,39000,easy_acquire_easy_retain\n"
            "B,C,-20000,easy_acquire_hard_retain\n");
  HttpResult matrix = Get(other + "/analytics/reports/matrix", bank);
  ASSERT_EQ(matrix.status, 200) << matrix.body;
  EXPECT_EQ(matrix.Json()["rows"][0][3], 39'000);
  HttpResult pareto = Get(other + "/analytics/reports/pareto", bank);
  ASSERT_EQ(pareto.status, 200) << pareto.body;
  EXPECT_EQ(pareto.Json()["rows"].size(), 101u);
  EXPECT_FALSE(pareto.Json().contains("empty_reason"));
}

TEST_P(BankProfitabilityApiTest, ChannelMigrationSavesAgainstTheFirstMix) {
  MakeBank();
  const std::string bank = SignIn("outsider@other.test");
  ASSERT_EQ(
      Put(other + "/holdings/profitability-settings", bank, Rates()).status,
      200);
  HttpResult got = Get(other +
                           "/holdings/channel-migration?period=month&from="
                           "2024-01-01&to=2024-03-31",
                       bank);
  ASSERT_EQ(got.status, 200) << got.body;
  const json body = got.Json();
  EXPECT_EQ(body["channels"],
            json({"branch", "call_centre", "internet", "mobile", "atm"}));
  ASSERT_EQ(body["periods"].size(), 3u);
  // January: one branch visit, the first mix. February: the same mix.
  // March: one mobile use, 2,000, against 30,000 at January's mix.
  EXPECT_EQ(body["periods"][0]["uses"], json({1, 0, 0, 0, 0}));
  EXPECT_EQ(body["periods"][1]["saved"], 0);
  EXPECT_EQ(body["periods"][2]["uses"], json({0, 0, 0, 1, 0}));
  EXPECT_EQ(body["periods"][2]["cost"], 2'000);
  EXPECT_EQ(body["periods"][2]["cost_at_first_mix"], 30'000);
  EXPECT_EQ(body["periods"][2]["saved"], 28'000);
  EXPECT_EQ(body["total_saved"], 28'000);
  EXPECT_TRUE(body["segments"].empty());  // no holding names a branch
  // By quarter over the whole history (from the first opening, 2024-01-05,
  // to the latest balance day): one quarter.
  HttpResult quarters = Get(other + "/holdings/channel-migration", bank);
  ASSERT_EQ(quarters.status, 200) << quarters.body;
  EXPECT_EQ(quarters.Json()["from"], "2024-01-05");
  ASSERT_EQ(quarters.Json()["periods"].size(), 1u);
  EXPECT_EQ(quarters.Json()["periods"][0]["label"], "2024-Q1");
  EXPECT_EQ(quarters.Json()["periods"][0]["total_uses"], 3);
  EXPECT_EQ(Get(other + "/holdings/channel-migration?period=week", bank).status,
            400);
  // A viewer reads the uses, not the money.
  AddUser("viewer@other.test", "viewer", "other");
  HttpResult viewer =
      Get(other + "/holdings/channel-migration", SignIn("viewer@other.test"));
  ASSERT_EQ(viewer.status, 200) << viewer.body;
  EXPECT_TRUE(viewer.Json()["total_saved"].is_null());
  EXPECT_EQ(viewer.Json()["periods"][0]["total_uses"], 3);
}

VAFA_INSTANTIATE_BACKEND_TEST(BankProfitabilityApiTest);

}  // namespace
}  // namespace vafa
