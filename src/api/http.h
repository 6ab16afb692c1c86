// The server's own request and response types and its router, so handlers
// never see Boost.Beast: a handler takes an HttpRequest and returns an
// HttpResponse. Routes are (method, pattern) with {name} path parameters;
// an unknown path is 404, a known path with another method is 405 with
// Allow, and HEAD is served by the GET handler without a body.
#ifndef VAFA_API_HTTP_H_
#define VAFA_API_HTTP_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vafa::api {

struct HttpRequest {
  std::string method;  // upper case
  std::string path;    // decoded, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::map<std::string, std::string> params;  // path parameters of the route
  std::string remote_address;                 // the client's IP address

  std::string Query(const std::string& name, std::string fallback = "") const;
  std::string Header(const std::string& lower_name) const;
  // The value of cookie `name` from the Cookie header, "" when absent.
  std::string Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static HttpResponse Json(int status, std::string body);
  // {"error":{"code":...,"field":...,"message":...}} with the status that
  // fits the code (400, 404, 409, 422, 429, 500, 503).
  static HttpResponse Error(const Status& status);
  static HttpResponse Error(int http_status, std::string_view code,
                            std::string_view message,
                            std::string_view field = "");
};

int HttpStatusOf(StatusCode code);

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Serves requests no route matches (e.g. static files); default 404.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }
  HttpResponse Dispatch(HttpRequest& request) const;
  // Every registered (method, pattern), in registration order.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> parts;
    Handler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string>& parts,
                    std::map<std::string, std::string>& params);
  std::vector<Route> routes_;
  Handler fallback_;
};

// Splits "/a/b/c" into {"a","b","c"}.
std::vector<std::string> SplitPath(std::string_view path);
// Percent-decoding ('+' as space when `form`); false on a bad escape.
bool PercentDecode(std::string_view text, bool form, std::string& out);
// Parses "a=1&b=x%20y" into `query`.
void ParseQuery(std::string_view text,
                std::map<std::string, std::string>& query);

}  // namespace vafa::api

#endif  // VAFA_API_HTTP_H_
