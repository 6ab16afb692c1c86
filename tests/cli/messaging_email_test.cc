// E-mail sent for real: `vafa channel add-email` and `vafa send` against an
// SMTP server on loopback (aiosmtpd, tests/messaging/smtp_sink.py) that
// requires AUTH, on both backends. The received messages are read back by
// Python's email package: the Persian subject and body decode to what was
// queued, marketing carries the unsubscribe header and link, transactional
// does not; a refused recipient fails for good; nothing is sent twice; the
// password appears in no output, export or stored column.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include "services/messaging/outbox.h"
#include "tests/cli/messaging_fixture.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "s3cret-Smtp-Pa55";
constexpr char kSubject[] = "سارا عزیز، تخفیف پاییزه برای شما آماده است";
constexpr char kBody[] = "سلام سارا\nبیست درصد تخفیف تا آخر هفته.";

class MessagingEmailTest : public testing::MessagingTest {
 protected:
  void SetUp() override {
    MessagingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    port_ = StartServer("smtp_sink.py",
                        {"--user", "shop", "--password", kPassword});
    ASSERT_GT(port_, 0) << "the SMTP server did not start";
  }

  // Adds the e-mail channel through the CLI with `password` on stdin.
  int64_t AddChannel(const std::string& password) {
    auto added =
        VafaWithInput(password + "\n", {"--workspace",
                                        "shop",
                                        "channel",
                                        "add-email",
                                        "--name",
                                        "mail",
                                        "--host",
                                        "127.0.0.1",
                                        "--port",
                                        std::to_string(port_),
                                        "--security",
                                        "none",
                                        "--user",
                                        "shop",
                                        "--from",
                                        "shop@example.com",
                                        "--from-name",
                                        "فروشگاه وفا",
                                        "--reply-to",
                                        "help@example.com",
                                        "--unsubscribe-url",
                                        "https://crm.example.com/u/{token}",
                                        "--secret-stdin"});
    EXPECT_EQ(added.exit_code, 0) << added.output;
    EXPECT_THAT(added.output, Not(HasSubstr(kPassword)));
    long long id = 0;
    db().sql() << "SELECT MAX(id) FROM message_channels", soci::into(id);
    return id;
  }

  void Queue(int64_t channel, const std::string& key,
             services::messaging::MessagePurpose purpose,
             const std::string& to) {
    services::messaging::OutboxMessage message;
    message.workspace_id = workspace_;
    message.idempotency_key = key;
    message.channel_id = channel;
    message.customer_id = 1;
    message.purpose = purpose;
    message.recipient = to;
    message.subject = kSubject;
    message.body = kBody;
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

  int port_ = 0;
};

TEST_P(MessagingEmailTest, DeliversPersianMailWithUnsubscribeOnlyInMarketing) {
  const int64_t channel = AddChannel(kPassword);
  ASSERT_GT(channel, 0);
  Queue(channel, "campaign:3:customer:1",
        services::messaging::MessagePurpose::kMarketing, "sara@example.com");
  Queue(channel, "ticket:8:csat",
        services::messaging::MessagePurpose::kTransactional, "ali@example.com");
  Queue(channel, "campaign:3:customer:2",
        services::messaging::MessagePurpose::kMarketing, "nobody@example.com");

  auto sent = Vafa({"send", "--workspace", "shop"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(sent.output, HasSubstr("sent 2, retrying 0, failed 1"));
  EXPECT_THAT(sent.output, Not(HasSubstr(kPassword)));

  const std::vector<nlohmann::json> mails = Received();
  ASSERT_EQ(mails.size(), 2u);
  const std::string token =
      Column("unsubscribe_token", "campaign:3:customer:1");
  ASSERT_EQ(token.size(), 32u);
  const std::string link = "https://crm.example.com/u/" + token;
  for (const nlohmann::json& mail : mails) {
    SCOPED_TRACE(mail.dump());
    EXPECT_EQ(mail["auth_login"], "shop");  // logged in with the opened secret
    EXPECT_EQ(mail["mail_from"], "shop@example.com");
    EXPECT_EQ(mail["subject"], kSubject);
    EXPECT_EQ(mail["charset"], "utf-8");
    EXPECT_EQ(mail["from"], "فروشگاه وفا <shop@example.com>");
    EXPECT_EQ(mail["reply_to"], "help@example.com");
    const std::string body = mail["body"];
    EXPECT_EQ(body.rfind(kBody, 0), 0u);
    if (mail["rcpt_tos"][0] == "sara@example.com") {
      EXPECT_EQ(mail["message_id"], "<campaign.3.customer.1@example.com>");
      EXPECT_EQ(mail["list_unsubscribe"], "<" + link + ">");
      EXPECT_EQ(mail["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
      EXPECT_THAT(body, HasSubstr(link));
    } else {
      EXPECT_EQ(mail["rcpt_tos"][0], "ali@example.com");
      EXPECT_EQ(mail["list_unsubscribe"], "");
      EXPECT_THAT(body, Not(HasSubstr("Unsubscribe")));
    }
  }
  EXPECT_EQ(Column("state", "campaign:3:customer:1"), "sent");
  EXPECT_EQ(Column("state", "ticket:8:csat"), "sent");
  EXPECT_EQ(Column("state", "campaign:3:customer:2"), "failed");
  EXPECT_THAT(Column("failure", "campaign:3:customer:2"), HasSubstr("550"));

  // What was sent is not sent again.
  auto again = Vafa({"send"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("sent 0, retrying 0, failed 0"));
  EXPECT_EQ(Received().size(), 2u);
}

TEST_P(MessagingEmailTest, ThePasswordIsInNoOutputExportOrColumn) {
  const int64_t channel = AddChannel(kPassword);
  ASSERT_GT(channel, 0);
  auto listed = Vafa({"--workspace", "shop", "channel", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("secret set"));
  EXPECT_THAT(listed.output, HasSubstr("\"host\":\"127.0.0.1\""));
  EXPECT_THAT(listed.output, Not(HasSubstr(kPassword)));
  std::string settings, sealed;
  db().sql() << "SELECT settings, sealed_secret FROM message_channels",
      soci::into(settings), soci::into(sealed);
  EXPECT_THAT(settings + sealed, Not(HasSubstr(kPassword)));
  const auto out = folder_ / "export";
  auto exported =
      Vafa({"--workspace", "shop", "export", "--out", out.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_THAT(AllText(out), Not(HasSubstr(kPassword)));
}

TEST_P(MessagingEmailTest, AWrongPasswordIsRetriedLaterAndNeverPrinted) {
  const std::string wrong = "wrong-Pa55word";
  const int64_t channel = AddChannel(wrong);
  Queue(channel, "ticket:9:csat",
        services::messaging::MessagePurpose::kTransactional, "ali@example.com");
  auto sent = Vafa({"send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(sent.output, HasSubstr("sent 0, retrying 1, failed 0"));
  EXPECT_THAT(sent.output, Not(HasSubstr(wrong)));
  EXPECT_EQ(Column("state", "ticket:9:csat"), "queued");
  EXPECT_THAT(Column("failure", "ticket:9:csat"), HasSubstr("smtp:"));
  EXPECT_THAT(Column("failure", "ticket:9:csat"), Not(HasSubstr(wrong)));
  EXPECT_TRUE(Received().empty());
}

TEST_P(MessagingEmailTest, SendRefusesToRunWithoutTheKey) {
  unsetenv(services::messaging::kSecretKeyVariable);
  auto sent = Vafa({"send"});
  EXPECT_EQ(sent.exit_code, 1);
  EXPECT_THAT(sent.output, HasSubstr("VAFA_SECRET_KEY is not set"));
}

VAFA_INSTANTIATE_BACKEND_TEST(MessagingEmailTest);

}  // namespace
}  // namespace vafa
