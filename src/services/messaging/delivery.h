// Hands one message to its channel's provider through libcurl: SMTP for
// e-mail (STARTTLS or implicit TLS as the channel says, AUTH when it has a
// user), an HTTP request for an SMS gateway. The outcome says whether the
// provider took the message (with its id), refused it for good (a bad
// address, a 4xx answer, a rejected status: no retry) or failed in a way
// worth another try later (no connection, a timeout, a 5xx answer, an SMTP
// 4xx reply). Reasons never carry the channel's secret. Thread-safe: each
// call has its own curl handle.
#ifndef VAFA_SERVICES_MESSAGING_DELIVERY_H_
#define VAFA_SERVICES_MESSAGING_DELIVERY_H_

#include <string>
#include <string_view>

#include "core/dates.h"
#include "services/messaging/channels.h"
#include "services/messaging/outbox.h"

namespace vafa::services::messaging {

struct DeliveryOutcome {
  enum Kind { kSent, kTemporaryFailure, kPermanentFailure };
  Kind kind = kTemporaryFailure;
  std::string provider_message_id;  // when sent
  std::string reason;               // when failed
};

DeliveryOutcome DeliverEmail(const Channel& channel, std::string_view secret,
                             const OutboxMessage& message, UnixSeconds now);
DeliveryOutcome DeliverSms(const Channel& channel, std::string_view secret,
                           const OutboxMessage& message);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_DELIVERY_H_
