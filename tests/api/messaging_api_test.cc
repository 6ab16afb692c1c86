// Messaging through the API of a real server, on SQLite and PostgreSQL:
// channels whose secret is written and never read back, templates with a
// preview for one customer, a campaign queued and delivered to an SMTP
// server on loopback (aiosmtpd, tests/messaging/smtp_sink.py), the outbox
// with a retry, consent, who may do what, and hostile input.
#include "tests/api/messaging_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;
using testing_api::kGatewayToken;
using testing_api::kInboundToken;
using testing_api::kKey;
using testing_api::kSecret;
using testing_api::MessagingApiTest;

TEST_P(MessagingApiTest, AChannelsSecretIsWrittenAndNeverReadBack) {
  const int port = StartSink();
  ASSERT_GT(port, 0);
  const int64_t id = AddEmailChannel(port);
  const std::string path = ws + "/message-channels/" + std::to_string(id);
  HttpResult listed = Get(ws + "/message-channels", Owner());
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Json()["items"][0]["has_secret"], true);
  EXPECT_EQ(listed.Json()["items"][0]["email"]["port"], port);
  // An update without a secret keeps it; the kind does not change.
  json update = EmailChannel(port);
  update.erase("secret");
  update["name"] = "Renamed";
  HttpResult renamed = Call("PUT", path, Owner(), update.dump());
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["channel"]["has_secret"], true);
  update["kind"] = "sms";
  EXPECT_EQ(Call("PUT", path, Owner(), update.dump()).Json()["error"]["field"],
            "kind");
  // A test send reaches the SMTP server now, outside the outbox.
  HttpResult test = Call("POST", path + "/test", Owner(),
                         R"({"to":"sara@example.com","text":"سلام"})");
  ASSERT_EQ(test.status, 200) << test.body;
  EXPECT_EQ(test.Json()["result"], "sent") << test.body;
  EXPECT_EQ(Received(), 1);
  EXPECT_TRUE(Get(ws + "/outbox", Owner()).Json()["items"].empty());
  // A refused recipient is a permanent failure, its reason without secret.
  HttpResult refused =
      Call("POST", path + "/test", Owner(), R"({"to":"nobody@example.com"})");
  EXPECT_EQ(refused.Json()["result"], "permanent_failure") << refused.body;
  // Nothing the server answers or records holds the secret.
  std::string everything = listed.body + renamed.body + test.body +
                           refused.body + Get(path, Owner()).body +
                           Get(ws + "/audit?limit=100", Owner()).body;
  EXPECT_NE(everything.find("message_channel"), std::string::npos);
  EXPECT_EQ(everything.find(kSecret), std::string::npos) << everything;
  auto cli = testing::RunVafa(
      {"--db", scratch_->location(), "-w", "demo", "channel", "list"});
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_EQ(cli.output.find(kSecret), std::string::npos);
  // Only owners manage channels; marketing reads them.
  AddUser("marketing@demo.test", "marketing", "demo");
  const std::string marketing = SignIn("marketing@demo.test");
  EXPECT_EQ(Get(ws + "/message-channels", marketing).status, 200);
  EXPECT_EQ(Call("PUT", path, marketing, update.dump()).status, 403);
  EXPECT_EQ(Call("POST", path + "/test", marketing, R"({"to":"a@b.c"})").status,
            403);
}

TEST_P(MessagingApiTest, ChannelAndTemplateInputIsCheckedNamingTheField) {
  json bad = EmailChannel(25);
  bad["email"]["port"] = "25";
  EXPECT_EQ(Call("POST", ws + "/message-channels", Owner(), bad.dump())
                .Json()["error"]["field"],
            "email.port");
  bad = EmailChannel(25);
  bad["email"]["password"] = "x";
  EXPECT_EQ(Call("POST", ws + "/message-channels", Owner(), bad.dump())
                .Json()["error"]["field"],
            "email.password");
  EXPECT_EQ(
      Call("POST", ws + "/message-channels", Owner(), "{\"name\":").status,
      400);
  json typo = MarketingEmail();
  typo["body_fa"] = "سلام {frist_name}";
  HttpResult unknown =
      Call("POST", ws + "/message-templates", Owner(), typo.dump());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json()["error"]["field"], "body_fa");
  EXPECT_NE(unknown.body.find("frist_name"), std::string::npos);
  // Ten megabytes of template are refused before they are parsed; a text
  // over the limit inside a body that fits is refused naming it.
  json huge = MarketingEmail();
  huge["body_fa"] = std::string(10 * 1024 * 1024, 'x');
  EXPECT_EQ(
      Call("POST", ws + "/message-templates", Owner(), huge.dump()).status,
      413);
  huge["body_fa"] = std::string(20000, 'x');
  EXPECT_EQ(Call("POST", ws + "/message-templates", Owner(), huge.dump())
                .Json()["error"]["field"],
            "body_fa");
  EXPECT_TRUE(Get(ws + "/message-templates", Owner()).Json()["items"].empty());
}

TEST_P(MessagingApiTest, TemplatesArePreviewedForACustomerInBothLanguages) {
  const int64_t id = AddTemplate(MarketingEmail());
  const std::string path = ws + "/message-templates/" + std::to_string(id);
  HttpResult customer = Call("POST", ws + "/customers", Owner(),
                             R"({"first_name":"Shirin","external_id":"M-1"})");
  ASSERT_EQ(customer.status, 201) << customer.body;
  const std::string customer_id =
      std::to_string(customer.Json()["customer"]["id"].get<int64_t>());
  HttpResult preview =
      Get(path + "/preview?customer_id=" + customer_id, Owner());
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.Json()["fa"]["subject"], "شب یلدا، Shirin");
  EXPECT_EQ(preview.Json()["fa"]["body"], "Shirin عزیز، 0 امتیاز دارید.");
  EXPECT_EQ(preview.Json()["en"]["body"], "Dear Shirin, you have 0 points.");
  // Unsaved SMS texts: Persian is UCS-2, 70 characters in one part.
  json sms = {{"kind", "sms"},
              {"customer_id", customer.Json()["customer"]["id"]},
              {"body_fa", std::string("{first_name} ") + [] {
                 std::string s;
                 for (int i = 0; i < 70; ++i) s += "س";
                 return s;
               }()}};
  HttpResult parts =
      Call("POST", ws + "/message-templates/preview", Owner(), sms.dump());
  ASSERT_EQ(parts.status, 200) << parts.body;
  EXPECT_EQ(parts.Json()["fa"]["sms_parts"], 2);
  EXPECT_EQ(parts.Json()["fa"]["sms_units"], 77);  // "Shirin " and 70
  EXPECT_EQ(parts.Json()["fa"]["sms_unicode"], true);
  EXPECT_TRUE(parts.Json()["en"].is_null());
  // An update replaces the texts; a delete hides the template.
  json changed = MarketingEmail();
  changed["body_fa"] = "سلام {first_name}";
  ASSERT_EQ(Call("PUT", path, Owner(), changed.dump()).status, 200);
  EXPECT_EQ(Get(path + "/preview?customer_id=" + customer_id, Owner())
                .Json()["fa"]["body"],
            "سلام Shirin");
  EXPECT_EQ(Call("DELETE", path, Owner()).status, 204);
  EXPECT_EQ(Get(path, Owner()).status, 404);
  EXPECT_EQ(Call("DELETE", path, Owner()).status, 404);
  // Support may not write templates; a viewer may not preview a customer.
  AddUser("support@demo.test", "support", "demo");
  EXPECT_EQ(Call("POST", ws + "/message-templates", SignIn("support@demo.test"),
                 MarketingEmail().dump())
                .status,
            403);
}

TEST_P(MessagingApiTest, ACampaignIsQueuedSentAndTrackedInTheOutbox) {
  const int port = StartSink();
  ASSERT_GT(port, 0);
  const int64_t channel = AddEmailChannel(port);
  const int64_t template_id = AddTemplate(MarketingEmail());
  const int64_t campaign = DrawnCampaign();
  const std::string queue =
      ws + "/campaigns/" + std::to_string(campaign) + "/messages";
  const json body = {{"template_id", template_id}, {"channel_id", channel}};
  // A dry run counts what queueing would do and queues nothing.
  json dry = body;
  dry["dry_run"] = true;
  HttpResult counted = Call("POST", queue, Owner(), dry.dump());
  ASSERT_EQ(counted.status, 200) << counted.body;
  EXPECT_EQ(counted.Json()["dry_run"], true);
  EXPECT_TRUE(counted.Json()["due_at"].is_number_integer());
  EXPECT_TRUE(Get(ws + "/outbox", Owner()).Json()["items"].empty());
  HttpResult queued = Call("POST", queue, Owner(), body.dump());
  ASSERT_EQ(queued.status, 200) << queued.body;
  const int64_t count = queued.Json()["queued"];
  ASSERT_GT(count, 0);
  EXPECT_EQ(count, counted.Json()["queued"]);
  EXPECT_EQ(queued.Json()["dry_run"], false);
  HttpResult again = Call("POST", queue, Owner(), body.dump());
  EXPECT_EQ(again.Json()["queued"], 0);
  EXPECT_EQ(again.Json()["already_queued"], count);
  json page = Get(ws + "/outbox?state=queued&limit=500", Owner()).Json();
  ASSERT_EQ(page["items"].size(), static_cast<size_t>(count));
  EXPECT_TRUE(page["next_before"].is_null());
  EXPECT_EQ(page.dump().find("unsubscribe"), std::string::npos);

  auto sent = testing::RunVafa(
      {"--db", scratch_->location(), "send", "--limit", "1000"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_EQ(Received(), count);
  EXPECT_TRUE(
      Get(ws + "/outbox?state=queued", Owner()).Json()["items"].empty());
  json done = Get(ws + "/outbox?state=sent&limit=2", Owner()).Json();
  ASSERT_EQ(done["items"].size(), 2u);
  ASSERT_TRUE(done["next_before"].is_number());
  EXPECT_EQ(done["items"][0]["attempts"], 1);
  // A customer's history: the same message, seen from the customer.
  const int64_t customer = done["items"][0]["customer_id"];
  json history =
      Get(ws + "/customers/" + std::to_string(customer) + "/messages", Owner())
          .Json();
  ASSERT_EQ(history["items"].size(), 1u);
  EXPECT_EQ(history["items"][0]["id"], done["items"][0]["id"]);
  EXPECT_EQ(history["items"][0]["state"], "sent");
  // The campaign's report: every message sent, at 30 rials an e-mail; a
  // member who opts out afterwards is counted.
  HttpResult report = Get(queue, Owner());
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.Json()["sent"], count);
  EXPECT_EQ(report.Json()["queued"], 0);
  EXPECT_EQ(report.Json()["estimated_cost"], 30 * count);
  EXPECT_EQ(report.Json()["sms_parts"], 0);
  EXPECT_EQ(report.Json()["currency"], "IRR");
  EXPECT_EQ(report.Json()["opted_out"], 0);
  ASSERT_EQ(
      Call("PUT", ws + "/customers/" + std::to_string(customer) + "/consent",
           Owner(), R"({"channel":"email","opted_in":false})")
          .status,
      200);
  EXPECT_EQ(Get(queue, Owner()).Json()["opted_out"], 1);
  EXPECT_EQ(Get("/api/v1/workspaces/other/campaigns/" +
                    std::to_string(campaign) + "/messages",
                SignIn("outsider@other.test"))
                .status,
            404);
  // Only a failed message is retried.
  EXPECT_EQ(
      Call("POST",
           ws + "/outbox/" +
               std::to_string(done["items"][0]["id"].get<int64_t>()) + "/retry",
           Owner())
          .status,
      409);
  EXPECT_EQ(Get(ws + "/outbox?state=lost", Owner()).Json()["error"]["field"],
            "state");
  // A viewer does not see recipients; support may not queue a campaign.
  AddUser("viewer@demo.test", "viewer", "demo");
  AddUser("support@demo.test", "support", "demo");
  json seen = Get(ws + "/outbox?limit=1", SignIn("viewer@demo.test")).Json();
  ASSERT_EQ(seen["items"].size(), 1u);
  EXPECT_TRUE(seen["items"][0]["recipient"].is_null());
  EXPECT_EQ(
      Call("POST", queue, SignIn("support@demo.test"), body.dump()).status,
      403);
}

TEST_P(MessagingApiTest, AFailedMessageIsRetriedAndConsentIsRecorded) {
  // The SMTP server refuses "nobody@": a permanent failure.
  const int port = StartSink();
  ASSERT_GT(port, 0);
  const int64_t channel = AddEmailChannel(port);
  json transactional = MarketingEmail();
  transactional["purpose"] = "transactional";
  transactional["body_fa"] = "{first_name}، درباره «{ticket_subject}» نظرتان؟";
  const int64_t template_id = AddTemplate(transactional);
  HttpResult customer = Call(
      "POST", ws + "/customers", Owner(),
      R"({"first_name":"Reza","external_id":"M-2","email":"nobody@example.com"})");
  ASSERT_EQ(customer.status, 201) << customer.body;
  const int64_t customer_id = customer.Json()["customer"]["id"];
  HttpResult ticket = Call("POST", ws + "/tickets", Owner(),
                           json{{"customer_id", customer_id},
                                {"subject", "Late parcel"},
                                {"type", "complaint"}}
                               .dump());
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  const std::string request =
      ws + "/tickets/" +
      std::to_string(ticket.Json()["ticket"]["id"].get<int64_t>()) +
      "/satisfaction-request";
  const json body = {{"template_id", template_id}, {"channel_id", channel}};
  HttpResult first = Call("POST", request, Owner(), body.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Call("POST", request, Owner(), body.dump()).Json()["queued"],
            false);
  ASSERT_EQ(testing::RunVafa({"--db", scratch_->location(), "send"}).exit_code,
            0);
  const std::string messages =
      ws + "/customers/" + std::to_string(customer_id) + "/messages";
  json history = Get(messages, Owner()).Json();
  ASSERT_EQ(history["items"].size(), 1u);
  const json message = history["items"][0];
  EXPECT_EQ(message["body"], "Reza، درباره «Late parcel» نظرتان؟");
  EXPECT_EQ(message["state"], "failed");
  EXPECT_FALSE(message["failure"].is_null());
  EXPECT_EQ(Get(ws + "/outbox?state=failed", Owner()).Json()["items"].size(),
            1u);
  const std::string retry =
      ws + "/outbox/" + std::to_string(message["id"].get<int64_t>()) + "/retry";
  HttpResult again = Call("POST", retry, Owner());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["message"]["state"], "queued");
  EXPECT_EQ(again.Json()["message"]["attempts"], 0);
  EXPECT_EQ(Call("POST", retry, Owner()).status, 409);
  EXPECT_EQ(Call("POST", ws + "/outbox/999999/retry", Owner()).status, 404);

  // Consent: unknown until recorded, then with its source and who.
  const std::string consent =
      ws + "/customers/" + std::to_string(customer_id) + "/consent";
  EXPECT_EQ(Get(consent, Owner()).Json()["email"]["state"], "unknown");
  HttpResult out =
      Call("PUT", consent, Owner(),
           R"({"channel":"sms","opted_in":false,"source":"phone call"})");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.Json()["sms"]["state"], "opted_out");
  EXPECT_THAT(out.Json()["sms"]["source"].get<std::string>(),
              ::testing::EndsWith(": phone call"));
  EXPECT_EQ(out.Json()["email"]["state"], "unknown");
  EXPECT_EQ(Call("PUT", consent, Owner(), R"({"channel":"fax","opted_in":1})")
                .Json()["error"]["field"],
            "channel");
  AddUser("analyst@demo.test", "analyst", "demo");
  EXPECT_EQ(Call("PUT", consent, SignIn("analyst@demo.test"),
                 R"({"channel":"sms","opted_in":true})")
                .status,
            403);
  EXPECT_EQ(Get(consent, Owner()).Json()["sms"]["state"], "opted_out");
}

// The unsubscribe link's page: public, confirmed by a POST, in the
// customer's language, idempotent, and silent about the customer.
TEST_P(MessagingApiTest, TheUnsubscribeLinkOptsOutOnlyWhenConfirmed) {
  const int64_t channel = AddEmailChannel(25);
  const int64_t template_id = AddTemplate(MarketingEmail());
  const int64_t campaign = DrawnCampaign();
  ASSERT_EQ(
      Call("POST", ws + "/campaigns/" + std::to_string(campaign) + "/messages",
           Owner(),
           json{{"template_id", template_id}, {"channel_id", channel}}.dump())
          .status,
      200);
  std::string token, email, first_name;
  long long customer = 0;
  db().sql() << "SELECT m.unsubscribe_token, m.customer_id, m.recipient, "
                "c.first_name FROM outbox_messages m JOIN customers c ON c.id "
                "= m.customer_id ORDER BY m.id LIMIT 1",
      soci::into(token), soci::into(customer), soci::into(email),
      soci::into(first_name);
  ASSERT_EQ(token.size(), 32u);
  const std::string page = "/unsubscribe/" + token;
  const std::string consent =
      ws + "/customers/" + std::to_string(customer) + "/consent";

  HttpResult shown = Get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(shown.body.find("<form method=\"post\">"), std::string::npos);
  // Opening the link (or a scanner fetching it) records nothing.
  EXPECT_EQ(Get(consent, Owner()).Json()["email"]["state"], "unknown");
  HttpResult done = Call("POST", page, "", "", "-d List-Unsubscribe=One-Click");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("دیگر ایمیل تبلیغاتی از ما دریافت نخواهید کرد"),
            std::string::npos)
      << done.body;
  json recorded = Get(consent, Owner()).Json();
  EXPECT_EQ(recorded["email"]["state"], "opted_out");
  EXPECT_EQ(recorded["email"]["source"], "unsubscribe-link");
  EXPECT_EQ(recorded["sms"]["state"], "unknown");
  EXPECT_EQ(Call("POST", page, "", "", "-d x=1").body, done.body);
  for (const std::string& body : {shown.body, done.body}) {
    EXPECT_EQ(body.find(email), std::string::npos);
    if (!first_name.empty()) {
      EXPECT_EQ(body.find(first_name), std::string::npos);
    }
  }
  // In English for a customer who reads English.
  db().sql() << "UPDATE customers SET language = 'en' WHERE id = :c",
      soci::use(customer);
  HttpResult english = Get(page);
  EXPECT_NE(english.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(
      Call("POST", page)
          .body.find("You will no longer receive marketing e-mail from us."),
      std::string::npos);
  // Guessing tokens is throttled as guessing passwords is.
  int throttled = 0;
  for (int guess = 0; guess < 8; ++guess) {
    HttpResult wrong =
        Get("/unsubscribe/" + std::string(31, '0') + std::to_string(guess));
    if (wrong.status == 429) {
      ++throttled;
      EXPECT_NE(wrong.headers.find("Retry-After"), std::string::npos);
    } else {
      EXPECT_EQ(wrong.status, 404);
    }
  }
  EXPECT_GT(throttled, 0);
  EXPECT_EQ(Get(page).status, 429);
}

// The gateway forwards incoming SMS; an opt-out keyword from a customer's
// phone opts them out of marketing SMS.
TEST_P(MessagingApiTest, AnSmsKeywordFromTheGatewayOptsTheSenderOut) {
  HttpResult customer = Call(
      "POST", ws + "/customers", Owner(),
      R"({"first_name":"Mina","external_id":"M-3","phone":"09129999871"})");
  ASSERT_EQ(customer.status, 201) << customer.body;
  const std::string consent =
      ws + "/customers/" +
      std::to_string(customer.Json()["customer"]["id"].get<int64_t>()) +
      "/consent";
  const std::string inbound = ws + "/sms-inbound";
  const std::string stop = R"({"from":"+989129999871","text":"۱۱"})";
  // Without the token the route answers as for a workspace one is not a
  // member of; a session is not the gateway's token.
  EXPECT_EQ(Call("POST", inbound, "", stop).status, 404);
  EXPECT_EQ(Call("POST", inbound, "gateway-inbound-token-0124", stop).status,
            404);
  EXPECT_EQ(Call("POST", inbound, Owner(), stop).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/workspaces/nowhere/sms-inbound",
                 kInboundToken, stop)
                .status,
            404);
  HttpResult chat = Call("POST", inbound, kInboundToken,
                         R"({"from":"+989129999871","text":"لغو سفارش"})");
  ASSERT_EQ(chat.status, 200) << chat.body;
  EXPECT_EQ(chat.Json()["keyword"], false);
  EXPECT_EQ(Get(consent, Owner()).Json()["sms"]["state"], "unknown");
  HttpResult out = Call("POST", inbound, kInboundToken, stop);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.Json()["keyword"], true);
  EXPECT_EQ(out.Json()["customers_opted_out"], 1);
  json recorded = Get(consent, Owner()).Json();
  EXPECT_EQ(recorded["sms"]["state"], "opted_out");
  EXPECT_EQ(recorded["sms"]["source"], "sms-keyword");
  EXPECT_EQ(recorded["email"]["state"], "unknown");
  EXPECT_EQ(Call("POST", inbound, kInboundToken,
                 R"({"from":"not a phone","text":"STOP"})")
                .Json()["error"]["field"],
            "from");
  EXPECT_EQ(Call("POST", inbound, kInboundToken, "{\"from\":").status, 400);
}

// Messages sent through the gateway on loopback; the gateway then reports
// whether each reached the phone, and the first final report ends it.
TEST_P(MessagingApiTest, TheGatewaysDeliveryReportsEndSentMessages) {
  const int port = StartGateway();
  ASSERT_GT(port, 0);
  HttpResult made = Call("POST", ws + "/message-channels", Owner(),
                         SmsChannel(port, /*reports=*/true).dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t channel = made.Json()["channel"]["id"];
  EXPECT_EQ(made.Json()["channel"]["sms"]["delivered_statuses"][1], "2");
  const int64_t template_id =
      AddTemplate({{"name", "Ask"},
                   {"kind", "sms"},
                   {"purpose", "transactional"},
                   {"body_fa", "نظرتان درباره «{ticket_subject}» چیست؟"}});
  const int64_t reached = SatisfactionSms(channel, template_id, "09121110001");
  const int64_t missed = SatisfactionSms(channel, template_id, "09121110002");
  auto sent = testing::RunVafa({"--db", scratch_->location(), "send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  ASSERT_EQ(History(reached)[0]["state"], "sent");
  const std::string reached_id = History(reached)[0]["provider_message_id"];
  const std::string missed_id = History(missed)[0]["provider_message_id"];
  ASSERT_NE(reached_id, missed_id);

  const std::string reports =
      ws + "/message-channels/" + std::to_string(channel) + "/delivery-reports";
  const std::string delivered =
      json{{"id", reached_id}, {"status", "DELIVERED"}}.dump();
  // Without the gateway's token, as for a workspace one is not a member
  // of: a session is not the token.
  HttpResult refused = Call("POST", reports, "", delivered);
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(Call("POST", reports, Owner(), delivered).status, 404);
  EXPECT_EQ(
      Call("POST", reports, "gateway-inbound-token-0124", delivered).status,
      404);
  // Another workspace, a channel that does not exist, and an id the
  // channel never sent all answer exactly as a wrong token does.
  for (const auto& [path, body] :
       std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/workspaces/other/message-channels/" +
                std::to_string(channel) + "/delivery-reports",
            delivered},
           {ws + "/message-channels/999999/delivery-reports", delivered},
           {ws + "/message-channels/abc/delivery-reports", delivered},
           {reports, json{{"id", "gw-999"}, {"status", "DELIVERED"}}.dump()}}) {
    HttpResult unknown = Call("POST", path, kInboundToken, body);
    EXPECT_EQ(unknown.status, 404) << path << " " << body;
    EXPECT_EQ(unknown.body, refused.body) << path;
  }
  // A status that is neither delivered nor failed changes nothing.
  HttpResult enroute =
      Call("POST", reports, kInboundToken,
           json{{"id", reached_id}, {"status", "ENROUTE"}}.dump());
  ASSERT_EQ(enroute.status, 200) << enroute.body;
  EXPECT_EQ(enroute.Json(), json({{"state", "sent"}, {"changed", false}}));
  HttpResult done = Call("POST", reports, kInboundToken, delivered);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json(), json({{"state", "delivered"}, {"changed", true}}));
  // The gateway repeats itself, or reports out of order: nothing changes.
  EXPECT_EQ(Call("POST", reports, kInboundToken, delivered).Json()["changed"],
            false);
  HttpResult late =
      Call("POST", reports, kInboundToken,
           json{{"id", reached_id}, {"status", "UNDELIVERABLE"}}.dump());
  EXPECT_EQ(late.Json(), json({{"state", "delivered"}, {"changed", false}}));
  EXPECT_EQ(History(reached)[0]["state"], "delivered");
  EXPECT_TRUE(History(reached)[0]["failure"].is_null());

  HttpResult failed = Call("POST", reports, kInboundToken,
                           json{{"id", missed_id},
                                {"status", "UNDELIVERABLE"},
                                {"error", "گوشی خاموش است"}}
                               .dump());
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.Json()["state"], "failed");
  const json missed_message = History(missed)[0];
  EXPECT_EQ(missed_message["state"], "failed");
  EXPECT_EQ(missed_message["failure"], "gateway: گوشی خاموش است");
  EXPECT_EQ(Get(ws + "/outbox?state=delivered", Owner()).Json()["items"].size(),
            1u);
}

// What a gateway posts is checked before anything is read from it, and a
// channel's report settings are checked naming the field.
TEST_P(MessagingApiTest, HostileDeliveryReportsAndSettingsAreRefused) {
  HttpResult made = Call("POST", ws + "/message-channels", Owner(),
                         SmsChannel(9, /*reports=*/true).dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string reports =
      ws + "/message-channels/" +
      std::to_string(made.Json()["channel"]["id"].get<int64_t>()) +
      "/delivery-reports";
  EXPECT_EQ(Call("POST", reports, kInboundToken, "{\"id\":").status, 400);
  EXPECT_EQ(
      Call("POST", reports, kInboundToken, R"(["gw-1","DELIVERED"])").status,
      400);
  EXPECT_EQ(Call("POST", reports, kInboundToken,
                 std::string(100, '[') + std::string(100, ']'))
                .status,
            400);
  HttpResult no_id = Call("POST", reports, kInboundToken,
                          R"({"id":{"$ne":null},"status":"DELIVERED"})");
  EXPECT_EQ(no_id.status, 422) << no_id.body;
  EXPECT_EQ(no_id.Json()["error"]["field"], "report_id_pointer");
  HttpResult no_status =
      Call("POST", reports, kInboundToken, R"({"id":"gw-1","status":true})");
  EXPECT_EQ(no_status.Json()["error"]["field"], "report_status_pointer");
  EXPECT_EQ(
      Call("POST", reports, kInboundToken,
           json{{"id", "gw-1"}, {"status", std::string(2 << 20, 'x')}}.dump())
          .status,
      413);
  // A channel without report settings takes none.
  HttpResult plain = Call("POST", ws + "/message-channels", Owner(),
                          SmsChannel(9, /*reports=*/false).dump());
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(
      Call("POST",
           ws + "/message-channels/" +
               std::to_string(plain.Json()["channel"]["id"].get<int64_t>()) +
               "/delivery-reports",
           kInboundToken, R"({"id":"gw-1","status":"DELIVERED"})")
          .status,
      404);
  json half = SmsChannel(9, true);
  half["sms"].erase("report_status_pointer");
  HttpResult refused =
      Call("POST", ws + "/message-channels", Owner(), half.dump());
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.Json()["error"]["field"], "sms.report_id_pointer");
  json both = SmsChannel(9, true);
  both["sms"]["failed_statuses"].push_back("DELIVERED");
  EXPECT_EQ(Call("POST", ws + "/message-channels", Owner(), both.dump())
                .Json()["error"]["field"],
            "sms.failed_statuses");
  json pointer = SmsChannel(9, true);
  pointer["sms"]["report_reason_pointer"] = "error";
  EXPECT_EQ(Call("POST", ws + "/message-channels", Owner(), pointer.dump())
                .Json()["error"]["field"],
            "sms.report_reason_pointer");
}

TEST_P(MessagingApiTest, AnotherWorkspacesIdsAreNotFound) {
  const int64_t channel = AddEmailChannel(25);
  const int64_t template_id = AddTemplate(MarketingEmail());
  const std::string outsider = SignIn("outsider@other.test");
  const std::string other = "/api/v1/workspaces/other";
  const std::string c = std::to_string(channel),
                    t = std::to_string(template_id);
  EXPECT_EQ(Get(other + "/message-templates/" + t, outsider).status, 404);
  EXPECT_EQ(Call("DELETE", other + "/message-templates/" + t, outsider).status,
            404);
  json update = EmailChannel(25);
  EXPECT_EQ(
      Call("PUT", other + "/message-channels/" + c, outsider, update.dump())
          .status,
      404);
  EXPECT_EQ(Call("POST", other + "/message-channels/" + c + "/test", outsider,
                 R"({"to":"a@b.c"})")
                .status,
            404);
  EXPECT_EQ(Get(other + "/customers/1/consent", outsider).status, 404);
  EXPECT_EQ(Get(other + "/customers/1/messages", outsider).status, 404);
  // The other workspace's own campaign may not use this one's template.
  HttpResult segment = Call("POST", other + "/segments", outsider,
                            R"({"name":"Buyers","rules":{"conditions":[
               {"field":"orders_count","op":">=","value":1}]}})");
  ASSERT_EQ(segment.status, 201) << segment.body;
  {
    HttpResult campaign =
        Call("POST", other + "/campaigns", outsider,
             json{{"name", "X"},
                  {"channel", "email"},
                  {"goal", "retention"},
                  {"segment_id", segment.Json()["segment"]["id"]},
                  {"starts_at", "2026-12-01"},
                  {"ends_at", "2026-12-31"}}
                 .dump());
    ASSERT_EQ(campaign.status, 201) << campaign.body;
    EXPECT_EQ(
        Call("POST",
             other + "/campaigns/" +
                 std::to_string(
                     campaign.Json()["campaign"]["id"].get<int64_t>()) +
                 "/messages",
             outsider,
             json{{"template_id", template_id}, {"channel_id", channel}}.dump())
            .status,
        404);
  }
  EXPECT_TRUE(Get(other + "/outbox", outsider).Json()["items"].empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(MessagingApiTest);

}  // namespace
}  // namespace vafa
