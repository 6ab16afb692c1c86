// A customer's consent to messages, per channel kind (e-mail, SMS): opted
// in or out, from which source ("unsubscribe-link", "sms-keyword",
// "import", "user:3") and when. The latest record wins. A customer with no
// record has neither given nor withdrawn consent: marketing may reach them
// (docs/messaging.md says why and how to require opt-in instead); one who
// opted out gets no marketing on that channel. Transactional messages do
// not ask. Reads and writes are confined to one workspace.
#ifndef VAFA_SERVICES_MESSAGING_CONSENT_H_
#define VAFA_SERVICES_MESSAGING_CONSENT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"
#include "services/messaging/channels.h"
#include "store/database.h"

namespace vafa::services::messaging {

enum class Consent { kUnknown, kOptedIn, kOptedOut };

struct ConsentRecord {
  Consent consent = Consent::kUnknown;
  std::string source;
  UnixSeconds recorded_at = 0;
};

Status RecordConsent(store::Database& db, int64_t workspace_id,
                     int64_t customer_id, ChannelKind kind, bool opted_in,
                     std::string_view source, UnixSeconds at);
Result<ConsentRecord> ReadConsent(store::Database& db, int64_t workspace_id,
                                  int64_t customer_id, ChannelKind kind);

// Records the opt-out that a marketing message's unsubscribe token stands
// for (the message's customer, on the message's channel kind), and on the
// message when (opted_out_at, the first time). NotFound for a token no
// message carries.
Status OptOutByToken(store::Database& db, std::string_view token,
                     UnixSeconds at);

// Records on the customer's latest marketing SMS that went (sent or
// delivered) that an SMS keyword opted them out in answer to it; nothing
// when there is none or it was marked before.
Status MarkSmsOptOut(store::Database& db, int64_t workspace_id,
                     int64_t customer_id, UnixSeconds at);

// What the page an unsubscribe link opens may say about its message: the
// channel kind, and whether its customer reads English (the page's
// language). Nothing else about the customer. NotFound as OptOutByToken.
struct UnsubscribeTarget {
  ChannelKind kind = ChannelKind::kEmail;
  bool english = false;
};
Result<UnsubscribeTarget> ReadUnsubscribeToken(store::Database& db,
                                               std::string_view token);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_CONSENT_H_
