// The page a marketing message's unsubscribe link opens (docs/messaging.md):
// public, no sign-in. GET shows a confirmation with one button, so a mail
// scanner that fetches links opts no one out; POST (the button, or a mail
// client's one-click List-Unsubscribe-Post, RFC 8058) records the opt-out
// and says "you will no longer receive ..." in the customer's language.
// Both are idempotent, and neither says anything else about the customer.
// A token that no message carries counts against the client in the
// sign-in throttle (auth/throttle.h), so guessing tokens is as slow as
// guessing passwords; past its limit the page is 429.
#include <string>

#include "api/access.h"
#include "api/json_io.h"
#include "services/messaging/consent.h"

namespace vafa::api {
namespace {

using services::messaging::ChannelKind;

// The throttle's "account" for unsubscribe tokens.
constexpr char kThrottleKey[] = "unsubscribe-token";

struct PageText {
  const char* title;
  const char* confirm;
  const char* button;
  const char* done;
};

constexpr PageText kPersian[] = {
    {"لغو دریافت ایمیل‌های تبلیغاتی",
     "با تأیید، دیگر ایمیل تبلیغاتی از ما دریافت نخواهید کرد.", "لغو دریافت",
     "دیگر ایمیل تبلیغاتی از ما دریافت نخواهید کرد."},
    {"لغو دریافت پیامک‌های تبلیغاتی",
     "با تأیید، دیگر پیامک تبلیغاتی از ما دریافت نخواهید کرد.", "لغو دریافت",
     "دیگر پیامک تبلیغاتی از ما دریافت نخواهید کرد."}};
constexpr PageText kEnglish[] = {
    {"Unsubscribe from marketing e-mail",
     "Confirm to stop receiving marketing e-mail from us.", "Unsubscribe",
     "You will no longer receive marketing e-mail from us."},
    {"Unsubscribe from marketing SMS",
     "Confirm to stop receiving marketing text messages from us.",
     "Unsubscribe",
     "You will no longer receive marketing text messages from us."}};

HttpResponse Page(int status, bool english, const std::string& title,
                  const std::string& content) {
  HttpResponse response;
  response.status = status;
  response.headers = {
      {"Content-Type", "text/html; charset=utf-8"},
      {"Cache-Control", "no-store"},
      // The token is in the address: no page it links to may learn it.
      {"Referrer-Policy", "no-referrer"},
      {"X-Robots-Tag", "noindex"},
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"}};
  response.body = std::string("<!doctype html><html lang=\"") +
                  (english ? "en\" dir=\"ltr\"" : "fa\" dir=\"rtl\"") +
                  "><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width\"><title>" +
                  title +
                  "</title><style>body{font-family:sans-serif;max-width:32em;"
                  "margin:4em auto;padding:0 1em;line-height:1.6}</style>"
                  "</head><body><h1>" +
                  title + "</h1>" + content + "</body></html>\n";
  return response;
}

// A page in both languages, for a request whose message is unknown.
HttpResponse Bilingual(int status, const char* persian, const char* english) {
  return Page(status, false, "vafa",
              std::string("<p>") + persian + "</p><p dir=\"ltr\" lang=\"en\">" +
                  english + "</p>");
}

// The token's message, or the page to answer instead (unknown token,
// throttled client, store down).
Result<services::messaging::UnsubscribeTarget> FindToken(
    const ApiContext& context, const HttpRequest& request, store::Database& db,
    HttpResponse& refusal) {
  const std::string client = ClientAddressOf(context, request);
  const int64_t now = store::NowSeconds();
  if (int64_t wait = context.throttle->RetryAfter(kThrottleKey, client, now);
      wait > 0) {
    // Not formatted: clang-format splits this Persian literal differently
    // on each pass (it counts bytes, not letters).
    // clang-format off
    constexpr char kTooManyFa[] = "درخواست‌های زیادی فرستاده شد؛ کمی بعد دوباره امتحان کنید.";
    // clang-format on
    refusal = Bilingual(429, kTooManyFa, "Too many requests; try again later.");
    refusal.headers.emplace_back("Retry-After", std::to_string(wait));
    return Status(StatusCode::kResourceExhausted, "throttled");
  }
  const std::string& token = request.params.at("token");
  auto target = services::messaging::ReadUnsubscribeToken(db, token);
  if (!target.ok() && target.status().code() == StatusCode::kNotFound) {
    context.throttle->RecordFailure(kThrottleKey, client, now);
    refusal =
        Bilingual(404, "این پیوند معتبر نیست.", "This link is not valid.");
  } else if (!target.ok()) {
    refusal = Bilingual(503, "اکنون ممکن نیست؛ کمی بعد دوباره امتحان کنید.",
                        "Not possible now; try again later.");
  }
  return target;
}

const PageText& TextFor(const services::messaging::UnsubscribeTarget& target) {
  const int kind = target.kind == ChannelKind::kEmail ? 0 : 1;
  return target.english ? kEnglish[kind] : kPersian[kind];
}

HttpResponse GetUnsubscribe(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(store::Database * db, context.database());
  HttpResponse refusal;
  auto target = FindToken(context, request, *db, refusal);
  if (!target.ok()) return refusal;
  const PageText& text = TextFor(*target);
  // The form posts to this same address (the token is in it).
  return Page(200, target->english, text.title,
              std::string("<p>") + text.confirm +
                  "</p><form method=\"post\"><button type=\"submit\">" +
                  text.button + "</button></form>");
}

HttpResponse PostUnsubscribe(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(store::Database * db, context.database());
  HttpResponse refusal;
  auto target = FindToken(context, request, *db, refusal);
  if (!target.ok()) return refusal;
  Status recorded = services::messaging::OptOutByToken(
      *db, request.params.at("token"), store::NowSeconds());
  if (!recorded.ok()) {
    return Bilingual(503, "اکنون ممکن نیست؛ کمی بعد دوباره امتحان کنید.",
                     "Not possible now; try again later.");
  }
  const PageText& text = TextFor(*target);
  return Page(200, target->english, text.title,
              std::string("<p>") + text.done + "</p>");
}

}  // namespace

void AddUnsubscribeRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/unsubscribe/{token}",
             BindContext(context, GetUnsubscribe));
  router.Add("POST", "/unsubscribe/{token}",
             BindContext(context, PostUnsubscribe));
}

}  // namespace vafa::api
