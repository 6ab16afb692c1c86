// A ticket's records beside the ticket row (docs/service.md): its replies
// and notes, its attachments' metadata, the customer it is about, its
// satisfaction and the list of satisfaction questions waiting for an answer.
// Writes run in the caller's transaction.
#ifndef VAFA_SERVICES_SERVICE_TICKET_RECORDS_H_
#define VAFA_SERVICES_SERVICE_TICKET_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "services/service/sla.h"
#include "store/database.h"

namespace vafa::services::service {

// The ticket's customer: nullopt when the ticket does not exist.
Result<std::optional<int64_t>> TicketCustomer(store::Database& db,
                                              int64_t workspace_id,
                                              int64_t ticket_id);

struct TicketEvent {
  int64_t id = 0;
  std::string kind;  // reply, note, status, ...
  std::string body;
  int64_t author_user_id = 0;  // 0: nobody (the system)
  UnixSeconds at = 0;
};
// Oldest first.
Result<std::vector<TicketEvent>> ListTicketEvents(store::Database& db,
                                                  int64_t workspace_id,
                                                  int64_t ticket_id);

// An attachment's metadata; the file itself lives where `location` says.
struct TicketAttachment {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::string file_name;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;       // "" when not given
  std::string location;     // "" when not given
  int64_t uploaded_by = 0;  // 0: nobody
  UnixSeconds at = 0;
};
// Oldest first.
Result<std::vector<TicketAttachment>> ListTicketAttachments(
    store::Database& db, int64_t workspace_id, int64_t ticket_id);
// Stores `attachment` (its fields checked by the caller) and returns its id.
Result<int64_t> AddTicketAttachment(store::Database& db, int64_t workspace_id,
                                    const TicketAttachment& attachment);

// A CSAT answer about a resolved or closed ticket is its satisfaction; the
// first one given stays (a later answer changes nothing).
Status RecordTicketSatisfaction(store::Database& db, int64_t workspace_id,
                                int64_t ticket_id, int score);

// Resolved or closed tickets whose satisfaction was asked for and not
// given, the longest waiting first, at most 5,000.
struct SatisfactionRequest {
  int64_t ticket_id = 0;
  int64_t customer_id = 0;
  std::string display_name;
  std::string phone;
  std::string subject;
  UnixSeconds resolved_at = 0;
  UnixSeconds requested_at = 0;
};
Result<std::vector<SatisfactionRequest>> ListSatisfactionRequests(
    store::Database& db, int64_t workspace_id);

// An SLA clock of an open ticket in warning or breached, for one viewer: a
// warning goes to whoever holds the ticket, or to whoever may take it when
// no one does; a breach also goes to owners and managers (escalation).
struct SlaViewer {
  int64_t user_id = 0;
  bool manager = false;   // owner or manager of the workspace
  bool can_take = false;  // may write tickets (take an unassigned one)
};
struct SlaAlert {
  bool breached = false;  // else a warning
  std::string clock;      // first_response, resolution
  int64_t ticket_id = 0;
  int64_t customer_id = 0;
  std::string title;
  std::string priority;
  UnixSeconds due = 0;
  bool assigned_to_viewer = false;
  bool escalated = false;  // a breach shown to a manager
};
// Of the 5,000 open tickets due soonest that the viewer may be alerted of,
// in that order.
Result<std::vector<SlaAlert>> SlaAlertsFor(store::Database& db,
                                           int64_t workspace_id,
                                           const SlaViewer& viewer,
                                           UnixSeconds now);

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_TICKET_RECORDS_H_
