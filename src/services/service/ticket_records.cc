#include "services/service/ticket_records.h"

#include <soci/soci.h>

#include <string>

#include "services/service/tickets.h"
#include "store/sql_values.h"

namespace vafa::services::service {
namespace {

constexpr char kTicketCustomer[] =
    "SELECT customer_id FROM tickets WHERE workspace_id = :w AND id = :t";
constexpr char kTicketEvents[] =
    "SELECT id, kind, body, author_user_id, at FROM ticket_events WHERE "
    "workspace_id = :w AND ticket_id = :t ORDER BY id";
constexpr char kTicketAttachments[] =
    "SELECT id, file_name, content_type, size_bytes, sha256, location, "
    "uploaded_by, at FROM ticket_attachments WHERE workspace_id = :w AND "
    "ticket_id = :t ORDER BY id";
constexpr char kInsertAttachment[] =
    "INSERT INTO ticket_attachments (workspace_id, ticket_id, file_name, "
    "content_type, size_bytes, sha256, location, uploaded_by, at) VALUES (:w, "
    ":t, :n, :c, :s, :h, :l, :u, :a) RETURNING id";
constexpr char kRecordSatisfaction[] =
    "UPDATE tickets SET satisfaction = :s, version = version + 1 WHERE "
    "workspace_id = :w AND id = :t AND satisfaction IS NULL AND status IN "
    "('resolved', 'closed')";
constexpr char kSatisfactionRequests[] =
    "SELECT t.id, t.customer_id, c.display_name, c.phone, t.subject, "
    "t.resolved_at, t.satisfaction_requested_at FROM tickets t JOIN customers "
    "c ON c.workspace_id = t.workspace_id AND c.id = t.customer_id WHERE "
    "t.workspace_id = :w AND t.status IN ('resolved', 'closed') AND "
    "t.satisfaction IS NULL AND t.satisfaction_requested_at IS NOT NULL AND "
    "t.deleted_at IS NULL ORDER BY t.satisfaction_requested_at, t.id LIMIT "
    "5000";

// The open tickets a viewer may be alerted of, due soonest first: all for
// an owner or manager, else those they hold (and the unassigned ones when
// they may take them). The conditions on status and deletion are written
// as the partial index tickets_open_due has them, so the store walks that
// index and stops at the limit however many tickets are open.
std::string OpenTicketClocks(const SlaViewer& viewer) {
  std::string sql =
      "SELECT id, customer_id, subject, status, priority, opened_at, "
      "first_response_at, first_response_due_at, resolution_due_at, "
      "assignee_user_id, pending_since, paused_seconds FROM tickets WHERE "
      "workspace_id = :w AND status IN ('new', 'open', 'pending') AND "
      "deleted_at IS NULL";
  if (!viewer.manager) {
    sql += viewer.can_take
               ? " AND (assignee_user_id = :u OR assignee_user_id IS NULL)"
               : " AND assignee_user_id = :u";
  }
  return sql + " ORDER BY resolution_due_at, id LIMIT 5000";
}

}  // namespace

Result<std::optional<int64_t>> TicketCustomer(store::Database& db,
                                              int64_t workspace_id,
                                              int64_t ticket_id) {
  try {
    long long ws = workspace_id, ticket = ticket_id, customer = 0;
    soci::indicator null = soci::i_ok;
    db.sql() << kTicketCustomer, soci::use(ws), soci::use(ticket),
        soci::into(customer, null);
    if (!db.sql().got_data()) return std::optional<int64_t>();
    return std::optional<int64_t>(null == soci::i_ok ? customer : 0);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the ticket's customer", error);
  }
}

Result<std::vector<TicketEvent>> ListTicketEvents(store::Database& db,
                                                  int64_t workspace_id,
                                                  int64_t ticket_id) {
  std::vector<TicketEvent> events;
  try {
    long long ws = workspace_id, ticket = ticket_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kTicketEvents, soci::use(ws), soci::use(ticket));
    for (const soci::row& row : rows) {
      events.push_back({store::RowInt(row, 0), store::RowText(row, 1),
                        store::RowText(row, 2), store::RowInt(row, 3),
                        store::RowInt(row, 4)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the ticket's events", error);
  }
  return events;
}

Result<std::vector<TicketAttachment>> ListTicketAttachments(
    store::Database& db, int64_t workspace_id, int64_t ticket_id) {
  std::vector<TicketAttachment> attachments;
  try {
    long long ws = workspace_id, ticket = ticket_id;
    soci::rowset<soci::row> rows = (db.sql().prepare << kTicketAttachments,
                                    soci::use(ws), soci::use(ticket));
    for (const soci::row& row : rows) {
      attachments.push_back({.id = store::RowInt(row, 0),
                             .ticket_id = ticket_id,
                             .file_name = store::RowText(row, 1),
                             .content_type = store::RowText(row, 2),
                             .size_bytes = store::RowInt(row, 3),
                             .sha256 = store::RowText(row, 4),
                             .location = store::RowText(row, 5),
                             .uploaded_by = store::RowInt(row, 6),
                             .at = store::RowInt(row, 7)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the ticket's attachments", error);
  }
  return attachments;
}

Result<int64_t> AddTicketAttachment(store::Database& db, int64_t workspace_id,
                                    const TicketAttachment& attachment) {
  try {
    long long ws = workspace_id, ticket = attachment.ticket_id,
              bytes = attachment.size_bytes, by = attachment.uploaded_by,
              at = attachment.at, id = 0;
    std::string name = attachment.file_name, type = attachment.content_type,
                checksum = attachment.sha256, where = attachment.location;
    soci::indicator sha_null = checksum.empty() ? soci::i_null : soci::i_ok;
    soci::indicator where_null = where.empty() ? soci::i_null : soci::i_ok;
    soci::indicator by_null = by == 0 ? soci::i_null : soci::i_ok;
    db.sql() << kInsertAttachment, soci::use(ws), soci::use(ticket),
        soci::use(name), soci::use(type), soci::use(bytes),
        soci::use(checksum, sha_null), soci::use(where, where_null),
        soci::use(by, by_null), soci::use(at), soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the attachment", error);
  }
}

Status RecordTicketSatisfaction(store::Database& db, int64_t workspace_id,
                                int64_t ticket_id, int score) {
  try {
    long long ws = workspace_id, ticket = ticket_id;
    db.sql() << kRecordSatisfaction, soci::use(score), soci::use(ws),
        soci::use(ticket);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the satisfaction", error);
  }
  return Status::Ok();
}

Result<std::vector<SatisfactionRequest>> ListSatisfactionRequests(
    store::Database& db, int64_t workspace_id) {
  std::vector<SatisfactionRequest> requests;
  try {
    long long ws = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kSatisfactionRequests, soci::use(ws));
    for (const soci::row& row : rows) {
      requests.push_back({store::RowInt(row, 0), store::RowInt(row, 1),
                          store::RowText(row, 2), store::RowText(row, 3),
                          store::RowText(row, 4), store::RowInt(row, 5),
                          store::RowInt(row, 6)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("listing the satisfaction requests", error);
  }
  return requests;
}

Result<std::vector<SlaAlert>> SlaAlertsFor(store::Database& db,
                                           int64_t workspace_id,
                                           const SlaViewer& viewer,
                                           UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(WorkCalendar calendar,
                        LoadWorkCalendar(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(SlaPolicy policy, LoadSlaPolicy(db, workspace_id));
  std::vector<SlaAlert> alerts;
  try {
    long long ws = workspace_id, user = viewer.user_id;
    const std::string sql = OpenTicketClocks(viewer);
    soci::rowset<soci::row> rows =
        viewer.manager
            ? (db.sql().prepare << sql, soci::use(ws))
            : (db.sql().prepare << sql, soci::use(ws), soci::use(user));
    for (const soci::row& row : rows) {
      const auto assignee = store::RowOptionalInt(row, 9);
      const bool mine = assignee && *assignee == viewer.user_id;
      const bool takeable = !assignee && viewer.can_take;
      if (!mine && !viewer.manager && !takeable) continue;
      TicketClock clock;
      clock.status = store::RowText(row, 3);
      clock.priority =
          ParsePriority(store::RowText(row, 4)).value_or(Priority::kNormal);
      clock.opened_at = store::RowInt(row, 5);
      clock.first_response_at = store::RowInt(row, 6);
      clock.first_response_due_at = store::RowInt(row, 7);
      clock.resolution_due_at = store::RowInt(row, 8);
      clock.pending_since = store::RowInt(row, 10);
      clock.paused_seconds = store::RowInt(row, 11);
      const TicketSla sla = SlaOf(clock, calendar, policy, now);
      for (const auto& [name, state] :
           {std::pair{"first_response", sla.first_response},
            std::pair{"resolution", sla.resolution}}) {
        const bool breached = state.state == SlaState::kBreached;
        const bool warning = state.state == SlaState::kWarning;
        if (!breached && !warning) continue;
        if (warning && !mine && !takeable) continue;
        alerts.push_back({.breached = breached,
                          .clock = name,
                          .ticket_id = store::RowInt(row, 0),
                          .customer_id = store::RowInt(row, 1),
                          .title = store::RowText(row, 2),
                          .priority = store::RowText(row, 4),
                          .due = state.due,
                          .assigned_to_viewer = mine,
                          .escalated = breached && viewer.manager});
      }
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the open tickets", error);
  }
  return alerts;
}

}  // namespace vafa::services::service
