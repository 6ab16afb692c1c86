#include "services/messaging/sending_rules.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kSelectRules[] =
    "SELECT window_start_minute, window_end_minute, on_fridays, on_holidays, "
    "weekly_cap, track_opens, track_sms_links FROM messaging_rules WHERE "
    "workspace_id = :w";
constexpr char kUpsertRules[] =
    "INSERT INTO messaging_rules (workspace_id, window_start_minute, "
    "window_end_minute, on_fridays, on_holidays, weekly_cap, track_opens, "
    "track_sms_links) VALUES (:w, :s, :e, :f, :h, :c, :o, :l) ON CONFLICT "
    "(workspace_id) DO UPDATE SET "
    "window_start_minute = excluded.window_start_minute, window_end_minute = "
    "excluded.window_end_minute, on_fridays = excluded.on_fridays, "
    "on_holidays = excluded.on_holidays, weekly_cap = excluded.weekly_cap, "
    "track_opens = excluded.track_opens, track_sms_links = "
    "excluded.track_sms_links";

bool DayAllowed(const SendingRules& rules,
                const service::WorkCalendar& calendar, DayNumber day) {
  if (!rules.on_fridays && service::WeekdayOf(day) == service::kFriday)
    return false;
  if (!rules.on_holidays && calendar.holidays.count(day) > 0) return false;
  return true;
}

}  // namespace

UnixSeconds NextSendingMoment(const SendingRules& rules,
                              const service::WorkCalendar& calendar,
                              UnixSeconds t) {
  const int64_t offset = calendar.utc_offset_minutes * 60LL;
  const UnixSeconds local = t + offset;
  DayNumber day = DayOf(local);
  const int64_t minute_of_day = (local - day * 86400LL) / 60;
  // A week of holidays and Fridays in a row is the most a calendar can
  // close; past a year something is wrong, and the message waits no longer.
  for (int days = 0; days < 366; ++days, ++day) {
    if (!DayAllowed(rules, calendar, day)) continue;
    const UnixSeconds start =
        day * 86400LL + rules.window_start_minute * 60LL - offset;
    const UnixSeconds end =
        day * 86400LL + rules.window_end_minute * 60LL - offset;
    if (days == 0 && minute_of_day >= rules.window_end_minute) continue;
    if (t < start) return start;
    if (t < end) return t;
  }
  return t;
}

Result<SendingRules> ReadSendingRules(store::Database& db,
                                      int64_t workspace_id) {
  long long w = workspace_id;
  soci::row row;
  try {
    db.sql() << kSelectRules, soci::use(w), soci::into(row);
    if (!db.sql().got_data()) return SendingRules{};
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the messaging rules", error);
  }
  return SendingRules{
      .window_start_minute = static_cast<int>(store::RowInt(row, 0)),
      .window_end_minute = static_cast<int>(store::RowInt(row, 1)),
      .on_fridays = store::RowInt(row, 2) == 1,
      .on_holidays = store::RowInt(row, 3) == 1,
      .weekly_cap = static_cast<int>(store::RowInt(row, 4)),
      .track_opens = store::RowInt(row, 5) == 1,
      .track_sms_links = store::RowInt(row, 6) == 1};
}

Status SaveSendingRules(store::Database& db, int64_t workspace_id,
                        const SendingRules& rules) {
  if (rules.window_start_minute < 0 || rules.window_start_minute >= 1440) {
    return Status::Invalid("window_start_minute: must be 0 to 1439",
                           "window_start_minute");
  }
  if (rules.window_end_minute <= rules.window_start_minute ||
      rules.window_end_minute > 1440) {
    return Status::Invalid(
        "window_end_minute: must be after the start and at most 1440",
        "window_end_minute");
  }
  if (rules.weekly_cap < 0) {
    return Status::Invalid("weekly_cap: must not be negative", "weekly_cap");
  }
  long long w = workspace_id, s = rules.window_start_minute,
            e = rules.window_end_minute, f = rules.on_fridays ? 1 : 0,
            h = rules.on_holidays ? 1 : 0, c = rules.weekly_cap,
            o = rules.track_opens ? 1 : 0, l = rules.track_sms_links ? 1 : 0;
  try {
    db.sql() << kUpsertRules, soci::use(w), soci::use(s), soci::use(e),
        soci::use(f), soci::use(h), soci::use(c), soci::use(o), soci::use(l);
  } catch (const std::exception& error) {
    return store::DatabaseError("saving the messaging rules", error);
  }
  return Status::Ok();
}

}  // namespace vafa::services::messaging
