// The workspace's messaging rules through the API of a real server, on
// SQLite and PostgreSQL: read (the defaults until set), a change of some
// fields keeping the others, every invalid field refused by name with
// nothing changed, who may change them, and the audit entry.
#include "tests/api/messaging_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::HttpResult;
using testing_api::MessagingApiTest;

constexpr char kRules[] = "/api/v1/workspaces/demo/messaging-rules";

json Defaults() {
  return {{"window_start_minute", 540},
          {"window_end_minute", 1260},
          {"on_fridays", false},
          {"on_holidays", false},
          {"weekly_cap", 3},
          {"track_opens", false},
          {"track_sms_links", false}};
}

TEST_P(MessagingApiTest, MessagingRulesAreTheDefaultsUntilSet) {
  HttpResult read = Get(kRules, Owner());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["rules"], Defaults());
}

TEST_P(MessagingApiTest, APatchChangesOnlyTheFieldsGiven) {
  HttpResult changed =
      Call("PATCH", kRules, Owner(),
           R"({"window_start_minute":480,"weekly_cap":0,"track_opens":true})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  json expected = Defaults();
  expected["window_start_minute"] = 480;
  expected["weekly_cap"] = 0;
  expected["track_opens"] = true;
  EXPECT_EQ(changed.Json()["rules"], expected);
  EXPECT_EQ(Get(kRules, Owner()).Json()["rules"], expected);
  // A second change keeps the first.
  ASSERT_EQ(Call("PATCH", kRules, Owner(), R"({"on_fridays":true})").status,
            200);
  expected["on_fridays"] = true;
  EXPECT_EQ(Get(kRules, Owner()).Json()["rules"], expected);
  // An empty change changes nothing and answers the rules.
  EXPECT_EQ(Call("PATCH", kRules, Owner(), "{}").Json()["rules"], expected);
}

TEST_P(MessagingApiTest,
       EachInvalidMessagingRuleIsRefusedByNameChangingNothing) {
  ASSERT_EQ(Call("PATCH", kRules, Owner(), R"({"weekly_cap":5})").status, 200);
  json kept = Defaults();
  kept["weekly_cap"] = 5;
  const std::pair<const char*, const char*> cases[] = {
      {R"({"window_start_minute":-1})", "window_start_minute"},
      {R"({"window_start_minute":1440})", "window_start_minute"},
      {R"({"window_start_minute":"09:00"})", "window_start_minute"},
      {R"({"window_end_minute":1441})", "window_end_minute"},
      {R"({"window_end_minute":540})", "window_end_minute"},
      {R"({"window_start_minute":1300})", "window_start_minute"},
      {R"({"window_start_minute":600,"window_end_minute":600})",
       "window_end_minute"},
      {R"({"weekly_cap":-1})", "weekly_cap"},
      {R"({"weekly_cap":2.5})", "weekly_cap"},
      {R"({"on_fridays":"yes"})", "on_fridays"},
      {R"({"on_holidays":1})", "on_holidays"},
      {R"({"track_opens":null})", "track_opens"},
      {R"({"track_sms_links":"true"})", "track_sms_links"},
      {R"({"quiet_hours":true})", "quiet_hours"},
      // A valid field beside an invalid one is not written either.
      {R"({"track_opens":true,"weekly_cap":-3})", "weekly_cap"},
  };
  for (const auto& [body, field] : cases) {
    HttpResult refused = Call("PATCH", kRules, Owner(), body);
    EXPECT_EQ(refused.status, 422) << body << " " << refused.body;
    EXPECT_EQ(refused.Json()["error"]["field"], field) << body;
    EXPECT_EQ(Get(kRules, Owner()).Json()["rules"], kept) << body;
  }
  // A body that is not a JSON object is refused before any field is read.
  EXPECT_EQ(Call("PATCH", kRules, Owner(), "[1]").status, 400);
  EXPECT_EQ(Get(kRules, Owner()).Json()["rules"], kept);
}

TEST_P(MessagingApiTest, OnlyOwnersAndManagersChangeMessagingRules) {
  for (const char* role : {"manager", "marketing", "analyst", "support"}) {
    AddUser(std::string(role) + "@demo.test", role, "demo");
  }
  const std::string manager = SignIn("manager@demo.test");
  HttpResult by_manager =
      Call("PATCH", kRules, manager, R"({"on_holidays":true})");
  ASSERT_EQ(by_manager.status, 200) << by_manager.body;
  json expected = Defaults();
  expected["on_holidays"] = true;
  for (const char* role : {"marketing", "analyst", "support"}) {
    const std::string token = SignIn(std::string(role) + "@demo.test");
    // Everyone who reads marketing reads the rules.
    EXPECT_EQ(Get(kRules, token).Json()["rules"], expected) << role;
    HttpResult refused =
        Call("PATCH", kRules, token, R"({"track_opens":true})");
    EXPECT_EQ(refused.status, 403) << role << " " << refused.body;
  }
  EXPECT_EQ(Get(kRules, Owner()).Json()["rules"], expected);
  EXPECT_EQ(Get(kRules).status, 401);
}

TEST_P(MessagingApiTest, AMessagingRulesChangeIsAuditedWithBeforeAndAfter) {
  ASSERT_EQ(Call("PATCH", kRules, Owner(),
                 R"({"track_sms_links":true,"window_end_minute":1200})")
                .status,
            200);
  HttpResult audit = Get(ws + "/audit?limit=100", Owner());
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json items = audit.Json()["items"];
  json entry;
  for (const json& item : items) {
    if (item.value("entity", "") == "messaging_rules") entry = item;
  }
  ASSERT_TRUE(entry.is_object()) << audit.body;
  EXPECT_EQ(entry["action"], "update");
  EXPECT_EQ(entry["before"], Defaults()) << entry.dump();
  json after = Defaults();
  after["track_sms_links"] = true;
  after["window_end_minute"] = 1200;
  EXPECT_EQ(entry["after"], after) << entry.dump();
  // A refused change leaves no entry.
  ASSERT_EQ(Call("PATCH", kRules, Owner(), R"({"weekly_cap":-1})").status, 422);
  int entries = 0;
  const json later = Get(ws + "/audit?limit=100", Owner()).Json()["items"];
  for (const json& item : later) {
    if (item.value("entity", "") == "messaging_rules") ++entries;
  }
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace vafa
