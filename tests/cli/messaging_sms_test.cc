// SMS through an HTTP gateway for real: `vafa channel add-sms` and `vafa
// send` against a gateway on loopback (tests/messaging/sms_gateway.py), on
// both backends: accepted, refused (400: no retry), busy (503) and slow
// (a timeout: retried), a status in the answer that is not accepted; and a
// sender killed with SIGKILL between the gateway's accept and its own
// record, after which every message reaches the gateway exactly once.
#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>

#include <fstream>
#include <map>

#include "services/messaging/channels.h"
#include "services/messaging/outbox.h"
#include "tests/child_process.h"
#include "tests/cli/messaging_fixture.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "gw-T0ken-42";
constexpr char kText[] = "سارا جان، سفارش شما ارسال شد. \"کد\": 12";

class MessagingSmsTest : public testing::MessagingTest {
 protected:
  void SetUp() override {
    MessagingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const int port = StartServer("sms_gateway.py", {"--token", kToken});
    ASSERT_GT(port, 0) << "the gateway did not start";
    auto added =
        VafaWithInput(std::string(kToken) + "\n",
                      {"--workspace",
                       "shop",
                       "channel",
                       "add-sms",
                       "--name",
                       "sms",
                       "--url",
                       "http://127.0.0.1:" + std::to_string(port) + "/send",
                       "--header",
                       "Authorization: Bearer {secret}",
                       "--header",
                       "Content-Type: application/json",
                       "--body",
                       R"({"to":"{to}","text":"{text}","key":"{key}"})",
                       "--id-pointer",
                       "/messages/0/id",
                       "--status-pointer",
                       "/messages/0/status",
                       "--accept",
                       "queued",
                       "--timeout",
                       "1",
                       "--report-id-pointer",
                       "/id",
                       "--report-status-pointer",
                       "/status",
                       "--delivered",
                       "DELIVERED",
                       "--delivered",
                       "2",
                       "--failed",
                       "UNDELIVERABLE",
                       "--price",
                       "1200",
                       "--secret-stdin"});
    ASSERT_EQ(added.exit_code, 0) << added.output;
    db().sql() << "SELECT MAX(id) FROM message_channels", soci::into(channel_);
  }

  void Queue(const std::string& key, const std::string& to) {
    services::messaging::OutboxMessage message;
    message.workspace_id = workspace_;
    message.idempotency_key = key;
    message.channel_id = channel_;
    message.recipient = to;
    message.body = kText;
    auto queued = services::messaging::QueueMessage(db(), message);
    ASSERT_TRUE(queued.ok()) << queued.status().message();
  }

  std::string Column(const std::string& column, const std::string& key) {
    std::string value;
    soci::indicator null = soci::i_ok;
    db().sql() << "SELECT " + column +
                      " FROM outbox_messages WHERE idempotency_key = :k",
        soci::use(key), soci::into(value, null);
    return null == soci::i_null ? std::string() : value;
  }
  long long Count(const std::string& state) {
    long long n = 0;
    db().sql() << "SELECT COUNT(*) FROM outbox_messages WHERE state = :s",
        soci::use(state), soci::into(n);
    return n;
  }

  std::vector<nlohmann::json> Lines(const std::string& file) {
    std::vector<nlohmann::json> out;
    std::ifstream in(folder_ / "server" / file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
  }

  long long channel_ = 0;
};

TEST_P(MessagingSmsTest, TheDeliveryReportSettingsAndPriceAreKept) {
  auto channel = services::messaging::ReadChannel(db(), workspace_, channel_);
  ASSERT_TRUE(channel.ok()) << channel.status().message();
  EXPECT_EQ(channel->sms.report_id_pointer, "/id");
  EXPECT_EQ(channel->sms.report_status_pointer, "/status");
  EXPECT_EQ(channel->sms.report_reason_pointer, "");
  EXPECT_EQ(channel->sms.delivered_statuses,
            (std::vector<std::string>{"DELIVERED", "2"}));
  EXPECT_EQ(channel->sms.failed_statuses,
            std::vector<std::string>{"UNDELIVERABLE"});
  EXPECT_EQ(channel->sms.price, 1200);
  // Statuses without the pointers to read them are refused, naming them.
  auto refused =
      Vafa({"--workspace", "shop", "channel", "add-sms", "--name", "half",
            "--url", "http://127.0.0.1:9/send", "--delivered", "DELIVERED"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("sms.report_id_pointer"), std::string::npos)
      << refused.output;
}

TEST_P(MessagingSmsTest, RetriesTemporaryFailuresOnlyAndReadsTheGatewaysId) {
  Queue("ok", "+989121234567");
  Queue("refused", "+989111111111");
  Queue("busy", "+989122222222");
  Queue("slow", "+989133333333");
  Queue("rejected", "+989144444444");
  auto first = Vafa({"send"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("sent 1, retrying 2, failed 2"));
  EXPECT_EQ(Column("state", "ok"), "sent");
  EXPECT_EQ(Column("provider_message_id", "ok"), "gw-1");
  EXPECT_EQ(Column("state", "refused"), "failed");
  EXPECT_THAT(Column("failure", "refused"), HasSubstr("HTTP 400"));
  EXPECT_EQ(Column("state", "rejected"), "failed");
  EXPECT_THAT(Column("failure", "rejected"), HasSubstr("\"rejected\""));
  EXPECT_EQ(Column("state", "busy"), "queued");
  EXPECT_THAT(Column("failure", "busy"), HasSubstr("HTTP 503"));
  EXPECT_EQ(Column("state", "slow"), "queued");
  EXPECT_THAT(Column("failure", "slow"), HasSubstr("Timeout"));

  // Backoff keeps them until their time; then the gateway takes them.
  auto early = Vafa({"send"});
  EXPECT_THAT(early.output, HasSubstr("sent 0, retrying 0, failed 0"));
  db().sql() << "UPDATE outbox_messages SET next_attempt_at = 0 WHERE state "
                "= 'queued'";
  auto later = Vafa({"send"});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_THAT(later.output, HasSubstr("sent 2, retrying 0, failed 0"));
  EXPECT_EQ(Column("attempts", "busy"), "2");

  const std::vector<nlohmann::json> delivered = Lines("delivered.jsonl");
  ASSERT_EQ(delivered.size(), 3u);
  for (const nlohmann::json& one : delivered) {
    EXPECT_EQ(one["text"], kText);  // escaped into JSON and read back whole
  }
  EXPECT_EQ(delivered[0]["key"], "ok");
  EXPECT_EQ(delivered[0]["to"], "+989121234567");
  for (const auto& output : {first.output, early.output, later.output}) {
    EXPECT_THAT(output, Not(HasSubstr(kToken)));
  }
}

TEST_P(MessagingSmsTest, AKilledSenderLeavesEachMessageDeliveredOnce) {
  constexpr int kMessages = 12;
  for (int n = 0; n < kMessages; ++n) {
    Queue("order:" + std::to_string(n),
          "+98912000000" + std::to_string(n % 10));
  }
  // The sender pauses 400 ms after each accept, before its record: it is
  // killed in that pause, the worst moment.
  const std::string log = (folder_ / "killed.log").string();
  const pid_t sender = ::vafa::testing::ForkChildOfTest();
  if (sender == 0) {
    setenv("VAFA_TEST_SEND_PAUSE_MS", "400", 1);
    freopen(log.c_str(), "w", stdout);
    execl(::vafa::testing::kVafaBinary, "vafa", "--db",
          scratch_->location().c_str(), "send", "--lease", "1", nullptr);
    _exit(127);
  }
  for (int tries = 0; tries < 400 && Lines("delivered.jsonl").size() < 4;
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(sender, SIGKILL);
  int status = 0;
  waitpid(sender, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(Lines("delivered.jsonl").size(), 4u);
  EXPECT_EQ(Count("sent"), 3);
  EXPECT_EQ(Count("sending"), 1);  // the gateway took it; nobody recorded it

  // Once the claim's lease has run out, a new sender finishes the batch;
  // the message in doubt is sent again under its key and recognised.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto rest = Vafa({"send", "--lease", "1"});
  ASSERT_EQ(rest.exit_code, 0) << rest.output;
  EXPECT_THAT(rest.output,
              HasSubstr("sent " + std::to_string(kMessages - 3) + ","));
  EXPECT_EQ(Count("sent"), kMessages);

  std::map<std::string, int> deliveries;
  for (const nlohmann::json& one : Lines("delivered.jsonl")) {
    ++deliveries[one["key"].get<std::string>()];
  }
  ASSERT_EQ(deliveries.size(), static_cast<size_t>(kMessages));
  for (const auto& [key, times] : deliveries) EXPECT_EQ(times, 1) << key;
  int repeats = 0;
  for (const nlohmann::json& request : Lines("requests.jsonl")) {
    repeats += request.value("repeat", false) ? 1 : 0;
  }
  EXPECT_EQ(repeats, 1);
  EXPECT_EQ(Lines("requests.jsonl").size(), static_cast<size_t>(kMessages + 1));
}

VAFA_INSTANTIATE_BACKEND_TEST(MessagingSmsTest);

}  // namespace
}  // namespace vafa
