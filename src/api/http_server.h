// HttpServer: HTTP/1.1 on Boost.Beast with keep-alive, N threads running one
// io_context. Requests are turned into HttpRequest and handed to the
// Router; Beast stays inside http_server.cc.
//
// What it promises under hostile clients (docs/security.md):
// - the headers of a request must arrive whole within `header_timeout`
//   (a client trickling one byte every few seconds is cut off), and are at
//   most 16 KiB (431 otherwise);
// - a body larger than `max_anonymous_body` is read only when `body_limit`
//   allows more for this request (the API allows it to signed-in callers),
//   else 413 before a byte of it is read;
// - a JSON body nested deeper than kMaxJsonDepth is 400 before any handler
//   sees it, so no route can recurse over client data;
// - at most `max_connections` connections are served at once; past that a
//   new connection gets 503 and is closed;
// - when the process runs out of file descriptors the accept loop backs
//   off (50 ms doubling to 1 s) instead of spinning;
// - every response carries the security headers (a strict CSP with
//   frame-ancestors 'none', Referrer-Policy, nosniff; HSTS when `hsts`) and
//   an X-Request-Id; a 5xx answer carries a generic message and that id,
//   and its detail goes to the server log (stderr) under the same id.
#ifndef VAFA_API_HTTP_SERVER_H_
#define VAFA_API_HTTP_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "core/result.h"

namespace vafa::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  int threads = 0;       // 0: one per core
  // Bodies up to this size are read for anyone.
  size_t max_anonymous_body = 64 << 10;
  // The largest body this request may send, asked with the request's
  // method, path and headers (no body) when it announces more than
  // max_anonymous_body. Unset: max_anonymous_body for all.
  std::function<size_t(const HttpRequest&)> body_limit;
  int max_connections = 1000;
  int header_timeout_seconds = 15;  // also how long an idle keep-alive lasts
  int body_timeout_seconds = 60;
  bool hsts = false;  // Strict-Transport-Security (served behind TLS)
};

class HttpServer {
 public:
  // Binds and listens; Run() serves until Stop().
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                   const Router& router);
  ~HttpServer();
  uint16_t port() const;
  // Serves on `threads` threads (the caller's included) until Stop().
  void Run();
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The headers every response gets unless the handler set them.
std::vector<std::pair<std::string, std::string>> SecurityHeaders(bool hsts);

}  // namespace vafa::api

#endif  // VAFA_API_HTTP_SERVER_H_
