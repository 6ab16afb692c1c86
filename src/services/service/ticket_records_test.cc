#include "services/service/ticket_records.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "store/store_test_support.h"

namespace vafa::services::service {
namespace {

constexpr int64_t kNow = 1'800'000'000;

class TicketRecordsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db().sql() << "INSERT INTO workspaces (slug, name, created_at) VALUES "
                  "('w', 'W', 0)";
    db().sql() << "SELECT id FROM workspaces WHERE slug = 'w'",
        soci::into(workspace_);
  }

  // A ticket opened long ago whose clocks are both past due.
  int64_t Ticket(const std::string& key, const std::string& status,
                 std::optional<long long> assignee) {
    long long ws = workspace_, id = 0;
    soci::indicator null = assignee ? soci::i_ok : soci::i_null;
    long long who = assignee.value_or(0);
    db().sql() << "INSERT INTO tickets (workspace_id, customer_id, "
                  "external_id, subject, type, priority, status, "
                  "assignee_user_id, opened_at, first_response_due_at, "
                  "resolution_due_at, created_at) VALUES (:w, 7, :e, 'late', "
                  "'question', 'normal', :s, :a, 1000, 2000, 3000, 1000) "
                  "RETURNING id",
        soci::use(ws), soci::use(key), soci::use(status), soci::use(who, null),
        soci::into(id);
    return id;
  }

  long long workspace_ = 0;
};

TEST_P(TicketRecordsTest, SatisfactionIsTheFirstAnswerOnAResolvedTicket) {
  const int64_t open = Ticket("t1", "open", std::nullopt);
  const int64_t resolved = Ticket("t2", "resolved", std::nullopt);
  ASSERT_TRUE(RecordTicketSatisfaction(db(), workspace_, open, 5).ok());
  ASSERT_TRUE(RecordTicketSatisfaction(db(), workspace_, resolved, 2).ok());
  ASSERT_TRUE(RecordTicketSatisfaction(db(), workspace_, resolved, 5).ok());
  soci::indicator open_null = soci::i_ok;
  int open_score = 0, resolved_score = 0;
  long long id = open;
  db().sql() << "SELECT satisfaction FROM tickets WHERE id = :i", soci::use(id),
      soci::into(open_score, open_null);
  id = resolved;
  db().sql() << "SELECT satisfaction FROM tickets WHERE id = :i", soci::use(id),
      soci::into(resolved_score);
  EXPECT_EQ(open_null, soci::i_null);
  EXPECT_EQ(resolved_score, 2);
}

TEST_P(TicketRecordsTest, BreachesReachTheHolderTakersAndManagers) {
  const int64_t unassigned = Ticket("t1", "open", std::nullopt);
  const int64_t held = Ticket("t2", "new", 41);
  Ticket("t3", "resolved", std::nullopt);  // no clock runs

  // One who may take tickets sees the unassigned one, not another's.
  auto agent =
      SlaAlertsFor(db(), workspace_, {.user_id = 9, .can_take = true}, kNow);
  ASSERT_TRUE(agent.ok()) << agent.status().ToString();
  ASSERT_EQ(agent->size(), 2u);  // both clocks of the unassigned ticket
  for (const SlaAlert& alert : *agent) {
    EXPECT_EQ(alert.ticket_id, unassigned);
    EXPECT_TRUE(alert.breached);
    EXPECT_FALSE(alert.escalated);
    EXPECT_FALSE(alert.assigned_to_viewer);
  }
  EXPECT_EQ((*agent)[0].clock, "first_response");
  EXPECT_EQ((*agent)[1].clock, "resolution");

  // The holder sees their own ticket only.
  auto holder = SlaAlertsFor(db(), workspace_, {.user_id = 41}, kNow);
  ASSERT_TRUE(holder.ok());
  ASSERT_EQ(holder->size(), 2u);
  EXPECT_EQ((*holder)[0].ticket_id, held);
  EXPECT_TRUE((*holder)[0].assigned_to_viewer);

  // A manager hears of every breach, escalated.
  auto manager =
      SlaAlertsFor(db(), workspace_, {.user_id = 1, .manager = true}, kNow);
  ASSERT_TRUE(manager.ok());
  EXPECT_EQ(manager->size(), 4u);
  for (const SlaAlert& alert : *manager) EXPECT_TRUE(alert.escalated);

  // Whoever may not take tickets and holds none hears nothing.
  auto reader = SlaAlertsFor(db(), workspace_, {.user_id = 9}, kNow);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->empty());
}

TEST_P(TicketRecordsTest, CustomerEventsAndAttachments) {
  const int64_t ticket = Ticket("t1", "open", std::nullopt);
  auto customer = TicketCustomer(db(), workspace_, ticket);
  ASSERT_TRUE(customer.ok());
  EXPECT_EQ(*customer, std::optional<int64_t>(7));
  auto missing = TicketCustomer(db(), workspace_, ticket + 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  TicketAttachment file{.ticket_id = ticket,
                        .file_name = "receipt.pdf",
                        .content_type = "application/pdf",
                        .size_bytes = 1234,
                        .uploaded_by = 3,
                        .at = kNow};
  auto id = AddTicketAttachment(db(), workspace_, file);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto files = ListTicketAttachments(db(), workspace_, ticket);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].id, *id);
  EXPECT_EQ((*files)[0].file_name, "receipt.pdf");
  EXPECT_EQ((*files)[0].sha256, "");  // stored as NULL, read back as none
  EXPECT_EQ((*files)[0].size_bytes, 1234);
  auto events = ListTicketEvents(db(), workspace_, ticket);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(TicketRecordsTest);

}  // namespace
}  // namespace vafa::services::service
