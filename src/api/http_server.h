// HttpServer: HTTP/1.1 on Boost.Beast with keep-alive, N threads running one
// io_context. Requests are turned into HttpRequest and handed to the
// Router; Beast stays inside http_server.cc.
#ifndef VAFA_API_HTTP_SERVER_H_
#define VAFA_API_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "api/http.h"
#include "core/result.h"

namespace vafa::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  int threads = 0;       // 0: one per core
  size_t max_body_bytes = 16 << 20;
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

}  // namespace vafa::api

#endif  // VAFA_API_HTTP_SERVER_H_
