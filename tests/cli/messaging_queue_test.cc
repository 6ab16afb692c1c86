// A campaign's members queued and sent through the binary, on both
// backends: `vafa template add`, `vafa messaging-rules`, `vafa queue
// campaign` (treatment members once, the opted-out skipped) and `vafa send`
// to the loopback gateway, which receives each filled Persian text once.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <fstream>

#include "services/messaging/consent.h"
#include "tests/cli/messaging_fixture.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

class MessagingQueueTest : public testing::MessagingTest {};

TEST_P(MessagingQueueTest, QueuesACampaignOnceAndTheGatewayGetsEachText) {
  const int port = StartServer("sms_gateway.py", {"--token", "t"});
  ASSERT_GT(port, 0);
  auto channel = VafaWithInput(
      "t\n", {"-w", "shop", "channel", "add-sms", "--name", "sms", "--url",
              "http://127.0.0.1:" + std::to_string(port) + "/send", "--header",
              "Authorization: Bearer {secret}", "--body",
              R"({"to":"{to}","text":"{text}"})", "--id-pointer",
              "/messages/0/id", "--secret-stdin"});
  ASSERT_EQ(channel.exit_code, 0) << channel.output;
  auto made = Vafa({"-w", "shop", "template", "add", "--name", "autumn",
                    "--body-fa", "{first_name} عزیز، تخفیف پاییزه"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto rules = Vafa({"-w", "shop", "messaging-rules", "--from", "00:00",
                     "--until", "24:00", "--fridays", "--holidays"});
  ASSERT_EQ(rules.exit_code, 0) << rules.output;
  // Customers 1-5 drawn into campaign 1; 5 is in the control group.
  for (int id = 1; id <= 5; ++id) {
    const std::string name = "مشتری" + std::to_string(id);
    const std::string phone = "+98912000000" + std::to_string(id);
    db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                  "display_name, phone, created_at, updated_at) VALUES (:i, "
                  ":w, :f, :d, :p, 0, 0)",
        soci::use(id), soci::use(workspace_), soci::use(name), soci::use(name),
        soci::use(phone);
    const int control = id == 5 ? 1 : 0;
    db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                  "customer_id, control) VALUES (:w, 1, :c, :k)",
        soci::use(workspace_), soci::use(id), soci::use(control);
  }
  db().sql() << "INSERT INTO campaigns (id, workspace_id, name, channel, "
                "status, starts_at, ends_at, attribution_days, "
                "control_percent, created_at) VALUES (1, :w, 'autumn', "
                "'sms', 'active', 0, 0, 30, 20, 0)",
      soci::use(workspace_);
  ASSERT_TRUE(services::messaging::RecordConsent(
                  db(), workspace_, 4, services::messaging::ChannelKind::kSms,
                  false, "sms-keyword", 0)
                  .ok());

  const std::vector<std::string> queue = {
      "-w", "shop",       "queue", "campaign",  "--campaign",
      "1",  "--template", "1",     "--channel", "1"};
  auto first = Vafa(queue);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output,
              HasSubstr("queued 3; already queued 0, opted out "
                        "1, no address 0, over the weekly cap 0"));
  auto second = Vafa(queue);
  EXPECT_THAT(second.output, HasSubstr("queued 0; already queued 3"));

  auto sent = Vafa({"send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(sent.output, HasSubstr("sent 3, retrying 0, failed 0"));
  std::ifstream in(folder_ / "server" / "delivered.jsonl");
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    texts.push_back(nlohmann::json::parse(line)["text"]);
  }
  EXPECT_THAT(texts,
              ::testing::UnorderedElementsAre("مشتری1 عزیز، تخفیف پاییزه",
                                              "مشتری2 عزیز، تخفیف پاییزه",
                                              "مشتری3 عزیز، تخفیف پاییزه"));
}

VAFA_INSTANTIATE_BACKEND_TEST(MessagingQueueTest);

}  // namespace
}  // namespace vafa
