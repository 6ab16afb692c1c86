#include "services/service/tickets.h"

#include <gtest/gtest.h>

namespace vafa::services::service {
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

// Tehran wall time (UTC+3:30) as Unix seconds.
UnixSeconds AtTehran(int year, int month, int day, int hour) {
  return static_cast<UnixSeconds>(DaysFromGregorian({year, month, day})) *
             86400 +
         hour * 3600 - 3 * 3600 - 1800;
}

// Opened Sunday 29 November 2026 09:00, due Tuesday 09:00; pending from
// Sunday 10:00 to Monday 12:00 waits 6 + 4 = 10 business hours, so the due
// time moves to Tuesday 16:00 (7 h) + Wednesday 08:00-11:00 (3 h).
TEST(MoveTicket, PendingStopsTheResolutionClock) {
  const WorkCalendar iran = WorkCalendar::Iran();
  TicketClock t;
  t.status = "open";
  t.opened_at = AtTehran(2026, 11, 29, 9);
  t.first_response_due_at = AtTehran(2026, 11, 29, 13);
  t.resolution_due_at = AtTehran(2026, 12, 1, 9);
  auto pending = MoveTicket(t, "pending", AtTehran(2026, 11, 29, 10), iran);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->pending_since, AtTehran(2026, 11, 29, 10));
  EXPECT_EQ(pending->first_response_at, AtTehran(2026, 11, 29, 10));
  // Seen on Tuesday at noon, past the old due time, the clock still stands
  // at its one hour of Sunday.
  SlaPolicy policy = SlaPolicy::Default();
  TicketSla waiting = SlaOf(*pending, iran, policy, AtTehran(2026, 12, 1, 12));
  EXPECT_EQ(waiting.resolution.business_seconds_used, 3600);
  EXPECT_EQ(waiting.resolution.state, SlaState::kRunning);
  auto back = MoveTicket(*pending, "open", AtTehran(2026, 11, 30, 12), iran);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pending_since, 0);
  EXPECT_EQ(back->paused_seconds, 10 * 3600);
  EXPECT_EQ(back->resolution_due_at, AtTehran(2026, 12, 2, 11));
  // Monday 13:00: 1 h on Sunday and 1 h on Monday counted, not the wait.
  TicketSla running = SlaOf(*back, iran, policy, AtTehran(2026, 11, 30, 13));
  EXPECT_EQ(running.resolution.business_seconds_used, 2 * 3600);
}

}  // namespace
}  // namespace vafa::services::service
