// Marketing through the API of a real server, on SQLite and PostgreSQL:
// segment rules checked against what the records say by another road,
// campaigns whose members are drawn once with a control group, responses
// only from those who were sent something, and a report whose uplift is
// recomputed here from the orders.
#include <set>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class MarketingApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  // Every order of the workspace, paged through the API.
  std::vector<json> AllOrders() {
    std::vector<json> orders;
    std::string cursor;
    while (true) {
      json page = Get(ws + "/orders?limit=500" +
                          (cursor.empty() ? "" : "&cursor=" + cursor),
                      Owner())
                      .Json();
      for (auto& order : page["items"]) orders.push_back(order);
      if (page["next_cursor"].is_null()) break;
      cursor = page["next_cursor"];
    }
    return orders;
  }
  std::set<int64_t> SegmentIds(int64_t segment) {
    std::set<int64_t> ids;
    json page = Get(ws + "/segments/" + std::to_string(segment) +
                        "/customers?limit=1000",
                    Owner())
                    .Json();
    for (auto& c : page["items"]) ids.insert(c["id"].get<int64_t>());
    return ids;
  }
};

TEST_P(MarketingApiTest, SegmentRulesSelectWhatTheRecordsSay) {
  HttpResult bad = Call("POST", ws + "/segments/preview", Owner(),
                        R"({"rules":{"conditions":[{"field":"city",
                            "op":">","value":3}]}})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["field"], "rules.conditions[0].op");
  HttpResult no_rules =
      Call("POST", ws + "/segments", Owner(), R"({"name":"x","rules":"all"})");
  EXPECT_EQ(no_rules.status, 422);
  EXPECT_EQ(no_rules.Json()["error"]["field"], "rules");

  // Customers with three orders or more, counted here from the orders.
  std::map<int64_t, int> orders_of;
  for (const json& order : AllOrders()) ++orders_of[order["customer_id"]];
  std::set<int64_t> regulars;
  for (auto [customer, n] : orders_of) {
    if (n >= 3) regulars.insert(customer);
  }
  ASSERT_FALSE(regulars.empty());
  HttpResult made = Call("POST", ws + "/segments", Owner(),
                         R"({"name":"Regulars","rules":{"conditions":[
                             {"field":"orders_count","op":">=","value":3}]}})");
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.Json()["segment"]["id"];
  EXPECT_EQ(made.Json()["segment"]["customers"], regulars.size());
  EXPECT_EQ(SegmentIds(id), regulars);
  // The customer list takes the segment as a filter.
  json listed =
      Get(ws + "/customers?limit=500&segment_id=" + std::to_string(id), Owner())
          .Json();
  std::set<int64_t> listed_ids;
  for (auto& c : listed["items"]) listed_ids.insert(c["id"].get<int64_t>());
  EXPECT_EQ(listed_ids, regulars);
  EXPECT_EQ(Get(ws + "/customers?segment_id=99999", Owner()).status, 400);

  // "any" joins with or: regulars or customers of customer 1's city.
  const std::string city =
      Get(ws + "/customers/1", Owner()).Json()["customer"]["city"];
  std::set<int64_t> in_city;
  json page = Get(ws + "/customers?limit=500&city=" + city, Owner()).Json();
  for (auto& c : page["items"]) in_city.insert(c["id"].get<int64_t>());
  json preview =
      Call("POST", ws + "/segments/preview", Owner(),
           json{{"rules",
                 {{"match", "any"},
                  {"conditions",
                   json::array(
                       {{{"field", "orders_count"}, {"op", ">="}, {"value", 3}},
                        {{"field", "city"}, {"op", "="}, {"value", city}}})}}}}
               .dump())
          .Json();
  std::set<int64_t> either = regulars;
  either.insert(in_city.begin(), in_city.end());
  EXPECT_EQ(preview["customers"], either.size()) << preview.dump();

  // Rules on scores need the role to see them.
  AddUser("support@demo.test", "support", "demo");
  AddUser("viewer@demo.test", "viewer", "demo");
  const std::string rfm = R"({"rules":{"conditions":[{"field":"rfm_segment",
                              "op":"=","value":"Champions"}]}})";
  const std::string clv = R"({"rules":{"conditions":[{"field":"clv",
                              "op":">","value":1}]}})";
  HttpResult support =
      Call("POST", ws + "/segments/preview", SignIn("support@demo.test"), rfm);
  EXPECT_EQ(support.status, 403) << support.body;
  const std::string viewer = SignIn("viewer@demo.test");
  EXPECT_EQ(Call("POST", ws + "/segments/preview", viewer, rfm).status, 200);
  EXPECT_EQ(Call("POST", ws + "/segments/preview", viewer, clv).status, 403);
}

TEST_P(MarketingApiTest, CampaignsHoldOutAControlAndMeasureTheUpliftHonestly) {
  HttpResult segment =
      Call("POST", ws + "/segments", Owner(),
           R"({"name":"Bought before October","rules":{"conditions":[
               {"field":"orders_count","op":">=","value":1}]}})");
  ASSERT_EQ(segment.status, 201) << segment.body;
  const int64_t segment_id = segment.Json()["segment"]["id"];
  auto campaign_body = [&](const std::string& more) {
    return R"({"name":"October offer","channel":"sms","goal":"retention",
               "segment_id":)" +
           std::to_string(segment_id) +
           R"(,"starts_at":"2026-10-01","ends_at":"2026-10-31",
               "attribution_days":10,"cost_minor":1000000)" +
           more + "}";
  };
  HttpResult backwards =
      Call("POST", ws + "/campaigns", Owner(),
           campaign_body(R"(,"control_percent":30,"ends_at":"2026-09-01")"));
  EXPECT_EQ(backwards.status, 422);
  HttpResult greedy = Call("POST", ws + "/campaigns", Owner(),
                           campaign_body(R"(,"control_percent":60)"));
  EXPECT_EQ(greedy.status, 422);
  EXPECT_EQ(greedy.Json()["error"]["field"], "control_percent");
  HttpResult made = Call("POST", ws + "/campaigns", Owner(),
                         campaign_body(R"(,"control_percent":30)"));
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.Json()["campaign"]["id"];
  const std::string path = ws + "/campaigns/" + std::to_string(id);
  EXPECT_EQ(made.Json()["campaign"]["status"], "draft");

  HttpResult not_yet = Call("POST", path + "/responses", Owner(),
                            R"({"items":[{"customer_id":1}]})");
  EXPECT_EQ(not_yet.status, 422);
  HttpResult drawn = Call("POST", path + "/draw", Owner(), "");
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  const int64_t members = drawn.Json()["members"];
  const int64_t control = drawn.Json()["control"];
  EXPECT_EQ(members, SegmentIds(segment_id).size());
  // Near 30% held out (a hash, not a quota), and never all or none.
  EXPECT_GT(control, members / 10);
  EXPECT_LT(control, members / 2);
  EXPECT_EQ(Call("POST", path + "/draw", Owner(), "").status, 409);
  int64_t version = Get(path, Owner()).Json()["campaign"]["version"];
  HttpResult moved = Call(
      "PATCH", path, Owner(),
      R"({"control_percent":10,"version":)" + std::to_string(version) + "}");
  EXPECT_EQ(moved.status, 422);
  EXPECT_EQ(moved.Json()["error"]["field"], "control_percent");

  // Pages of the list join up to the whole of it.
  json first = Get(path + "/members?limit=2", Owner()).Json();
  ASSERT_EQ(first["items"].size(), 2u);
  json rest = Get(path + "/members?after_id=" +
                      std::to_string(first["next_after_id"].get<int64_t>()),
                  Owner())
                  .Json();
  EXPECT_EQ(rest["items"].size() + 2, static_cast<size_t>(members - control));
  EXPECT_TRUE(rest["next_after_id"].is_null());
  json held = Get(path + "/members?group=control", Owner()).Json();
  json sent = Get(path + "/members", Owner()).Json();
  ASSERT_EQ(held["items"].size(), static_cast<size_t>(control));
  ASSERT_EQ(sent["items"].size(), static_cast<size_t>(members - control));
  HttpResult csv = Get(path + "/members?format=csv", Owner());
  EXPECT_THAT(csv.headers, ::testing::HasSubstr("text/csv"));
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'),
            members - control + 1);

  // Only those sent something respond.
  const int64_t held_out = held["items"][0]["customer_id"];
  const int64_t treated = sent["items"][0]["customer_id"];
  HttpResult refused =
      Call("POST", path + "/responses", Owner(),
           json{{"items", {{{"customer_id", held_out}}}}}.dump());
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.Json()["error"]["field"], "items[0].customer_id");
  HttpResult recorded = Call("POST", path + "/responses", Owner(),
                             json{{"items",
                                   {{{"customer_id", treated},
                                     {"converted_at", "2026-10-05"},
                                     {"revenue_minor", 2500000}}}}}
                                 .dump());
  ASSERT_EQ(recorded.status, 200) << recorded.body;

  // The same from a CSV file, headers in Persian: a held-out member on row
  // 3 is named by row and column, and nothing of the file is recorded.
  const std::string second = sent["items"][1]["external_id"];
  const std::string held_external = held["items"][0]["external_id"];
  auto upload = [&](const std::string& text) {
    return Call("POST", path + "/responses", Owner(), "",
                "-H 'Content-Type: text/csv' --data-binary " +
                    testing::ShellQuote(text));
  };
  HttpResult bad_file =
      upload("کد مشتری,converted_at,revenue_minor\n" + second +
             ",2026-10-06,100\n" + held_external + ",2026-10-07,200\n");
  EXPECT_EQ(bad_file.status, 422) << bad_file.body;
  EXPECT_EQ(bad_file.Json()["error"]["field"], "row 3, column customer_id");
  EXPECT_EQ(
      upload("کد مشتری,mood\n" + second + ",happy\n").Json()["error"]["field"],
      "row 1, column mood");
  HttpResult good_file = upload("کد مشتری,converted_at,revenue_minor\n" +
                                second + ",2026-10-06,100\n");
  ASSERT_EQ(good_file.status, 200) << good_file.body;
  EXPECT_EQ(good_file.Json()["recorded"], 1);

  // The report's buyers, recounted here from the orders in the window:
  // from the start to attribution_days after the end (31 October 00:00 +
  // 10 days), that second included.
  std::set<int64_t> treated_ids, held_ids;
  for (auto& m : sent["items"])
    treated_ids.insert(m["customer_id"].get<int64_t>());
  for (auto& m : held["items"])
    held_ids.insert(m["customer_id"].get<int64_t>());
  std::set<int64_t> buyers;
  const int64_t from = 1790812800;    // 2026-10-01
  const int64_t to = 1794268800 + 1;  // 2026-11-10 00:00, included
  for (const json& order : AllOrders()) {
    const int64_t at = order["ordered_at"];
    if (at >= from && at < to)
      buyers.insert(order["customer_id"].get<int64_t>());
  }
  auto count_in = [&](const std::set<int64_t>& group) {
    int64_t n = 0;
    for (int64_t id : group) n += buyers.count(id);
    return n;
  };
  json report = Get(path + "/report", Owner()).Json();
  EXPECT_EQ(report["treatment"]["members"], members - control);
  EXPECT_EQ(report["treatment"]["converted"], 2);
  EXPECT_EQ(report["treatment"]["recorded_revenue_minor"], 2500100);
  EXPECT_EQ(report["treatment"]["buyers"], count_in(treated_ids));
  EXPECT_EQ(report["control"]["buyers"], count_in(held_ids));
  const double uplift =
      static_cast<double>(count_in(treated_ids)) / treated_ids.size() -
      static_cast<double>(count_in(held_ids)) / held_ids.size();
  EXPECT_NEAR(report["uplift"].get<double>(), uplift, 1e-12);
  EXPECT_LE(report["uplift_low"].get<double>(), uplift);
  EXPECT_GE(report["uplift_high"].get<double>(), uplift);
  EXPECT_TRUE(report["has_control"].get<bool>());
  // The member's 360 shows the campaign.
  json view =
      Get(ws + "/customers/" + std::to_string(treated) + "/360", Owner())
          .Json();
  bool seen = false;
  for (auto& c : view["campaigns"]) {
    seen |= c["id"] == id && c["group"] == "treatment" &&
            !c["converted_at"].is_null();
  }
  EXPECT_TRUE(seen) << view["campaigns"].dump();
  // The demo's own campaign was drawn and has a report.
  json demo = Get(ws + "/campaigns?status=completed", Owner()).Json();
  ASSERT_FALSE(demo["items"].empty());
  EXPECT_GT(demo["items"][0]["members_count"].get<int64_t>(), 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(MarketingApiTest);

}  // namespace
}  // namespace vafa
