// A workspace's rules for marketing messages: quiet hours (marketing SMS
// only inside a daily window of the workspace's local time, and not on
// Fridays or the workspace's holidays unless allowed), a weekly cap (at
// most N marketing messages per customer in any seven days, all channels
// together) and what of marketing messages is tracked (opens, SMS links). Local
// time and holidays are the service desk's work calendar
// (service/work_calendar.h: Iran's UTC+03:30 and the holidays table).
// Transactional messages keep to neither. NextSendingMoment is pure.
#ifndef VAFA_SERVICES_MESSAGING_SENDING_RULES_H_
#define VAFA_SERVICES_MESSAGING_SENDING_RULES_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "services/service/work_calendar.h"
#include "store/database.h"

namespace vafa::services::messaging {

struct SendingRules {
  int window_start_minute = 9 * 60;  // local minutes after midnight
  int window_end_minute = 21 * 60;   // exclusive
  bool on_fridays = false;
  bool on_holidays = false;
  int weekly_cap = 3;  // 0: no cap
  // Tracking (docs/messaging.md), both off unless the workspace turns them
  // on: the open pixel in marketing e-mail is a privacy choice; links in
  // marketing SMS cost characters.
  bool track_opens = false;
  bool track_sms_links = false;
};

// The first moment at or after `t` inside the window (t itself when it is).
UnixSeconds NextSendingMoment(const SendingRules& rules,
                              const service::WorkCalendar& calendar,
                              UnixSeconds t);

// The workspace's rules; the defaults above when it has set none.
Result<SendingRules> ReadSendingRules(store::Database& db,
                                      int64_t workspace_id);
// Errors name the field ("window_end_minute: must be after the start").
Status SaveSendingRules(store::Database& db, int64_t workspace_id,
                        const SendingRules& rules);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_SENDING_RULES_H_
