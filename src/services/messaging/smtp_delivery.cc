// DeliverEmail: libcurl's SMTP client (never a hand-written one).
#include <curl/curl.h>

#include <cstring>
#include <memory>

#include "services/messaging/delivery.h"
#include "services/messaging/internal/curl_handles.h"
#include "services/messaging/internal/email_message.h"

namespace vafa::services::messaging {
namespace {

struct Upload {
  std::string_view text;
  size_t sent = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->text.size() - upload->sent);
  std::memcpy(buffer, upload->text.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

// An SMTP reply of 5xx is the server refusing for good; 4xx and transport
// failures may pass.
DeliveryOutcome Failure(CURLcode code, long reply, const char* detail) {
  DeliveryOutcome out;
  const bool permanent =
      reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED;
  out.kind = permanent ? DeliveryOutcome::kPermanentFailure
                       : DeliveryOutcome::kTemporaryFailure;
  out.reason = std::string("smtp: ") + curl_easy_strerror(code);
  if (reply > 0) out.reason += " (reply " + std::to_string(reply) + ")";
  if (detail != nullptr && *detail != '\0') {
    out.reason += ": " + std::string(detail);
  }
  return out;
}

}  // namespace

DeliveryOutcome DeliverEmail(const Channel& channel, std::string_view secret,
                             const OutboxMessage& message, UnixSeconds now) {
  const EmailSettings& settings = channel.email;
  auto mail = ComposeEmail(settings, message, now);
  if (!mail.ok()) {
    return {DeliveryOutcome::kPermanentFailure, "", mail.status().message()};
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) {
    return {DeliveryOutcome::kTemporaryFailure, "", "smtp: curl did not start"};
  }
  CURL* c = curl.get();
  const bool implicit_tls = settings.security == SmtpSecurity::kImplicitTls;
  const std::string url = std::string(implicit_tls ? "smtps://" : "smtp://") +
                          settings.host + ":" + std::to_string(settings.port);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  if (settings.security == SmtpSecurity::kStartTls) {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  const std::string user(settings.user), password(secret);
  if (!user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  const std::string from = "<" + settings.from_address + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, ("<" + message.recipient + ">").c_str()));
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  Upload upload{*mail};
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  char detail[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  const CURLcode code = curl_easy_perform(c);
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  if (code != CURLE_OK) return Failure(code, reply, detail);
  // SMTP gives no message id of its own; the Message-ID header is ours.
  return {DeliveryOutcome::kSent, message.idempotency_key, ""};
}

}  // namespace vafa::services::messaging
