// Money a client can influence, summed near INT64_MAX through the API of a
// real server on SQLite and PostgreSQL: order totals, loyalty balances and
// liability, deal sums on the board and in the forecast, campaign revenue.
// Each sum that would pass 64 bits is a 422 naming the field; nothing is
// stored wrapped, and sums that fit exactly are kept.
#include <limits>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

class OverflowApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  std::string Sku() {
    return Get(ws + "/products?limit=1", Owner()).Json()["items"][0]["sku"];
  }
  int64_t NewCustomer(const std::string& key) {
    HttpResult made =
        Call("POST", ws + "/customers", Owner(),
             json{{"first_name", "Big"}, {"external_id", key}}.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["customer"]["id"];
  }
};

TEST_P(OverflowApiTest, OrderTotalsPastSixtyFourBitsAreRefused) {
  const std::string sku = Sku();
  const int64_t customer = NewCustomer("BIG-1");
  auto order = [&](json lines) {
    return Call("POST", ws + "/orders", Owner(),
                json{{"customer_id", customer},
                     {"ordered_at", "2026-11-01"},
                     {"lines", lines}}
                    .dump());
  };
  HttpResult over = order({{{"sku", sku}, {"amount_minor", kMax - 10}},
                           {{"sku", sku}, {"amount_minor", 100}}});
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.Json()["error"]["field"], "lines[1].amount_minor");
  EXPECT_THAT(over.Json()["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("total_minor exceeds the largest amount"));
  HttpResult discount =
      order({{{"sku", sku}, {"amount_minor", 1}, {"discount_minor", kMax}},
             {{"sku", sku}, {"amount_minor", 1}, {"discount_minor", 1}}});
  EXPECT_EQ(discount.status, 422);
  EXPECT_EQ(discount.Json()["error"]["field"], "lines[1].discount_minor");
  HttpResult cost =
      order({{{"sku", sku}, {"amount_minor", 1}, {"cost_minor", kMax}},
             {{"sku", sku}, {"amount_minor", 1}, {"cost_minor", kMax}}});
  EXPECT_EQ(cost.Json()["error"]["field"], "lines[1].cost_minor");
  // None of them was stored; a total of exactly INT64_MAX is.
  EXPECT_EQ(Get(ws + "/orders?customer_id=" + std::to_string(customer), Owner())
                .Json()["items"]
                .size(),
            0u);
  HttpResult exact = order({{{"sku", sku}, {"amount_minor", kMax - 10}},
                            {{"sku", sku}, {"amount_minor", 10}}});
  ASSERT_EQ(exact.status, 201) << exact.body;
  EXPECT_EQ(exact.Json()["order"]["total_minor"], kMax);
  // With the demo's orders beside it, the workspace's amounts no longer
  // fit: every report that sums them is refused rather than wrapped.
  for (const char* report : {"summary", "segments", "kpis", "value"}) {
    HttpResult refused =
        Get(ws + "/analytics/reports/" + report + "?fresh=true", Owner());
    EXPECT_EQ(refused.status, 422) << report << " " << refused.body;
    EXPECT_EQ(refused.Json()["error"]["field"], "amount_minor") << report;
  }
}

TEST_P(OverflowApiTest, LoyaltyBalancesAndLiabilityNeverWrap) {
  const int64_t first = NewCustomer("BIG-P1");
  const int64_t second = NewCustomer("BIG-P2");
  auto adjust = [&](int64_t customer, int64_t points) {
    return Call(
        "POST", ws + "/customers/" + std::to_string(customer) + "/loyalty",
        Owner(),
        json{{"kind", "adjust"}, {"points", points}, {"reason", "t"}}.dump());
  };
  ASSERT_EQ(adjust(first, kMax - 5).status, 201);
  HttpResult over = adjust(first, 10);
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.Json()["error"]["field"], "points");
  HttpResult referral =
      Call("POST", ws + "/customers/" + std::to_string(first) + "/loyalty",
           Owner(), R"({"kind":"referral","points":10})");
  EXPECT_EQ(referral.status, 422) << referral.body;
  EXPECT_EQ(
      Get(ws + "/customers/" + std::to_string(first) + "/loyalty", Owner())
          .Json()["balance"],
      kMax - 5);
  // Each balance fits; their sum over the workspace does not.
  ASSERT_EQ(adjust(second, kMax - 5).status, 201);
  HttpResult liability = Get(ws + "/loyalty/liability", Owner());
  EXPECT_EQ(liability.status, 422) << liability.body;
  EXPECT_EQ(liability.Json()["error"]["field"], "points");
}

TEST_P(OverflowApiTest, DealSumsOnTheBoardAndInTheForecastAreChecked) {
  const int64_t close = std::time(nullptr) + 20 * 86400;
  auto deal = [&](int64_t value) {
    HttpResult made = Call("POST", ws + "/deals", Owner(),
                           json{{"customer_id", 1},
                                {"title", "Huge"},
                                {"value_minor", value},
                                {"expected_close_at", close}}
                               .dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["deal"];
  };
  // One such deal fits beside the demo's deals; two do not.
  json first = deal(kMax / 2 + 1);
  const std::string pipeline = first["pipeline"];
  HttpResult board = Get(ws + "/sales/board?pipeline=" + pipeline, Owner());
  ASSERT_EQ(board.status, 200) << board.body;
  ASSERT_EQ(Get(ws + "/sales/forecast?pipeline=" + pipeline, Owner()).status,
            200);
  deal(kMax / 2 + 1);
  board = Get(ws + "/sales/board?pipeline=" + pipeline, Owner());
  EXPECT_EQ(board.status, 422) << board.body;
  EXPECT_EQ(board.Json()["error"]["field"], "value_minor");
  HttpResult forecast =
      Get(ws + "/sales/forecast?pipeline=" + pipeline, Owner());
  EXPECT_EQ(forecast.status, 422) << forecast.body;
  EXPECT_EQ(forecast.Json()["error"]["field"], "value_minor");
}

TEST_P(OverflowApiTest, CampaignRevenuePastSixtyFourBitsIsNamed) {
  HttpResult segment = Call("POST", ws + "/segments", Owner(),
                            R"({"name":"Buyers","rules":{"conditions":[
                                {"field":"orders_count","op":">=",
                                 "value":1}]}})");
  ASSERT_EQ(segment.status, 201) << segment.body;
  HttpResult campaign =
      Call("POST", ws + "/campaigns", Owner(),
           json{{"name", "Big spenders"},
                {"channel", "sms"},
                {"goal", "retention"},
                {"segment_id", segment.Json()["segment"]["id"]},
                {"starts_at", "2026-10-01"},
                {"ends_at", "2026-10-31"},
                {"control_percent", 0},
                {"cost_minor", kMax}}
               .dump());
  ASSERT_EQ(campaign.status, 201) << campaign.body;
  const std::string path =
      ws + "/campaigns/" +
      std::to_string(campaign.Json()["campaign"]["id"].get<int64_t>());
  ASSERT_EQ(Call("POST", path + "/draw", Owner(), "").status, 200);
  EXPECT_EQ(Get(path + "/report", Owner()).status, 200);
  json members = Get(path + "/members?limit=2", Owner()).Json();
  ASSERT_EQ(members["items"].size(), 2u);
  json items = json::array();
  for (const json& member : members["items"]) {
    items.push_back({{"customer_id", member["customer_id"]},
                     {"converted_at", "2026-10-05"},
                     {"revenue_minor", kMax - 1}});
  }
  HttpResult recorded =
      Call("POST", path + "/responses", Owner(), json{{"items", items}}.dump());
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  HttpResult report = Get(path + "/report", Owner());
  EXPECT_EQ(report.status, 422) << report.body;
  EXPECT_EQ(report.Json()["error"]["field"], "revenue_minor");
}

VAFA_INSTANTIATE_BACKEND_TEST(OverflowApiTest);

}  // namespace
}  // namespace vafa
