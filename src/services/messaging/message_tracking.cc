#include "services/messaging/message_tracking.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kLinksOfSource[] =
    "SELECT link_index, target FROM message_links WHERE workspace_id = :w "
    "AND source = :s";
constexpr char kInsertLink[] =
    "INSERT INTO message_links (workspace_id, source, link_index, target, "
    "clicks) VALUES (:w, :s, :i, :t, 0) ON CONFLICT DO NOTHING";
constexpr char kRecordOpen[] =
    "UPDATE outbox_messages SET opened_at = COALESCE(opened_at, :n), "
    "open_count = open_count + 1 WHERE tracking_token = :t AND pixel = 1";
constexpr char kMessageOfTrackingToken[] =
    "SELECT id, workspace_id, source FROM outbox_messages WHERE "
    "tracking_token = :t";
constexpr char kLinkTarget[] =
    "SELECT target FROM message_links WHERE workspace_id = :w AND source = "
    ":s AND link_index = :i";
constexpr char kRecordClick[] =
    "UPDATE outbox_messages SET clicked_at = COALESCE(clicked_at, :n), "
    "click_count = click_count + 1 WHERE id = :i";
constexpr char kCountClick[] =
    "UPDATE message_links SET clicks = clicks + 1 WHERE workspace_id = :w "
    "AND source = :s AND link_index = :i";

}  // namespace

Result<LinkTable> ReadLinkTable(store::Database& db, int64_t workspace_id,
                                const std::string& source) {
  LinkTable links;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kLinksOfSource, soci::use(w), soci::use(source));
    for (const soci::row& row : rows) {
      const int index = static_cast<int>(store::RowInt(row, 0));
      links.index_of[store::RowText(row, 1)] = index;
      links.next_index = std::max(links.next_index, index + 1);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the tracked links of " + source,
                                error);
  }
  return links;
}

Status StoreNewLinks(store::Database& db, int64_t workspace_id,
                     const std::string& source, const LinkTable& links) {
  try {
    for (const auto& [index, target] : links.added) {
      long long w = workspace_id, i = index;
      db.sql() << kInsertLink, soci::use(w), soci::use(source), soci::use(i),
          soci::use(target);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("storing the tracked links of " + source,
                                error);
  }
  return Status::Ok();
}

Result<std::string> TrackingBaseFor(store::Database& db, int64_t workspace_id,
                                    const Channel& channel,
                                    const SendingRules& rules) {
  if (channel.kind == ChannelKind::kEmail) {
    return PublicBaseOf(channel.email.unsubscribe_url);
  }
  if (!rules.track_sms_links) return std::string();
  VAFA_ASSIGN_OR_RETURN(std::vector<Channel> channels,
                        ListChannels(db, workspace_id));
  for (const Channel& other : channels) {
    if (other.kind != ChannelKind::kEmail) continue;
    std::string base = PublicBaseOf(other.email.unsubscribe_url);
    if (!base.empty()) return base;
  }
  return std::string();
}

Result<bool> RecordOpen(store::Database& db, std::string_view token,
                        UnixSeconds now) {
  if (!IsTrackingToken(token)) return false;
  std::string t(token);
  long long n = now;
  try {
    soci::statement update =
        (db.sql().prepare << kRecordOpen, soci::use(n), soci::use(t));
    update.execute(true);
    return update.get_affected_rows() > 0;
  } catch (const std::exception& error) {
    return store::DatabaseError("recording an open", error);
  }
}

Result<std::string> FollowTrackedLink(store::Database& db,
                                      std::string_view token, int64_t index,
                                      UnixSeconds now) {
  const Status unknown = Status::NotFound("no message carries this link");
  if (!IsTrackingToken(token) || index < 0 || index > 100000) return unknown;
  std::string target;
  Status done = store::InTransaction(db, [&]() -> Status {
    store::TakeWriteLock(db);
    std::string t(token);
    soci::row message;
    db.sql() << kMessageOfTrackingToken, soci::use(t), soci::into(message);
    if (!db.sql().got_data() || store::RowIsNull(message, 2)) return unknown;
    long long id = store::RowInt(message, 0), w = store::RowInt(message, 1),
              i = index, n = now;
    std::string source = store::RowText(message, 2);
    soci::indicator found = soci::i_null;
    db.sql() << kLinkTarget, soci::use(w), soci::use(source), soci::use(i),
        soci::into(target, found);
    if (!db.sql().got_data() || found != soci::i_ok ||
        !IsTrackableTarget(target)) {
      return unknown;
    }
    db.sql() << kRecordClick, soci::use(n), soci::use(id);
    db.sql() << kCountClick, soci::use(w), soci::use(source), soci::use(i);
    return Status::Ok();
  });
  if (!done.ok()) return done;
  return target;
}

}  // namespace vafa::services::messaging
