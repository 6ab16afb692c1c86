// A campaign's messages counted, with opt-outs and cost, on both backends.
#include "services/messaging/campaign_messages.h"

#include <gtest/gtest.h>

#include "services/messaging/channels.h"
#include "services/messaging/consent.h"
#include "services/messaging/outbox.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

class CampaignMessagesTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    const SecretKey key = *ParseSecretKey(std::string(64, 'c'));
    Channel sms;
    sms.name = "sms";
    sms.kind = ChannelKind::kSms;
    sms.sms.url = "https://gateway.example.com/send";
    sms.sms.price = 1200;  // rials a part
    sms_ = *AddChannel(db(), workspace_, sms, "", key);
    Channel email;
    email.name = "mail";
    email.kind = ChannelKind::kEmail;
    email.email.host = "127.0.0.1";
    email.email.from_address = "shop@example.com";
    email.email.price = 30;
    email_ = *AddChannel(db(), workspace_, email, "", key);
  }

  // Queues campaign `campaign`'s message to `customer` and takes it to
  // `state` (sent, failed or queued).
  void Message(int64_t campaign, int64_t customer, int64_t channel,
               const std::string& body, MessageState state) {
    OutboxMessage m;
    m.workspace_id = workspace_;
    m.idempotency_key = "campaign:" + std::to_string(campaign) +
                        ":customer:" + std::to_string(customer);
    m.channel_id = channel;
    m.customer_id = customer;
    m.purpose = MessagePurpose::kMarketing;
    m.source = "campaign:" + std::to_string(campaign);
    m.recipient = channel == sms_ ? "+989121234567" : "a@example.com";
    m.subject = "s";
    m.body = body;
    ASSERT_TRUE(*QueueMessage(db(), m));
    if (state == MessageState::kQueued) return;
    auto claimed = ClaimNextMessage(db(), workspace_, store::NowSeconds(), 60);
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
    if (state == MessageState::kSent) {
      ASSERT_TRUE(RecordSent(db(), (*claimed)->id, "p", 0).ok());
    } else {
      ASSERT_TRUE(RecordFailure(db(), **claimed, "no", true, 0).ok());
    }
  }

  int64_t workspace_ = 0;
  int64_t sms_ = 0;
  int64_t email_ = 0;
};

TEST_P(CampaignMessagesTest, CountsStatesOptOutsAndCostPerPartOrMessage) {
  std::string two_parts;  // 71 Persian letters: UCS-2, two parts of 67
  for (int i = 0; i < 71; ++i) two_parts += "س";
  Message(7, 1, sms_, two_parts, MessageState::kSent);
  Message(7, 2, sms_, "سلام", MessageState::kSent);
  Message(7, 3, sms_, "سلام", MessageState::kFailed);  // costs nothing
  Message(7, 4, email_, "Hello", MessageState::kQueued);
  Message(8, 1, sms_, "another campaign", MessageState::kQueued);
  // Customer 2 opts out of SMS after the message; customer 4 of e-mail
  // before it was queued is not counted (the message would not have gone).
  const UnixSeconds later = store::NowSeconds() + 10;
  ASSERT_TRUE(
      RecordConsent(db(), workspace_, 2, ChannelKind::kSms, false, "x", later)
          .ok());
  ASSERT_TRUE(
      RecordConsent(db(), workspace_, 4, ChannelKind::kEmail, false, "x", 1000)
          .ok());
  ASSERT_TRUE(
      RecordConsent(db(), workspace_, 1, ChannelKind::kEmail, false, "x", later)
          .ok());  // another kind than its message's
  auto counts = CountCampaignMessages(db(), workspace_, 7);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts->sent, 2);
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->queued, 1);
  EXPECT_EQ(counts->delivered, 0);
  EXPECT_EQ(counts->opted_out, 1);
  EXPECT_EQ(counts->sms_parts, 3);
  EXPECT_EQ(counts->estimated_cost, 3 * 1200 + 30);
  auto other = CountCampaignMessages(db(), workspace_, 8);
  EXPECT_EQ(other->queued, 1);
  EXPECT_EQ(other->opted_out, 0);
  auto none = CountCampaignMessages(db(), workspace_ + 1000, 7);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->sent + none->queued + none->failed, 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(CampaignMessagesTest);

}  // namespace
}  // namespace vafa::services::messaging
