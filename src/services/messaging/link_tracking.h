// Tracking a marketing message's opens and clicks (docs/messaging.md):
// the addresses of the open pixel and of tracked links, rewriting the
// links of a message's text when it is queued, and the HTML part of an
// e-mail that carries the pixel. Pure functions, no I/O; thread-safe.
//
// Every address is on the server's public address, the base of the
// channel's unsubscribe URL ("https://crm.example.com" of
// "https://crm.example.com/unsubscribe/{token}"):
//   {base}/open/{token}          the 1x1 GIF
//   {base}/link/{token}/{index}  the redirect to a stored target
// where the token is the message's tracking token (32 hex digits) and the
// index numbers the targets of the message's source (a campaign), so a
// target lives on the server and is never read from the request.
//
// What a link is: "http://" or "https://" (any case) at the start of a
// word, up to a space, a control character, one of < > " ' ` or Persian
// punctuation (، ؛ ؟ « »), less trailing . , ; : ! ? and an unmatched ).
// mailto:, tel: and every other scheme are left alone; a link already on
// the server's /link/, /open/ or /unsubscribe/ is not tracked again. A
// link inside an HTML attribute is tracked the same way (its &amp; read as
// &). An href or src attribute whose value is a javascript:, vbscript: or
// data: address is refused: such a link is never sent.
#ifndef VAFA_SERVICES_MESSAGING_LINK_TRACKING_H_
#define VAFA_SERVICES_MESSAGING_LINK_TRACKING_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vafa::services::messaging {

// The longest target kept; a longer link is sent as written, untracked.
inline constexpr size_t kMaxLinkTarget = 2048;

// The server's public address in an unsubscribe URL that ends with
// "/unsubscribe/{token}", without that end; empty for any other shape (then
// nothing is tracked).
std::string PublicBaseOf(std::string_view unsubscribe_url);

// 32 lowercase hex digits, as NewTrackingToken makes.
bool IsTrackingToken(std::string_view text);
std::string NewTrackingToken();

std::string OpenPixelUrl(std::string_view base, std::string_view token);
std::string TrackedLinkUrl(std::string_view base, std::string_view token,
                           int index);

// http or https, a host, no credentials ("https://bank@evil.example"),
// no control characters or spaces, at most kMaxLinkTarget bytes. The
// redirect checks its stored target again with this.
bool IsTrackableTarget(std::string_view url);

// The targets of one source (a campaign), each with its index: those
// stored before and those this batch adds (`added`, to be stored).
struct LinkTable {
  std::map<std::string, int> index_of;
  std::vector<std::pair<int, std::string>> added;
  int next_index = 0;
  int IndexOf(const std::string& target);
};

// `text` with each trackable link replaced by its tracked address under
// `base` for the message of `token`; the targets join `links`. Invalid
// naming `field` for a javascript:, vbscript: or data: href or src.
Result<std::string> RewriteLinks(std::string_view text, std::string_view base,
                                 std::string_view token, LinkTable& links,
                                 std::string_view field);

// Refuses (Invalid naming `field`) a javascript:, vbscript: or data: href
// or src in `text`; for templates when they are saved.
Status CheckLinks(std::string_view text, std::string_view field);

// The HTML part of an e-mail: `text` escaped, its lines kept, its links
// made into anchors, then the unsubscribe link and the 1x1 pixel.
std::string EmailHtmlPart(std::string_view text,
                          std::string_view unsubscribe_link,
                          std::string_view pixel_url);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_LINK_TRACKING_H_
