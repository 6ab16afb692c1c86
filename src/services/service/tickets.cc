#include "services/service/tickets.h"

#include <soci/soci.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/hash.h"
#include "store/sql_values.h"

namespace vafa::services::service {
namespace {

constexpr std::string_view kStatuses[] = {"new", "open", "pending", "resolved",
                                          "closed"};

bool IsOpen(std::string_view status) {
  return status == "new" || status == "open" || status == "pending";
}

// A move the ticket's state does not allow, named on its status field.
Status Refused(std::string message) {
  return Status::Refused("status", std::move(message));
}

double Median(std::vector<double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double Share(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole)
                   : std::numeric_limits<double>::quiet_NaN();
}

constexpr char kComplaintsWithoutTicket[] =
    "SELECT i.id, i.customer_id, i.occurred_at, i.subject, i.outcome FROM "
    "interactions i WHERE i.workspace_id = :w AND i.type = 'complaint' AND "
    "i.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM tickets t WHERE "
    "t.workspace_id = i.workspace_id AND t.external_id = 'complaint-' || "
    "CAST(i.id AS TEXT)) ORDER BY i.id";
constexpr char kRatedTickets[] =
    "SELECT id, customer_id, satisfaction, resolved_at, channel FROM tickets "
    "WHERE workspace_id = :w AND satisfaction IS NOT NULL AND resolved_at IS "
    "NOT NULL ORDER BY id";

}  // namespace

bool IsTicketStatus(std::string_view status) {
  return std::find(std::begin(kStatuses), std::end(kStatuses), status) !=
         std::end(kStatuses);
}

Status SetDueTimes(TicketClock& ticket, const WorkCalendar& calendar,
                   const SlaPolicy& policy) {
  const SlaTarget& target = policy.For(ticket.priority);
  VAFA_ASSIGN_OR_RETURN(ticket.first_response_due_at,
                        AddBusinessTime(calendar, ticket.opened_at,
                                        target.first_response_minutes * 60LL));
  VAFA_ASSIGN_OR_RETURN(ticket.resolution_due_at,
                        AddBusinessTime(calendar, ticket.opened_at,
                                        target.resolution_minutes * 60LL));
  return Status::Ok();
}

Result<TicketClock> MoveTicket(const TicketClock& ticket,
                               std::string_view status, UnixSeconds now) {
  if (!IsTicketStatus(status)) {
    return Refused("status \"" + std::string(status) +
                   "\" is not new, open, pending, resolved or closed");
  }
  TicketClock after = ticket;
  after.status = std::string(status);
  if (status == ticket.status) return after;
  const bool was_open = IsOpen(ticket.status);
  if (status == "new" && !was_open) {
    return Refused("a " + ticket.status +
                   " ticket cannot become new again; reopen it (status open)");
  }
  if (!was_open && IsOpen(status)) {
    // A reopen: the ticket was resolved or closed.
    ++after.reopen_count;
    after.resolved_at = 0;
    after.closed_at = 0;
    return after;
  }
  if (status == "resolved") {
    if (ticket.status == "closed") {
      return Refused("a closed ticket is reopened, not resolved");
    }
    after.resolved_at = now;
  }
  if (status == "closed") {
    if (after.resolved_at == 0) after.resolved_at = now;
    after.closed_at = now;
  }
  if ((status == "resolved" || status == "closed") &&
      after.first_response_at == 0) {
    after.first_response_at = now;
  }
  return after;
}

Result<TicketClock> MoveTicket(const TicketClock& ticket,
                               std::string_view status, UnixSeconds now,
                               const WorkCalendar& calendar) {
  VAFA_ASSIGN_OR_RETURN(TicketClock after, MoveTicket(ticket, status, now));
  const bool was_pending = ticket.status == "pending";
  const bool pending = after.status == "pending";
  if (pending && !was_pending) {
    after.pending_since = now;
    if (after.first_response_at == 0) after.first_response_at = now;
  }
  if (was_pending && !pending && ticket.pending_since != 0) {
    const int64_t waited =
        BusinessSecondsBetween(calendar, ticket.pending_since, now);
    after.paused_seconds += waited;
    VAFA_ASSIGN_OR_RETURN(
        after.resolution_due_at,
        AddBusinessTime(calendar, ticket.resolution_due_at, waited));
    after.pending_since = 0;
  }
  return after;
}

TicketSla SlaOf(const TicketClock& ticket, const WorkCalendar& calendar,
                const SlaPolicy& policy, UnixSeconds now) {
  const SlaTarget& target = policy.For(ticket.priority);
  TicketSla sla;
  sla.first_response =
      ClockAt(calendar, ticket.opened_at, ticket.first_response_due_at,
              target.first_response_minutes, ticket.first_response_at, now);
  // A pending ticket's resolution clock stands where it stopped.
  const bool paused = ticket.status == "pending" && ticket.pending_since != 0;
  sla.resolution =
      ClockAt(calendar, ticket.opened_at, ticket.resolution_due_at,
              target.resolution_minutes, ticket.resolved_at,
              paused ? ticket.pending_since : now, ticket.paused_seconds);
  sla.escalate = sla.first_response.state == SlaState::kBreached ||
                 sla.resolution.state == SlaState::kBreached;
  return sla;
}

// ---- the store ------------------------------------------------------------

Result<std::vector<Holiday>> LoadHolidays(store::Database& db,
                                          int64_t workspace_id) {
  std::vector<Holiday> holidays;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT day, name FROM holidays WHERE "
                             "workspace_id = :w ORDER BY day",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      auto parsed = ParseDateTime(store::RowText(row, 0));
      if (!parsed.ok()) continue;
      holidays.push_back({DayOf(*parsed), store::RowText(row, 1)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the holidays", error);
  }
  return holidays;
}

Result<WorkCalendar> LoadWorkCalendar(store::Database& db,
                                      int64_t workspace_id) {
  WorkCalendar calendar = WorkCalendar::Iran();
  VAFA_ASSIGN_OR_RETURN(std::vector<Holiday> holidays,
                        LoadHolidays(db, workspace_id));
  for (const Holiday& holiday : holidays) calendar.holidays.insert(holiday.day);
  return calendar;
}

Result<SlaPolicy> LoadSlaPolicy(store::Database& db, int64_t workspace_id) {
  SlaPolicy policy = SlaPolicy::Default();
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT priority, first_response_minutes, "
                             "resolution_minutes FROM sla_targets WHERE "
                             "workspace_id = :w",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      auto priority = ParsePriority(store::RowText(row, 0));
      if (!priority) continue;
      policy.targets[static_cast<int>(*priority)] = {
          static_cast<int>(store::RowInt(row, 1)),
          static_cast<int>(store::RowInt(row, 2))};
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the SLA targets", error);
  }
  return policy;
}

Status SaveServiceSettings(store::Database& db, int64_t workspace_id,
                           const std::vector<Holiday>& holidays,
                           const SlaPolicy& policy) {
  try {
    long long workspace = workspace_id;
    db.sql() << "DELETE FROM holidays WHERE workspace_id = :w",
        soci::use(workspace);
    for (const Holiday& holiday : holidays) {
      std::string day = FormatGregorian(holiday.day), name = holiday.name;
      db.sql() << "INSERT INTO holidays (workspace_id, day, name) VALUES "
                  "(:w, :d, :n)",
          soci::use(workspace), soci::use(day), soci::use(name);
    }
    db.sql() << "DELETE FROM sla_targets WHERE workspace_id = :w",
        soci::use(workspace);
    for (Priority p : {Priority::kLow, Priority::kNormal, Priority::kHigh,
                       Priority::kUrgent}) {
      std::string name(PriorityName(p));
      int first = policy.For(p).first_response_minutes;
      int resolution = policy.For(p).resolution_minutes;
      db.sql() << "INSERT INTO sla_targets (workspace_id, priority, "
                  "first_response_minutes, resolution_minutes) VALUES (:w, "
                  ":p, :f, :r)",
          soci::use(workspace), soci::use(name), soci::use(first),
          soci::use(resolution);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("saving the service settings", error);
  }
  return Status::Ok();
}

Result<int64_t> AddTicketEvent(store::Database& db, int64_t workspace_id,
                               int64_t ticket_id, const std::string& kind,
                               const std::string& body, int64_t author_user_id,
                               UnixSeconds now) {
  try {
    long long w = workspace_id, ticket = ticket_id, customer = 0,
              author = author_user_id, at = now, first_at = 0, event = 0;
    soci::indicator first = soci::i_null;
    TicketClock clock;
    db.sql() << "SELECT customer_id, first_response_at, status FROM tickets "
                "WHERE workspace_id = :w AND id = :id AND deleted_at IS NULL",
        soci::use(w), soci::use(ticket), soci::into(customer),
        soci::into(first_at, first), soci::into(clock.status);
    if (!db.sql().got_data()) {
      return Status::NotFound("ticket " + std::to_string(ticket_id) +
                              " does not exist");
    }
    std::string k = kind, b = body;
    db.sql() << "INSERT INTO ticket_events (workspace_id, customer_id, "
                "ticket_id, kind, body, author_user_id, at) VALUES (:w, :c, "
                ":t, :k, :b, :a, :n) RETURNING id",
        soci::use(w), soci::use(customer), soci::use(ticket), soci::use(k),
        soci::use(b), soci::use(author), soci::use(at), soci::into(event);
    if (kind == "reply" && first == soci::i_null) {
      // The first response; a new ticket is being worked on from now.
      if (clock.status == "new") {
        VAFA_ASSIGN_OR_RETURN(clock, MoveTicket(clock, "open", now));
      }
      db.sql() << "UPDATE tickets SET first_response_at = :n, status = :s, "
                  "version = version + 1, updated_at = :n2 WHERE "
                  "workspace_id = :w AND id = :id",
          soci::use(at), soci::use(clock.status), soci::use(at), soci::use(w),
          soci::use(ticket);
    }
    return static_cast<int64_t>(event);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the ticket's event", error);
  }
}

Result<int64_t> InsertRecordedTicket(store::Database& db, int64_t workspace_id,
                                     const RecordedTicket& ticket,
                                     const WorkCalendar& calendar,
                                     const SlaPolicy& policy) {
  TicketClock clock;
  clock.priority = ticket.priority;
  clock.opened_at = ticket.opened_at;
  VAFA_RETURN_IF_ERROR(SetDueTimes(clock, calendar, policy));
  std::string status = ticket.closed_at != 0           ? "closed"
                       : ticket.resolved_at != 0       ? "resolved"
                       : ticket.first_response_at != 0 ? "open"
                                                       : "new";
  auto nullable = [](int64_t v) { return v == 0 ? soci::i_null : soci::i_ok; };
  long long workspace = workspace_id, customer = ticket.customer_id,
            opened = ticket.opened_at, first = ticket.first_response_at,
            resolved = ticket.resolved_at, closed = ticket.closed_at,
            first_due = clock.first_response_due_at,
            resolution_due = clock.resolution_due_at, now = store::NowSeconds(),
            id = 0;
  int satisfaction = ticket.satisfaction;
  soci::indicator first_i = nullable(first), resolved_i = nullable(resolved),
                  closed_i = nullable(closed),
                  satisfaction_i = nullable(satisfaction);
  std::string external = ticket.external_id, subject = ticket.subject,
              type = ticket.type, channel = ticket.channel,
              category = ticket.category,
              priority(PriorityName(ticket.priority));
  try {
    db.sql() << "INSERT INTO tickets (workspace_id, customer_id, external_id, "
                "subject, type, channel, category, priority, status, "
                "opened_at, first_response_at, resolved_at, closed_at, "
                "first_response_due_at, resolution_due_at, satisfaction, "
                "created_at, updated_at) VALUES (:w, :c, :e, :s, :t, :ch, "
                ":cat, :p, :st, :o, :f, :r, :cl, :fd, :rd, :sat, :n, :n2) "
                "RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(external),
        soci::use(subject), soci::use(type), soci::use(channel),
        soci::use(category), soci::use(priority), soci::use(status),
        soci::use(opened), soci::use(first, first_i),
        soci::use(resolved, resolved_i), soci::use(closed, closed_i),
        soci::use(first_due), soci::use(resolution_due),
        soci::use(satisfaction, satisfaction_i), soci::use(now), soci::use(now),
        soci::into(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("saving ticket " + ticket.external_id, error);
  }
  return static_cast<int64_t>(id);
}

Result<std::vector<UnticketedComplaint>> ComplaintsWithoutTicket(
    store::Database& db, int64_t workspace_id) {
  std::vector<UnticketedComplaint> complaints;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kComplaintsWithoutTicket, soci::use(workspace));
    for (const soci::row& row : rows) {
      complaints.push_back({store::RowInt(row, 0), store::RowInt(row, 1),
                            store::RowInt(row, 2), store::RowText(row, 3),
                            store::RowText(row, 4)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the complaints", error);
  }
  return complaints;
}

Result<ServiceReport> ComputeServiceReport(store::Database& db,
                                           int64_t workspace_id,
                                           UnixSeconds from, UnixSeconds to,
                                           UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(WorkCalendar calendar,
                        LoadWorkCalendar(db, workspace_id));
  ServiceReport report;
  std::vector<double> first_minutes, resolution_minutes;
  int64_t first_due_passed = 0, first_breached = 0, resolution_due_passed = 0,
          resolution_breached = 0, reopened = 0, satisfaction_count = 0;
  double satisfaction_sum = 0;
  std::unordered_set<int64_t> complainers;
  try {
    long long workspace = workspace_id, a = from, b = to;
    soci::rowset<soci::row> rows =
        (db.sql().prepare
             << "SELECT customer_id, type, category, opened_at, "
                "first_response_at, resolved_at, first_response_due_at, "
                "resolution_due_at, reopen_count, satisfaction FROM tickets "
                "WHERE workspace_id = :w AND deleted_at IS NULL AND "
                "opened_at >= :a AND opened_at < :b",
         soci::use(workspace), soci::use(a), soci::use(b));
    for (const soci::row& row : rows) {
      ++report.tickets;
      const bool complaint = store::RowText(row, 1) == "complaint";
      if (complaint) {
        ++report.complaints;
        complainers.insert(store::RowInt(row, 0));
      }
      ++report.by_category[store::RowText(row, 2)];
      const UnixSeconds opened = store::RowInt(row, 3);
      const auto first = store::RowOptionalInt(row, 4);
      const auto resolved = store::RowOptionalInt(row, 5);
      const UnixSeconds first_due = store::RowInt(row, 6);
      const UnixSeconds resolution_due = store::RowInt(row, 7);
      if (first) {
        first_minutes.push_back(
            BusinessSecondsBetween(calendar, opened, *first) / 60.0);
      }
      if (first || now > first_due) {
        ++first_due_passed;
        if ((first ? *first : now) > first_due) ++first_breached;
      }
      if (resolved) {
        ++report.resolved;
        resolution_minutes.push_back(
            BusinessSecondsBetween(calendar, opened, *resolved) / 60.0);
      }
      if (resolved || now > resolution_due) {
        ++resolution_due_passed;
        if ((resolved ? *resolved : now) > resolution_due)
          ++resolution_breached;
      }
      if (store::RowInt(row, 8) > 0) ++reopened;
      if (auto s = store::RowOptionalInt(row, 9)) {
        satisfaction_sum += static_cast<double>(*s);
        ++satisfaction_count;
      }
    }
    long long customers = 0;
    db.sql() << "SELECT COUNT(*) FROM customers WHERE workspace_id = :w AND "
                "deleted_at IS NULL",
        soci::use(workspace), soci::into(customers);
    report.complaints_per_1000_customers =
        customers > 0 ? 1000.0 * static_cast<double>(report.complaints) /
                            static_cast<double>(customers)
                      : std::numeric_limits<double>::quiet_NaN();
    // The complainers' latest churn stage, where a churn run stored one.
    soci::rowset<soci::row> stages =
        (db.sql().prepare << "SELECT customer_id, label FROM scores WHERE "
                             "workspace_id = :w AND name = 'churn_stage'",
         soci::use(workspace));
    for (const soci::row& row : stages) {
      if (!complainers.contains(store::RowInt(row, 0))) continue;
      if (store::RowText(row, 1) == "settled") {
        ++report.complainers_left;
      } else {
        ++report.complainers_stayed;
      }
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the tickets", error);
  }
  report.median_first_response_minutes = Median(first_minutes);
  report.median_resolution_minutes = Median(resolution_minutes);
  report.first_response_breach_rate = Share(first_breached, first_due_passed);
  report.resolution_breach_rate =
      Share(resolution_breached, resolution_due_passed);
  report.reopen_rate = Share(reopened, report.resolved);
  report.mean_satisfaction = satisfaction_count > 0
                                 ? satisfaction_sum / satisfaction_count
                                 : std::numeric_limits<double>::quiet_NaN();
  return report;
}

Result<std::vector<RatedTicket>> ListRatedTickets(store::Database& db,
                                                  int64_t workspace_id) {
  std::vector<RatedTicket> rated;
  try {
    long long ws = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kRatedTickets, soci::use(ws));
    for (const soci::row& row : rows) {
      rated.push_back({.id = store::RowInt(row, 0),
                       .customer_id = store::RowInt(row, 1),
                       .satisfaction = static_cast<int>(store::RowInt(row, 2)),
                       .resolved_at = store::RowInt(row, 3),
                       .channel = store::RowText(row, 4)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the rated tickets", error);
  }
  return rated;
}

}  // namespace vafa::services::service
