// Sales through the API of a real server, on SQLite and PostgreSQL: deals
// moving through a pipeline with their history, the board, the forecast
// against targets and the stage conversion worked out by hand, leads that
// convert once, and tasks that log what was done on the customer's timeline.
#include <ctime>
#include <set>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class SalesApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  // PATCHes with the version just read.
  HttpResult Patch(const std::string& path, json body) {
    json record = Get(path, Owner()).Json();
    body["version"] = record.begin().value()["version"];
    return Call("PATCH", path, Owner(), body.dump());
  }
};

std::string Gregorian(int64_t at, const char* format) {
  std::time_t t = at;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char label[16];
  std::strftime(label, sizeof label, format, &tm);
  return label;
}
std::string GregorianMonth(int64_t at) { return Gregorian(at, "%Y-%m"); }

TEST_P(SalesApiTest, DealsMoveThroughAPipelineAndTheForecastAddsUp) {
  auto pipelines = Get(ws + "/sales/pipelines", Owner()).Json();
  ASSERT_EQ(pipelines["items"][0]["key"], "sales");
  EXPECT_EQ(pipelines["items"][0]["stages"].size(), 6u);
  // The demo's deals are on the board.
  auto board = Get(ws + "/sales/board", Owner()).Json();
  int64_t on_board = 0;
  for (auto& stage : board["stages"]) on_board += stage["count"].get<int64_t>();
  EXPECT_GT(on_board, 0);

  // A pipeline of our own, so the figures below are ours alone.
  HttpResult bad = Call("PUT", ws + "/sales/pipelines/b2b", Owner(),
                        R"({"stages":[{"key":"talk","probability":30},
                                      {"key":"won","probability":90,
                                       "outcome":"won"}]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json()["error"]["field"], "stages[1].probability");
  HttpResult put =
      Call("PUT", ws + "/sales/pipelines/b2b", Owner(),
           R"({"stages":[{"key":"talk","name":"Talk","probability":20},
                    {"key":"offer","name":"Offer","name_fa":"پیشنهاد",
                     "probability":60},
                    {"key":"won","name":"Won","probability":100,
                     "outcome":"won"},
                    {"key":"lost","name":"Lost","probability":0,
                     "outcome":"lost"}]})");
  ASSERT_EQ(put.status, 200) << put.body;

  const int64_t now = std::time(nullptr);
  const int64_t close = now + 45 * 86400;
  auto make = [&](const std::string& title, int64_t value) {
    HttpResult made = Call("POST", ws + "/deals", Owner(),
                           json{{"customer_id", 1},
                                {"title", title},
                                {"pipeline", "b2b"},
                                {"value_minor", value},
                                {"expected_close_at", close}}
                               .dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["deal"];
  };
  json a = make("Fleet contract", 1'000'000);
  EXPECT_EQ(a["stage"], "talk");
  EXPECT_EQ(a["probability"], 20);
  EXPECT_EQ(a["status"], "open");
  ASSERT_EQ(a["moves"].size(), 1u);
  json b = make("Office fit-out", 3'000'000);
  json c = make("Gift cards", 500'000);
  const std::string a_path =
      ws + "/deals/" + std::to_string(a["id"].get<int64_t>());
  const std::string b_path =
      ws + "/deals/" + std::to_string(b["id"].get<int64_t>());
  const std::string c_path =
      ws + "/deals/" + std::to_string(c["id"].get<int64_t>());

  // A stage of another pipeline, a loss without a reason: refused.
  HttpResult elsewhere = Patch(b_path, {{"stage", "negotiation"}});
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_EQ(elsewhere.Json()["error"]["field"], "stage");
  HttpResult moved = Patch(b_path, {{"stage", "offer"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["deal"]["probability"], 60);
  HttpResult no_reason = Patch(c_path, {{"status", "lost"}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.Json()["error"]["field"], "close_reason");
  HttpResult lost =
      Patch(c_path, {{"status", "lost"}, {"close_reason", "price"}});
  ASSERT_EQ(lost.status, 200) << lost.body;
  EXPECT_EQ(lost.Json()["deal"]["stage"], "lost");
  EXPECT_FALSE(lost.Json()["deal"]["closed_at"].is_null());
  HttpResult keeps = Patch(c_path, {{"pipeline", "sales"}});
  EXPECT_EQ(keeps.status, 422);
  EXPECT_EQ(keeps.Json()["error"]["field"], "pipeline");
  // A deal recorded as won closes at once, at its full value.
  HttpResult won = Call("POST", ws + "/deals", Owner(),
                        json{{"customer_id", 2},
                             {"title", "Renewal"},
                             {"pipeline", "b2b"},
                             {"status", "won"},
                             {"value_minor", 250'000},
                             {"expected_close_at", now}}
                            .dump());
  ASSERT_EQ(won.status, 201) << won.body;
  EXPECT_EQ(won.Json()["deal"]["stage"], "won");

  // Targets: a bad month names itself; the good one shows in the forecast.
  const std::string month = GregorianMonth(close);
  const std::string this_month = GregorianMonth(now);
  HttpResult bad_target =
      Call("PUT", ws + "/sales/targets?calendar=gregorian", Owner(),
           R"({"targets":[{"period":"2026-13","amount_minor":5}]})");
  EXPECT_EQ(bad_target.status, 422);
  EXPECT_EQ(bad_target.Json()["error"]["field"], "targets[0].period");
  HttpResult target =
      Call("PUT", ws + "/sales/targets?calendar=gregorian", Owner(),
           json{{"targets", {{{"period", month}, {"amount_minor", 4'000'000}}}}}
               .dump());
  ASSERT_EQ(target.status, 200) << target.body;

  auto forecast =
      Get(ws + "/sales/forecast?pipeline=b2b&calendar=gregorian&to=" +
              Gregorian(now + 120 * 86400, "%Y-%m-%d"),
          Owner())
          .Json();
  ASSERT_TRUE(forecast["months"].is_array()) << forecast.dump();
  // Open: a at 20% of 1,000,000 and b at 60% of 3,000,000, both in `month`.
  EXPECT_EQ(forecast["open_deals"], 2);
  EXPECT_EQ(forecast["pipeline_minor"], 4'000'000);
  EXPECT_EQ(forecast["weighted_minor"], 200'000 + 1'800'000);
  bool seen = false;
  for (auto& m : forecast["months"]) {
    if (m["month"] == this_month) {
      EXPECT_EQ(m["won_minor"], 250'000);
      EXPECT_EQ(m["lost_minor"], 500'000);
    }
    if (m["month"] != month) continue;
    seen = true;
    EXPECT_EQ(m["weighted_minor"], 2'000'000);
    EXPECT_EQ(m["target_minor"], 4'000'000);
    const double expected =
        (2'000'000.0 + (month == this_month ? 250'000 : 0)) / 4'000'000;
    EXPECT_DOUBLE_EQ(m["attainment"].get<double>(), expected);
  }
  EXPECT_TRUE(seen) << forecast.dump();

  // Conversion: talk reached by all four (b skipped nothing, the won one
  // passed every open stage), offer by b and the won one.
  auto conversion = Get(ws + "/sales/conversion?pipeline=b2b", Owner()).Json();
  ASSERT_EQ(conversion["stages"].size(), 2u);
  EXPECT_EQ(conversion["stages"][0]["reached"], 4);
  EXPECT_EQ(conversion["stages"][0]["advanced"], 2);
  EXPECT_EQ(conversion["stages"][0]["lost_here"], 1);
  EXPECT_EQ(conversion["stages"][1]["reached"], 2);
  EXPECT_EQ(conversion["stages"][1]["advanced"], 1);
  EXPECT_EQ(conversion["won"], 1);
  EXPECT_EQ(conversion["lost"], 1);
  EXPECT_DOUBLE_EQ(conversion["win_rate"].get<double>(), 0.5);

  // The history of b, and the board of b2b.
  auto b_read = Get(b_path, Owner()).Json()["deal"];
  ASSERT_EQ(b_read["moves"].size(), 2u);
  EXPECT_EQ(b_read["moves"][1]["from"], "talk");
  EXPECT_EQ(b_read["moves"][1]["to"], "offer");
  auto b2b = Get(ws + "/sales/board?pipeline=b2b", Owner()).Json();
  EXPECT_EQ(b2b["stages"][0]["count"], 1);
  EXPECT_EQ(b2b["stages"][1]["weighted_minor"], 1'800'000);
  EXPECT_EQ(b2b["stages"][2]["count"], 1);  // won today
  // A stage deals stand at cannot be dropped.
  HttpResult drop = Call("PUT", ws + "/sales/pipelines/b2b", Owner(),
                         R"({"stages":[{"key":"talk","probability":20},
                                       {"key":"won","probability":100,
                                        "outcome":"won"},
                                       {"key":"lost","outcome":"lost"}]})");
  EXPECT_EQ(drop.status, 422);
  EXPECT_EQ(drop.Json()["error"]["field"], "stages");
  // The customer's 360 shows the open deal first; every change is audited.
  auto view = Get(ws + "/customers/1/360", Owner()).Json();
  ASSERT_FALSE(view["deals"].empty());
  EXPECT_EQ(view["deals"][0]["status"], "open");
  auto audit = Get(ws + "/audit?entity=deal", Owner()).Json();
  EXPECT_GE(audit["items"].size(), 6u);
}

TEST_P(SalesApiTest, LeadsConvertOnceAndFinishedTasksReachTheTimeline) {
  HttpResult bad = Call("POST", ws + "/leads", Owner(),
                        R"({"name":"Shirin Rad","phone":"12"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["field"], "phone");
  HttpResult made = Call("POST", ws + "/leads", Owner(),
                         R"({"name":"Shirin Rad","company":"Rad Trading",
                             "phone":"0912 345 6789","source":"exhibition",
                             "estimated_value_minor":90000000})");
  ASSERT_EQ(made.status, 201) << made.body;
  json lead = made.Json()["lead"];
  EXPECT_EQ(lead["phone"], "+989123456789");
  EXPECT_EQ(lead["status"], "new");
  const std::string lead_path =
      ws + "/leads/" + std::to_string(lead["id"].get<int64_t>());
  HttpResult disqualify = Patch(lead_path, {{"status", "disqualified"}});
  EXPECT_EQ(disqualify.status, 422);
  EXPECT_EQ(disqualify.Json()["error"]["field"], "disqualify_reason");

  HttpResult converted =
      Call("POST", lead_path + "/convert", Owner(), R"({"pipeline":"nope"})");
  EXPECT_EQ(converted.status, 422) << converted.body;
  EXPECT_EQ(converted.Json()["error"]["field"], "pipeline");
  converted = Call("POST", lead_path + "/convert", Owner(), "{}");
  ASSERT_EQ(converted.status, 201) << converted.body;
  json result = converted.Json();
  EXPECT_TRUE(result["customer_created"].get<bool>());
  const int64_t customer = result["customer_id"];
  const int64_t deal = result["deal_id"];
  auto person = Get(ws + "/customers/" + std::to_string(customer), Owner())
                    .Json()["customer"];
  EXPECT_EQ(person["display_name"], "Rad Trading");
  EXPECT_EQ(person["phone"], "+989123456789");
  auto deal_read =
      Get(ws + "/deals/" + std::to_string(deal), Owner()).Json()["deal"];
  EXPECT_EQ(deal_read["stage"], "lead_in");
  EXPECT_EQ(deal_read["value_minor"], 90000000);
  EXPECT_EQ(deal_read["lead_id"], lead["id"]);
  HttpResult again = Call("POST", lead_path + "/convert", Owner(), "{}");
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(Get(lead_path, Owner()).Json()["lead"]["status"], "converted");
  EXPECT_EQ(Patch(lead_path, {{"name", "Someone else"}}).status, 422);

  // A task on the deal is about the deal's customer; a customer who is not
  // the deal's is refused.
  HttpResult wrong = Call("POST", ws + "/tasks", Owner(),
                          json{{"title", "Send the offer"},
                               {"deal_id", deal},
                               {"customer_id", 1},
                               {"due_at", std::time(nullptr) + 3600}}
                              .dump());
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.Json()["error"]["field"], "deal_id");
  HttpResult task = Call("POST", ws + "/tasks", Owner(),
                         json{{"title", "Call about the offer"},
                              {"kind", "call"},
                              {"deal_id", deal},
                              {"due_at", std::time(nullptr) - 3600}}
                             .dump());
  ASSERT_EQ(task.status, 201) << task.body;
  EXPECT_EQ(task.Json()["task"]["customer_id"], customer);
  const int64_t task_id = task.Json()["task"]["id"];
  const std::string task_path = ws + "/tasks/" + std::to_string(task_id);
  auto agenda = Get(ws + "/agenda", Owner()).Json();
  bool overdue = false;
  for (auto& t : agenda["overdue"]) overdue |= t["id"] == task_id;
  EXPECT_TRUE(overdue) << agenda.dump();
  auto view =
      Get(ws + "/customers/" + std::to_string(customer) + "/360", Owner())
          .Json();
  ASSERT_EQ(view["open_tasks"].size(), 1u);
  EXPECT_EQ(view["deals"].size(), 1u);

  HttpResult done =
      Patch(task_path, {{"status", "done"}, {"outcome", "agreed to meet"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_FALSE(done.Json()["task"]["done_at"].is_null());
  const json interaction = done.Json()["task"]["interaction_id"];
  ASSERT_TRUE(interaction.is_number_integer()) << done.body;
  // Saving it again logs nothing more.
  EXPECT_EQ(Patch(task_path, {{"outcome", "agreed to meet on Sunday"}}).status,
            200);
  auto calls =
      Get(ws + "/interactions?customer_id=" + std::to_string(customer) +
              "&type=call",
          Owner())
          .Json();
  ASSERT_EQ(calls["items"].size(), 1u);
  EXPECT_EQ(calls["items"][0]["id"], interaction);
  EXPECT_EQ(calls["items"][0]["subject"], "Call about the offer");
  view = Get(ws + "/customers/" + std::to_string(customer) + "/360", Owner())
             .Json();
  EXPECT_TRUE(view["open_tasks"].empty());
  EXPECT_EQ(view["recent_interactions"].size(), 1u);
  HttpResult late_reminder = Call(
      "POST", ws + "/tasks", Owner(),
      json{
          {"title", "x"}, {"due_at", "2026-12-01"}, {"remind_at", "2026-12-02"}}
          .dump());
  EXPECT_EQ(late_reminder.status, 422);
  EXPECT_EQ(late_reminder.Json()["error"]["field"], "remind_at");
}

// What needs attention: the caller's overdue tasks and due reminders, and
// SLA breaches escalated to owners and managers (not to a viewer).
TEST_P(SalesApiTest,
       NotificationsBringBreachesOverdueTasksAndRemindersForward) {
  const int64_t now = std::time(nullptr);
  HttpResult overdue = Call("POST", ws + "/tasks", Owner(),
                            json{{"title", "Call back about the quote"},
                                 {"kind", "call"},
                                 {"customer_id", 3},
                                 {"due_at", now - 3600}}
                                .dump());
  ASSERT_EQ(overdue.status, 201) << overdue.body;
  HttpResult reminded = Call("POST", ws + "/tasks", Owner(),
                             json{{"title", "Prepare the renewal"},
                                  {"due_at", now + 2 * 86400},
                                  {"remind_at", now - 60}}
                                 .dump());
  ASSERT_EQ(reminded.status, 201) << reminded.body;
  HttpResult later = Call("POST", ws + "/tasks", Owner(),
                          json{{"title", "Not yet"},
                               {"due_at", now + 3 * 86400},
                               {"remind_at", now + 86400}}
                              .dump());
  ASSERT_EQ(later.status, 201);
  HttpResult ticket = Call("POST", ws + "/tickets", Owner(),
                           R"({"customer_id":2,"subject":"Broken samovar",
                               "type":"complaint","priority":"urgent",
                               "opened_at":"2026-11-02T09:00:00Z"})");
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  const int64_t ticket_id = ticket.Json()["ticket"]["id"];

  json alerts = Get(ws + "/notifications", Owner()).Json();
  std::map<std::string, std::set<int64_t>> seen;
  for (auto& item : alerts["items"]) {
    const std::string kind = item["kind"];
    seen[kind].insert(item.contains("task_id")
                          ? item["task_id"].get<int64_t>()
                          : item["ticket_id"].get<int64_t>());
    if (item.contains("ticket_id") && item["ticket_id"] == ticket_id) {
      EXPECT_TRUE(item["escalated"].get<bool>());
    }
  }
  EXPECT_TRUE(seen["task_overdue"].count(overdue.Json()["task"]["id"]));
  EXPECT_TRUE(seen["task_reminder"].count(reminded.Json()["task"]["id"]));
  EXPECT_FALSE(seen["task_reminder"].count(later.Json()["task"]["id"]));
  EXPECT_TRUE(seen["sla_breach"].count(ticket_id)) << alerts.dump();
  EXPECT_EQ(alerts["items"][0]["kind"], "sla_breach");  // most urgent first
  EXPECT_GE(alerts["counts"]["task_overdue"].get<int64_t>(), 1);
  // A viewer holds no ticket and escalates nothing.
  AddUser("viewer@demo.test", "viewer", "demo");
  json viewer = Get(ws + "/notifications", SignIn("viewer@demo.test")).Json();
  EXPECT_EQ(viewer["counts"]["sla_breach"], 0) << viewer.dump();

  // Waiting on the customer stops the resolution clock, and going back
  // starts it again.
  const std::string path = ws + "/tickets/" + std::to_string(ticket_id);
  auto patch = [&](const std::string& status) {
    int64_t version = Get(path, Owner()).Json()["ticket"]["version"];
    return Call("PATCH", path, Owner(),
                json{{"status", status}, {"version", version}}.dump());
  };
  HttpResult pending = patch("pending");
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_FALSE(pending.Json()["ticket"]["pending_since"].is_null());
  EXPECT_FALSE(pending.Json()["ticket"]["first_response_at"].is_null());
  HttpResult back = patch("open");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(back.Json()["ticket"]["pending_since"].is_null());
  EXPECT_GE(back.Json()["ticket"]["paused_seconds"].get<int64_t>(), 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(SalesApiTest);

}  // namespace
}  // namespace vafa
