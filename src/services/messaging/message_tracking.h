// What the tracking addresses record (docs/messaging.md): the targets of a
// source's tracked links, kept when its messages are queued; an open (the
// pixel was fetched) and a click (a tracked link was followed) of one
// message, the first time kept and each one counted; and which public
// address a workspace's messages are tracked under. Reads and writes go
// through the message's unguessable tracking token, so a caller learns
// nothing from a token no message carries.
#ifndef VAFA_SERVICES_MESSAGING_MESSAGE_TRACKING_H_
#define VAFA_SERVICES_MESSAGING_MESSAGE_TRACKING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"
#include "services/messaging/channels.h"
#include "services/messaging/link_tracking.h"
#include "services/messaging/sending_rules.h"
#include "store/database.h"

namespace vafa::services::messaging {

// The targets of `source` ("campaign:12") stored before, with the next
// free index, so a batch adds to them.
Result<LinkTable> ReadLinkTable(store::Database& db, int64_t workspace_id,
                                const std::string& source);
// Stores the targets `links` added (in the caller's transaction).
Status StoreNewLinks(store::Database& db, int64_t workspace_id,
                     const std::string& source, const LinkTable& links);

// The public address a marketing message on `channel` is tracked under:
// for e-mail the base of its unsubscribe URL; for SMS, when the rules
// track SMS links, that of the workspace's first e-mail channel with one.
// Empty: its links are sent as written.
Result<std::string> TrackingBaseFor(store::Database& db, int64_t workspace_id,
                                    const Channel& channel,
                                    const SendingRules& rules);

// Records that the pixel of the message carrying `token` was fetched: the
// first time kept, every time counted. false (nothing recorded) for a
// malformed token, one no message carries, or a message without a pixel.
Result<bool> RecordOpen(store::Database& db, std::string_view token,
                        UnixSeconds now);

// The target of link `index` of the message carrying `token`, the click
// recorded on the message (first time, count) and on the link (count).
// NotFound for a malformed or unknown token or index.
Result<std::string> FollowTrackedLink(store::Database& db,
                                      std::string_view token, int64_t index,
                                      UnixSeconds now);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_MESSAGE_TRACKING_H_
