// The outbox, channels and consent on both backends.
#include "services/messaging/outbox.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <mutex>
#include <thread>

#include "services/messaging/channels.h"
#include "services/messaging/consent.h"
#include "services/messaging/sender.h"
#include "services/messaging/sender_loop.h"
#include "store/customer_repository.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

SecretKey TestKey() { return *ParseSecretKey(std::string(64, 'c')); }

class OutboxTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    Channel channel;
    channel.name = "mail";
    channel.kind = ChannelKind::kEmail;
    channel.email.host = "127.0.0.1";
    channel.email.user = "shop";
    channel.email.from_address = "shop@example.com";
    auto id =
        AddChannel(db(), workspace_, channel, "hunter2-secret", TestKey());
    ASSERT_TRUE(id.ok()) << id.status().message();
    channel_ = *id;
  }

  OutboxMessage Message(const std::string& key) {
    OutboxMessage message;
    message.workspace_id = workspace_;
    message.idempotency_key = key;
    message.channel_id = channel_;
    message.customer_id = 1;
    message.recipient = "sara@example.com";
    message.subject = "s";
    message.body = "b";
    return message;
  }

  OutboxMessage Stored(int64_t id) {
    auto all = ListOutbox(db(), workspace_, 100);
    EXPECT_TRUE(all.ok());
    for (const OutboxMessage& m : *all) {
      if (m.id == id) return m;
    }
    ADD_FAILURE() << "message " << id << " not listed";
    return {};
  }

  int64_t workspace_ = 0;
  int64_t channel_ = 0;
};

TEST_P(OutboxTest, TheSameKeyIsQueuedOnce) {
  auto first = QueueMessage(db(), Message("ticket:4:csat"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(*first);
  auto again = QueueMessage(db(), Message("ticket:4:csat"));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(*again);
  EXPECT_EQ(ListOutbox(db(), workspace_, 10)->size(), 1u);
  EXPECT_FALSE(QueueMessage(db(), Message("has space")).ok());
}

TEST_P(OutboxTest, AClaimHoldsUntilItsLeaseRunsOut) {
  ASSERT_TRUE(QueueMessage(db(), Message("k1")).ok());
  const UnixSeconds now = store::NowSeconds();
  auto claimed = ClaimNextMessage(db(), workspace_, now, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.status().message();
  ASSERT_TRUE(claimed->has_value());
  EXPECT_EQ((*claimed)->state, MessageState::kSending);
  EXPECT_EQ((*claimed)->attempts, 1);
  // Within the lease nobody else gets it.
  auto none = ClaimNextMessage(db(), 0, now + 59, 60);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // A sender that died leaves it to be claimed again, the attempt counted.
  auto again = ClaimNextMessage(db(), 0, now + 60, 60);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->attempts, 2);
  ASSERT_TRUE(RecordSent(db(), (*again)->id, "p-1", now + 61).ok());
  const OutboxMessage sent = Stored((*again)->id);
  EXPECT_EQ(sent.state, MessageState::kSent);
  EXPECT_EQ(sent.provider_message_id, "p-1");
  EXPECT_FALSE(ClaimNextMessage(db(), 0, now + 100000, 60)->has_value());
}

TEST_P(OutboxTest, TemporaryFailureBacksOffPermanentFailureEnds) {
  ASSERT_TRUE(QueueMessage(db(), Message("a")).ok());
  ASSERT_TRUE(QueueMessage(db(), Message("b")).ok());
  const UnixSeconds now = store::NowSeconds();
  auto a = ClaimNextMessage(db(), workspace_, now, 60);
  ASSERT_TRUE(a.ok() && a->has_value());
  ASSERT_TRUE(RecordFailure(db(), **a, "smtp: timeout", false, now).ok());
  OutboxMessage retry = Stored((*a)->id);
  EXPECT_EQ(retry.state, MessageState::kQueued);
  EXPECT_EQ(retry.next_attempt_at, now + 60);
  EXPECT_EQ(retry.failure, "smtp: timeout");
  auto b = ClaimNextMessage(db(), workspace_, now, 60);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_NE((*b)->id, (*a)->id);  // a waits for its backoff
  ASSERT_TRUE(RecordFailure(db(), **b, "550 no such user", true, now).ok());
  EXPECT_EQ(Stored((*b)->id).state, MessageState::kFailed);
  EXPECT_FALSE(ClaimNextMessage(db(), 0, now + 59, 60)->has_value());
  EXPECT_TRUE(ClaimNextMessage(db(), 0, now + 60, 60)->has_value());
}

TEST_P(OutboxTest, RetriesEndAfterTheLastAttempt) {
  EXPECT_EQ(RetryDelaySeconds(1), 60);
  EXPECT_EQ(RetryDelaySeconds(3), 240);
  EXPECT_EQ(RetryDelaySeconds(30), 6 * 3600);
  ASSERT_TRUE(QueueMessage(db(), Message("tired")).ok());
  UnixSeconds now = store::NowSeconds();
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto m = ClaimNextMessage(db(), workspace_, now, 60);
    ASSERT_TRUE(m.ok() && m->has_value()) << "attempt " << attempt;
    ASSERT_TRUE(RecordFailure(db(), **m, "5xx", false, now).ok());
    now += 7 * 3600;
  }
  const OutboxMessage last = ListOutbox(db(), workspace_, 1)->front();
  EXPECT_EQ(last.state, MessageState::kFailed);
  EXPECT_EQ(last.failure, "gave up after 8 attempts: 5xx");
}

TEST_P(OutboxTest, OtherWorkspacesMessagesAreNotClaimedOrListed) {
  const int64_t other = AddWorkspace("other");
  OutboxMessage theirs = Message("x");
  theirs.workspace_id = other;
  ASSERT_TRUE(QueueMessage(db(), theirs).ok());
  EXPECT_FALSE(
      ClaimNextMessage(db(), workspace_, store::NowSeconds(), 60)->has_value());
  EXPECT_TRUE(ListOutbox(db(), workspace_, 10)->empty());
  EXPECT_FALSE(ReadChannel(db(), other, channel_).ok());
}

TEST_P(OutboxTest, ChannelSecretIsStoredSealedAndReadOnlyWithTheKey) {
  auto channel = ReadChannel(db(), workspace_, channel_);
  ASSERT_TRUE(channel.ok()) << channel.status().message();
  EXPECT_TRUE(channel->has_secret);
  EXPECT_EQ(ChannelSettingsJson(*channel).find("hunter2"), std::string::npos);
  std::string settings, sealed;
  db().sql() << "SELECT settings, sealed_secret FROM message_channels",
      soci::into(settings), soci::into(sealed);
  EXPECT_EQ(settings.find("hunter2"), std::string::npos);
  EXPECT_EQ(sealed.find("hunter2"), std::string::npos);
  EXPECT_EQ(*ReadChannelSecret(db(), workspace_, channel_, TestKey()),
            "hunter2-secret");
  EXPECT_FALSE(ReadChannelSecret(db(), workspace_, channel_,
                                 *ParseSecretKey(std::string(64, 'd')))
                   .ok());
}

TEST_P(OutboxTest, ChannelSettingsAreCheckedNamingTheField) {
  Channel bad;
  bad.name = "sms";
  bad.kind = ChannelKind::kSms;
  bad.sms.url = "ftp://gateway";
  auto refused = AddChannel(db(), workspace_, bad, "", TestKey());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "sms.url");
  bad.sms.url = "http://127.0.0.1:9/send?to={to}";
  bad.sms.headers = {{"Authorization", "Bearer {secret}"}};
  bad.sms.id_pointer = "/id";
  auto made = AddChannel(db(), workspace_, bad, "", TestKey());
  ASSERT_TRUE(made.ok()) << made.status().message();
  auto read = ReadChannel(db(), workspace_, *made);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_secret);
  EXPECT_EQ(read->sms.headers, bad.sms.headers);
  EXPECT_EQ(read->sms.id_pointer, "/id");
}

TEST_P(OutboxTest, AnUpdateKeepsReplacesOrRemovesTheSecret) {
  Channel channel = *ReadChannel(db(), workspace_, channel_);
  channel.name = "renamed";
  ASSERT_TRUE(
      UpdateChannel(db(), workspace_, channel, std::nullopt, TestKey()).ok());
  EXPECT_EQ(ReadChannel(db(), workspace_, channel_)->name, "renamed");
  EXPECT_EQ(*ReadChannelSecret(db(), workspace_, channel_, TestKey()),
            "hunter2-secret");
  ASSERT_TRUE(UpdateChannel(db(), workspace_, channel,
                            std::string_view("new-secret"), TestKey())
                  .ok());
  EXPECT_EQ(*ReadChannelSecret(db(), workspace_, channel_, TestKey()),
            "new-secret");
  ASSERT_TRUE(
      UpdateChannel(db(), workspace_, channel, std::string_view(""), TestKey())
          .ok());
  EXPECT_FALSE(ReadChannel(db(), workspace_, channel_)->has_secret);
  channel.email.host.clear();
  EXPECT_EQ(
      UpdateChannel(db(), workspace_, channel, std::nullopt, TestKey()).field(),
      "email.host");
  channel.email.host = "127.0.0.1";
  const int64_t other = AddWorkspace("other");
  EXPECT_EQ(UpdateChannel(db(), other, channel, std::nullopt, TestKey()).code(),
            StatusCode::kNotFound);
}

TEST_P(OutboxTest, TheListingFiltersByStateAndCustomerAndOnlyFailedIsRetried) {
  OutboxMessage first = Message("a");
  OutboxMessage second = Message("b");
  const int64_t now = store::NowSeconds() + 10;
  second.customer_id = 2;
  ASSERT_TRUE(*QueueMessage(db(), first));
  ASSERT_TRUE(*QueueMessage(db(), second));
  auto claimed = ClaimNextMessage(db(), workspace_, now, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  ASSERT_TRUE(RecordFailure(db(), **claimed, "550 no such user",
                            /*permanent=*/true, now)
                  .ok());
  OutboxFilter failed;
  failed.state = MessageState::kFailed;
  auto listed = ListOutbox(db(), workspace_, failed);
  ASSERT_EQ(listed->size(), 1u);
  const int64_t id = listed->front().id;
  OutboxFilter of_customer;
  of_customer.customer_id = 2;
  ASSERT_EQ(ListOutbox(db(), workspace_, of_customer)->size(), 1u);
  OutboxFilter older;
  older.before_id = std::max(id, (*claimed)->id) + 1;
  older.limit = 1;
  EXPECT_EQ(ListOutbox(db(), workspace_, older)->size(), 1u);
  const int64_t other = AddWorkspace("other");
  EXPECT_EQ(RetryFailedMessage(db(), other, id, now + 100).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(RetryFailedMessage(db(), workspace_, id, now + 100).ok());
  OutboxMessage again = *ReadMessage(db(), workspace_, id);
  EXPECT_EQ(again.state, MessageState::kQueued);
  EXPECT_EQ(again.attempts, 0);
  EXPECT_EQ(again.next_attempt_at, now + 100);
  EXPECT_EQ(RetryFailedMessage(db(), workspace_, id, now + 100).code(),
            StatusCode::kConflict);
  EXPECT_FALSE(ParseMessageState("lost", "state").ok());
}

TEST_P(OutboxTest, LatestConsentWinsAndAnUnsubscribeTokenOptsOut) {
  auto unknown = ReadConsent(db(), workspace_, 1, ChannelKind::kEmail);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->consent, Consent::kUnknown);
  ASSERT_TRUE(RecordConsent(db(), workspace_, 1, ChannelKind::kEmail, true,
                            "import", 100)
                  .ok());
  EXPECT_EQ(ReadConsent(db(), workspace_, 1, ChannelKind::kEmail)->consent,
            Consent::kOptedIn);
  OutboxMessage offer = Message("offer");
  offer.purpose = MessagePurpose::kMarketing;
  ASSERT_TRUE(QueueMessage(db(), offer).ok());
  const std::string token =
      ListOutbox(db(), workspace_, 1)->front().unsubscribe_token;
  ASSERT_EQ(token.size(), 32u);
  ASSERT_TRUE(OptOutByToken(db(), token, 200).ok());
  auto out = ReadConsent(db(), workspace_, 1, ChannelKind::kEmail);
  EXPECT_EQ(out->consent, Consent::kOptedOut);
  EXPECT_EQ(out->source, "unsubscribe-link");
  EXPECT_EQ(out->recorded_at, 200);
  EXPECT_EQ(ReadConsent(db(), workspace_, 1, ChannelKind::kSms)->consent,
            Consent::kUnknown);
  EXPECT_EQ(OptOutByToken(db(), "nope", 200).code(), StatusCode::kNotFound);
}

TEST_P(OutboxTest, SenderRecordsOutcomesAndKeepsTheSecretOutOfReasons) {
  ASSERT_TRUE(QueueMessage(db(), Message("ok")).ok());
  ASSERT_TRUE(QueueMessage(db(), Message("later")).ok());
  ASSERT_TRUE(QueueMessage(db(), Message("never")).ok());
  Deliverers fake;
  std::string seen_secret;
  fake.email = [&](const Channel&, std::string_view secret,
                   const OutboxMessage& m, UnixSeconds) -> DeliveryOutcome {
    seen_secret = secret;
    if (m.idempotency_key == "ok") return {DeliveryOutcome::kSent, "id-1", ""};
    if (m.idempotency_key == "later") {
      return {DeliveryOutcome::kTemporaryFailure, "",
              "login failed for hunter2-secret"};
    }
    return {DeliveryOutcome::kPermanentFailure, "", "550 unknown user"};
  };
  SendOptions options;
  options.key = TestKey();
  auto report = SendDueMessages(db(), options, fake);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(report->retrying, 1);
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(seen_secret, "hunter2-secret");
  auto listed = ListOutbox(db(), workspace_, 10);
  ASSERT_TRUE(listed.ok());
  for (const OutboxMessage& m : *listed) {
    EXPECT_EQ(m.failure.find("hunter2"), std::string::npos) << m.failure;
    if (m.idempotency_key == "later") {
      EXPECT_EQ(m.failure, "login failed for [secret]");
    }
  }
  // A wrong key fails the channel's messages for good, without sending.
  ASSERT_TRUE(QueueMessage(db(), Message("wrong-key")).ok());
  options.key = *ParseSecretKey(std::string(64, 'd'));
  report = SendDueMessages(db(), options, fake);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(report->sent, 0);
}

TEST_P(OutboxTest, MarketingIsHeldToConsentAndQuietHoursWhenSent) {
  Channel sms;
  sms.name = "sms";
  sms.kind = ChannelKind::kSms;
  sms.sms.url = "http://127.0.0.1:9/send";
  const int64_t sms_id = *AddChannel(db(), workspace_, sms, "", TestKey());
  OutboxMessage offer = Message("offer-sms");
  offer.channel_id = sms_id;
  offer.purpose = MessagePurpose::kMarketing;
  offer.recipient = "+989121234567";
  ASSERT_TRUE(QueueMessage(db(), offer).ok());
  OutboxMessage mail = Message("offer-mail");
  mail.customer_id = 2;
  mail.purpose = MessagePurpose::kMarketing;
  ASSERT_TRUE(QueueMessage(db(), mail).ok());
  // Today (local) is a holiday, and customer 2 opted out after queueing.
  const UnixSeconds now = store::NowSeconds();
  const std::string today = FormatGregorian(DayOf(now + 210 * 60));
  db().sql() << "INSERT INTO holidays (workspace_id, day, name) VALUES (:w, "
                ":d, 'test')",
      soci::use(workspace_), soci::use(today);
  ASSERT_TRUE(RecordConsent(db(), workspace_, 2, ChannelKind::kEmail, false,
                            "unsubscribe-link", now)
                  .ok());
  int delivered = 0;
  Deliverers fake;
  fake.email = [&](const Channel&, std::string_view, const OutboxMessage&,
                   UnixSeconds) -> DeliveryOutcome {
    ++delivered;
    return {DeliveryOutcome::kSent, "", ""};
  };
  fake.sms = [&](const Channel&, std::string_view,
                 const OutboxMessage&) -> DeliveryOutcome {
    ++delivered;
    return {DeliveryOutcome::kSent, "", ""};
  };
  SendOptions options;
  options.key = TestKey();
  auto report = SendDueMessages(db(), options, fake);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(delivered, 0);
  EXPECT_EQ(report->deferred, 1);
  EXPECT_EQ(report->failed, 1);
  auto listed = ListOutbox(db(), workspace_, 10);
  ASSERT_TRUE(listed.ok());
  for (const OutboxMessage& m : *listed) {
    if (m.idempotency_key == "offer-sms") {
      EXPECT_EQ(m.state, MessageState::kQueued);
      EXPECT_EQ(m.attempts, 0);  // a deferral is no attempt
      EXPECT_GT(m.next_attempt_at, now);
    } else {
      EXPECT_EQ(m.state, MessageState::kFailed);
      EXPECT_NE(m.failure.find("opted out"), std::string::npos) << m.failure;
    }
  }
}

TEST_P(OutboxTest, AChannelsRateLimitPutsTheRestBackUntilTheMinuteEnds) {
  Channel sms;
  sms.name = "slow sms";
  sms.kind = ChannelKind::kSms;
  sms.sms.url = "http://127.0.0.1:9/send";
  sms.per_minute = 2;
  const int64_t sms_id = *AddChannel(db(), workspace_, sms, "", TestKey());
  for (int n = 0; n < 5; ++n) {
    OutboxMessage message = Message("limited-" + std::to_string(n));
    message.channel_id = sms_id;
    ASSERT_TRUE(QueueMessage(db(), message).ok());
  }
  int delivered = 0;
  Deliverers fake;
  fake.sms = [&](const Channel&, std::string_view,
                 const OutboxMessage&) -> DeliveryOutcome {
    ++delivered;
    return {DeliveryOutcome::kSent, "", ""};
  };
  ChannelRateLimiter limiter;
  SendOptions options;
  options.key = TestKey();
  options.rate_limiter = &limiter;
  const UnixSeconds before = store::NowSeconds();
  auto report = SendDueMessages(db(), options, fake);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(delivered, 2);
  EXPECT_EQ(report->sent, 2);
  EXPECT_EQ(report->deferred, 3);
  auto listed = ListOutbox(db(), workspace_, 10);
  ASSERT_TRUE(listed.ok());
  for (const OutboxMessage& m : *listed) {
    if (m.state == MessageState::kSent) continue;
    EXPECT_EQ(m.state, MessageState::kQueued);
    EXPECT_EQ(m.attempts, 0);
    EXPECT_GE(m.next_attempt_at, before + 60);
    EXPECT_LE(m.next_attempt_at, store::NowSeconds() + 60);
  }
}

TEST_P(OutboxTest, TheSenderLoopRunsAtStartAndReportsWhatItDid) {
  Channel sms;
  sms.name = "closed";
  sms.kind = ChannelKind::kSms;
  sms.sms.url = "http://127.0.0.1:9/send";  // nothing listens: retried
  sms.sms.timeout_seconds = 2;
  OutboxMessage message = Message("loop");
  message.channel_id = *AddChannel(db(), workspace_, sms, "", TestKey());
  ASSERT_TRUE(QueueMessage(db(), message).ok());
  std::mutex lines_mutex;
  std::vector<std::string> lines;
  const std::string location = scratch_->location();
  SenderLoop loop([location] { return store::Database::Open(location, false); },
                  TestKey(), std::chrono::hours(1), 10,
                  [&](const std::string& line) {
                    std::lock_guard<std::mutex> lock(lines_mutex);
                    lines.push_back(line);
                  });
  for (int tries = 0; tries < 500 && loop.runs() == 0; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  loop.Stop();
  ASSERT_EQ(loop.runs(), 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "messaging: sent 0, retrying 1, failed 0, deferred 0");
  EXPECT_EQ(ListOutbox(db(), workspace_, 1)->front().attempts, 1);
}

// After a merge the other customer's consent stays with its hidden row
// (docs/duplicates.md); an opt-out recorded there still holds for the kept
// customer, while an opt-in there gives nothing the kept one did not.
TEST_P(OutboxTest, AnOptOutOfAMergedCustomerHoldsForTheKeptOne) {
  store::CustomerRepository customers(db());
  store::Customer kept, other;
  for (store::Customer* c : {&kept, &other}) {
    c->workspace_id = workspace_;
    c->first_name = "Sara";
    c->display_name = "Sara";
    c->created_at = c->updated_at = 100;
    ASSERT_TRUE(customers.Insert(*c).ok());
  }
  ASSERT_TRUE(RecordConsent(db(), workspace_, kept.id, ChannelKind::kEmail,
                            true, "import", 100)
                  .ok());
  ASSERT_TRUE(RecordConsent(db(), workspace_, other.id, ChannelKind::kSms, true,
                            "import", 100)
                  .ok());
  ASSERT_TRUE(RecordConsent(db(), workspace_, other.id, ChannelKind::kEmail,
                            false, "unsubscribe-link", 150)
                  .ok());
  // Not merged yet: each customer's own record.
  EXPECT_EQ(
      ReadConsent(db(), workspace_, kept.id, ChannelKind::kEmail)->consent,
      Consent::kOptedIn);
  long long k = kept.id, o = other.id;
  db().sql() << "UPDATE customers SET merged_into = :k, deleted_at = 200 "
                "WHERE id = :o",
      soci::use(k), soci::use(o);
  auto email = ReadConsent(db(), workspace_, kept.id, ChannelKind::kEmail);
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->consent, Consent::kOptedOut);
  EXPECT_EQ(email->source, "unsubscribe-link");
  EXPECT_EQ(ReadConsent(db(), workspace_, kept.id, ChannelKind::kSms)->consent,
            Consent::kUnknown);
}

VAFA_INSTANTIATE_BACKEND_TEST(OutboxTest);

}  // namespace
}  // namespace vafa::services::messaging
