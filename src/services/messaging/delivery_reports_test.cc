// Delivery reports read from a gateway's JSON and recorded on both
// backends.
#include "services/messaging/delivery_reports.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

using nlohmann::json;

SmsGatewaySettings ReportingGateway() {
  SmsGatewaySettings sms;
  sms.url = "https://gateway.example.com/send";
  sms.report_id_pointer = "/id";
  sms.report_status_pointer = "/status";
  sms.report_reason_pointer = "/error/text";
  sms.delivered_statuses = {"DELIVERED", "10"};
  sms.failed_statuses = {"UNDELIVERABLE", "11"};
  return sms;
}

TEST(DeliveryReportTest, StatusesAreReadAsTextOrInteger) {
  const SmsGatewaySettings sms = ReportingGateway();
  auto delivered = ReadDeliveryReport(sms, json::parse(R"({"id":"gw-1",
      "status":"DELIVERED"})"));
  ASSERT_TRUE(delivered.ok()) << delivered.status().message();
  EXPECT_EQ(delivered->provider_message_id, "gw-1");
  EXPECT_EQ(delivered->outcome, ReportedOutcome::kDelivered);
  // Numeric ids and statuses, as many Iranian gateways send them.
  auto numeric =
      ReadDeliveryReport(sms, json::parse(R"({"id":829301,"status":11})"));
  ASSERT_TRUE(numeric.ok());
  EXPECT_EQ(numeric->provider_message_id, "829301");
  EXPECT_EQ(numeric->outcome, ReportedOutcome::kFailed);
  EXPECT_EQ(numeric->reason, "gateway: status 11");
  auto pending = ReadDeliveryReport(
      sms, json::parse(R"({"id":"gw-1","status":"ENROUTE"})"));
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->outcome, ReportedOutcome::kPending);
  // Statuses compare exactly: "delivered" is not "DELIVERED".
  EXPECT_EQ(ReadDeliveryReport(sms, json::parse(R"({"id":"a","status":
      "delivered"})"))
                ->outcome,
            ReportedOutcome::kPending);
}

TEST(DeliveryReportTest, AFailuresReasonIsKeptShortAndPrintable) {
  const SmsGatewaySettings sms = ReportingGateway();
  json body = {
      {"id", "gw-2"},
      {"status", "UNDELIVERABLE"},
      {"error", {{"text", "خاموش\n\x1b[31m" + std::string(400, 'x')}}}};
  auto failed = ReadDeliveryReport(sms, body);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->outcome, ReportedOutcome::kFailed);
  EXPECT_EQ(failed->reason.rfind("gateway: خاموش  [31m", 0), 0u)
      << failed->reason;
  EXPECT_LE(failed->reason.size(), 9u + 300u);
  EXPECT_EQ(failed->reason.find('\x1b'), std::string::npos);
  // A Persian reason is cut between characters, never inside one.
  std::string persian;
  for (int i = 0; i < 200; ++i) persian += "ش";
  body["error"]["text"] = "x" + persian;
  auto cut = ReadDeliveryReport(sms, body);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->reason.size(), 9u + 299u);
  EXPECT_NO_THROW(json(cut->reason).dump());  // throws on broken UTF-8
}

TEST(DeliveryReportTest, AMissingOrMisshapenIdOrStatusNamesThePointer) {
  const SmsGatewaySettings sms = ReportingGateway();
  for (const char* body :
       {R"({"status":"DELIVERED"})", R"({"id":"","status":"DELIVERED"})",
        R"({"id":["gw-1"],"status":"DELIVERED"})",
        R"({"id":1.5,"status":"DELIVERED"})", R"({"id":null})"}) {
    auto read = ReadDeliveryReport(sms, json::parse(body));
    ASSERT_FALSE(read.ok()) << body;
    EXPECT_EQ(read.status().field(), "report_id_pointer") << body;
    EXPECT_NE(read.status().message().find("/id:"), std::string::npos);
  }
  auto no_status = ReadDeliveryReport(
      sms, json::parse(R"({"id":"gw-1","status":{"code":10}})"));
  ASSERT_FALSE(no_status.ok());
  EXPECT_EQ(no_status.status().field(), "report_status_pointer");
  json long_id = {{"id", std::string(201, '7')}, {"status", "10"}};
  EXPECT_FALSE(ReadDeliveryReport(sms, long_id).ok());
}

TEST(DeliveryReportTest, AChannelReadsReportsOnlyWhenToldWhere) {
  SmsGatewaySettings sms = ReportingGateway();
  EXPECT_TRUE(ReadsDeliveryReports(sms));
  sms.delivered_statuses.clear();
  EXPECT_TRUE(ReadsDeliveryReports(sms));
  sms.failed_statuses.clear();
  EXPECT_FALSE(ReadsDeliveryReports(sms));
  EXPECT_FALSE(ReadsDeliveryReports(SmsGatewaySettings{}));
}

class DeliveryReportStoreTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    other_workspace_ = AddWorkspace("other");
    Channel channel;
    channel.name = "sms";
    channel.kind = ChannelKind::kSms;
    channel.sms = ReportingGateway();
    const SecretKey key = *ParseSecretKey(std::string(64, 'c'));
    channel_ = *AddChannel(db(), workspace_, channel, "", key);
    other_channel_ = *AddChannel(db(), workspace_, channel, "", key);
  }

  // A message of `channel` sent with provider id `provider_id`.
  int64_t Sent(const std::string& key, const std::string& provider_id,
               int64_t channel) {
    OutboxMessage message;
    message.workspace_id = workspace_;
    message.idempotency_key = key;
    message.channel_id = channel;
    message.recipient = "+989121234567";
    message.body = "سلام";
    EXPECT_TRUE(*QueueMessage(db(), message));
    auto claimed = ClaimNextMessage(db(), workspace_, store::NowSeconds(), 60);
    EXPECT_TRUE(claimed.ok() && claimed->has_value());
    const int64_t id = (*claimed)->id;
    EXPECT_TRUE(RecordSent(db(), id, provider_id, store::NowSeconds()).ok());
    return id;
  }

  DeliveryReport Report(const std::string& provider_id,
                        ReportedOutcome outcome) {
    DeliveryReport report;
    report.provider_message_id = provider_id;
    report.outcome = outcome;
    report.reason = "gateway: phone off";
    return report;
  }

  int64_t workspace_ = 0;
  int64_t other_workspace_ = 0;
  int64_t channel_ = 0;
  int64_t other_channel_ = 0;
};

TEST_P(DeliveryReportStoreTest,
       TheFirstFinalReportWinsAndRepeatsChangeNothing) {
  const int64_t id = Sent("k1", "gw-1", channel_);
  auto pending = RecordDeliveryReport(
      db(), workspace_, channel_, Report("gw-1", ReportedOutcome::kPending));
  ASSERT_TRUE(pending.ok()) << pending.status().message();
  EXPECT_FALSE(pending->changed);
  EXPECT_EQ(pending->state, MessageState::kSent);
  auto delivered = RecordDeliveryReport(
      db(), workspace_, channel_, Report("gw-1", ReportedOutcome::kDelivered));
  ASSERT_TRUE(delivered.ok());
  EXPECT_TRUE(delivered->changed);
  EXPECT_EQ(delivered->message_id, id);
  EXPECT_EQ(delivered->state, MessageState::kDelivered);
  auto again = RecordDeliveryReport(
      db(), workspace_, channel_, Report("gw-1", ReportedOutcome::kDelivered));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  auto late_failure = RecordDeliveryReport(
      db(), workspace_, channel_, Report("gw-1", ReportedOutcome::kFailed));
  ASSERT_TRUE(late_failure.ok());
  EXPECT_FALSE(late_failure->changed);
  EXPECT_EQ(late_failure->state, MessageState::kDelivered);
  EXPECT_EQ(ReadMessage(db(), workspace_, id)->state, MessageState::kDelivered);
}

TEST_P(DeliveryReportStoreTest, AFailureKeepsTheGatewaysReason) {
  const int64_t id = Sent("k2", "gw-2", channel_);
  auto failed = RecordDeliveryReport(db(), workspace_, channel_,
                                     Report("gw-2", ReportedOutcome::kFailed));
  ASSERT_TRUE(failed.ok());
  EXPECT_TRUE(failed->changed);
  const OutboxMessage stored = *ReadMessage(db(), workspace_, id);
  EXPECT_EQ(stored.state, MessageState::kFailed);
  EXPECT_EQ(stored.failure, "gateway: phone off");
  // A failure by report is final: a later "delivered" does not revive it.
  auto late = RecordDeliveryReport(db(), workspace_, channel_,
                                   Report("gw-2", ReportedOutcome::kDelivered));
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->changed);
  EXPECT_EQ(late->state, MessageState::kFailed);
}

TEST_P(DeliveryReportStoreTest, AnIdIsFoundOnlyOnItsOwnChannelAndWorkspace) {
  Sent("k3", "gw-3", channel_);
  const DeliveryReport report = Report("gw-3", ReportedOutcome::kDelivered);
  EXPECT_EQ(RecordDeliveryReport(db(), workspace_, other_channel_, report)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RecordDeliveryReport(db(), other_workspace_, channel_, report)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RecordDeliveryReport(db(), workspace_, channel_,
                                 Report("gw-4", ReportedOutcome::kDelivered))
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(RecordDeliveryReport(db(), workspace_, channel_, report).ok());
}

VAFA_INSTANTIATE_BACKEND_TEST(DeliveryReportStoreTest);

}  // namespace
}  // namespace vafa::services::messaging
