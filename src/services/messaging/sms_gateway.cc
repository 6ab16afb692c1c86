// DeliverSms: one HTTP request to the channel's gateway through libcurl,
// built from the channel's template, and its JSON answer read.
#include <curl/curl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "services/messaging/delivery.h"
#include "services/messaging/internal/curl_handles.h"

namespace vafa::services::messaging {
namespace {

using nlohmann::json;

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<std::string*>(user);
  if (answer->size() < (1 << 20)) answer->append(data, size * count);
  return size * count;
}

enum class Escape { kNone, kUrl, kJson };

std::string Escaped(CURL* curl, const std::string& value, Escape escape) {
  if (escape == Escape::kNone) return value;
  if (escape == Escape::kJson) {
    const std::string quoted = json(value).dump();
    return quoted.substr(1, quoted.size() - 2);
  }
  char* encoded =
      curl_easy_escape(curl, value.c_str(), static_cast<int>(value.size()));
  std::string out = encoded == nullptr ? std::string() : encoded;
  curl_free(encoded);
  return out;
}

// `text` with {to}, {text}, {key} and {secret} replaced.
std::string Fill(CURL* curl, std::string text, const OutboxMessage& message,
                 std::string_view secret, Escape escape) {
  const std::pair<std::string, std::string> values[] = {
      {"{to}", message.recipient},
      {"{text}", message.body},
      {"{key}", message.idempotency_key},
      {"{secret}", std::string(secret)}};
  for (const auto& [name, value] : values) {
    const std::string escaped = Escaped(curl, value, escape);
    for (size_t at = text.find(name); at != std::string::npos;
         at = text.find(name, at + escaped.size())) {
      text.replace(at, name.size(), escaped);
    }
  }
  return text;
}

std::string Shorten(const std::string& text) {
  return text.size() <= 200 ? text : text.substr(0, 200) + "...";
}

// Reads the answer of a 2xx: the id, and the status when the channel
// names one. An answer vafa cannot read is a permanent failure: the
// gateway may have taken the message, so sending it again could repeat it.
DeliveryOutcome ReadAnswer(const SmsGatewaySettings& settings,
                           const std::string& body) {
  const json answer = json::parse(body, nullptr, false);
  if (answer.is_discarded()) {
    return {DeliveryOutcome::kPermanentFailure, "",
            "sms gateway: the answer is not JSON: " + Shorten(body)};
  }
  std::string id;
  try {
    if (!settings.status_pointer.empty()) {
      const json& status =
          answer.at(json::json_pointer(settings.status_pointer));
      const std::string text =
          status.is_string() ? status.get<std::string>() : status.dump();
      bool accepted = false;
      for (const std::string& ok : settings.accepted_statuses) {
        accepted = accepted || ok == text;
      }
      if (!accepted) {
        return {DeliveryOutcome::kPermanentFailure, "",
                "sms gateway: status \"" + text + "\" at " +
                    settings.status_pointer + " is not accepted"};
      }
    }
    if (!settings.id_pointer.empty()) {
      const json& value = answer.at(json::json_pointer(settings.id_pointer));
      id = value.is_string() ? value.get<std::string>() : value.dump();
    }
  } catch (const json::exception& error) {
    return {DeliveryOutcome::kPermanentFailure, "",
            std::string("sms gateway: answer: ") + error.what()};
  }
  return {DeliveryOutcome::kSent, id, ""};
}

}  // namespace

DeliveryOutcome DeliverSms(const Channel& channel, std::string_view secret,
                           const OutboxMessage& message) {
  const SmsGatewaySettings& settings = channel.sms;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) {
    return {DeliveryOutcome::kTemporaryFailure, "", "sms: curl did not start"};
  }
  CURL* c = curl.get();
  const std::string url = Fill(c, settings.url, message, secret, Escape::kUrl);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_slist* list = nullptr;
  for (const auto& [name, value] : settings.headers) {
    list = curl_slist_append(
        list,
        (name + ": " + Fill(c, value, message, secret, Escape::kNone)).c_str());
  }
  // The gateway can recognise a request sent again after a crash.
  list = curl_slist_append(
      list, ("Idempotency-Key: " + message.idempotency_key).c_str());
  std::unique_ptr<curl_slist, ListDeleter> headers(list);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  const std::string body =
      Fill(c, settings.body, message, secret, Escape::kJson);
  if (settings.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, settings.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  std::string answer;
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT,
                   static_cast<long>(settings.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    return {DeliveryOutcome::kTemporaryFailure, "",
            std::string("sms gateway: ") + curl_easy_strerror(code)};
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return ReadAnswer(settings, answer);
  const bool temporary = status >= 500 || status == 408 || status == 429;
  return {
      temporary ? DeliveryOutcome::kTemporaryFailure
                : DeliveryOutcome::kPermanentFailure,
      "",
      "sms gateway: HTTP " + std::to_string(status) + ": " + Shorten(answer)};
}

}  // namespace vafa::services::messaging
