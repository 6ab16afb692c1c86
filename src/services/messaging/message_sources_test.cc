// Queueing a campaign's members and a ticket's satisfaction request, on
// both backends.
#include "services/messaging/message_sources.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "services/messaging/consent.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/sending_rules.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

class MessageSourcesTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    const SecretKey key{};
    Channel sms;
    sms.name = "sms";
    sms.kind = ChannelKind::kSms;
    sms.sms.url = "http://127.0.0.1:9/send";
    sms_ = *AddChannel(db(), workspace_, sms, "", key);
    MessageTemplate offer;
    offer.name = "offer";
    offer.body_fa = "{first_name} عزیز، {points} امتیاز دارید";
    offer.body_en = "Dear {first_name}, you have {points} points";
    offer_ = *AddTemplate(db(), workspace_, offer);
    // Customers 1-6; 6 in the control group; 4 has no phone; 5 English.
    for (int id = 1; id <= 6; ++id) {
      std::string phone = id == 4 ? "" : "+98912000000" + std::to_string(id);
      std::string language = id == 5 ? "en" : "fa";
      soci::indicator phone_null = phone.empty() ? soci::i_null : soci::i_ok;
      // Named, not a temporary: SOCI reads it when the statement runs.
      const std::string name = "name" + std::to_string(id);
      db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                    "display_name, phone, language, created_at, updated_at) "
                    "VALUES (:i, :w, :f, :d, :p, :l, 0, 0)",
          soci::use(id), soci::use(workspace_), soci::use(name),
          soci::use(name), soci::use(phone, phone_null), soci::use(language);
      int control = id == 6 ? 1 : 0;
      db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                    "customer_id, control) VALUES (:w, 1, :c, :k)",
          soci::use(workspace_), soci::use(id), soci::use(control);
    }
    db().sql() << "INSERT INTO campaigns (id, workspace_id, name, channel, "
                  "status, starts_at, ends_at, attribution_days, "
                  "control_percent, created_at) VALUES (1, :w, 'autumn', "
                  "'sms', 'active', 0, 0, 30, 20, 0)",
        soci::use(workspace_);
  }

  std::string Body(int64_t customer) {
    std::string body;
    db().sql() << "SELECT body FROM outbox_messages WHERE customer_id = :c",
        soci::use(customer), soci::into(body);
    return body;
  }

  int64_t workspace_ = 0;
  int64_t sms_ = 0;
  int64_t offer_ = 0;
};

TEST_P(MessageSourcesTest, QueuesTreatmentMembersOnceAndSkipsWhomTheRulesSay) {
  ASSERT_TRUE(RecordConsent(db(), workspace_, 3, ChannelKind::kSms, false,
                            "sms-keyword", 10)
                  .ok());
  SendingRules rules;
  rules.weekly_cap = 1;
  ASSERT_TRUE(SaveSendingRules(db(), workspace_, rules).ok());
  // Customer 2 had a marketing message this week.
  OutboxMessage earlier;
  earlier.workspace_id = workspace_;
  earlier.idempotency_key = "earlier";
  earlier.channel_id = sms_;
  earlier.customer_id = 2;
  earlier.purpose = MessagePurpose::kMarketing;
  earlier.recipient = "+989120000002";
  earlier.body = "x";
  ASSERT_TRUE(QueueMessage(db(), earlier).ok());

  const UnixSeconds now = store::NowSeconds();
  // Counting first says what queueing will do and writes nothing.
  auto counted = QueueCampaignMessages(db(), workspace_, 1, offer_, sms_, now,
                                       QueueMode::kCount);
  ASSERT_TRUE(counted.ok()) << counted.status().message();
  EXPECT_EQ(counted->queued, 2);
  EXPECT_EQ(counted->over_cap, 1);
  EXPECT_EQ(counted->due_at,
            NextSendingMoment(rules, service::WorkCalendar::Iran(), now));
  long long rows = 0;
  db().sql() << "SELECT COUNT(*) FROM outbox_messages", soci::into(rows);
  EXPECT_EQ(rows, 1);  // only the earlier message

  auto report = QueueCampaignMessages(db(), workspace_, 1, offer_, sms_, now);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->queued, 2);  // 1 and 5
  EXPECT_EQ(report->over_cap, 1);
  EXPECT_EQ(report->opted_out, 1);
  EXPECT_EQ(report->no_address, 1);
  EXPECT_EQ(Body(1), "name1 عزیز، 0 امتیاز دارید");
  EXPECT_EQ(Body(5), "Dear name5, you have 0 points");
  long long due = 0;
  db().sql() << "SELECT next_attempt_at FROM outbox_messages WHERE "
                "customer_id = 1",
      soci::into(due);
  EXPECT_EQ(due, NextSendingMoment(rules, service::WorkCalendar::Iran(), now));

  auto again = QueueCampaignMessages(db(), workspace_, 1, offer_, sms_, now);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->queued, 0);
  EXPECT_EQ(again->already_queued, 2);
}

TEST_P(MessageSourcesTest, RefusesAMissingCampaignOrATemplateOfAnotherKind) {
  EXPECT_EQ(QueueCampaignMessages(db(), workspace_, 99, offer_, sms_, 0)
                .status()
                .code(),
            StatusCode::kNotFound);
  MessageTemplate thanks;
  thanks.name = "thanks";
  thanks.purpose = MessagePurpose::kTransactional;
  thanks.body_fa = "ممنون";
  const int64_t id = *AddTemplate(db(), workspace_, thanks);
  EXPECT_EQ(
      QueueCampaignMessages(db(), workspace_, 1, id, sms_, 0).status().field(),
      "template");
  MessageTemplate typo = thanks;
  typo.body_fa = "{frist_name}";
  EXPECT_EQ(AddTemplate(db(), workspace_, typo).status().field(), "body_fa");
}

TEST_P(MessageSourcesTest,
       TemplatesAreReplacedDeletedAndListedInTheirWorkspace) {
  MessageTemplate changed = *ReadTemplate(db(), workspace_, offer_);
  changed.body_fa = "سلام {first_name}";
  ASSERT_TRUE(UpdateTemplate(db(), workspace_, changed).ok());
  EXPECT_EQ(ReadTemplate(db(), workspace_, offer_)->body_fa,
            "سلام {first_name}");
  changed.body_fa = "سلام {frist_name}";
  EXPECT_EQ(UpdateTemplate(db(), workspace_, changed).field(), "body_fa");
  changed.body_fa = std::string(kMaxTemplateTextBytes + 1, 'x');
  EXPECT_EQ(UpdateTemplate(db(), workspace_, changed).field(), "body_fa");
  const int64_t other = AddWorkspace("other");
  EXPECT_EQ(DeleteTemplate(db(), other, offer_).code(), StatusCode::kNotFound);
  const size_t before = ListTemplates(db(), workspace_)->size();
  ASSERT_TRUE(DeleteTemplate(db(), workspace_, offer_).ok());
  EXPECT_EQ(ListTemplates(db(), workspace_)->size(), before - 1);
  EXPECT_FALSE(ReadTemplate(db(), workspace_, offer_).ok());
  EXPECT_TRUE(ListTemplates(db(), other)->empty());
  auto english = ReadCustomerPlaceholders(db(), workspace_, 5, 86400);
  ASSERT_TRUE(english.ok()) << english.status().message();
  EXPECT_TRUE(english->english);
  EXPECT_EQ(english->values.first_name, "name5");
  EXPECT_EQ(english->values.points, "0");
  EXPECT_FALSE(ReadCustomerPlaceholders(db(), workspace_, 1, 86400)->english);
  EXPECT_EQ(ReadCustomerPlaceholders(db(), other, 5, 86400).status().code(),
            StatusCode::kNotFound);
}

TEST_P(MessageSourcesTest, SatisfactionRequestNamesTheTicketAndIsQueuedOnce) {
  MessageTemplate ask;
  ask.name = "csat";
  ask.purpose = MessagePurpose::kTransactional;
  ask.body_fa = "{first_name}، درباره «{ticket_subject}» نظرتان چیست؟";
  const int64_t ask_id = *AddTemplate(db(), workspace_, ask);
  db().sql() << "INSERT INTO tickets (id, workspace_id, customer_id, "
                "external_id, subject, type, priority, status, opened_at, "
                "first_response_due_at, resolution_due_at, created_at) VALUES "
                "(7, :w, 3, 'T-7', 'تاخیر ارسال', 'complaint', 'normal', "
                "'open', 0, 0, 0, 0)",
      soci::use(workspace_);
  // Customer 3 opted out of marketing; a satisfaction request still goes.
  ASSERT_TRUE(RecordConsent(db(), workspace_, 3, ChannelKind::kSms, false,
                            "sms-keyword", 10)
                  .ok());
  auto queued = QueueSatisfactionRequest(db(), workspace_, 7, ask_id, sms_, 0);
  ASSERT_TRUE(queued.ok()) << queued.status().message();
  EXPECT_TRUE(*queued);
  EXPECT_EQ(Body(3), "name3، درباره «تاخیر ارسال» نظرتان چیست؟");
  EXPECT_FALSE(*QueueSatisfactionRequest(db(), workspace_, 7, ask_id, sms_, 0));
  EXPECT_FALSE(
      QueueSatisfactionRequest(db(), workspace_, 7, offer_, sms_, 0).ok());
}

VAFA_INSTANTIATE_BACKEND_TEST(MessageSourcesTest);

}  // namespace
}  // namespace vafa::services::messaging
