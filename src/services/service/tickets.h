// The rules of a ticket's life (docs/service.md): its SLA due times when it
// opens, the status moves it may make and what each move records, and the
// workspace's service settings and figures in the store.
//
// Statuses: new -> open -> pending -> resolved -> closed. Any open status
// (new, open, pending) may move to any other open status, to resolved or to
// closed; resolved may close or reopen (to open); closed may reopen. A
// reopen counts in reopen_count and clears resolved_at and closed_at.
// Resolving a ticket no one answered records the first response too.
#ifndef VAFA_SERVICES_SERVICE_TICKETS_H_
#define VAFA_SERVICES_SERVICE_TICKETS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/service/sla.h"
#include "services/service/work_calendar.h"
#include "store/database.h"

namespace vafa::services::service {

bool IsTicketStatus(std::string_view status);

struct TicketClock {
  std::string status = "new";
  Priority priority = Priority::kNormal;
  UnixSeconds opened_at = 0;
  UnixSeconds first_response_at = 0;  // 0: not yet
  UnixSeconds resolved_at = 0;
  UnixSeconds closed_at = 0;
  UnixSeconds first_response_due_at = 0;
  UnixSeconds resolution_due_at = 0;
  int reopen_count = 0;
  // While pending (waiting on the customer) the resolution clock stops:
  // when it went pending, and the business seconds it has waited before.
  UnixSeconds pending_since = 0;
  int64_t paused_seconds = 0;
};

// The due times of a ticket opened at `opened_at` with `priority`.
Status SetDueTimes(TicketClock& ticket, const WorkCalendar& calendar,
                   const SlaPolicy& policy);

// The ticket after moving to `status` at `now`; an impossible move is an
// error naming both statuses.
Result<TicketClock> MoveTicket(const TicketClock& ticket,
                               std::string_view status, UnixSeconds now);
// The same, stopping the resolution clock while the ticket is pending:
// going pending records the first response (we answered: the ball is with
// the customer) and when the wait began; leaving pending adds the business
// time waited to paused_seconds and moves the resolution due time on by it.
Result<TicketClock> MoveTicket(const TicketClock& ticket,
                               std::string_view status, UnixSeconds now,
                               const WorkCalendar& calendar);

// Where the ticket stands against its targets at `now`.
struct TicketSla {
  SlaClock first_response;
  SlaClock resolution;
  bool escalate = false;  // a clock breached: a manager should step in
};
TicketSla SlaOf(const TicketClock& ticket, const WorkCalendar& calendar,
                const SlaPolicy& policy, UnixSeconds now);

// ---- the store ------------------------------------------------------------

// Records a reply to the customer or an internal note on a ticket of the
// workspace (NotFound otherwise). The first reply is the ticket's first
// response, and a new ticket becomes open. Returns the event's id.
Result<int64_t> AddTicketEvent(store::Database& db, int64_t workspace_id,
                               int64_t ticket_id, const std::string& kind,
                               const std::string& body, int64_t author_user_id,
                               UnixSeconds now);

// A ticket as recorded elsewhere (another desk, the demo): its history is
// given, its due times and status follow from it.
struct RecordedTicket {
  int64_t customer_id = 0;
  std::string external_id;
  std::string subject;
  std::string type = "question";
  std::string channel;
  std::string category;
  Priority priority = Priority::kNormal;
  UnixSeconds opened_at = 0;
  UnixSeconds first_response_at = 0;  // 0: not answered
  UnixSeconds resolved_at = 0;        // 0: not resolved
  UnixSeconds closed_at = 0;          // 0: not closed
  int satisfaction = 0;               // 0: not given
};
// Inserts it (status new, open, resolved or closed from its times) and
// returns its id. In the caller's transaction.
Result<int64_t> InsertRecordedTicket(store::Database& db, int64_t workspace_id,
                                     const RecordedTicket& ticket,
                                     const WorkCalendar& calendar,
                                     const SlaPolicy& policy);

// The complaint interactions of the workspace that have no ticket yet (none
// with external id "complaint-<interaction id>"), by interaction id.
struct UnticketedComplaint {
  int64_t interaction_id = 0;
  int64_t customer_id = 0;
  UnixSeconds at = 0;
  std::string subject;
  std::string outcome;
};
Result<std::vector<UnticketedComplaint>> ComplaintsWithoutTicket(
    store::Database& db, int64_t workspace_id);

// A resolved ticket its customer rated (1 to 5).
struct RatedTicket {
  int64_t id = 0;
  int64_t customer_id = 0;
  int satisfaction = 0;
  UnixSeconds resolved_at = 0;
  std::string channel;
};
// Every rated, resolved ticket of the workspace, by id.
Result<std::vector<RatedTicket>> ListRatedTickets(store::Database& db,
                                                  int64_t workspace_id);

// The Iranian week with the workspace's holidays.
Result<WorkCalendar> LoadWorkCalendar(store::Database& db,
                                      int64_t workspace_id);
// The default targets with the workspace's own where it set them.
Result<SlaPolicy> LoadSlaPolicy(store::Database& db, int64_t workspace_id);

struct Holiday {
  DayNumber day = 0;
  std::string name;
};
Result<std::vector<Holiday>> LoadHolidays(store::Database& db,
                                          int64_t workspace_id);
// Replaces the workspace's holidays and targets (in the caller's
// transaction).
Status SaveServiceSettings(store::Database& db, int64_t workspace_id,
                           const std::vector<Holiday>& holidays,
                           const SlaPolicy& policy);

// The service figures of the tickets opened in [from, to).
struct ServiceReport {
  int64_t tickets = 0;
  int64_t complaints = 0;
  int64_t resolved = 0;
  double median_first_response_minutes = 0;  // business minutes; NaN: none
  double median_resolution_minutes = 0;
  double first_response_breach_rate = 0;  // of tickets with a due passed
  double resolution_breach_rate = 0;
  double reopen_rate = 0;                      // of resolved tickets
  double complaints_per_1000_customers = 0;    // of the workspace's customers
  double mean_satisfaction = 0;                // 1-5; NaN: none given
  std::map<std::string, int64_t> by_category;  // "" = not given
  // Complainers by the latest churn stage: left (settled elsewhere) or
  // stayed; both 0 when no churn run has been stored.
  int64_t complainers_stayed = 0;
  int64_t complainers_left = 0;
};
Result<ServiceReport> ComputeServiceReport(store::Database& db,
                                           int64_t workspace_id,
                                           UnixSeconds from, UnixSeconds to,
                                           UnixSeconds now);

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_TICKETS_H_
