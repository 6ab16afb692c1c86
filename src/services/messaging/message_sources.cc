#include "services/messaging/message_sources.h"

#include <soci/soci.h>

#include <unordered_map>
#include <unordered_set>

#include "services/messaging/message_templates.h"
#include "services/messaging/message_tracking.h"
#include "services/messaging/sending_rules.h"
#include "services/service/tickets.h"
#include "store/bulk_insert.h"
#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kCampaignExists[] =
    "SELECT COUNT(*) FROM campaigns WHERE workspace_id = :w AND id = :c AND "
    "deleted_at IS NULL";
constexpr char kTreatmentMembers[] =
    "SELECT m.customer_id, c.first_name, c.email, c.phone, c.language FROM "
    "campaign_members m JOIN customers c ON c.workspace_id = m.workspace_id "
    "AND c.id = m.customer_id WHERE m.workspace_id = :w AND m.campaign_id = "
    ":c AND m.control = 0 AND c.deleted_at IS NULL ORDER BY m.customer_id";
// A campaign's keys are "campaign:C:customer:N": a range of the unique
// (workspace_id, idempotency_key) index (';' follows ':' in byte order),
// so the outbox needs no index on source, one fewer for every row queued.
constexpr char kQueuedForSource[] =
    "SELECT customer_id, 1 FROM outbox_messages WHERE workspace_id = :w AND "
    "idempotency_key >= :s AND idempotency_key < :e AND customer_id IS NOT "
    "NULL";
// Opted out, by themselves or on a customer merged into them.
constexpr char kOptedOut[] =
    "SELECT COALESCE(c.merged_into, o.customer_id), 1 FROM message_consents o "
    "LEFT JOIN customers c ON c.workspace_id = o.workspace_id AND c.id = "
    "o.customer_id WHERE o.workspace_id = :w AND o.channel_kind = :s AND "
    "o.opted_in = 0";
constexpr char kMarketingSince[] =
    "SELECT customer_id, COUNT(*) FROM outbox_messages WHERE workspace_id = "
    ":w AND purpose = 'marketing' AND state <> 'failed' AND created_at >= :s "
    "AND customer_id IS NOT NULL GROUP BY customer_id";
constexpr char kPointsBalances[] =
    "SELECT customer_id, SUM(points) FROM loyalty_ledger WHERE workspace_id = "
    ":w GROUP BY customer_id";
constexpr char kTicketCustomer[] =
    "SELECT t.customer_id, t.subject, c.first_name, c.email, c.phone, "
    "c.language FROM tickets t JOIN customers c ON c.workspace_id = "
    "t.workspace_id AND c.id = t.customer_id WHERE t.workspace_id = :w AND "
    "t.id = :t";
constexpr char kCustomerForPreview[] =
    "SELECT first_name, language FROM customers WHERE workspace_id = :w AND "
    "id = :c AND deleted_at IS NULL";
constexpr char kCustomerPoints[] =
    "SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE workspace_id "
    "= :w AND customer_id = :c";

using CustomerNumbers = std::unordered_map<int64_t, int64_t>;

// Runs `sql` (customer id, number) with the workspace and a text or number
// parameter named :s.
template <typename Parameter>
CustomerNumbers ReadNumbers(store::Database& db, const char* sql,
                            int64_t workspace_id, Parameter parameter) {
  CustomerNumbers out;
  long long w = workspace_id;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << sql, soci::use(w), soci::use(parameter));
  for (const soci::row& row : rows) {
    out[store::RowInt(row, 0)] = store::RowInt(row, 1);
  }
  return out;
}

// The members of a campaign queued before, by their keys' prefix.
CustomerNumbers ReadQueuedMembers(store::Database& db, int64_t workspace_id,
                                  int64_t campaign_id) {
  CustomerNumbers out;
  long long w = workspace_id;
  std::string from = "campaign:" + std::to_string(campaign_id) + ":customer:",
              to = "campaign:" + std::to_string(campaign_id) + ":customer;";
  soci::rowset<soci::row> rows = (db.sql().prepare << kQueuedForSource,
                                  soci::use(w), soci::use(from), soci::use(to));
  for (const soci::row& row : rows) out[store::RowInt(row, 0)] = 1;
  return out;
}

CustomerNumbers ReadBalances(store::Database& db, int64_t workspace_id) {
  CustomerNumbers out;
  long long w = workspace_id;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << kPointsBalances, soci::use(w));
  for (const soci::row& row : rows) {
    out[store::RowInt(row, 0)] = store::RowOptionalInt(row, 1).value_or(0);
  }
  return out;
}

struct Recipient {
  int64_t customer_id = 0;
  std::string first_name;
  std::string address;
  bool english = false;
};

// Reads the customer columns (first_name, email, phone, language) that
// start at `column`.
Recipient RecipientFrom(const soci::row& row, size_t column, ChannelKind kind) {
  Recipient out;
  out.first_name = store::RowText(row, column);
  out.address = store::RowText(
      row, kind == ChannelKind::kEmail ? column + 1 : column + 2);
  out.english = store::RowText(row, column + 3).rfind("en", 0) == 0;
  return out;
}

// What a campaign's messages share.
struct CampaignBatch {
  int64_t workspace_id = 0;
  int64_t campaign_id = 0;
  const Channel* channel = nullptr;
  const MessageTemplate* message_template = nullptr;
  PlaceholderValues values;  // first_name and points set per member
  UnixSeconds now = 0;
  UnixSeconds due = 0;
  QueueMode mode = QueueMode::kQueue;
  // Where links are tracked (empty: they go as written) and whether the
  // e-mail carries the open pixel (message_tracking.h).
  std::string tracking_base;
  bool pixel = false;
};

Status WriteMessage(store::BulkInsert& insert, const CampaignBatch& batch,
                    const Recipient& to, const FilledMessage& filled,
                    const std::string& tracking_token) {
  const std::string key = "campaign:" + std::to_string(batch.campaign_id) +
                          ":customer:" + std::to_string(to.customer_id);
  insert.Int(batch.workspace_id);
  insert.Text(key);
  insert.Int(batch.channel->id);
  insert.Int(to.customer_id);
  insert.Text("marketing");
  insert.Text("campaign:" + std::to_string(batch.campaign_id));
  insert.Text(to.address);
  insert.TextOrNull(filled.subject);
  insert.Text(filled.body);
  insert.Text(NewUnsubscribeToken());
  insert.Text("queued");
  insert.Int(0);
  insert.Int(batch.due);
  insert.Int(batch.now);
  insert.Text(tracking_token);
  insert.Int(batch.pixel ? 1 : 0);
  return insert.EndRow();
}

Result<CampaignQueueReport> QueueMembers(store::Database& db,
                                         const CampaignBatch& batch,
                                         const SendingRules& rules) {
  CampaignQueueReport report;
  const int64_t w = batch.workspace_id;
  const CustomerNumbers queued = ReadQueuedMembers(db, w, batch.campaign_id);
  const CustomerNumbers opted_out = ReadNumbers(
      db, kOptedOut, w, std::string(ChannelKindName(batch.channel->kind)));
  const CustomerNumbers this_week = ReadNumbers(
      db, kMarketingSince, w, static_cast<long long>(batch.now - 7 * 86400));
  const bool wants_points =
      batch.message_template->body_fa.find("{points}") != std::string::npos ||
      batch.message_template->body_en.find("{points}") != std::string::npos;
  const CustomerNumbers points =
      wants_points ? ReadBalances(db, w) : CustomerNumbers{};
  std::vector<Recipient> members;
  {
    long long ws = w, c = batch.campaign_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kTreatmentMembers, soci::use(ws), soci::use(c));
    for (const soci::row& row : rows) {
      Recipient to = RecipientFrom(row, 1, batch.channel->kind);
      to.customer_id = store::RowInt(row, 0);
      members.push_back(std::move(to));
    }
  }
  store::BulkInsert insert(
      db, "outbox_messages",
      {"workspace_id", "idempotency_key", "channel_id", "customer_id",
       "purpose", "source", "recipient", "subject", "body", "unsubscribe_token",
       "state", "attempts", "next_attempt_at", "created_at", "tracking_token",
       "pixel"});
  // The server stores rows while the next ones are filled, and parses no
  // numbers (PostgreSQL; SQLite steps one prepared INSERT).
  insert.Stream();
  insert.Binary();
  PlaceholderValues values = batch.values;
  const std::string source = "campaign:" + std::to_string(batch.campaign_id);
  VAFA_ASSIGN_OR_RETURN(LinkTable links, ReadLinkTable(db, w, source));
  for (const Recipient& to : members) {
    const int64_t id = to.customer_id;
    if (queued.count(id) > 0) {
      ++report.already_queued;
    } else if (to.address.empty()) {
      ++report.no_address;
    } else if (opted_out.count(id) > 0) {
      ++report.opted_out;
    } else if (rules.weekly_cap > 0 && this_week.count(id) > 0 &&
               this_week.at(id) >= rules.weekly_cap) {
      ++report.over_cap;
    } else {
      values.first_name = to.first_name;
      auto balance = points.find(id);
      values.points =
          std::to_string(balance == points.end() ? 0 : balance->second);
      VAFA_ASSIGN_OR_RETURN(
          FilledMessage filled,
          FillMessage(*batch.message_template, values, to.english));
      const std::string token = NewTrackingToken();
      VAFA_ASSIGN_OR_RETURN(
          filled.body,
          RewriteLinks(filled.body, batch.tracking_base, token, links,
                       to.english && !batch.message_template->body_en.empty()
                           ? "body_en"
                           : "body_fa"));
      if (batch.mode == QueueMode::kQueue) {
        if (Status s = WriteMessage(insert, batch, to, filled, token);
            !s.ok()) {
          return s;
        }
      }
      ++report.queued;
    }
  }
  if (Status s = insert.Flush(); !s.ok()) return s;
  if (batch.mode == QueueMode::kQueue) {
    VAFA_RETURN_IF_ERROR(StoreNewLinks(db, w, source, links));
  }
  return report;
}

}  // namespace

Result<CampaignQueueReport> QueueCampaignMessages(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    int64_t template_id, int64_t channel_id, UnixSeconds now, QueueMode mode) {
  VAFA_ASSIGN_OR_RETURN(MessageTemplate message_template,
                        ReadTemplate(db, workspace_id, template_id));
  VAFA_ASSIGN_OR_RETURN(Channel channel,
                        ReadChannel(db, workspace_id, channel_id));
  if (message_template.purpose != MessagePurpose::kMarketing) {
    return Status::Invalid("template: a campaign needs a marketing template",
                           "template");
  }
  if (message_template.kind != channel.kind) {
    return Status::Invalid(
        "channel: the template is written for " +
            std::string(ChannelKindName(message_template.kind)),
        "channel");
  }
  VAFA_ASSIGN_OR_RETURN(SendingRules rules, ReadSendingRules(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(service::WorkCalendar calendar,
                        service::LoadWorkCalendar(db, workspace_id));
  CampaignBatch batch;
  batch.workspace_id = workspace_id;
  batch.campaign_id = campaign_id;
  batch.channel = &channel;
  batch.message_template = &message_template;
  batch.now = now;
  batch.mode = mode;
  batch.values.day = DayOf(now + calendar.utc_offset_minutes * 60LL);
  batch.due = channel.kind == ChannelKind::kSms
                  ? NextSendingMoment(rules, calendar, now)
                  : now;
  VAFA_ASSIGN_OR_RETURN(batch.tracking_base,
                        TrackingBaseFor(db, workspace_id, channel, rules));
  batch.pixel = channel.kind == ChannelKind::kEmail && rules.track_opens &&
                !batch.tracking_base.empty();
  CampaignQueueReport report;
  Status done = store::InTransaction(db, [&]() -> Status {
    store::TakeWriteLock(db);
    long long w = workspace_id, c = campaign_id, found = 0;
    db.sql() << kCampaignExists, soci::use(w), soci::use(c), soci::into(found);
    if (found == 0) {
      return Status::NotFound("campaign " + std::to_string(campaign_id) +
                              " is not in this workspace");
    }
    VAFA_ASSIGN_OR_RETURN(report, QueueMembers(db, batch, rules));
    return Status::Ok();
  });
  if (!done.ok()) return done;
  report.due_at = batch.due;
  return report;
}

Result<bool> QueueSatisfactionRequest(store::Database& db, int64_t workspace_id,
                                      int64_t ticket_id, int64_t template_id,
                                      int64_t channel_id, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(MessageTemplate message_template,
                        ReadTemplate(db, workspace_id, template_id));
  VAFA_ASSIGN_OR_RETURN(Channel channel,
                        ReadChannel(db, workspace_id, channel_id));
  if (message_template.purpose != MessagePurpose::kTransactional ||
      message_template.kind != channel.kind) {
    return Status::Invalid(
        "template: a satisfaction request needs a transactional template "
        "for the channel's kind",
        "template");
  }
  long long w = workspace_id, t = ticket_id;
  soci::row row;
  try {
    db.sql() << kTicketCustomer, soci::use(w), soci::use(t), soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("ticket " + std::to_string(ticket_id) +
                              " is not in this workspace");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the ticket", error);
  }
  Recipient to = RecipientFrom(row, 2, channel.kind);
  to.customer_id = store::RowInt(row, 0);
  if (to.address.empty()) {
    return Status::Refused("channel", "customer " +
                                          std::to_string(to.customer_id) +
                                          " has no address on this channel");
  }
  VAFA_ASSIGN_OR_RETURN(service::WorkCalendar calendar,
                        service::LoadWorkCalendar(db, workspace_id));
  PlaceholderValues values;
  values.first_name = to.first_name;
  values.ticket_subject = store::RowText(row, 1);
  values.day = DayOf(now + calendar.utc_offset_minutes * 60LL);
  VAFA_ASSIGN_OR_RETURN(FilledMessage filled,
                        FillMessage(message_template, values, to.english));
  OutboxMessage message;
  message.workspace_id = workspace_id;
  message.idempotency_key =
      "ticket:" + std::to_string(ticket_id) + ":satisfaction";
  message.channel_id = channel_id;
  message.customer_id = to.customer_id;
  message.purpose = MessagePurpose::kTransactional;
  message.source = "ticket:" + std::to_string(ticket_id);
  message.recipient = to.address;
  message.subject = filled.subject;
  message.body = filled.body;
  message.next_attempt_at = now;
  return QueueMessage(db, message);
}

Result<CustomerPlaceholders> ReadCustomerPlaceholders(store::Database& db,
                                                      int64_t workspace_id,
                                                      int64_t customer_id,
                                                      UnixSeconds now) {
  CustomerPlaceholders out;
  long long w = workspace_id, c = customer_id, points = 0;
  soci::row row;
  try {
    db.sql() << kCustomerForPreview, soci::use(w), soci::use(c),
        soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("customer " + std::to_string(customer_id) +
                              " does not exist");
    }
    out.values.first_name = store::RowText(row, 0);
    out.english = store::RowText(row, 1).rfind("en", 0) == 0;
    db.sql() << kCustomerPoints, soci::use(w), soci::use(c), soci::into(points);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a customer for a preview", error);
  }
  out.values.points = std::to_string(points);
  VAFA_ASSIGN_OR_RETURN(service::WorkCalendar calendar,
                        service::LoadWorkCalendar(db, workspace_id));
  out.values.day = DayOf(now + calendar.utc_offset_minutes * 60LL);
  return out;
}

}  // namespace vafa::services::messaging
