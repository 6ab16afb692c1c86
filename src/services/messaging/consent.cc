#include "services/messaging/consent.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kUpsertConsent[] =
    "INSERT INTO message_consents (workspace_id, customer_id, channel_kind, "
    "opted_in, source, recorded_at) VALUES (:w, :c, :k, :o, :s, :t) ON "
    "CONFLICT (workspace_id, customer_id, channel_kind) DO UPDATE SET "
    "opted_in = excluded.opted_in, source = excluded.source, recorded_at = "
    "excluded.recorded_at";
// The customer's own consent, or an opt-out recorded on a customer merged
// into it (docs/duplicates.md): an opt-out anywhere wins, then the
// customer's own record.
constexpr char kSelectConsent[] =
    "SELECT o.opted_in, o.source, o.recorded_at FROM message_consents o "
    "LEFT JOIN customers c ON c.workspace_id = o.workspace_id AND c.id = "
    "o.customer_id WHERE o.workspace_id = :w AND o.channel_kind = :k AND "
    "(o.customer_id = :c1 OR (c.merged_into = :c2 AND o.opted_in = 0)) "
    "ORDER BY o.opted_in, CASE WHEN o.customer_id = :c3 THEN 0 ELSE 1 END "
    "LIMIT 1";
constexpr char kMessageOfUnsubscribeToken[] =
    "SELECT m.workspace_id, m.customer_id, c.kind FROM outbox_messages m JOIN "
    "message_channels c ON c.id = m.channel_id WHERE m.unsubscribe_token = :t";
constexpr char kTargetOfToken[] =
    "SELECT c.kind, u.language FROM outbox_messages m JOIN message_channels c "
    "ON c.id = m.channel_id JOIN customers u ON u.workspace_id = "
    "m.workspace_id AND u.id = m.customer_id WHERE m.unsubscribe_token = :t";
// The message whose link or keyword carried an opt-out keeps when; the
// first one counts.
constexpr char kMarkTokenOptOut[] =
    "UPDATE outbox_messages SET opted_out_at = :n WHERE unsubscribe_token = "
    ":t AND opted_out_at IS NULL";
// An SMS keyword answers the customer's latest marketing SMS that went.
constexpr char kMarkSmsOptOut[] =
    "UPDATE outbox_messages SET opted_out_at = :n WHERE opted_out_at IS NULL "
    "AND id = (SELECT m.id FROM outbox_messages m JOIN message_channels c ON "
    "c.id = m.channel_id WHERE m.workspace_id = :w AND m.customer_id = :c "
    "AND m.purpose = 'marketing' AND c.kind = 'sms' AND m.state IN ('sent', "
    "'delivered') ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)";

}  // namespace

Status MarkSmsOptOut(store::Database& db, int64_t workspace_id,
                     int64_t customer_id, UnixSeconds at) {
  long long n = at, w = workspace_id, c = customer_id;
  try {
    db.sql() << kMarkSmsOptOut, soci::use(n), soci::use(w), soci::use(c);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the message an opt-out answered",
                                error);
  }
  return Status::Ok();
}

Status RecordConsent(store::Database& db, int64_t workspace_id,
                     int64_t customer_id, ChannelKind kind, bool opted_in,
                     std::string_view source, UnixSeconds at) {
  long long w = workspace_id, c = customer_id, o = opted_in ? 1 : 0, t = at;
  std::string k(ChannelKindName(kind)), s(source);
  try {
    db.sql() << kUpsertConsent, soci::use(w), soci::use(c), soci::use(k),
        soci::use(o), soci::use(s), soci::use(t);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording consent", error);
  }
  return Status::Ok();
}

Result<ConsentRecord> ReadConsent(store::Database& db, int64_t workspace_id,
                                  int64_t customer_id, ChannelKind kind) {
  long long w = workspace_id, c = customer_id;
  std::string k(ChannelKindName(kind));
  soci::row row;
  try {
    db.sql() << kSelectConsent, soci::use(w), soci::use(k), soci::use(c),
        soci::use(c), soci::use(c), soci::into(row);
    if (!db.sql().got_data()) return ConsentRecord{};
  } catch (const std::exception& error) {
    return store::DatabaseError("reading consent", error);
  }
  return ConsentRecord{.consent = store::RowInt(row, 0) == 1
                                      ? Consent::kOptedIn
                                      : Consent::kOptedOut,
                       .source = store::RowText(row, 1),
                       .recorded_at = store::RowInt(row, 2)};
}

Status OptOutByToken(store::Database& db, std::string_view token,
                     UnixSeconds at) {
  std::string t(token);
  soci::row row;
  try {
    db.sql() << kMessageOfUnsubscribeToken, soci::use(t), soci::into(row);
    if (token.empty() || !db.sql().got_data() || store::RowIsNull(row, 1)) {
      return Status::NotFound("no message carries this unsubscribe token");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading an unsubscribe token", error);
  }
  VAFA_ASSIGN_OR_RETURN(ChannelKind kind,
                        ParseChannelKind(store::RowText(row, 2)));
  try {
    long long n = at;
    db.sql() << kMarkTokenOptOut, soci::use(n), soci::use(t);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the message an opt-out came from",
                                error);
  }
  return RecordConsent(db, store::RowInt(row, 0), store::RowInt(row, 1), kind,
                       /*opted_in=*/false, "unsubscribe-link", at);
}

Result<UnsubscribeTarget> ReadUnsubscribeToken(store::Database& db,
                                               std::string_view token) {
  std::string t(token);
  soci::row row;
  try {
    if (!token.empty()) {
      db.sql() << kTargetOfToken, soci::use(t), soci::into(row);
    }
    if (token.empty() || !db.sql().got_data()) {
      return Status::NotFound("no message carries this unsubscribe token");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading an unsubscribe token", error);
  }
  UnsubscribeTarget out;
  VAFA_ASSIGN_OR_RETURN(out.kind, ParseChannelKind(store::RowText(row, 0)));
  out.english = store::RowText(row, 1).rfind("en", 0) == 0;
  return out;
}

}  // namespace vafa::services::messaging
