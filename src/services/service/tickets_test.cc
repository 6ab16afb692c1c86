#include "services/service/tickets.h"

#include <gtest/gtest.h>

namespace vafa::services {
namespace {

TEST(MoveTicket, ResolveRecordsTheFirstResponseAndReopenCounts) {
  TicketClock t;
  t.opened_at = 1000;
  auto open = MoveTicket(t, "open", 1100);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->first_response_at, 0);
  auto resolved = MoveTicket(*open, "resolved", 2000);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->resolved_at, 2000);
  EXPECT_EQ(resolved->first_response_at, 2000);  // resolving answers
  auto reopened = MoveTicket(*resolved, "open", 3000);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->reopen_count, 1);
  EXPECT_EQ(reopened->resolved_at, 0);
  EXPECT_EQ(reopened->first_response_at, 2000);
  auto closed = MoveTicket(*reopened, "closed", 4000);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->resolved_at, 4000);
  EXPECT_EQ(closed->closed_at, 4000);
}

TEST(MoveTicket, ImpossibleMovesNameTheStatus) {
  TicketClock t;
  t.status = "closed";
  auto back = MoveTicket(t, "new", 1);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().field(), "status");
  EXPECT_FALSE(MoveTicket(t, "resolved", 1).ok());
  EXPECT_FALSE(MoveTicket(t, "vanished", 1).ok());
}

TEST(TicketSla, DueTimesFollowThePriorityOnTheCalendar) {
  WorkCalendar iran = WorkCalendar::Iran();
  TicketClock t;
  t.priority = Priority::kHigh;
  // Sunday 2026-11-29 09:00 Tehran.
  t.opened_at =
      static_cast<UnixSeconds>(DaysFromGregorian({2026, 11, 29})) * 86400 +
      9 * 3600 - 12600;
  ASSERT_TRUE(SetDueTimes(t, iran, SlaPolicy::Default()).ok());
  EXPECT_EQ(t.first_response_due_at, t.opened_at + 3600);  // 1 h
  // 8 business hours from Sunday 09:00: Sunday 7 h, Monday 08:00 + 1 h.
  EXPECT_EQ(t.resolution_due_at, t.opened_at + 24 * 3600);
  TicketSla late = SlaOf(t, iran, SlaPolicy::Default(), t.opened_at + 7200);
  EXPECT_EQ(late.first_response.state, SlaState::kBreached);
  EXPECT_TRUE(late.escalate);
  t.first_response_at = t.opened_at + 600;
  TicketSla answered = SlaOf(t, iran, SlaPolicy::Default(), t.opened_at + 7200);
  EXPECT_EQ(answered.first_response.state, SlaState::kMet);
  EXPECT_EQ(answered.resolution.state, SlaState::kRunning);
  EXPECT_FALSE(answered.escalate);
}

}  // namespace
}  // namespace vafa::services
