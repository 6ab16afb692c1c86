// The public addresses a marketing message's tracking carries
// (docs/messaging.md), no sign-in:
//   GET /open/{token}          the 1x1 GIF of the open pixel; the open is
//                              recorded when a message with a pixel carries
//                              the token. Every token, known, unknown or
//                              malformed, gets the same image, so the answer
//                              says nothing about which tokens exist.
//   GET /link/{token}/{index}  302 to the target stored for that link when
//                              the message was queued (never one read from
//                              the request), the click recorded; a plain 404
//                              page for any link no message carries.
// Neither page is cached, indexed or sends a Referer.
#include <string>

#include "api/access.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/message_tracking.h"

namespace vafa::api {
namespace {

// A transparent 1x1 GIF (43 bytes).
constexpr unsigned char kPixel[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
    0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

std::vector<std::pair<std::string, std::string>> PrivateHeaders(
    const char* content_type) {
  return {{"Content-Type", content_type},
          {"Cache-Control", "no-store"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Robots-Tag", "noindex"}};
}

HttpResponse GetOpenPixel(const ApiContext& context,
                          const HttpRequest& request) {
  HttpResponse response;
  response.headers = PrivateHeaders("image/gif");
  response.body.assign(reinterpret_cast<const char*>(kPixel), sizeof kPixel);
  // What became of the open is nobody's business but the store's: a store
  // that is down loses it, and the answer is the same image.
  if (auto db = context.database(); db.ok()) {
    (void)services::messaging::RecordOpen(**db, request.params.at("token"),
                                          store::NowSeconds());
  }
  return response;
}

HttpResponse NotALink(int status) {
  HttpResponse response;
  response.status = status;
  response.headers = PrivateHeaders("text/html; charset=utf-8");
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'");
  response.body =
      status == 404
          ? "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta "
            "charset=\"utf-8\"><title>404</title></head><body><p>این پیوند "
            "معتبر نیست.</p><p dir=\"ltr\" lang=\"en\">This link is not "
            "valid.</p></body></html>\n"
          : "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta "
            "charset=\"utf-8\"><title>503</title></head><body><p>اکنون ممکن "
            "نیست؛ کمی بعد دوباره امتحان کنید.</p><p dir=\"ltr\" "
            "lang=\"en\">Not possible now; try again later.</p></body>"
            "</html>\n";
  return response;
}

HttpResponse GetTrackedLink(const ApiContext& context,
                            const HttpRequest& request) {
  const std::string& index_text = request.params.at("index");
  if (index_text.empty() || index_text.size() > 6 ||
      index_text.find_first_not_of("0123456789") != std::string::npos) {
    return NotALink(404);
  }
  auto db = context.database();
  if (!db.ok()) return NotALink(503);
  auto target = services::messaging::FollowTrackedLink(
      **db, request.params.at("token"), std::stoll(index_text),
      store::NowSeconds());
  if (!target.ok()) {
    return NotALink(target.status().code() == StatusCode::kNotFound ? 404
                                                                    : 503);
  }
  HttpResponse response;
  response.status = 302;
  response.headers = PrivateHeaders("text/plain; charset=utf-8");
  response.headers.emplace_back("Location", *target);
  return response;
}

}  // namespace

void AddTrackingRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/open/{token}", BindContext(context, GetOpenPixel));
  router.Add("GET", "/link/{token}/{index}",
             BindContext(context, GetTrackedLink));
}

}  // namespace vafa::api
