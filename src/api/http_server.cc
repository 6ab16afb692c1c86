#include "api/http_server.h"

// Boost 1.74's Asio needs <utility> before it with g++ 12.
#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace vafa::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

HttpRequest ToRequest(const bhttp::request<bhttp::string_body>& in) {
  HttpRequest request;
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
  request.body = in.body();
  return request;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router& router, size_t max_body)
      : stream_(std::move(socket)), router_(router), max_body_(max_body) {}

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(max_body_);
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code error, size_t) {
    if (error == bhttp::error::end_of_stream) return Close();
    if (error) {
      if (error == bhttp::error::body_limit) {
        return Send(
            HttpResponse::Error(413, "too_large", "request body too large"),
            false, 11);
      }
      return Close();
    }
    const auto& in = parser_->get();
    HttpRequest request = ToRequest(in);
    beast::error_code ignored;
    auto remote = stream_.socket().remote_endpoint(ignored);
    if (!ignored) request.remote_address = remote.address().to_string();
    HttpResponse response;
    try {
      response = router_.Dispatch(request);
    } catch (const std::exception& e) {
      response = HttpResponse::Error(500, "internal", e.what());
    }
    Send(std::move(response), in.keep_alive(), in.version());
  }

  void Send(HttpResponse response, bool keep_alive, unsigned version) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    out->set(bhttp::field::server, "vafa");
    for (auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out, keep_alive](
                           beast::error_code error, size_t) {
                         if (error || !keep_alive) return self->Close();
                         self->Read();
                       });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const Router& router_;
  size_t max_body_;
};

}  // namespace

struct HttpServer::Impl {
  // The acceptor lives on a strand: its accept handler (which starts the
  // next accept) and Stop's close never run at the same time.
  explicit Impl(int threads) : io(threads), acceptor(asio::make_strand(io)) {}
  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code error,
                                                        tcp::socket socket) {
      if (!error) {
        std::make_shared<Session>(std::move(socket), *router, max_body)
            ->Start();
      }
      if (acceptor.is_open()) Accept();
    });
  }
  asio::io_context io;
  tcp::acceptor acceptor;
  const Router* router = nullptr;
  size_t max_body = 0;
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
  auto impl = std::make_unique<Impl>(threads);
  impl->router = &router;
  impl->max_body = options.max_body_bytes;
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
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::Run() {
  asio::signal_set signals(impl_->io, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code, int) { Stop(); });
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
    impl_->io.stop();
  });
}

}  // namespace vafa::api
