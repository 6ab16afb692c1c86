#include "services/messaging/outbox.h"

#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "services/messaging/link_tracking.h"
#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kInsertMessage[] =
    "INSERT INTO outbox_messages (workspace_id, idempotency_key, channel_id, "
    "customer_id, purpose, source, recipient, subject, body, "
    "unsubscribe_token, state, attempts, next_attempt_at, created_at, "
    "tracking_token, pixel) VALUES (:w, :k, :c, :u, :p, :s, :r, :j, :b, :t, "
    "'queued', 0, :a, :n, :tt, :px) ON CONFLICT DO NOTHING RETURNING id";
constexpr char kMessageColumns[] =
    "SELECT id, workspace_id, idempotency_key, channel_id, customer_id, "
    "purpose, source, recipient, subject, body, unsubscribe_token, state, "
    "failure, attempts, next_attempt_at, provider_message_id, created_at, "
    "sent_at, tracking_token, pixel, opened_at, open_count, clicked_at, "
    "click_count, opted_out_at FROM outbox_messages ";
// Due: queued and its time has come, or claimed by a sender whose lease
// ran out (it died or hung between claim and record).
#define VAFA_OUTBOX_DUE                                         \
  "((state = 'queued' AND next_attempt_at <= :n1) OR (state = " \
  "'sending' AND claimed_until <= :n2))"
// The candidates, each a range of outbox_messages_due (state,
// next_attempt_at, id) read in order, so a claim costs the same with a
// million messages queued: first a claim whose lease ran out (rare), then
// the queued message due longest; of any workspace, or of one.
constexpr char kNextLapsed[] =
    "SELECT id FROM outbox_messages WHERE state = 'sending' AND "
    "claimed_until <= :n LIMIT 1";
constexpr char kNextQueued[] =
    "SELECT id FROM outbox_messages WHERE state = 'queued' AND "
    "next_attempt_at <= :n ORDER BY next_attempt_at, id LIMIT 1";
constexpr char kNextLapsedOfWorkspace[] =
    "SELECT id FROM outbox_messages WHERE state = 'sending' AND "
    "claimed_until <= :n AND workspace_id = :w LIMIT 1";
constexpr char kNextQueuedOfWorkspace[] =
    "SELECT id FROM outbox_messages WHERE state = 'queued' AND "
    "next_attempt_at <= :n AND workspace_id = :w ORDER BY next_attempt_at, "
    "id LIMIT 1";
constexpr char kClaim[] =
    "UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1, "
    "claimed_until = :u WHERE id = :i AND " VAFA_OUTBOX_DUE;
#undef VAFA_OUTBOX_DUE
constexpr char kRecordSent[] =
    "UPDATE outbox_messages SET state = 'sent', provider_message_id = :p, "
    "sent_at = :t, claimed_until = NULL, failure = NULL WHERE id = :i";
constexpr char kRecordFailure[] =
    "UPDATE outbox_messages SET state = :s, failure = :f, next_attempt_at = "
    ":a, claimed_until = NULL WHERE id = :i";

constexpr char kRecordDeferred[] =
    "UPDATE outbox_messages SET state = 'queued', attempts = attempts - 1, "
    "next_attempt_at = :a, claimed_until = NULL WHERE id = :i";

constexpr char kRetryFailed[] =
    "UPDATE outbox_messages SET state = 'queued', attempts = 0, "
    "next_attempt_at = :a WHERE workspace_id = :w AND id = :i AND state = "
    "'failed'";
// The listing: each filter is off when its parameter is -1 or empty (the
// same statement, so it is prepared once whatever the filter). A
// campaign's messages are a range of keys ("campaign:C:customer:N").
constexpr char kListFilter[] =
    "WHERE workspace_id = :w AND (:s1 = '' OR state = :s2) AND (:c1 = -1 OR "
    "customer_id = :c2) AND (:k1 = '' OR (idempotency_key >= :k2 AND "
    "idempotency_key < :k3)) AND (:b1 = -1 OR id < :b2) ORDER BY id DESC "
    "LIMIT :n";

constexpr std::string_view kStateNames[] = {"queued", "sending", "sent",
                                            "delivered", "failed"};

MessageState ParseState(const std::string& text) {
  for (size_t i = 0; i < std::size(kStateNames); ++i) {
    if (kStateNames[i] == text) return static_cast<MessageState>(i);
  }
  throw std::runtime_error("outbox_messages.state: unknown \"" + text + "\"");
}

OutboxMessage MessageFromRow(const soci::row& row) {
  OutboxMessage m;
  m.id = store::RowInt(row, 0);
  m.workspace_id = store::RowInt(row, 1);
  m.idempotency_key = store::RowText(row, 2);
  m.channel_id = store::RowInt(row, 3);
  m.customer_id = store::RowOptionalInt(row, 4);
  m.purpose = store::RowText(row, 5) == "marketing"
                  ? MessagePurpose::kMarketing
                  : MessagePurpose::kTransactional;
  m.source = store::RowText(row, 6);
  m.recipient = store::RowText(row, 7);
  m.subject = store::RowText(row, 8);
  m.body = store::RowText(row, 9);
  m.unsubscribe_token = store::RowText(row, 10);
  m.state = ParseState(store::RowText(row, 11));
  m.failure = store::RowText(row, 12);
  m.attempts = static_cast<int>(store::RowInt(row, 13));
  m.next_attempt_at = store::RowInt(row, 14);
  m.provider_message_id = store::RowText(row, 15);
  m.created_at = store::RowInt(row, 16);
  m.sent_at = store::RowOptionalInt(row, 17);
  m.tracking_token = store::RowText(row, 18);
  m.pixel = store::RowInt(row, 19) == 1;
  m.opened_at = store::RowOptionalInt(row, 20);
  m.open_count = store::RowInt(row, 21);
  m.clicked_at = store::RowOptionalInt(row, 22);
  m.click_count = store::RowInt(row, 23);
  m.opted_out_at = store::RowOptionalInt(row, 24);
  return m;
}

Status CheckKey(const std::string& key) {
  const bool shaped = !key.empty() && key.size() <= 200 &&
                      std::all_of(key.begin(), key.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') ||
                               (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                               c == ':' || c == '-';
                      });
  if (!shaped) {
    return Status::Invalid("idempotency_key: \"" + key +
                               "\" must be 1 to 200 of A-Z a-z 0-9 . _ : -",
                           "idempotency_key");
  }
  return Status::Ok();
}

}  // namespace

std::string NewUnsubscribeToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium did not start");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

namespace {

Result<OutboxMessage> ReadMessage(store::Database& db, int64_t id) {
  long long i = id;
  soci::row row;
  db.sql() << std::string(kMessageColumns) + "WHERE id = :i", soci::use(i),
      soci::into(row);
  if (!db.sql().got_data()) {
    return Status::NotFound("outbox message " + std::to_string(id));
  }
  return MessageFromRow(row);
}

}  // namespace

std::string_view MessagePurposeName(MessagePurpose purpose) {
  return purpose == MessagePurpose::kMarketing ? "marketing" : "transactional";
}

std::string_view MessageStateName(MessageState state) {
  return kStateNames[static_cast<int>(state)];
}

int64_t RetryDelaySeconds(int attempts) {
  const int doublings = std::clamp(attempts - 1, 0, 20);
  return std::min<int64_t>(int64_t{60} << doublings, 6 * 3600);
}

Result<bool> QueueMessage(store::Database& db, OutboxMessage message) {
  if (Status s = CheckKey(message.idempotency_key); !s.ok()) return s;
  if (message.recipient.empty()) {
    return Status::Invalid("recipient: is required", "recipient");
  }
  if (message.purpose == MessagePurpose::kMarketing) {
    message.unsubscribe_token = NewUnsubscribeToken();
    message.tracking_token = NewTrackingToken();
  } else {
    message.pixel = false;
  }
  const UnixSeconds now = store::NowSeconds();
  long long w = message.workspace_id, c = message.channel_id,
            a = message.next_attempt_at == 0 ? now : message.next_attempt_at,
            n = now, id = 0, px = message.pixel ? 1 : 0;
  std::string k = message.idempotency_key,
              p(MessagePurposeName(message.purpose)), r = message.recipient,
              b = message.body;
  store::NullableInt customer(message.customer_id);
  store::NullableText source(message.source), subject(message.subject),
      token(message.unsubscribe_token), tracking(message.tracking_token);
  soci::indicator made = soci::i_null;
  try {
    db.sql() << kInsertMessage, soci::use(w), soci::use(k), soci::use(c),
        customer.use(), soci::use(p), source.use(), soci::use(r), subject.use(),
        soci::use(b), token.use(), soci::use(a), soci::use(n), tracking.use(),
        soci::use(px), soci::into(id, made);
  } catch (const std::exception& error) {
    return store::DatabaseError("queueing message " + k, error);
  }
  return made == soci::i_ok;
}

Result<std::optional<OutboxMessage>> ClaimNextMessage(store::Database& db,
                                                      int64_t workspace_id,
                                                      UnixSeconds now,
                                                      int lease_seconds) {
  std::optional<OutboxMessage> claimed;
  // Another sender may take the candidate between the read and the claim;
  // then the next candidate is tried.
  for (int tries = 0; tries < 8 && !claimed; ++tries) {
    bool none_due = false;
    Status done = store::InTransaction(db, [&]() -> Status {
      store::TakeWriteLock(db);
      long long w = workspace_id, n = now, id = 0;
      soci::indicator found = soci::i_null;
      for (const char* sql : {kNextLapsed, kNextQueued}) {
        if (found == soci::i_ok) break;
        if (workspace_id == 0) {
          db.sql() << sql, soci::use(n), soci::into(id, found);
        } else {
          db.sql() << (sql == kNextLapsed ? kNextLapsedOfWorkspace
                                          : kNextQueuedOfWorkspace),
              soci::use(n), soci::use(w), soci::into(id, found);
        }
        if (!db.sql().got_data()) found = soci::i_null;
      }
      if (found != soci::i_ok) {
        none_due = true;
        return Status::Ok();
      }
      long long until = now + lease_seconds, m1 = now, m2 = now;
      soci::statement claim = (db.sql().prepare << kClaim, soci::use(until),
                               soci::use(id), soci::use(m1), soci::use(m2));
      claim.execute(true);
      if (claim.get_affected_rows() == 0) return Status::Ok();
      VAFA_ASSIGN_OR_RETURN(claimed, ReadMessage(db, id));
      return Status::Ok();
    });
    if (!done.ok()) return done.WithPlace("claiming an outbox message");
    if (none_due) break;
  }
  return claimed;
}

Status RecordSent(store::Database& db, int64_t message_id,
                  std::string_view provider_message_id, UnixSeconds now) {
  long long i = message_id, t = now;
  store::NullableText provider{std::string(provider_message_id)};
  try {
    db.sql() << kRecordSent, provider.use(), soci::use(t), soci::use(i);
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "recording outbox message " + std::to_string(message_id) + " as sent",
        error);
  }
  return Status::Ok();
}

Status RecordFailure(store::Database& db, const OutboxMessage& message,
                     std::string_view reason, bool permanent, UnixSeconds now) {
  const bool ends = permanent || message.attempts >= kMaxAttempts;
  std::string s = ends ? "failed" : "queued", f(reason);
  if (!permanent && ends) {
    f = "gave up after " + std::to_string(message.attempts) + " attempts: " + f;
  }
  long long a = ends ? now : now + RetryDelaySeconds(message.attempts),
            i = message.id;
  try {
    db.sql() << kRecordFailure, soci::use(s), soci::use(f), soci::use(a),
        soci::use(i);
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "recording outbox message " + std::to_string(message.id) + "'s failure",
        error);
  }
  return Status::Ok();
}

Status RecordDeferred(store::Database& db, const OutboxMessage& message,
                      UnixSeconds until) {
  long long a = until, i = message.id;
  try {
    db.sql() << kRecordDeferred, soci::use(a), soci::use(i);
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "deferring outbox message " + std::to_string(message.id), error);
  }
  return Status::Ok();
}

Result<MessageState> ParseMessageState(std::string_view text,
                                       std::string_view field) {
  for (size_t i = 0; i < std::size(kStateNames); ++i) {
    if (kStateNames[i] == text) return static_cast<MessageState>(i);
  }
  return Status::Invalid(std::string(field) +
                             ": must be queued, sending, sent, delivered or "
                             "failed, not \"" +
                             std::string(text) + "\"",
                         std::string(field));
}

Result<std::vector<OutboxMessage>> ListOutbox(store::Database& db,
                                              int64_t workspace_id,
                                              const OutboxFilter& filter) {
  std::vector<OutboxMessage> out;
  long long w = workspace_id, n = filter.limit,
            c = filter.customer_id.value_or(-1),
            b = filter.before_id.value_or(-1);
  std::string state =
      filter.state ? std::string(MessageStateName(*filter.state)) : "";
  const std::string campaign =
      filter.campaign_id ? std::to_string(*filter.campaign_id) : "";
  std::string from =
                  campaign.empty() ? "" : "campaign:" + campaign + ":customer:",
              to =
                  campaign.empty() ? "" : "campaign:" + campaign + ":customer;";
  try {
    soci::rowset<soci::row> rows =
        (db.sql().prepare << std::string(kMessageColumns) + kListFilter,
         soci::use(w), soci::use(state), soci::use(state), soci::use(c),
         soci::use(c), soci::use(from), soci::use(from), soci::use(to),
         soci::use(b), soci::use(b), soci::use(n));
    for (const soci::row& row : rows) out.push_back(MessageFromRow(row));
  } catch (const std::exception& error) {
    return store::DatabaseError("listing the outbox", error);
  }
  return out;
}

Result<OutboxMessage> ReadMessage(store::Database& db, int64_t workspace_id,
                                  int64_t message_id) {
  long long w = workspace_id, i = message_id;
  soci::row row;
  try {
    db.sql() << std::string(kMessageColumns) +
                    "WHERE workspace_id = :w AND id = :i",
        soci::use(w), soci::use(i), soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("message " + std::to_string(message_id) +
                              " is not in this workspace");
    }
    return MessageFromRow(row);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a message", error);
  }
}

Status RetryFailedMessage(store::Database& db, int64_t workspace_id,
                          int64_t message_id, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(OutboxMessage message,
                        ReadMessage(db, workspace_id, message_id));
  if (message.state != MessageState::kFailed) {
    return Status::Conflict("message " + std::to_string(message_id) + " is " +
                            std::string(MessageStateName(message.state)) +
                            "; only a failed message is sent again");
  }
  long long w = workspace_id, i = message_id, a = now;
  try {
    db.sql() << kRetryFailed, soci::use(a), soci::use(w), soci::use(i);
  } catch (const std::exception& error) {
    return store::DatabaseError("queueing a message again", error);
  }
  return Status::Ok();
}

}  // namespace vafa::services::messaging
