// Links rewritten when a campaign is queued, opens and clicks recorded, and
// opt-outs tied to their message, on both backends.
#include "services/messaging/message_tracking.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "services/messaging/campaign_messages.h"
#include "services/messaging/consent.h"
#include "services/messaging/internal/email_message.h"
#include "services/messaging/message_sources.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/outbox.h"
#include "services/messaging/sms_keywords.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

constexpr char kBase[] = "https://crm.example.com";

class MessageTrackingTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    const SecretKey key{};
    Channel email;
    email.name = "mail";
    email.kind = ChannelKind::kEmail;
    email.email.host = "127.0.0.1";
    email.email.from_address = "shop@example.com";
    email.email.unsubscribe_url = std::string(kBase) + "/unsubscribe/{token}";
    email_ = *AddChannel(db(), workspace_, email, "", key);
    Channel sms;
    sms.name = "sms";
    sms.kind = ChannelKind::kSms;
    sms.sms.url = "http://127.0.0.1:9/send";
    sms_ = *AddChannel(db(), workspace_, sms, "", key);
    MessageTemplate mail;
    mail.name = "mail";
    mail.kind = ChannelKind::kEmail;
    mail.subject_fa = "تخفیف";
    mail.body_fa =
        "{first_name} عزیز: https://shop.example/autumn و "
        "<a href=\"https://shop.example/p?a=1&amp;b=2\">خرید</a> "
        "mailto:help@shop.example";
    mail_ = *AddTemplate(db(), workspace_, mail);
    MessageTemplate text;
    text.name = "text";
    text.body_fa = "تخفیف: https://shop.example/autumn";
    text_ = *AddTemplate(db(), workspace_, text);
    // Customers 1-3, in campaigns 1, 2 and 3; 3 in the control groups.
    for (int id = 1; id <= 3; ++id) {
      // Named, not temporaries: SOCI reads what use() binds when the
      // statement runs, after a temporary of the expression has gone.
      const std::string name = "name" + std::to_string(id);
      const std::string email = "c" + std::to_string(id) + "@example.com";
      const std::string phone = "+98912000000" + std::to_string(id);
      db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                    "display_name, email, phone, created_at, updated_at) "
                    "VALUES (:i, :w, :f, :d, :e, :p, 0, 0)",
          soci::use(id), soci::use(workspace_), soci::use(name),
          soci::use(name), soci::use(email), soci::use(phone);
      for (int campaign = 1; campaign <= 3; ++campaign) {
        int control = id == 3 ? 1 : 0;
        db().sql() << "INSERT INTO campaign_members (workspace_id, "
                      "campaign_id, customer_id, control) VALUES (:w, :c, "
                      ":u, :k)",
            soci::use(workspace_), soci::use(campaign), soci::use(id),
            soci::use(control);
      }
    }
    for (int campaign = 1; campaign <= 3; ++campaign) {
      db().sql() << "INSERT INTO campaigns (id, workspace_id, name, channel, "
                    "status, starts_at, ends_at, attribution_days, "
                    "control_percent, created_at) VALUES (:i, :w, 'autumn', "
                    "'email', 'active', 0, 0, 30, 20, 0)",
          soci::use(campaign), soci::use(workspace_);
    }
  }

  OutboxMessage MessageOf(int campaign, int customer) {
    long long id = 0;
    std::string key = "campaign:" + std::to_string(campaign) +
                      ":customer:" + std::to_string(customer);
    db().sql() << "SELECT id FROM outbox_messages WHERE idempotency_key = :k",
        soci::use(key), soci::into(id);
    return *ReadMessage(db(), workspace_, id);
  }

  // SMS at any hour on any day, so a test's SMS are due at once.
  void AllowAllHours() {
    SendingRules rules;
    rules.window_start_minute = 0;
    rules.window_end_minute = 1440;
    rules.on_fridays = true;
    rules.on_holidays = true;
    ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  }

  void Queue(int campaign, int64_t template_id, int64_t channel) {
    auto report = QueueCampaignMessages(db(), workspace_, campaign, template_id,
                                        channel, store::NowSeconds());
    ASSERT_TRUE(report.ok()) << report.status().message();
    ASSERT_EQ(report->queued, 2);
  }

  int64_t workspace_ = 0;
  int64_t email_ = 0;
  int64_t sms_ = 0;
  int64_t mail_ = 0;
  int64_t text_ = 0;
};

TEST_P(MessageTrackingTest, QueueingRewritesLinksAndAddsThePixelOnlyIfAllowed) {
  Queue(1, mail_, email_);
  const OutboxMessage first = MessageOf(1, 1), second = MessageOf(1, 2);
  ASSERT_TRUE(IsTrackingToken(first.tracking_token));
  EXPECT_NE(first.tracking_token, second.tracking_token);
  EXPECT_EQ(first.body,
            "name1 عزیز: " + TrackedLinkUrl(kBase, first.tracking_token, 0) +
                " و <a href=\"" +
                TrackedLinkUrl(kBase, first.tracking_token, 1) +
                "\">خرید</a> mailto:help@shop.example");
  // The pixel is a workspace's choice, off by default.
  EXPECT_FALSE(first.pixel);
  std::vector<std::string> targets;
  soci::rowset<std::string> rows =
      (db().sql().prepare << "SELECT target FROM message_links WHERE source = "
                             "'campaign:1' ORDER BY link_index");
  targets.assign(rows.begin(), rows.end());
  EXPECT_EQ(targets,
            (std::vector<std::string>{"https://shop.example/autumn",
                                      "https://shop.example/p?a=1&b=2"}));
  EmailSettings settings;
  settings.from_address = "shop@example.com";
  settings.unsubscribe_url = std::string(kBase) + "/unsubscribe/{token}";
  auto plain = ComposeEmail(settings, first, 0);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->find("multipart"), std::string::npos);

  SendingRules rules;
  rules.track_opens = true;
  ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  Queue(2, mail_, email_);
  EXPECT_TRUE(MessageOf(2, 1).pixel);
  auto with_pixel = ComposeEmail(settings, MessageOf(2, 1), 0);
  ASSERT_TRUE(with_pixel.ok());
  EXPECT_NE(with_pixel->find("Content-Type: multipart/alternative"),
            std::string::npos);
  EXPECT_NE(with_pixel->find("Content-Type: text/html"), std::string::npos);
}

TEST_P(MessageTrackingTest, SmsLinksAreTrackedOnlyWhenTheRulesSay) {
  Queue(1, text_, sms_);
  EXPECT_EQ(MessageOf(1, 1).body, "تخفیف: https://shop.example/autumn");
  SendingRules rules;
  rules.track_sms_links = true;
  ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  Queue(2, text_, sms_);
  const OutboxMessage m = MessageOf(2, 1);
  EXPECT_EQ(m.body, "تخفیف: " + TrackedLinkUrl(kBase, m.tracking_token, 0));
  EXPECT_FALSE(m.pixel);
}

TEST_P(MessageTrackingTest, AnOpenIsRecordedOnceAndCountedEachTime) {
  SendingRules rules;
  rules.track_opens = true;
  ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  Queue(1, mail_, email_);
  const std::string token = MessageOf(1, 1).tracking_token;
  EXPECT_TRUE(*RecordOpen(db(), token, 1000));
  EXPECT_TRUE(*RecordOpen(db(), token, 2000));
  OutboxMessage opened = MessageOf(1, 1);
  EXPECT_EQ(opened.opened_at, 1000);
  EXPECT_EQ(opened.open_count, 2);
  // Unknown, malformed and pixel-less tokens record nothing.
  EXPECT_FALSE(*RecordOpen(db(), std::string(32, 'a'), 3000));
  EXPECT_FALSE(*RecordOpen(db(), "' OR 1=1 --", 3000));
  EXPECT_FALSE(*RecordOpen(db(), "", 3000));
  OutboxMessage other = MessageOf(1, 2);
  EXPECT_EQ(other.open_count, 0);
  long long opens = 0;
  db().sql() << "SELECT SUM(open_count) FROM outbox_messages",
      soci::into(opens);
  EXPECT_EQ(opens, 2);
}

TEST_P(MessageTrackingTest, AnOpenOfAMessageWithoutThePixelIsNotRecorded) {
  Queue(1, mail_, email_);
  EXPECT_FALSE(*RecordOpen(db(), MessageOf(1, 1).tracking_token, 1000));
  EXPECT_EQ(MessageOf(1, 1).open_count, 0);
}

TEST_P(MessageTrackingTest, AClickFollowsTheStoredTargetAndIsCounted) {
  Queue(1, mail_, email_);
  const std::string token = MessageOf(1, 2).tracking_token;
  auto target = FollowTrackedLink(db(), token, 1, 500);
  ASSERT_TRUE(target.ok()) << target.status().message();
  EXPECT_EQ(*target, "https://shop.example/p?a=1&b=2");
  EXPECT_EQ(*FollowTrackedLink(db(), token, 0, 600),
            "https://shop.example/autumn");
  const OutboxMessage clicked = MessageOf(1, 2);
  EXPECT_EQ(clicked.clicked_at, 500);
  EXPECT_EQ(clicked.click_count, 2);
  EXPECT_EQ(MessageOf(1, 1).click_count, 0);
  long long clicks = 0;
  db().sql() << "SELECT clicks FROM message_links WHERE source = "
                "'campaign:1' AND link_index = 1",
      soci::into(clicks);
  EXPECT_EQ(clicks, 1);
  for (auto [bad_token, index] : {std::pair<std::string, int64_t>{token, 2},
                                  {token, -1},
                                  {std::string(32, 'b'), 0},
                                  {"campaign:1", 0}}) {
    auto refused = FollowTrackedLink(db(), bad_token, index, 700);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  }
  EXPECT_EQ(MessageOf(1, 2).click_count, 2);
}

TEST_P(MessageTrackingTest, TheCampaignCountsOpensClicksAndOptOutsByMessage) {
  SendingRules rules;
  rules.track_opens = true;
  ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  Queue(1, mail_, email_);
  const OutboxMessage first = MessageOf(1, 1), second = MessageOf(1, 2);
  ASSERT_TRUE(RecordOpen(db(), first.tracking_token, 10).ok());
  ASSERT_TRUE(RecordOpen(db(), first.tracking_token, 11).ok());
  ASSERT_TRUE(FollowTrackedLink(db(), second.tracking_token, 0, 12).ok());
  ASSERT_TRUE(OptOutByToken(db(), second.unsubscribe_token, 13).ok());
  ASSERT_TRUE(OptOutByToken(db(), second.unsubscribe_token, 14).ok());
  EXPECT_EQ(MessageOf(1, 2).opted_out_at, 13);
  auto counts = CountCampaignMessages(db(), workspace_, 1);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->opened, 1);
  EXPECT_EQ(counts->opens, 2);
  EXPECT_EQ(counts->clicked, 1);
  EXPECT_EQ(counts->clicks, 1);
  EXPECT_EQ(counts->opted_out_by_message, 1);
  // Both were opened or clicked: delivered, though neither was sent yet.
  auto delivered = DeliveredCampaignMembers(db(), workspace_, 1);
  ASSERT_TRUE(delivered.ok());
  EXPECT_EQ(*delivered, (std::vector<int64_t>{1, 2}));
}

TEST_P(MessageTrackingTest, DeliveredMeansReportedOpenedClickedOrMailTaken) {
  AllowAllHours();
  Queue(1, text_, sms_);
  Queue(2, mail_, email_);
  // SMS 1 sent (no report yet), SMS 2 delivered; e-mail 1 sent, 2 failed.
  for (int round = 0; round < 4; ++round) {
    auto claimed = ClaimNextMessage(db(), workspace_, store::NowSeconds(), 60);
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
    const OutboxMessage& m = **claimed;
    if (m.idempotency_key == "campaign:2:customer:2") {
      ASSERT_TRUE(RecordFailure(db(), m, "no such user", true, 0).ok());
    } else {
      ASSERT_TRUE(RecordSent(db(), m.id, "p-" + m.idempotency_key, 0).ok());
    }
  }
  db().sql() << "UPDATE outbox_messages SET state = 'delivered' WHERE "
                "idempotency_key = 'campaign:1:customer:2'";
  EXPECT_EQ(*DeliveredCampaignMembers(db(), workspace_, 1),
            (std::vector<int64_t>{2}));
  EXPECT_EQ(*DeliveredCampaignMembers(db(), workspace_, 2),
            (std::vector<int64_t>{1}));
}

TEST_P(MessageTrackingTest, AnSmsKeywordIsTiedToTheLatestMarketingSms) {
  AllowAllHours();
  Queue(1, text_, sms_);
  for (int round = 0; round < 2; ++round) {
    auto claimed = ClaimNextMessage(db(), workspace_, store::NowSeconds(), 60);
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
    ASSERT_TRUE(RecordSent(db(), (*claimed)->id, "p", 100).ok());
  }
  auto out = OptOutBySmsKeyword(db(), workspace_, "09120000001", "لغو", 200);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(MessageOf(1, 1).opted_out_at, 200);
  EXPECT_FALSE(MessageOf(1, 2).opted_out_at.has_value());
}

VAFA_INSTANTIATE_BACKEND_TEST(MessageTrackingTest);

}  // namespace
}  // namespace vafa::services::messaging
