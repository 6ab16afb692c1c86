// Task reminders and SLA alerts to staff: which are due, to whom, in what
// words, and that each is queued once; on both backends.
#include "services/messaging/staff_messages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "services/messaging/channels.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/sender_loop.h"
#include "store/sql_values.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 2024-12-05 12:00 UTC: 15:30 in Tehran, 1403-09-15.
constexpr UnixSeconds kNow = 1733400000;
constexpr int64_t kMinute = 60;

struct Queued {
  std::string key;
  std::string recipient;
  std::string subject;
  std::string body;
  int64_t channel_id = 0;
  bool has_customer = false;
  std::string purpose;
  std::string source;
};

class StaffMessagesTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    Channel sms;
    sms.name = "sms";
    sms.kind = ChannelKind::kSms;
    sms.sms.url = "http://127.0.0.1:9/send";
    ASSERT_TRUE(AddChannel(db(), workspace_, sms, "", SecretKey{}).ok());
    Channel mail;
    mail.name = "mail";
    mail.kind = ChannelKind::kEmail;
    mail.email.host = "127.0.0.1";
    mail.email.from_address = "shop@example.com";
    auto added = AddChannel(db(), workspace_, mail, "", SecretKey{});
    ASSERT_TRUE(added.ok()) << added.status().message();
    email_ = *added;
    // 1 owner (Persian), 2 manager (English), 3 support, 4 a disabled
    // manager, 5 a manager of another workspace only.
    other_ = AddWorkspace("other");
    User(1, "fa", "owner", workspace_);
    User(2, "en", "manager", workspace_);
    User(3, "fa", "support", workspace_);
    User(4, "fa", "manager", workspace_, /*disabled=*/true);
    User(5, "fa", "manager", other_);
    db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                  "display_name, email, created_at, updated_at) VALUES (1, "
                  ":w, 'سارا', 'سارا رضایی', 'sara@example.com', 0, 0)",
        soci::use(workspace_);
  }

  void User(int id, const std::string& language, const std::string& role,
            int64_t workspace, bool disabled = false) {
    int off = disabled ? 1 : 0;
    // Named, not temporaries: SOCI reads them when the statement runs.
    const std::string name = "user" + std::to_string(id);
    const std::string email = name + "@shop.ir";
    db().sql() << "INSERT INTO users (id, email, name, password_hash, "
                  "language, disabled, created_at, updated_at) VALUES (:i, "
                  ":e, :n, 'x', :l, :d, 0, 0)",
        soci::use(id), soci::use(email), soci::use(name), soci::use(language),
        soci::use(off);
    long long w = workspace;
    db().sql() << "INSERT INTO memberships (workspace_id, user_id, role, "
                  "created_at) VALUES (:w, :u, :r, 0)",
        soci::use(w), soci::use(id), soci::use(role);
  }

  int64_t Task(const std::string& title, UnixSeconds due, int owner,
               const std::string& status = "open", int customer = 1,
               UnixSeconds remind_at = 0) {
    long long w = workspace_, d = due, r = remind_at, id = ++last_task_;
    soci::indicator owner_null = owner == 0 ? soci::i_null : soci::i_ok;
    soci::indicator customer_null = customer == 0 ? soci::i_null : soci::i_ok;
    soci::indicator remind_null = remind_at == 0 ? soci::i_null : soci::i_ok;
    db().sql() << "INSERT INTO tasks (id, workspace_id, customer_id, title, "
                  "kind, status, due_at, remind_at, owner_user_id, "
                  "created_at) VALUES (:i, :w, :c, :t, 'call', :s, :d, :r, "
                  ":o, 0)",
        soci::use(id), soci::use(w), soci::use(customer, customer_null),
        soci::use(title), soci::use(status), soci::use(d),
        soci::use(r, remind_null), soci::use(owner, owner_null);
    return id;
  }

  int64_t Ticket(const std::string& subject, UnixSeconds first_response_due,
                 UnixSeconds resolution_due, int assignee,
                 const std::string& status = "new",
                 UnixSeconds first_response_at = 0) {
    long long w = workspace_, f = first_response_due, r = resolution_due,
              answered = first_response_at, id = ++last_ticket_;
    soci::indicator assignee_null = assignee == 0 ? soci::i_null : soci::i_ok;
    soci::indicator answered_null =
        first_response_at == 0 ? soci::i_null : soci::i_ok;
    const std::string external_id = "t" + std::to_string(id);
    db().sql() << "INSERT INTO tickets (id, workspace_id, customer_id, "
                  "external_id, subject, type, priority, status, "
                  "assignee_user_id, opened_at, first_response_at, "
                  "first_response_due_at, resolution_due_at, created_at) "
                  "VALUES (:i, :w, 1, :x, :s, 'question', 'normal', :t, :a, "
                  "0, :fa, :f, :r, 0)",
        soci::use(id), soci::use(w), soci::use(external_id), soci::use(subject),
        soci::use(status), soci::use(assignee, assignee_null),
        soci::use(answered, answered_null), soci::use(f), soci::use(r);
    return id;
  }

  StaffMessagesReport Run(UnixSeconds now) {
    auto report = QueueDueStaffMessages(db(), workspace_, now);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : StaffMessagesReport{};
  }

  std::vector<Queued> Outbox() {
    std::vector<Queued> out;
    long long w = workspace_;
    soci::rowset<soci::row> rows =
        (db().sql().prepare
             << "SELECT idempotency_key, recipient, subject, body, "
                "channel_id, customer_id, purpose, source FROM "
                "outbox_messages WHERE workspace_id = :w ORDER BY id",
         soci::use(w));
    for (const soci::row& row : rows) {
      Queued q;
      q.key = store::RowText(row, 0);
      q.recipient = store::RowText(row, 1);
      q.subject = store::RowText(row, 2);
      q.body = store::RowText(row, 3);
      q.channel_id = store::RowInt(row, 4);
      q.has_customer = !store::RowIsNull(row, 5);
      q.purpose = store::RowText(row, 6);
      q.source = store::RowText(row, 7);
      out.push_back(q);
    }
    return out;
  }

  std::vector<std::string> Keys() {
    std::vector<std::string> keys;
    for (const Queued& q : Outbox()) keys.push_back(q.key);
    return keys;
  }

  int64_t workspace_ = 0;
  int64_t other_ = 0;
  int64_t email_ = 0;
  long long last_task_ = 0;
  long long last_ticket_ = 0;
};

TEST(SlaAlertLevelTest, WarnsWithinTheWarningTimeAndBreachesOnlyRecently) {
  const StaffTiming timing;
  EXPECT_EQ(SlaAlertLevelAt(kNow + 61 * kMinute, kNow, timing),
            SlaAlertLevel::kNone);
  EXPECT_EQ(SlaAlertLevelAt(kNow + 60 * kMinute, kNow, timing),
            SlaAlertLevel::kWarning);
  EXPECT_EQ(SlaAlertLevelAt(kNow, kNow, timing), SlaAlertLevel::kWarning);
  EXPECT_EQ(SlaAlertLevelAt(kNow - 1, kNow, timing), SlaAlertLevel::kBreached);
  EXPECT_EQ(SlaAlertLevelAt(kNow - 24 * 60 * kMinute, kNow, timing),
            SlaAlertLevel::kBreached);
  EXPECT_EQ(SlaAlertLevelAt(kNow - 24 * 60 * kMinute - 1, kNow, timing),
            SlaAlertLevel::kNone);
}

TEST_P(StaffMessagesTest, RemindsATaskDueWithinTheLeadTimeOnceToItsOwner) {
  const int64_t soon = Task("تماس با سارا", kNow + 30 * kMinute, 1);
  const int64_t later = Task("later", kNow + 90 * kMinute, 1);
  Task("overdue", kNow - 10 * kMinute, 1);
  Task("done", kNow + 20 * kMinute, 1, "done");
  Task("cancelled", kNow + 20 * kMinute, 1, "cancelled");
  Task("nobody's", kNow + 20 * kMinute, 0);
  Task("disabled owner's", kNow + 20 * kMinute, 4);
  Task("owner of another workspace", kNow + 20 * kMinute, 5);
  const int64_t deleted = Task("deleted", kNow + 20 * kMinute, 1);
  db().sql() << "UPDATE tasks SET deleted_at = 1 WHERE id = :i",
      soci::use(static_cast<long long>(deleted));

  StaffMessagesReport report = Run(kNow);
  EXPECT_EQ(report.reminders_queued, 1);
  EXPECT_EQ(report.alerts_queued, 0);
  std::vector<Queued> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].key, "task-reminder:" + std::to_string(soon) + ":" +
                               std::to_string(kNow + 30 * kMinute));
  EXPECT_EQ(outbox[0].recipient, "user1@shop.ir");
  EXPECT_EQ(outbox[0].channel_id, email_);  // the e-mail channel, not SMS
  EXPECT_FALSE(outbox[0].has_customer);     // staff, never the customer
  EXPECT_EQ(outbox[0].purpose, "transactional");
  EXPECT_EQ(outbox[0].source, "task:" + std::to_string(soon));

  report = Run(kNow + 5 * kMinute);
  EXPECT_EQ(report.reminders_queued, 0);
  EXPECT_EQ(report.already_queued, 1);
  // Half an hour on, the later task is within the lead time too.
  report = Run(kNow + 31 * kMinute);
  EXPECT_EQ(report.reminders_queued, 1);
  EXPECT_THAT(Keys()[1], HasSubstr("task-reminder:" + std::to_string(later)));
}

TEST_P(StaffMessagesTest, ARescheduledTaskIsRemindedAgain) {
  const int64_t task = Task("call", kNow + 30 * kMinute, 1);
  EXPECT_EQ(Run(kNow).reminders_queued, 1);
  db().sql() << "UPDATE tasks SET due_at = :d WHERE id = :i",
      soci::use(static_cast<long long>(kNow + 50 * kMinute)),
      soci::use(static_cast<long long>(task));
  EXPECT_EQ(Run(kNow + kMinute).reminders_queued, 1);
  EXPECT_EQ(Run(kNow + 2 * kMinute).reminders_queued, 0);
  const std::string prefix = "task-reminder:" + std::to_string(task) + ":";
  EXPECT_THAT(Keys(),
              ElementsAre(prefix + std::to_string(kNow + 30 * kMinute),
                          prefix + std::to_string(kNow + 50 * kMinute)));
}

TEST_P(StaffMessagesTest, ATasksOwnRemindAtDecidesWhenItIsReminded) {
  Task("early", kNow + 5 * 60 * kMinute, 1, "open", 1, kNow - kMinute);
  Task("late", kNow + 30 * kMinute, 1, "open", 1, kNow + 20 * kMinute);
  EXPECT_EQ(Run(kNow).reminders_queued, 1);
  EXPECT_THAT(Keys()[0], HasSubstr("task-reminder:1:"));
  EXPECT_EQ(Run(kNow + 20 * kMinute).reminders_queued, 1);
}

TEST_P(StaffMessagesTest, AnUnassignedTicketAlertsTheOwnersAndManagers) {
  const int64_t ticket =
      Ticket("تاخیر ارسال", kNow + 20 * kMinute, kNow + 600 * kMinute, 0);
  StaffMessagesReport report = Run(kNow);
  EXPECT_EQ(report.alerts_queued, 2);
  const std::string prefix =
      "sla:" + std::to_string(ticket) + ":first_response:warning:user:";
  std::vector<Queued> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].key, prefix + "1");
  EXPECT_EQ(outbox[0].recipient, "user1@shop.ir");
  EXPECT_EQ(outbox[1].key, prefix + "2");
  EXPECT_EQ(outbox[1].recipient, "user2@shop.ir");
  // User 2 reads English: Gregorian dates.
  EXPECT_EQ(outbox[1].subject, "SLA warning, first response: تاخیر ارسال");
  EXPECT_THAT(outbox[1].body, HasSubstr("is due at 2024-12-05 15:50"));
  EXPECT_FALSE(outbox[0].has_customer);
  EXPECT_EQ(outbox[0].source, "ticket:" + std::to_string(ticket));
}

TEST_P(StaffMessagesTest, AnAssignedTicketAlertsItsAssigneeAlone) {
  Ticket("assigned", kNow + 20 * kMinute, kNow + 600 * kMinute, 3);
  // A disabled assignee's ticket goes to the owners and managers.
  Ticket("disabled", kNow + 20 * kMinute, kNow + 600 * kMinute, 4);
  Run(kNow);
  std::vector<Queued> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox[0].recipient, "user3@shop.ir");
  EXPECT_EQ(outbox[1].recipient, "user1@shop.ir");
  EXPECT_EQ(outbox[2].recipient, "user2@shop.ir");
}

TEST_P(StaffMessagesTest, ABreachIsAnnouncedOnceAfterItsWarning) {
  const int64_t ticket =
      Ticket("late", kNow + 20 * kMinute, kNow + 600 * kMinute, 1);
  // A breach older than a day is not announced.
  Ticket("old", kNow - 2 * 24 * 60 * kMinute, kNow + 600 * kMinute, 1);
  EXPECT_EQ(Run(kNow).alerts_queued, 1);
  EXPECT_EQ(Run(kNow + 21 * kMinute).alerts_queued, 1);
  EXPECT_EQ(Run(kNow + 40 * kMinute).alerts_queued, 0);
  EXPECT_EQ(Run(kNow + 60 * kMinute).alerts_queued, 0);
  const std::string prefix =
      "sla:" + std::to_string(ticket) + ":first_response";
  EXPECT_THAT(Keys(), ElementsAre(prefix + ":warning:user:1",
                                  prefix + ":breached:user:1"));
  const std::vector<Queued> outbox = Outbox();
  EXPECT_EQ(outbox[1].subject, "مهلت پاسخ گذشت: late");
  EXPECT_THAT(outbox[1].body, HasSubstr("1403-09-15 15:50 گذشت"));
}

TEST_P(StaffMessagesTest, AnsweredAndPendingClocksRaiseNothing) {
  // Answered: only the resolution clock runs; pending: it stands.
  const int64_t open = Ticket("open", kNow + 10 * kMinute, kNow + 30 * kMinute,
                              1, "open", kNow - 60);
  Ticket("pending", kNow + 10 * kMinute, kNow + 30 * kMinute, 1, "pending",
         kNow - 60);
  Ticket("resolved", kNow + 10 * kMinute, kNow + 30 * kMinute, 1, "resolved",
         kNow - 60);
  Run(kNow);
  EXPECT_THAT(Keys(), ElementsAre("sla:" + std::to_string(open) +
                                  ":resolution:warning:user:1"));
}

TEST_P(StaffMessagesTest, WithoutAnEmailChannelNothingIsQueuedAndItSaysWhy) {
  Task("call", kNow + 30 * kMinute, 5, "open", 0);
  long long w = other_;
  db().sql() << "UPDATE tasks SET workspace_id = :w", soci::use(w);
  auto report = QueueDueStaffMessages(db(), 0, kNow);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->reminders_queued, 0);
  EXPECT_EQ(report->without_channel, 1);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_THAT(report->notes[0], HasSubstr("workspace other:"));
  EXPECT_THAT(report->notes[0], HasSubstr("no e-mail channel"));
  long long queued = 0;
  db().sql() << "SELECT COUNT(*) FROM outbox_messages", soci::into(queued);
  EXPECT_EQ(queued, 0);
}

TEST_P(StaffMessagesTest, ThePersianTextNamesTaskCustomerJalaliDueAndLink) {
  Task("تماس با سارا", kNow + 30 * kMinute, 1);
  Task("بی‌مشتری", kNow + 40 * kMinute, 1, "open", 0);
  Run(kNow);
  const std::vector<Queued> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].subject, "یادآوری: تماس با سارا");
  EXPECT_EQ(outbox[0].body,
            "کار «تماس با سارا» در 1403-09-15 16:00 سررسید "
            "می‌شود.\n"
            "مشتری: سارا رضایی\n/#/customers/1\n");
  EXPECT_EQ(outbox[1].body,
            "کار «بی‌مشتری» در 1403-09-15 16:10 سررسید "
            "می‌شود.\n"
            "/#/attention\n");
}

TEST_P(StaffMessagesTest, AWorkspaceTemplateReplacesTheBuiltInText) {
  MessageTemplate own;
  own.name = "task_reminder";
  own.kind = ChannelKind::kEmail;
  own.purpose = MessagePurpose::kTransactional;
  own.calendar = TemplateCalendar::kGregorian;
  own.subject_fa = "کار: {task_title}";
  own.body_fa = "{task_title} / {customer_name} / {due} / {link}";
  ASSERT_TRUE(AddTemplate(db(), workspace_, own).ok());
  Task("call", kNow + 30 * kMinute, 1);
  Ticket("late", kNow + 20 * kMinute, kNow + 600 * kMinute, 1);
  Run(kNow);
  const std::vector<Queued> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].subject, "کار: call");
  EXPECT_EQ(outbox[0].body,
            "call / سارا رضایی / 2024-12-05 16:00 / /#/customers/1");
  // No sla_alert template: the alert keeps the built-in text.
  EXPECT_EQ(outbox[1].subject, "هشدار مهلت پاسخ: late");
}

TEST_P(StaffMessagesTest, TheSenderLoopQueuesAndNamesAMissingChannelOnce) {
  const UnixSeconds now = store::NowSeconds();
  Task("call", now + 30 * kMinute, 1);
  const int64_t elsewhere = Task("elsewhere", now + 30 * kMinute, 5, "open", 0);
  long long w = other_, id = elsewhere;
  db().sql() << "UPDATE tasks SET workspace_id = :w WHERE id = :i",
      soci::use(w), soci::use(id);
  std::mutex lines_mutex;
  std::vector<std::string> lines;
  const std::string location = scratch_->location();
  SenderLoop loop([location] { return store::Database::Open(location, false); },
                  SecretKey{}, std::chrono::seconds(0), 10,
                  [&](const std::string& line) {
                    std::lock_guard<std::mutex> lock(lines_mutex);
                    lines.push_back(line);
                  });
  for (int tries = 0; tries < 1000 && loop.runs() < 3; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  loop.Stop();
  ASSERT_GE(loop.runs(), 3);
  int missing = 0, queued = 0;
  for (const std::string& line : lines) {
    if (line.find("workspace other: 1 task reminders") != std::string::npos) {
      ++missing;
    }
    if (line == "messaging: queued 1 task reminders, 0 SLA alerts") ++queued;
  }
  EXPECT_EQ(missing, 1);
  EXPECT_EQ(queued, 1);
  EXPECT_THAT(Keys(), ElementsAre(HasSubstr("task-reminder:1:")));
}

VAFA_INSTANTIATE_BACKEND_TEST(StaffMessagesTest);

}  // namespace
}  // namespace vafa::services::messaging
