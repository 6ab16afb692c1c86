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

VAFA_INSTANTIATE_BACKEND_TEST(LoyaltyApiTest);

}  // namespace
}  // namespace vafa
