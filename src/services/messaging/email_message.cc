#include "services/messaging/internal/email_message.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>

#include "services/messaging/link_tracking.h"

namespace vafa::services::messaging {
namespace {

std::string Base64(std::string_view bytes) {
  std::string out(
      sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// RFC 5322 date: "Sat, 05 Dec 2026 01:02:03 +0000".
std::string MailDate(UnixSeconds now) {
  const std::time_t t = now;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text;
}

std::string DomainOf(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "vafa.invalid" : address.substr(at + 1);
}

// The body in base64, 76 characters a line.
std::string BodyLines(std::string_view body) {
  const std::string encoded = Base64(body);
  std::string out;
  for (size_t pos = 0; pos < encoded.size(); pos += 76) {
    out += encoded.substr(pos, 76);
    out += "\r\n";
  }
  return out;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  // 75 characters a word: "=?UTF-8?B?" and "?=" take 12, leaving 63 for
  // base64, that is 45 bytes of text (a multiple of 3 that fits).
  constexpr size_t kBytesPerWord = 45;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + kBytesPerWord);
    // Back off to the start of a UTF-8 character.
    while (end < text.size() && end > pos &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string UnsubscribeLink(const EmailSettings& settings,
                            std::string_view token) {
  std::string link = settings.unsubscribe_url;
  const size_t at = link.find("{token}");
  if (at != std::string::npos) link.replace(at, 7, token);
  return link;
}

Result<std::string> ComposeEmail(const EmailSettings& settings,
                                 const OutboxMessage& message,
                                 UnixSeconds now) {
  for (const std::string* field :
       {&message.recipient, &settings.from_address, &settings.reply_to,
        &settings.from_name, &message.subject}) {
    if (HasLineBreak(*field)) {
      return Status::Invalid("outbox message " + std::to_string(message.id) +
                             ": a header holds a line break");
    }
  }
  const bool marketing = message.purpose == MessagePurpose::kMarketing;
  if (marketing && settings.unsubscribe_url.empty()) {
    return Status::Invalid(
        "message channel " + std::to_string(message.channel_id) +
            ": email.unsubscribe_url is required for marketing e-mail",
        "email.unsubscribe_url");
  }
  std::string body = message.body;
  std::string link;
  if (marketing) {
    link = UnsubscribeLink(settings, message.unsubscribe_token);
    body += "\n\n--\nلغو عضویت / Unsubscribe: " + link + "\n";
  }
  std::string mail;
  mail += "Date: " + MailDate(now) + "\r\n";
  mail += "From: ";
  if (!settings.from_name.empty()) {
    mail += EncodeHeaderText(settings.from_name) + " ";
  }
  mail += "<" + settings.from_address + ">\r\n";
  mail += "To: <" + message.recipient + ">\r\n";
  if (!settings.reply_to.empty()) {
    mail += "Reply-To: <" + settings.reply_to + ">\r\n";
  }
  mail += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  // ':' may be in a key but not in a Message-ID (RFC 5322 dot-atom).
  std::string id_left = message.idempotency_key;
  std::replace(id_left.begin(), id_left.end(), ':', '.');
  mail += "Message-ID: <" + id_left + "@" + DomainOf(settings.from_address) +
          ">\r\n";
  if (marketing) {
    mail += "List-Unsubscribe: <" + link + ">\r\n";
    mail += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  mail += "MIME-Version: 1.0\r\n";
  const std::string base = PublicBaseOf(settings.unsubscribe_url);
  if (!marketing || !message.pixel ||
      !IsTrackingToken(message.tracking_token) || base.empty()) {
    mail += "Content-Type: text/plain; charset=UTF-8\r\n";
    mail += "Content-Transfer-Encoding: base64\r\n\r\n";
    mail += BodyLines(body);
    return mail;
  }
  // The pixel needs HTML; the plain text part never carries it. The
  // boundary is made of the token, which base64 lines cannot contain with
  // the "=_" around it.
  const std::string boundary = "=_vafa_" + message.tracking_token;
  mail += "Content-Type: multipart/alternative; boundary=\"" + boundary +
          "\"\r\n\r\n";
  mail += "--" + boundary + "\r\n";
  mail += "Content-Type: text/plain; charset=UTF-8\r\n";
  mail += "Content-Transfer-Encoding: base64\r\n\r\n";
  mail += BodyLines(body);
  mail += "--" + boundary + "\r\n";
  mail += "Content-Type: text/html; charset=UTF-8\r\n";
  mail += "Content-Transfer-Encoding: base64\r\n\r\n";
  mail += BodyLines(EmailHtmlPart(message.body, link,
                                  OpenPixelUrl(base, message.tracking_token)));
  mail += "--" + boundary + "--\r\n";
  return mail;
}

}  // namespace vafa::services::messaging
