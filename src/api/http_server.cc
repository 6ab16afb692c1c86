#include "api/http_server.h"

// Boost 1.74's Asio needs <utility> before it with g++ 12.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "api/server_log.h"
#include "core/json_depth.h"

namespace vafa::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxHeaderBytes = 16 << 10;
constexpr size_t kMaxLingerBytes = 32 << 20;

void CopyHeaders(const bhttp::request_parser<bhttp::string_body>& parser,
                 HttpRequest& request) {
  const auto& in = parser.get();
  auto method = in.method_string();
  request.method = std::string(method.data(), method.size());
  auto raw_target = in.target();
  std::string_view target(raw_target.data(), raw_target.size());
  size_t question = target.find('?');
  if (!PercentDecode(target.substr(0, question), false, request.path)) {
    request.path = std::string(target.substr(0, question));
  }
  if (question != std::string_view::npos) {
    ParseQuery(target.substr(question + 1), request.query);
  }
  for (const auto& field : in) {
    auto raw_name = field.name_string();
    std::string name(raw_name.data(), raw_name.size());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
      return static_cast<char>(std::tolower(c));
    });
    auto value = field.value();
    request.headers[name] = std::string(value.data(), value.size());
  }
}

// A body the JSON parsers would read: declared JSON, or undeclared (the
// API's JSON routes accept a body without Content-Type).
bool IsJsonBody(const HttpRequest& request) {
  if (request.body.empty()) return false;
  std::string type = request.Header("content-type");
  return type.empty() || type.find("json") != std::string::npos;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(random()));
  return text;
}

// A 5xx answer says only that something failed and under which request id
// the log has the detail: internal text (SQL messages, paths) never reaches
// a client.
void RedactServerError(HttpResponse& response,
                       const RequestLogFields& request) {
  if (response.status < 500) return;
  Log(LogLevel::kError,
      request.method + " " + request.path + " answered " +
          std::to_string(response.status) + ": " + response.body,
      request);
  const std::string& request_id = request.request_id;
  std::vector<std::pair<std::string, std::string>> kept;
  for (auto& header : response.headers) {
    if (header.first == "Retry-After") kept.push_back(std::move(header));
  }
  bool unavailable = response.status == 503;
  response = HttpResponse::Error(
      response.status, unavailable ? "unavailable" : "internal",
      std::string(unavailable ? "the service is unavailable for a moment; "
                                "try again"
                              : "an internal error occurred") +
          " (request id " + request_id + ")");
  for (auto& header : kept) response.headers.push_back(std::move(header));
}

// Counts the connections being served; shared by the server and its
// sessions, which may outlive a stopped server for a moment.
struct ConnectionCount {
  std::atomic<int> open{0};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router& router,
          std::shared_ptr<const ServerOptions> options,
          std::shared_ptr<ConnectionCount> connections)
      : stream_(std::move(socket)),
        router_(router),
        options_(*options),
        options_owner_(std::move(options)),
        connections_(std::move(connections)) {
    connections_->open.fetch_add(1);
  }
  ~Session() { connections_->open.fetch_sub(1); }

  void Start() { ReadHeader(); }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    // No body limit while the header is read (Beast would refuse a larger
    // Content-Length before we know who asks); OnHeader sets it. Not
    // boost::none: Beast 1.74 compares the length with it and refuses all.
    parser_->body_limit(std::numeric_limits<uint64_t>::max());
    request_ = HttpRequest();
    version_ = 11;
    keep_alive_ = false;
    // One deadline for the whole header, however slowly it trickles in.
    stream_.expires_after(
        std::chrono::seconds(options_.header_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code error, size_t) {
    started_ = std::chrono::steady_clock::now();
    if (error == bhttp::error::header_limit) {
      return Reply(
          HttpResponse::Error(431, "too_large", "request headers too large"),
          false);
    }
    if (error) return Close();
    version_ = parser_->get().version();
    keep_alive_ = parser_->get().keep_alive();
    CopyHeaders(*parser_, request_);
    beast::error_code ignored;
    auto remote = stream_.socket().remote_endpoint(ignored);
    if (!ignored) request_.remote_address = remote.address().to_string();

    size_t limit = options_.max_anonymous_body;
    std::optional<uint64_t> length;
    if (auto declared = parser_->content_length()) length = *declared;
    bool larger = length ? *length > limit : parser_->chunked();
    if (larger && options_.body_limit) {
      limit = std::max(limit, options_.body_limit(request_));
    }
    if (length && *length > limit) {
      return Reply(
          HttpResponse::Error(413, "too_large",
                              "request body too large: at most " +
                                  std::to_string(limit) + " bytes here"),
          false);
    }
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(options_.body_timeout_seconds));
    if (parser_->get()[bhttp::field::expect] == "100-continue") {
      auto out = std::make_shared<bhttp::response<bhttp::empty_body>>(
          bhttp::status::continue_, parser_->get().version());
      return bhttp::async_write(
          stream_, *out,
          [self = shared_from_this(), out](beast::error_code error, size_t) {
            if (error) return self->Close();
            self->ReadBody();
          });
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code error, size_t) {
    if (error == bhttp::error::body_limit) {
      return Reply(
          HttpResponse::Error(413, "too_large", "request body too large"),
          false);
    }
    if (error) return Close();
    request_.body = parser_->release().body();
    HttpResponse response;
    if (IsJsonBody(request_) && !JsonDepthWithin(request_.body)) {
      response =
          HttpResponse::Error(400, "invalid_json",
                              "the body nests deeper than " +
                                  std::to_string(kMaxJsonDepth) + " levels");
    } else {
      try {
        response = router_.Dispatch(request_);
      } catch (const std::exception& e) {
        response = HttpResponse::Error(500, "internal", e.what());
      }
    }
    Reply(std::move(response), keep_alive_);
  }

  void Reply(HttpResponse response, bool keep_alive) {
    RequestLogFields logged{NewRequestId(), request_.method, request_.path,
                            response.status, 0};
    RedactServerError(response, logged);
    const std::string& request_id = logged.request_id;
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version_);
    out->set(bhttp::field::server, "vafa");
    for (auto& [name, value] : response.headers) out->set(name, value);
    for (auto& [name, value] : SecurityHeaders(options_.hsts)) {
      if (out->find(name) == out->end()) out->set(name, value);
    }
    out->set("X-Request-Id", request_id);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    logged.duration_ms = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - started_)
                             .count();
    Log(logged.status >= 500 ? LogLevel::kError : LogLevel::kInfo,
        logged.method + " " + logged.path + " " + std::to_string(logged.status),
        logged);
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out, keep_alive](
                           beast::error_code error, size_t) {
                         if (error) return self->Close();
                         if (!keep_alive) return self->LingerAndClose();
                         self->ReadHeader();
                       });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // After an answer given before the request was read whole (413, 431),
  // closing at once would make the kernel reset the connection on the
  // unread bytes, and the client would lose the answer. So the write side
  // is shut and what the client still sends is read and dropped, for at
  // most a few seconds and kMaxLingerBytes, as web servers do.
  void LingerAndClose() {
    Close();
    stream_.expires_after(std::chrono::seconds(3));
    Drain();
  }
  void Drain() {
    linger_buffer_.resize(16 << 10);
    stream_.async_read_some(
        asio::buffer(linger_buffer_),
        [self = shared_from_this()](beast::error_code error, size_t n) {
          self->lingered_ += n;
          if (error || self->lingered_ > kMaxLingerBytes) return;
          self->Drain();
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  HttpRequest request_;
  const Router& router_;
  const ServerOptions& options_;
  std::shared_ptr<const ServerOptions> options_owner_;
  std::shared_ptr<ConnectionCount> connections_;
  // The request's HTTP version and keep-alive, once its header is read
  // (1.1 and closing before).
  unsigned version_ = 11;
  bool keep_alive_ = false;
  std::vector<char> linger_buffer_;
  size_t lingered_ = 0;
  // When the request's header was read whole: its logged duration runs
  // from here to the answer.
  std::chrono::steady_clock::time_point started_ =
      std::chrono::steady_clock::now();
};

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders(bool hsts) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"X-Content-Type-Options", "nosniff"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (hsts) {
    headers.emplace_back("Strict-Transport-Security",
                         "max-age=31536000; includeSubDomains");
  }
  return headers;
}

struct HttpServer::Impl {
  // The acceptor lives on a strand: its accept handler (which starts the
  // next accept) and Stop's close never run at the same time.
  explicit Impl(int threads)
      : io(threads),
        acceptor(asio::make_strand(io)),
        backoff_timer(acceptor.get_executor()),
        signals(io, SIGINT, SIGTERM) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code error,
                                                        tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (error) return BackOff(error);
      backoff = std::chrono::milliseconds(0);
      if (connections->open.load() >= options->max_connections) {
        RefuseBusy(socket);
      } else {
        std::make_shared<Session>(std::move(socket), *router, options,
                                  connections)
            ->Start();
      }
      Accept();
    });
  }

  // Out of file descriptors (or another accept error): accepting again at
  // once would fail again at once, so wait, longer each time, up to 1 s.
  void BackOff(const beast::error_code& error) {
    backoff = std::clamp(backoff * 2, std::chrono::milliseconds(50),
                         std::chrono::milliseconds(1000));
    auto now = std::chrono::steady_clock::now();
    if (now - last_accept_error_report > std::chrono::seconds(10)) {
      Log(LogLevel::kError, "cannot accept connections (" + error.message() +
                                "); retrying in " +
                                std::to_string(backoff.count()) + " ms");
      last_accept_error_report = now;
    }
    backoff_timer.expires_after(backoff);
    backoff_timer.async_wait([this](beast::error_code wait_error) {
      if (!wait_error && acceptor.is_open()) Accept();
    });
  }

  // Past the connection cap: a short 503 written without waiting (the
  // kernel's buffer takes it), then the socket is closed.
  static void RefuseBusy(tcp::socket& socket) {
    static const std::string kBusy = [] {
      std::string body =
          "{\"error\":{\"code\":\"unavailable\",\"message\":\"the server "
          "is at its connection limit; retry\"}}\n";
      return "HTTP/1.1 503 Service Unavailable\r\n"
             "Content-Type: application/json; charset=utf-8\r\n"
             "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer backoff_timer;
  asio::signal_set signals;
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point last_accept_error_report;
  const Router* router = nullptr;
  std::shared_ptr<const ServerOptions> options;
  std::shared_ptr<ConnectionCount> connections =
      std::make_shared<ConnectionCount>();
  int threads = 1;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Start(
    const ServerOptions& options, const Router& router) {
  int threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Each connection is a descriptor: take the hard limit the system allows,
  // since the soft default (often 1024) is below what one server serves.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  auto impl = std::make_unique<Impl>(threads);
  impl->router = &router;
  impl->options = std::make_shared<const ServerOptions>(options);
  impl->threads = threads;
  beast::error_code error;
  auto address = asio::ip::make_address(options.address, error);
  if (error) {
    return Status::Invalid("bad listen address \"" + options.address + "\"");
  }
  tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), error);
  if (!error)
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) impl->acceptor.bind(endpoint, error);
  if (!error)
    impl->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status::Unavailable("cannot listen on " + options.address + ":" +
                               std::to_string(options.port) + ": " +
                               error.message());
  }
  impl->Accept();
  auto server = std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
  // SIGINT and SIGTERM stop the server from now on, before its address is
  // announced: a stop sent at once must not kill the process.
  server->impl_->signals.async_wait(
      [raw = server.get()](beast::error_code error, int) {
        if (!error) raw->Stop();
      });
  return server;
}

uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::Run() {
  std::vector<std::thread> workers;
  for (int i = 1; i < impl_->threads; ++i) {
    workers.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (std::thread& worker : workers) worker.join();
}

void HttpServer::Stop() {
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->backoff_timer.cancel();
    beast::error_code also_ignored;
    impl_->signals.cancel(also_ignored);
    impl_->io.stop();
  });
}

}  // namespace vafa::api
