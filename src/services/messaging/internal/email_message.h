// The text of one e-mail as it goes to the SMTP server (RFC 5322 with MIME):
// the subject and the sender's name as RFC 2047 encoded words when they are
// not ASCII (Persian always is), the body as UTF-8 in base64, a Message-ID
// made from the message's idempotency key (so a copy sent again after a
// crash carries the same id and a mail client can tell it is one), and for
// marketing the List-Unsubscribe and List-Unsubscribe-Post headers (RFC
// 2369, RFC 8058) and the unsubscribe link at the end of the body. A
// marketing message that carries the open pixel (the workspace allowed it
// when it was queued) is multipart/alternative: the same text as
// text/plain, never with the pixel, and as text/html with the 1x1 image
// (link_tracking.h). Pure; thread-safe.
#ifndef VAFA_SERVICES_MESSAGING_EMAIL_MESSAGE_H_
#define VAFA_SERVICES_MESSAGING_EMAIL_MESSAGE_H_

#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"
#include "services/messaging/channels.h"
#include "services/messaging/outbox.h"

namespace vafa::services::messaging {

// `text` as one or more "=?UTF-8?B?...?=" words of at most 75 characters,
// never splitting a character, joined by CRLF and a space (folding); ASCII
// text without "=?" comes back as it is.
std::string EncodeHeaderText(std::string_view text);

// The link a marketing message's unsubscribe token opens.
std::string UnsubscribeLink(const EmailSettings& settings,
                            std::string_view token);

// The whole message, CRLF line ends. Fails when a marketing message has no
// unsubscribe link to carry (the channel's unsubscribe_url is empty) or an
// address holds a line break.
Result<std::string> ComposeEmail(const EmailSettings& settings,
                                 const OutboxMessage& message, UnixSeconds now);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_EMAIL_MESSAGE_H_
