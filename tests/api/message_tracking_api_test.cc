// Tracking marketing messages through a real server, on SQLite and
// PostgreSQL: the open pixel (off unless the workspace allows it, sent in
// the HTML part only, an open recorded once per message and counted), the
// tracked links' redirect to the stored target, opt-outs tied to their
// message, and the campaign's uplift over delivered members beside the
// intent-to-treat figures.
#include <regex>

#include "tests/api/messaging_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::HttpResult;
using testing_api::MessagingApiTest;

constexpr char kTarget[] = "https://shop.example/yalda?x=1&y=2";

class MessageTrackingApiTest : public MessagingApiTest {
 protected:
  // An e-mail channel whose links point at this server; a marketing
  // template with a link; a drawn campaign queued on them. The number of
  // messages queued.
  int64_t QueueCampaign(int smtp_port) {
    json channel = EmailChannel(smtp_port);
    channel["email"]["unsubscribe_url"] = base_ + "/unsubscribe/{token}";
    HttpResult made =
        Call("POST", ws + "/message-channels", Owner(), channel.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const int64_t channel_id = made.Json()["channel"].value("id", int64_t{0});
    json text = MarketingEmail();
    text["body_fa"] = "{first_name} عزیز، تخفیف یلدا: " + std::string(kTarget);
    text["body_en"] = "Dear {first_name}, Yalda offer: " + std::string(kTarget);
    const int64_t template_id = AddTemplate(text);
    campaign_ = DrawnCampaign();
    HttpResult queued = Call(
        "POST", Campaign() + "/messages", Owner(),
        json{{"template_id", template_id}, {"channel_id", channel_id}}.dump());
    EXPECT_EQ(queued.status, 200) << queued.body;
    return queued.Json().value("queued", int64_t{0});
  }
  std::string Campaign() {
    return ws + "/campaigns/" + std::to_string(campaign_);
  }
  json Outbox() {
    return Get(ws + "/outbox?limit=500", Owner()).Json()["items"];
  }
  json MessageWithId(int64_t id) {
    for (const json& m : Outbox()) {
      if (m["id"] == id) return m;
    }
    return json();
  }
  // The path of the first address in `text` under this server with
  // `kind` ("open", "link").
  std::string PathIn(const std::string& text, const std::string& kind) {
    std::smatch found;
    const std::regex address(base_ + "(/" + kind + "/[0-9a-f]{32}(/[0-9]+)?)");
    if (!std::regex_search(text, found, address)) return "";
    return found[1];
  }
  std::string Header(const HttpResult& http, const std::string& name) {
    std::smatch found;
    const std::regex line("(^|\n)" + name + ": ([^\r\n]*)", std::regex::icase);
    return std::regex_search(http.headers, found, line) ? found[2].str() : "";
  }
  json SinkMail(int n) {
    std::ifstream in(dir_ / "smtp" / (std::to_string(n) + ".json"));
    return json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  void Send() {
    auto sent = testing::RunVafa(
        {"--db", scratch_->location(), "send", "--limit", "1000"});
    ASSERT_EQ(sent.exit_code, 0) << sent.output;
  }

  int64_t campaign_ = 0;
};

TEST_P(MessageTrackingApiTest, ThePixelIsOffByDefault) {
  const int port = StartSink();
  ASSERT_GT(port, 0);
  const int64_t queued = QueueCampaign(port);
  ASSERT_GT(queued, 0);
  Send();
  ASSERT_EQ(Received(), queued);
  const json mail = SinkMail(1);
  EXPECT_EQ(mail["content_type"], "text/plain");
  EXPECT_EQ(mail["body"].get<std::string>().find("/open/"), std::string::npos);
  // Its links are tracked all the same.
  EXPECT_NE(PathIn(mail["body"], "link"), "");
  EXPECT_EQ(Get(Campaign() + "/messages", Owner()).Json()["opened"], 0);
}

TEST_P(MessageTrackingApiTest, AnOpenIsRecordedOncePerMessageAndCounted) {
  Vafa({"-w", "demo", "messaging-rules", "--track-opens"});
  const int port = StartSink();
  ASSERT_GT(port, 0);
  const int64_t queued = QueueCampaign(port);
  ASSERT_GT(queued, 1);
  Send();
  ASSERT_EQ(Received(), queued);
  const json mail = SinkMail(1);
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  EXPECT_EQ(mail["parts"],
            json::array({"multipart/alternative", "text/plain", "text/html"}));
  // The plain text part never carries the pixel; the HTML part does.
  EXPECT_EQ(mail["body"].get<std::string>().find("/open/"), std::string::npos);
  const std::string pixel = PathIn(mail["html"], "open");
  ASSERT_NE(pixel, "") << mail["html"];
  const std::string to = mail["rcpt_tos"][0];

  HttpResult first = Get(pixel);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Header(first, "Content-Type"), "image/gif");
  EXPECT_EQ(first.body.substr(0, 6), "GIF89a");
  EXPECT_EQ(Header(first, "Cache-Control"), "no-store");
  ASSERT_EQ(Get(pixel).status, 200);
  // Unknown and malformed tokens get the same image and record nothing.
  for (const std::string& other :
       {"/open/" + std::string(32, '0'), std::string("/open/x'--"),
        std::string("/open/") + std::string(64, 'f')}) {
    HttpResult same = Get(other);
    EXPECT_EQ(same.status, 200) << other;
    EXPECT_EQ(same.body, first.body) << other;
  }
  int64_t opens = 0, opened = 0;
  for (const json& m : Outbox()) {
    opens += m["open_count"].get<int64_t>();
    if (!m["opened_at"].is_null()) ++opened;
    if (m["open_count"] == 2) {
      EXPECT_EQ(m["recipient"], to);
    }
  }
  EXPECT_EQ(opens, 2);
  EXPECT_EQ(opened, 1);
  const json counts = Get(Campaign() + "/messages", Owner()).Json();
  EXPECT_EQ(counts["opened"], 1);
  EXPECT_EQ(counts["opens"], 2);
  EXPECT_EQ(counts["clicked"], 0);
}

TEST_P(MessageTrackingApiTest, ALinkRedirectsToItsStoredTargetAndIsCounted) {
  const int64_t queued = QueueCampaign(25);
  ASSERT_GT(queued, 0);
  // The campaign's messages, listed on their own.
  EXPECT_EQ(
      Get(ws + "/outbox?limit=500&campaign_id=" + std::to_string(campaign_),
          Owner())
          .Json()["items"]
          .size(),
      static_cast<size_t>(queued));
  EXPECT_TRUE(
      Get(ws + "/outbox?campaign_id=" + std::to_string(campaign_ + 1), Owner())
          .Json()["items"]
          .empty());
  const json message = Outbox()[0];
  const std::string link = PathIn(message["body"], "link");
  ASSERT_NE(link, "") << message["body"];
  EXPECT_EQ(message["body"].get<std::string>().find("shop.example"),
            std::string::npos);

  HttpResult followed = Get(link);
  ASSERT_EQ(followed.status, 302) << followed.body;
  EXPECT_EQ(Header(followed, "Location"), kTarget);
  // The target is the stored one whatever the request says.
  HttpResult again = Get(link + "?to=https://evil.example/&url=x");
  EXPECT_EQ(Header(again, "Location"), kTarget);
  json clicked = MessageWithId(message["id"]);
  EXPECT_EQ(clicked["click_count"], 2);
  EXPECT_TRUE(clicked["clicked_at"].is_number_integer());
  // Unknown tokens and links are a plain 404 page.
  const std::string token = link.substr(6, 32);
  for (const std::string& unknown :
       {"/link/" + std::string(32, 'a') + "/0", "/link/" + token + "/7",
        "/link/" + token + "/-1", "/link/" + token + "/x",
        std::string("/link/nothex/0")}) {
    HttpResult refused = Get(unknown);
    EXPECT_EQ(refused.status, 404) << unknown;
    EXPECT_EQ(Header(refused, "Location"), "") << unknown;
    EXPECT_NE(refused.body.find("This link is not valid."), std::string::npos);
  }
  EXPECT_EQ(MessageWithId(message["id"])["click_count"], 2);
  const json counts = Get(Campaign() + "/messages", Owner()).Json();
  EXPECT_EQ(counts["clicked"], 1);
  EXPECT_EQ(counts["clicks"], 2);
  // The customer's timeline shows it too.
  const json history =
      Get(ws + "/customers/" +
              std::to_string(message["customer_id"].get<int64_t>()) +
              "/messages",
          Owner())
          .Json();
  ASSERT_EQ(history["items"].size(), 1u);
  EXPECT_EQ(history["items"][0]["click_count"], 2);
}

TEST_P(MessageTrackingApiTest, AnUnsubscribeIsTiedToItsMessage) {
  ASSERT_GT(QueueCampaign(25), 0);
  std::string token;
  long long id = 0;
  db().sql() << "SELECT unsubscribe_token, id FROM outbox_messages ORDER BY "
                "id LIMIT 1",
      soci::into(token), soci::into(id);
  EXPECT_TRUE(MessageWithId(id)["opted_out_at"].is_null());
  ASSERT_EQ(Call("POST", "/unsubscribe/" + token).status, 200);
  EXPECT_TRUE(MessageWithId(id)["opted_out_at"].is_number_integer());
  const json counts = Get(Campaign() + "/messages", Owner()).Json();
  EXPECT_EQ(counts["opted_out"], 1);
  EXPECT_EQ(counts["opted_out_by_message"], 1);
}

// Treatment members whose message was delivered against the whole control
// group, beside the intent-to-treat comparison, on orders placed here.
TEST_P(MessageTrackingApiTest, TheUpliftOverDeliveredMembersIsReported) {
  const int port = StartSink();
  ASSERT_GT(port, 0);
  json channel = EmailChannel(port);
  HttpResult made =
      Call("POST", ws + "/message-channels", Owner(), channel.dump());
  ASSERT_EQ(made.status, 201);
  campaign_ = DrawnCampaign();
  long long workspace = 0;
  db().sql() << "SELECT id FROM workspaces WHERE slug = 'demo'",
      soci::into(workspace);
  long long id = campaign_;
  std::vector<long long> treatment, control;
  for (auto [group, flag] :
       {std::pair{&treatment, 0}, std::pair{&control, 1}}) {
    soci::rowset<long long> rows =
        (db().sql().prepare << "SELECT customer_id FROM campaign_members "
                               "WHERE campaign_id = :c AND control = :k "
                               "ORDER BY customer_id",
         soci::use(id), soci::use(flag));
    group->assign(rows.begin(), rows.end());
  }
  ASSERT_GE(treatment.size(), 3u);
  ASSERT_GE(control.size(), 1u);
  // Treatment member 0 has no e-mail: never sent, so not delivered.
  db().sql() << "UPDATE customers SET email = NULL WHERE id = :c",
      soci::use(treatment[0]);
  db().sql() << "UPDATE customers SET email = 'c' || id || '@example.com' "
                "WHERE workspace_id = :w AND id <> :c AND email IS NULL",
      soci::use(workspace), soci::use(treatment[0]);
  HttpResult queued = Call("POST", Campaign() + "/messages", Owner(),
                           json{{"template_id", AddTemplate(MarketingEmail())},
                                {"channel_id", made.Json()["channel"]["id"]}}
                               .dump());
  ASSERT_EQ(queued.status, 200) << queued.body;
  const int64_t delivered = treatment.size() - 1;
  ASSERT_EQ(queued.Json()["queued"], delivered);
  Send();
  // Orders in the window (2026-12-10): treatment 0 (not delivered), 1 and
  // 2 (delivered), and control 0; 1,000 rials each.
  int order = 0;
  for (long long customer :
       {treatment[0], treatment[1], treatment[2], control[0]}) {
    const std::string external_id = "T-" + std::to_string(++order);
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                  "ordered_at, currency, total_minor, line_count) VALUES (:w, "
                  ":c, :e, 1796900000, 'IRR', 1000, 1)",
        soci::use(workspace), soci::use(customer), soci::use(external_id);
  }
  const json report = Get(Campaign() + "/report", Owner()).Json();
  const double t = treatment.size(), c = control.size(), d = delivered;
  EXPECT_DOUBLE_EQ(report["uplift"].get<double>(), 3 / t - 1 / c);
  const json& only = report["delivered"];
  EXPECT_EQ(only["members"], delivered);
  EXPECT_EQ(only["buyers"], 2);
  EXPECT_DOUBLE_EQ(only["buy_rate"].get<double>(), 2 / d);
  EXPECT_DOUBLE_EQ(only["uplift"].get<double>(), 2 / d - 1 / c);
  EXPECT_EQ(only["window_revenue_minor"], 2000);
  EXPECT_NEAR(only["incremental_revenue_minor"].get<double>(),
              (2000 / d - 1000 / c) * d, 1e-6);
  EXPECT_TRUE(only["roi"].is_null());  // the campaign has no cost
  // Money is hidden from roles without money scores.
  AddUser("marketer@demo.test", "marketing", "demo");
  const json seen =
      Get(Campaign() + "/report", SignIn("marketer@demo.test")).Json();
  if (seen["incremental_revenue_minor"].is_null()) {
    EXPECT_TRUE(seen["delivered"]["incremental_revenue_minor"].is_null());
    EXPECT_TRUE(seen["delivered"]["window_revenue_minor"].is_null());
  }
  EXPECT_EQ(seen["delivered"]["members"], delivered);
}

VAFA_INSTANTIATE_BACKEND_TEST(MessageTrackingApiTest);

}  // namespace
}  // namespace vafa
