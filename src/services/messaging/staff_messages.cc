#include "services/messaging/staff_messages.h"

#include <soci/soci.h>

#include <map>
#include <optional>

#include "services/messaging/channels.h"
#include "services/messaging/internal/staff_message_texts.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/outbox.h"
#include "services/service/tickets.h"
#include "store/sql_values.h"
#include "store/workspace_repository.h"

namespace vafa::services::messaging {
namespace {

// Open tasks with an owner who is an active member, due from now on and
// reminded now: by their own remind_at, or else by the lead time.
constexpr char kTasksToRemind[] =
    "SELECT t.id, t.title, t.due_at, t.customer_id, c.display_name, u.id, "
    "u.email, u.language FROM tasks t JOIN memberships m ON m.workspace_id = "
    "t.workspace_id AND m.user_id = t.owner_user_id JOIN users u ON u.id = "
    "t.owner_user_id LEFT JOIN customers c ON c.workspace_id = "
    "t.workspace_id AND c.id = t.customer_id WHERE t.workspace_id = :w AND "
    "t.status = 'open' AND t.deleted_at IS NULL AND u.disabled = 0 AND "
    "t.due_at >= :n AND ((t.remind_at IS NULL AND t.due_at <= :u) OR "
    "t.remind_at <= :n2) ORDER BY t.due_at, t.id";
// Open tickets with a running deadline between the catch-up time ago and
// the warning time ahead (a pending ticket's resolution clock stands).
constexpr char kTicketsNearDeadline[] =
    "SELECT t.id, t.subject, t.customer_id, c.display_name, t.status, "
    "t.first_response_at, t.first_response_due_at, t.resolution_due_at, "
    "t.assignee_user_id FROM tickets t JOIN customers c ON c.workspace_id = "
    "t.workspace_id AND c.id = t.customer_id WHERE t.workspace_id = :w AND "
    "t.status IN ('new', 'open', 'pending') AND t.deleted_at IS NULL AND "
    "((t.first_response_at IS NULL AND t.first_response_due_at >= :f1 AND "
    "t.first_response_due_at <= :u1) OR (t.status <> 'pending' AND "
    "t.resolution_due_at >= :f2 AND t.resolution_due_at <= :u2)) ORDER BY "
    "t.id";
constexpr char kActiveMember[] =
    "SELECT u.id, u.email, u.language FROM memberships m JOIN users u ON "
    "u.id = m.user_id WHERE m.workspace_id = :w AND m.user_id = :u AND "
    "u.disabled = 0";
constexpr char kOwnersAndManagers[] =
    "SELECT u.id, u.email, u.language FROM memberships m JOIN users u ON "
    "u.id = m.user_id WHERE m.workspace_id = :w AND m.role IN ('owner', "
    "'manager') AND u.disabled = 0 ORDER BY u.id";
constexpr char kTemplateNamed[] =
    "SELECT id FROM message_templates WHERE workspace_id = :w AND name = :n "
    "AND kind = 'email' AND deleted_at IS NULL ORDER BY id LIMIT 1";
constexpr char kKeyQueued[] =
    "SELECT COUNT(*) FROM outbox_messages WHERE workspace_id = :w AND "
    "idempotency_key = :k";

struct StaffMember {
  int64_t user_id = 0;
  std::string email;
  bool english = false;
};

StaffMember MemberFrom(const soci::row& row, size_t column) {
  return {store::RowInt(row, column), store::RowText(row, column + 1),
          store::RowText(row, column + 2).rfind("en", 0) == 0};
}

// One message to be queued.
struct StaffMessage {
  std::string key;
  std::string source;
  StaffMessageKind kind = StaffMessageKind::kTaskReminder;
  StaffMember to;
  PlaceholderValues values;
};

std::string CustomerLink(int64_t customer_id) {
  return "/#/customers/" + std::to_string(customer_id);
}

void CollectTaskReminders(store::Database& db, int64_t workspace_id,
                          UnixSeconds now, const StaffTiming& timing,
                          int utc_offset_minutes,
                          std::vector<StaffMessage>& out) {
  long long w = workspace_id, n = now, n2 = now,
            until = now + timing.reminder_lead_minutes * 60LL;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << kTasksToRemind, soci::use(w), soci::use(n),
       soci::use(until), soci::use(n2));
  for (const soci::row& row : rows) {
    StaffMessage message;
    const int64_t task_id = store::RowInt(row, 0);
    const UnixSeconds due = store::RowInt(row, 2);
    const std::optional<int64_t> customer = store::RowOptionalInt(row, 3);
    message.key =
        "task-reminder:" + std::to_string(task_id) + ":" + std::to_string(due);
    message.source = "task:" + std::to_string(task_id);
    message.to = MemberFrom(row, 5);
    message.values.task_title = store::RowText(row, 1);
    message.values.customer_name = customer ? store::RowText(row, 4) : "";
    // Tasks are listed on the attention page; one with a customer is
    // also on the customer's page.
    message.values.link = customer ? CustomerLink(*customer) : "/#/attention";
    message.values.due = due;
    message.values.utc_offset_minutes = utc_offset_minutes;
    if (!message.to.email.empty()) out.push_back(std::move(message));
  }
}

// Whom a ticket's alerts go to: its assignee while an active member, else
// the owners and managers (read once, into `managers`).
std::vector<StaffMember> AlertRecipients(
    store::Database& db, int64_t workspace_id, std::optional<int64_t> assignee,
    std::optional<std::vector<StaffMember>>& managers) {
  long long w = workspace_id;
  if (assignee) {
    long long u = *assignee;
    soci::row row;
    db.sql() << kActiveMember, soci::use(w), soci::use(u), soci::into(row);
    if (db.sql().got_data()) return {MemberFrom(row, 0)};
  }
  if (!managers) {
    managers.emplace();
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kOwnersAndManagers, soci::use(w));
    for (const soci::row& row : rows) managers->push_back(MemberFrom(row, 0));
  }
  return *managers;
}

struct Deadline {
  UnixSeconds due = 0;
  const char* name = "";  // in the key
  StaffMessageKind warning = StaffMessageKind::kFirstResponseWarning;
  StaffMessageKind breached = StaffMessageKind::kFirstResponseBreached;
};

struct NearTicket {
  int64_t id = 0;
  std::string subject;
  int64_t customer_id = 0;
  std::string customer_name;
  std::optional<int64_t> assignee;
  std::vector<Deadline> deadlines;  // the clocks still running
};

std::vector<NearTicket> ReadTicketsNearDeadline(store::Database& db,
                                                int64_t workspace_id,
                                                UnixSeconds now,
                                                const StaffTiming& timing) {
  std::vector<NearTicket> out;
  long long w = workspace_id,
            from = now - timing.breach_catch_up_minutes * 60LL,
            until = now + timing.sla_warning_minutes * 60LL, f2 = from,
            u2 = until;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << kTicketsNearDeadline, soci::use(w), soci::use(from),
       soci::use(until), soci::use(f2), soci::use(u2));
  for (const soci::row& row : rows) {
    NearTicket ticket;
    ticket.id = store::RowInt(row, 0);
    ticket.subject = store::RowText(row, 1);
    ticket.customer_id = store::RowInt(row, 2);
    ticket.customer_name = store::RowText(row, 3);
    ticket.assignee = store::RowOptionalInt(row, 8);
    if (store::RowIsNull(row, 5)) {
      ticket.deadlines.push_back({store::RowInt(row, 6), "first_response",
                                  StaffMessageKind::kFirstResponseWarning,
                                  StaffMessageKind::kFirstResponseBreached});
    }
    if (store::RowText(row, 4) != "pending") {
      ticket.deadlines.push_back({store::RowInt(row, 7), "resolution",
                                  StaffMessageKind::kResolutionWarning,
                                  StaffMessageKind::kResolutionBreached});
    }
    out.push_back(std::move(ticket));
  }
  return out;
}

void CollectSlaAlerts(store::Database& db, int64_t workspace_id,
                      UnixSeconds now, const StaffTiming& timing,
                      int utc_offset_minutes, std::vector<StaffMessage>& out) {
  std::optional<std::vector<StaffMember>> managers;
  for (const NearTicket& ticket :
       ReadTicketsNearDeadline(db, workspace_id, now, timing)) {
    for (const Deadline& deadline : ticket.deadlines) {
      const SlaAlertLevel level = SlaAlertLevelAt(deadline.due, now, timing);
      if (level == SlaAlertLevel::kNone) continue;
      const bool breached = level == SlaAlertLevel::kBreached;
      for (const StaffMember& to :
           AlertRecipients(db, workspace_id, ticket.assignee, managers)) {
        if (to.email.empty()) continue;
        StaffMessage message;
        message.key = "sla:" + std::to_string(ticket.id) + ":" + deadline.name +
                      (breached ? ":breached" : ":warning") +
                      ":user:" + std::to_string(to.user_id);
        message.source = "ticket:" + std::to_string(ticket.id);
        message.kind = breached ? deadline.breached : deadline.warning;
        message.to = to;
        message.values.ticket_subject = ticket.subject;
        message.values.customer_name = ticket.customer_name;
        message.values.link = CustomerLink(ticket.customer_id);
        message.values.due = deadline.due;
        message.values.utc_offset_minutes = utc_offset_minutes;
        out.push_back(std::move(message));
      }
    }
  }
}

// A workspace's e-mail template named `name`, when it has one.
Result<std::optional<MessageTemplate>> TemplateNamed(store::Database& db,
                                                     int64_t workspace_id,
                                                     const std::string& name) {
  long long w = workspace_id, id = 0;
  soci::indicator found = soci::i_null;
  db.sql() << kTemplateNamed, soci::use(w), soci::use(name),
      soci::into(id, found);
  if (!db.sql().got_data() || found != soci::i_ok) {
    return std::optional<MessageTemplate>();
  }
  VAFA_ASSIGN_OR_RETURN(MessageTemplate found_template,
                        ReadTemplate(db, workspace_id, id));
  return std::optional<MessageTemplate>(std::move(found_template));
}

bool KeyQueued(store::Database& db, int64_t workspace_id,
               const std::string& key) {
  long long w = workspace_id, count = 0;
  db.sql() << kKeyQueued, soci::use(w), soci::use(key), soci::into(count);
  return count > 0;
}

Status QueueWorkspace(store::Database& db, const store::Workspace& workspace,
                      UnixSeconds now, const StaffTiming& timing,
                      StaffMessagesReport& report) {
  const int64_t w = workspace.id;
  VAFA_ASSIGN_OR_RETURN(service::WorkCalendar calendar,
                        service::LoadWorkCalendar(db, w));
  VAFA_ASSIGN_OR_RETURN(std::vector<Channel> channels, ListChannels(db, w));
  const Channel* email = nullptr;
  for (const Channel& channel : channels) {
    if (channel.kind == ChannelKind::kEmail) {
      email = &channel;
      break;
    }
  }
  std::vector<StaffMessage> messages;
  CollectTaskReminders(db, w, now, timing, calendar.utc_offset_minutes,
                       messages);
  CollectSlaAlerts(db, w, now, timing, calendar.utc_offset_minutes, messages);
  std::map<std::string, std::optional<MessageTemplate>> templates;
  int64_t without_channel = 0;
  for (StaffMessage& message : messages) {
    if (KeyQueued(db, w, message.key)) {
      ++report.already_queued;
      continue;
    }
    if (email == nullptr) {
      ++without_channel;
      continue;
    }
    const bool reminder = message.kind == StaffMessageKind::kTaskReminder;
    const std::string name =
        reminder ? kTaskReminderTemplate : kSlaAlertTemplate;
    if (templates.count(name) == 0) {
      VAFA_ASSIGN_OR_RETURN(templates[name], TemplateNamed(db, w, name));
    }
    const std::optional<MessageTemplate>& own = templates[name];
    VAFA_ASSIGN_OR_RETURN(
        FilledMessage filled,
        own ? FillMessage(*own, message.values, message.to.english)
            : FillBuiltInStaffText(message.kind, message.to.english,
                                   message.values));
    OutboxMessage out;
    out.workspace_id = w;
    out.idempotency_key = message.key;
    out.channel_id = email->id;
    out.purpose = MessagePurpose::kTransactional;
    out.source = message.source;
    out.recipient = message.to.email;
    out.subject = filled.subject;
    out.body = filled.body;
    out.next_attempt_at = now;
    VAFA_ASSIGN_OR_RETURN(const bool queued, QueueMessage(db, out));
    if (!queued) {
      ++report.already_queued;
    } else if (reminder) {
      ++report.reminders_queued;
    } else {
      ++report.alerts_queued;
    }
  }
  if (without_channel > 0) {
    report.without_channel += without_channel;
    report.notes.push_back(
        "workspace " + workspace.slug + ": " + std::to_string(without_channel) +
        " task reminders and SLA alerts are due, but it has no e-mail "
        "channel to send them (vafa channel add-email)");
  }
  return Status::Ok();
}

}  // namespace

SlaAlertLevel SlaAlertLevelAt(UnixSeconds due, UnixSeconds now,
                              const StaffTiming& timing) {
  if (now > due) {
    return now - due <= timing.breach_catch_up_minutes * 60LL
               ? SlaAlertLevel::kBreached
               : SlaAlertLevel::kNone;
  }
  return due - now <= timing.sla_warning_minutes * 60LL
             ? SlaAlertLevel::kWarning
             : SlaAlertLevel::kNone;
}

Result<StaffMessagesReport> QueueDueStaffMessages(store::Database& db,
                                                  int64_t workspace_id,
                                                  UnixSeconds now,
                                                  const StaffTiming& timing) {
  StaffMessagesReport report;
  VAFA_ASSIGN_OR_RETURN(std::vector<store::Workspace> workspaces,
                        store::WorkspaceRepository(db).List());
  for (const store::Workspace& workspace : workspaces) {
    if (workspace_id != 0 && workspace.id != workspace_id) continue;
    try {
      if (Status s = QueueWorkspace(db, workspace, now, timing, report);
          !s.ok()) {
        return s.WithPlace("workspace " + workspace.slug);
      }
    } catch (const std::exception& error) {
      return store::DatabaseError(
          "queueing the reminders and alerts of workspace " + workspace.slug,
          error);
    }
  }
  return report;
}

}  // namespace vafa::services::messaging
