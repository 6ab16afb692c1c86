// The loyalty rewards catalogue through the API of a real server, on SQLite
// and PostgreSQL: a reward is a burn of its price, for customers of its tier
// and with the points; the catalogue is checked with the programme.
#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class LoyaltyApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";
};

TEST_P(LoyaltyApiTest, RewardsAreRedeemedByTierAndBalance) {
  json program = Get(ws + "/loyalty/program", Owner()).Json();
  ASSERT_EQ(program["rewards"].size(), 3u);
  EXPECT_EQ(program["rewards"][2]["min_tier"], "silver");
  json twice = program;
  twice["rewards"][1]["key"] = twice["rewards"][0]["key"];
  HttpResult bad = Call("PUT", ws + "/loyalty/program", Owner(), twice.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["field"], "rewards[1].key");

  // A new customer: bronze, no points.
  HttpResult made = Call("POST", ws + "/customers", Owner(),
                         R"({"first_name":"Nazanin","external_id":"L-1"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string path =
      ws + "/customers/" +
      std::to_string(made.Json()["customer"]["id"].get<int64_t>()) + "/loyalty";
  auto redeem = [&](const std::string& reward) {
    return Call("POST", path, Owner(),
                json{{"kind", "redeem"}, {"reward", reward}}.dump());
  };
  HttpResult poor = redeem("coffee");
  EXPECT_EQ(poor.status, 422);
  EXPECT_EQ(poor.Json()["error"]["field"], "reward");
  EXPECT_EQ(redeem("yacht").Json()["error"]["field"], "reward");
  ASSERT_EQ(Call("POST", path, Owner(),
                 R"({"kind":"adjust","points":1000,"reason":"welcome gift"})")
                .status,
            201);
  HttpResult coffee = redeem("coffee");
  ASSERT_EQ(coffee.status, 201) << coffee.body;
  EXPECT_EQ(coffee.Json()["balance"], 950);
  EXPECT_EQ(coffee.Json()["entries"][0]["kind"], "burn");
  EXPECT_EQ(coffee.Json()["entries"][0]["points"], -50);
  // The gift card is for silver and above: the balance is not enough.
  HttpResult gift = redeem("gift-card");
  EXPECT_EQ(gift.status, 422);
  EXPECT_NE(gift.Json()["error"]["message"].get<std::string>().find("silver"),
            std::string::npos);
  EXPECT_EQ(Get(path, Owner()).Json()["balance"], 950);
  EXPECT_EQ(Call("POST", path, Owner(), R"({"kind":"burn","points":1,
                                            "reward":"coffee"})")
                .status,
            422);
}

// Tiers by the points earned in the year: the second order earns at the
// tier the first one's points reached.
TEST_P(LoyaltyApiTest, TiersCanGoByPointsEarnedInTheYear) {
  HttpResult put = Call("PUT", ws + "/loyalty/program", Owner(),
                        R"({"tier_basis":"points",
                            "tiers":[{"name":"member","min_points":0},
                                     {"name":"vip","min_points":100,
                                      "multiplier":2}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["tier_basis"], "points");
  ASSERT_EQ(Call("POST", ws + "/products", Owner(),
                 R"({"sku":"VIP-1","name":"Samovar"})")
                .status,
            201);
  HttpResult made = Call("POST", ws + "/customers", Owner(),
                         R"({"first_name":"Parisa","external_id":"L-2"})");
  ASSERT_EQ(made.status, 201);
  const int64_t customer = made.Json()["customer"]["id"];
  for (const char* day : {"2026-11-01", "2026-11-02"}) {
    HttpResult order = Call(
        "POST", ws + "/orders", Owner(),
        json{
            {"customer_id", customer},
            {"ordered_at", day},
            {"lines",
             {{{"sku", "VIP-1"}, {"quantity", 1}, {"amount_minor", 10000000}}}}}
            .dump());
    ASSERT_EQ(order.status, 201) << order.body;
  }
  HttpResult posted =
      Call("POST",
           ws + "/loyalty/post-orders?customer_id=" + std::to_string(customer),
           Owner());
  ASSERT_EQ(posted.status, 200) << posted.body;
  // 100 points at member (x1), then 200 at vip (x2).
  EXPECT_EQ(posted.Json()["points"], 300);
  json account =
      Get(ws + "/customers/" + std::to_string(customer) + "/loyalty", Owner())
          .Json();
  EXPECT_EQ(account["tier"], "vip");
  EXPECT_EQ(account["rolling_points"], 300);
  EXPECT_EQ(account["entries"][0]["points"], 200);
  EXPECT_EQ(account["entries"][0]["reason"], "vip");
  HttpResult unordered = Call("PUT", ws + "/loyalty/program", Owner(),
                              R"({"tier_basis":"points",
                                  "tiers":[{"name":"a","min_points":0},
                                           {"name":"b","min_points":0}]})");
  EXPECT_EQ(unordered.status, 422);
  EXPECT_EQ(unordered.Json()["error"]["field"], "tiers[1].min_points");
}

VAFA_INSTANTIATE_BACKEND_TEST(LoyaltyApiTest);

}  // namespace
}  // namespace vafa
