// Task reminders and SLA alerts sent for real: an owner's task due in half
// an hour and a ticket whose first response is due in twenty minutes, with
// an e-mail channel to an SMTP server on loopback (aiosmtpd,
// tests/messaging/smtp_sink.py); two `vafa send` runs deliver exactly one
// e-mail for each, in Persian, to the staff member and not the customer;
// without an e-mail channel `vafa send` says why nothing was queued. Both
// backends.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include "services/messaging/templates.h"
#include "store/database.h"
#include "tests/cli/messaging_fixture.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MessagingStaffTest : public testing::MessagingTest {
 protected:
  void SetUp() override {
    MessagingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    now_ = store::NowSeconds();
    long long w = workspace_, task_due = now_ + 30 * 60,
              first_response_due = now_ + 20 * 60,
              resolution_due = now_ + 24 * 3600;
    db().sql() << "INSERT INTO users (id, email, name, password_hash, "
                  "language, created_at, updated_at) VALUES (7, "
                  "'maryam@shop.ir', 'مریم', 'x', 'fa', 0, 0)";
    db().sql() << "INSERT INTO memberships (workspace_id, user_id, role, "
                  "created_at) VALUES (:w, 7, 'support', 0)",
        soci::use(w);
    db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                  "display_name, email, created_at, updated_at) VALUES (3, "
                  ":w, 'سارا', 'سارا رضایی', 'sara@example.com', 0, 0)",
        soci::use(w);
    db().sql() << "INSERT INTO tasks (workspace_id, customer_id, title, kind, "
                  "status, due_at, owner_user_id, created_at) VALUES (:w, 3, "
                  "'تماس با سارا', 'call', 'open', :d, 7, 0)",
        soci::use(w), soci::use(task_due);
    db().sql() << "INSERT INTO tickets (workspace_id, customer_id, "
                  "external_id, subject, type, priority, status, "
                  "assignee_user_id, opened_at, first_response_due_at, "
                  "resolution_due_at, created_at) VALUES (:w, 3, 't1', "
                  "'تاخیر ارسال', 'complaint', 'high', 'new', 7, 0, :f, :r, "
                  "0)",
        soci::use(w), soci::use(first_response_due), soci::use(resolution_due);
  }

  UnixSeconds now_ = 0;
};

TEST_P(MessagingStaffTest, TwoSendRunsDeliverOnePersianMailForTaskAndTicket) {
  const int port = StartServer("smtp_sink.py", {});
  ASSERT_GT(port, 0) << "the SMTP server did not start";
  auto added =
      Vafa({"--workspace", "shop", "channel", "add-email", "--name", "mail",
            "--host", "127.0.0.1", "--port", std::to_string(port), "--security",
            "none", "--from", "shop@example.com"});
  ASSERT_EQ(added.exit_code, 0) << added.output;

  auto first = Vafa({"send"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("queued 1 task reminders, 1 SLA alerts"));
  EXPECT_THAT(first.output, HasSubstr("sent 2, retrying 0, failed 0"));
  auto second = Vafa({"send"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, Not(HasSubstr("queued")));
  EXPECT_THAT(second.output, HasSubstr("sent 0, retrying 0, failed 0"));

  const std::vector<nlohmann::json> mails = Received();
  ASSERT_EQ(mails.size(), 2u);
  // Built-in Persian texts, in Jalali at Tehran's time.
  const auto at = [this](int64_t seconds) {
    return services::messaging::FormatLocalMoment(
        now_ + seconds, 210, services::messaging::TemplateCalendar::kJalali);
  };
  const nlohmann::json& reminder =
      mails[0]["subject"] == "یادآوری: تماس با سارا" ? mails[0] : mails[1];
  const nlohmann::json& alert = &reminder == &mails[0] ? mails[1] : mails[0];
  EXPECT_EQ(reminder["subject"], "یادآوری: تماس با سارا");
  EXPECT_EQ(reminder["body"].get<std::string>(),
            "کار «تماس با سارا» در " + at(30 * 60) +
                " سررسید می‌شود.\nمشتری: سارا "
                "رضایی\n/#/customers/3\n");
  EXPECT_EQ(alert["subject"], "هشدار مهلت پاسخ: تاخیر ارسال");
  EXPECT_EQ(alert["body"].get<std::string>(),
            "مهلت نخستین پاسخ به تیکت «تاخیر ارسال» از سارا رضایی در " +
                at(20 * 60) + " به سر می‌رسد.\n/#/customers/3\n");
  for (const nlohmann::json& mail : mails) {
    SCOPED_TRACE(mail.dump());
    EXPECT_EQ(mail["rcpt_tos"], nlohmann::json::array({"maryam@shop.ir"}));
    EXPECT_EQ(mail["charset"], "utf-8");
    EXPECT_EQ(mail["list_unsubscribe"], "");  // transactional
  }
}

TEST_P(MessagingStaffTest, WithoutAnEmailChannelSendSaysWhyNothingWasQueued) {
  auto sent = Vafa({"send"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  EXPECT_THAT(sent.output,
              HasSubstr("workspace shop: 2 task reminders and SLA alerts are "
                        "due, but it has no e-mail channel"));
  EXPECT_THAT(sent.output, HasSubstr("sent 0, retrying 0, failed 0"));
  long long queued = -1;
  db().sql() << "SELECT COUNT(*) FROM outbox_messages", soci::into(queued);
  EXPECT_EQ(queued, 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(MessagingStaffTest);

}  // namespace
}  // namespace vafa
