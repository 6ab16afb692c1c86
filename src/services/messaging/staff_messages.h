// Messages to a workspace's staff, queued in the outbox as transactional
// e-mail (no consent, quiet hours, cap or unsubscribe link; customers never
// receive them): a task's reminder to its owner, and a ticket's SLA warning
// and breach to its assignee or, when it has none (or its assignee left the
// workspace or was disabled), to every owner and manager of the workspace.
//
// When: a reminder when an open task is due within the lead time (or, when
// the task has its own remind_at, once that moment has come), before it is
// due; an SLA alert when a ticket's first-response or resolution deadline
// is within the warning time, and again once it has passed (a breach older
// than the catch-up time is not announced, so connecting a channel does not
// mail a backlog). A pending ticket's resolution clock is stopped and raises
// nothing. Idempotency keys "task-reminder:TASK:DUE_AT" and
// "sla:TICKET:first_response|resolution:warning|breached:user:USER": a task
// moved to a new due time is reminded again, and nothing else is queued
// twice, whatever the runs and crashes.
//
// The channel is the workspace's first e-mail channel (by id); with none,
// nothing is queued and the report says why. The text is the workspace's
// e-mail template named task_reminder or sla_alert when it has one, else
// the built-in text (staff_message_texts.h), in the user's language.
#ifndef VAFA_SERVICES_MESSAGING_STAFF_MESSAGES_H_
#define VAFA_SERVICES_MESSAGING_STAFF_MESSAGES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::messaging {

// Fixed, documented in docs/messaging.md; the store has no place for them.
struct StaffTiming {
  int reminder_lead_minutes = 60;
  int sla_warning_minutes = 60;
  int breach_catch_up_minutes = 24 * 60;
};

enum class SlaAlertLevel { kNone, kWarning, kBreached };

// Where a deadline `due` stands at `now` for alerting. Pure.
SlaAlertLevel SlaAlertLevelAt(UnixSeconds due, UnixSeconds now,
                              const StaffTiming& timing);

struct StaffMessagesReport {
  int64_t reminders_queued = 0;
  int64_t alerts_queued = 0;
  int64_t already_queued = 0;
  // Due but not queued, since the workspace has no e-mail channel.
  int64_t without_channel = 0;
  // One line per workspace with messages due and no e-mail channel.
  std::vector<std::string> notes;
};

// Queues what is due at `now` in workspace `workspace_id`, or in every
// workspace when it is 0.
Result<StaffMessagesReport> QueueDueStaffMessages(
    store::Database& db, int64_t workspace_id, UnixSeconds now,
    const StaffTiming& timing = {});

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_STAFF_MESSAGES_H_
