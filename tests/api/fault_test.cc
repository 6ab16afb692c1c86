// What `vafa serve` promises when things fail under it:
// - a PostgreSQL restart (fast or immediate stop) is answered 503
//   "unavailable" with Retry-After for as long as it lasts, never a crash,
//   a hang or a 500, and normal service resumes once the database is back,
//   with every write acknowledged before, during and after it kept;
// - a server killed with SIGKILL in the middle of a stream of writes keeps
//   every write it acknowledged, on both backends, and the store opens
//   cleanly afterwards.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>

#include "tests/api/api_fixture.h"

namespace vafa::testing_api {
namespace {

constexpr char kWorkspace[] = "/api/v1/workspaces/demo";

// One keep-alive HTTP/1.1 connection to the server under test, so a stream
// of writes is not slowed down by a process per request. A request that
// gets no complete answer (the server died) has status 0.
class Connection {
 public:
  explicit Connection(int port) {
    socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // A hung server fails the test rather than blocking it.
    timeval timeout{30, 0};
    setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(socket_, reinterpret_cast<sockaddr*>(&address),
                  sizeof address) != 0) {
      ::close(socket_);
      socket_ = -1;
    }
  }
  ~Connection() {
    if (socket_ >= 0) ::close(socket_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  HttpResult Send(const std::string& method, const std::string& path,
                  const std::string& token, const std::string& body = "") {
    HttpResult result;
    if (socket_ < 0) return result;
    std::string request = method + " " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer " +
                          token + "\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    request += body;
    ssize_t sent;
    do {
      sent = ::send(socket_, request.data(), request.size(), MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent != static_cast<ssize_t>(request.size())) return Broken();
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return Broken();
    }
    result.headers = buffer_.substr(0, end);
    std::string lower = result.headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    size_t length_at = lower.find("content-length:");
    size_t length = length_at == std::string::npos
                        ? 0
                        : std::stoul(lower.substr(length_at + 15));
    while (buffer_.size() < end + 4 + length) {
      if (!Fill()) return Broken();
    }
    result.body = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    result.status = std::stoi(result.headers.substr(9, 3));
    return result;
  }

 private:
  bool Fill() {
    char chunk[8192];
    ssize_t n;
    // std::system (pg_ctl) makes signals arrive here.
    do {
      n = ::recv(socket_, chunk, sizeof chunk, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  HttpResult Broken() {
    ::close(socket_);
    socket_ = -1;
    return HttpResult{};
  }

  int socket_ = -1;
  std::string buffer_;
};

int PortOf(const std::string& base) {
  return std::stoi(base.substr(base.rfind(':') + 1));
}

// What a stream of writes was told was created, by route and id.
struct Acknowledged {
  std::string route;  // "customers" or "interactions"
  int64_t id = 0;
  std::string name;
};

// Writes a customer or an interaction (alternately, on `customer_id`) named
// `name`; returns the answer and, on 201, what was created.
HttpResult WriteOne(Connection& connection, const std::string& token,
                    int64_t customer_id, int serial, const std::string& name,
                    std::vector<Acknowledged>& acknowledged) {
  bool customer = serial % 2 == 0;
  json body = customer ? json{{"first_name", name}}
                       : json{{"customer_id", customer_id},
                              {"occurred_at", "2026-11-21T09:30:00"},
                              {"type", "call"},
                              {"subject", name}};
  std::string route = customer ? "customers" : "interactions";
  HttpResult answer = connection.Send(
      "POST", std::string(kWorkspace) + "/" + route, token, body.dump());
  if (answer.status == 201) {
    json created = answer.Json()[customer ? "customer" : "interaction"];
    acknowledged.push_back({route, created["id"].get<int64_t>(), name});
  }
  return answer;
}

// Every acknowledged write reads back through the API as written.
void ExpectAllThere(int port, const std::string& token,
                    const std::vector<Acknowledged>& acknowledged) {
  Connection connection(port);
  for (const Acknowledged& write : acknowledged) {
    HttpResult read =
        connection.Send("GET",
                        std::string(kWorkspace) + "/" + write.route + "/" +
                            std::to_string(write.id),
                        token);
    ASSERT_EQ(read.status, 200)
        << write.route << " " << write.id << " (" << write.name
        << ") was acknowledged but is not there: " << read.body;
    json record = read.Json();
    const json& fields =
        write.route == "customers" ? record["customer"] : record["interaction"];
    EXPECT_EQ(
        fields.value(write.route == "customers" ? "first_name" : "subject", ""),
        write.name);
  }
}

// ---------------------------------------------------------------------------
// kill -9 during writes

using ServerKillTest = ApiTest;

TEST_P(ServerKillTest, KilledServerKeepsEveryAcknowledgedWrite) {
  const std::string token = Owner();
  HttpResult first = Call("POST", std::string(kWorkspace) + "/customers", token,
                          json{{"first_name", "anchor"}}.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  int64_t customer_id = first.Json()["customer"]["id"].get<int64_t>();
  const int port = PortOf(base_);

  constexpr int kWriters = 4;
  constexpr int kBeforeKill = 300;
  std::atomic<int> acknowledged_count{0};
  std::atomic<int> unanswered{0};
  std::vector<std::vector<Acknowledged>> acknowledged(kWriters);
  std::vector<std::vector<std::string>> surprises(kWriters);
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      Connection connection(port);
      for (int serial = 0;; ++serial) {
        std::string name =
            "kill-" + std::to_string(writer) + "-" + std::to_string(serial);
        HttpResult answer = WriteOne(connection, token, customer_id, serial,
                                     name, acknowledged[writer]);
        if (answer.status == 201) {
          ++acknowledged_count;
        } else if (answer.status == 0) {
          ++unanswered;  // sent, and the server died before answering
          return;
        } else {
          surprises[writer].push_back(std::to_string(answer.status) + " " +
                                      answer.body);
          return;
        }
      }
    });
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acknowledged_count < kBeforeKill &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(pid_, SIGKILL), 0);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  for (std::thread& writer : writers) writer.join();
  for (const auto& writer_surprises : surprises) {
    EXPECT_THAT(writer_surprises, ::testing::IsEmpty());
  }
  ASSERT_GE(acknowledged_count, kBeforeKill);
  RecordProperty("acknowledged", acknowledged_count.load());
  RecordProperty("unanswered_at_kill", unanswered.load());

  // The store opens cleanly after the crash.
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  if (GetParam() == store::Backend::kSqlite) {
    std::string check;
    (*db)->sql() << "PRAGMA integrity_check", soci::into(check);
    EXPECT_EQ(check, "ok");
  }
  StartServer();
  for (const auto& writes : acknowledged) {
    ExpectAllThere(PortOf(base_), token, writes);
  }
}

VAFA_INSTANTIATE_BACKEND_TEST(ServerKillTest);

// ---------------------------------------------------------------------------
// PostgreSQL restart under a running server

// The newest installed PostgreSQL's programs, or "" (Debian's layout).
std::string PostgresPrograms() {
  std::string newest;
  int newest_major = -1;
  std::error_code ignored;
  for (const auto& entry :
       std::filesystem::directory_iterator("/usr/lib/postgresql", ignored)) {
    int major = std::atoi(entry.path().filename().c_str());
    if (major > newest_major &&
        std::filesystem::exists(entry.path() / "bin" / "pg_ctl")) {
      newest_major = major;
      newest = (entry.path() / "bin").string();
    }
  }
  return newest;
}

// The server under test runs on its own throwaway PostgreSQL (initdb'd
// here, on a Unix socket in its own folder), which the test stops and
// starts; the scratch database and the demo workspace are made on it.
class PostgresRestartTest : public ApiTest {
 protected:
  void SetUp() override {
    programs_ = PostgresPrograms();
    if (programs_.empty()) {
      if (std::getenv("VAFA_REQUIRE_POSTGRES") != nullptr) {
        FAIL() << "PostgreSQL is not installed";
      }
      GTEST_SKIP() << "PostgreSQL is not installed";
    }
    pg_dir_ = std::filesystem::temp_directory_path() /
              ("vafa_pg_restart_" + std::to_string(getpid()));
    std::filesystem::remove_all(pg_dir_);
    std::filesystem::create_directories(pg_dir_);
    if (getuid() == 0) {
      // PostgreSQL refuses to run as root.
      passwd* owner = getpwnam("postgres");
      ASSERT_NE(owner, nullptr) << "no postgres user to run PostgreSQL as";
      ASSERT_EQ(chown(pg_dir_.c_str(), owner->pw_uid, owner->pw_gid), 0);
    }
    ASSERT_EQ(AsOwner("initdb -D " + Quoted(pg_dir_ / "data") +
                      " -U vafa --auth=trust -E UTF8 --locale=C.UTF-8 >" +
                      Quoted(pg_dir_ / "initdb.log") + " 2>&1"),
              0)
        << "initdb failed; see " << pg_dir_ / "initdb.log";
    StartPostgres();
    if (HasFatalFailure()) return;
    const char* previous = std::getenv("VAFA_TEST_POSTGRES_URL");
    if (previous != nullptr) previous_url_ = previous;
    setenv("VAFA_TEST_POSTGRES_URL",
           ("postgresql://vafa@/postgres?host=" + pg_dir_.string() +
            "&port=" + std::to_string(kPort))
               .c_str(),
           1);
    ApiTest::SetUp();
    if (scratch_ != nullptr) scratch_->Close();
  }
  void TearDown() override {
    ApiTest::TearDown();
    scratch_.reset();  // drops its database while PostgreSQL still runs
    if (!pg_dir_.empty()) {
      StopPostgres("immediate");
      std::filesystem::remove_all(pg_dir_);
    }
    if (previous_url_) {
      setenv("VAFA_TEST_POSTGRES_URL", previous_url_->c_str(), 1);
    } else {
      unsetenv("VAFA_TEST_POSTGRES_URL");
    }
  }

  void StartPostgres() {
    ASSERT_EQ(AsOwner("pg_ctl -D " + Quoted(pg_dir_ / "data") + " -l " +
                      Quoted(pg_dir_ / "server.log") + " -w -o " +
                      testing::ShellQuote("-p " + std::to_string(kPort) +
                                          " -k " + pg_dir_.string() +
                                          " -c listen_addresses=''") +
                      " start >/dev/null"),
              0)
        << "PostgreSQL did not start; see " << pg_dir_ / "server.log";
  }
  void StopPostgres(const std::string& mode) {
    EXPECT_EQ(AsOwner("pg_ctl -D " + Quoted(pg_dir_ / "data") + " -m " + mode +
                      " -w stop >/dev/null"),
              0);
  }

  // Runs one of PostgreSQL's programs as the postgres user when root.
  int AsOwner(const std::string& command) {
    std::string line = programs_ + "/" + command;
    if (getuid() == 0) {
      line = "runuser -u postgres -- sh -c " + testing::ShellQuote(line);
    }
    int status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string Quoted(const std::filesystem::path& path) {
    return testing::ShellQuote(path.string());
  }

  // The socket's name only; the folder is this test's own.
  static constexpr int kPort = 5432;
  std::string programs_;
  std::filesystem::path pg_dir_;
  std::optional<std::string> previous_url_;
};

TEST_P(PostgresRestartTest, OutageIsUnavailableThenServedWithNoWriteLost) {
  const std::string token = Owner();
  HttpResult anchor = Call("POST", std::string(kWorkspace) + "/customers",
                           token, json{{"first_name", "anchor"}}.dump());
  ASSERT_EQ(anchor.status, 201) << anchor.body;
  const int64_t customer_id = anchor.Json()["customer"]["id"].get<int64_t>();
  const std::string anchor_path =
      std::string(kWorkspace) + "/customers/" + std::to_string(customer_id);
  const int port = PortOf(base_);
  std::vector<Acknowledged> acknowledged;
  for (const std::string mode : {"fast", "immediate"}) {
    SCOPED_TRACE("pg_ctl stop -m " + mode);
    Connection before(port);
    for (int serial = 0; serial < 20; ++serial) {
      HttpResult answer =
          WriteOne(before, token, customer_id, serial,
                   mode + "-before-" + std::to_string(serial), acknowledged);
      ASSERT_EQ(answer.status, 201) << answer.body;
    }

    // A writer that keeps writing through the outage: what it is told was
    // created must survive, and it is told nothing but 201 or 503.
    std::atomic<bool> done{false};
    std::atomic<int> unavailable{0};
    std::atomic<int> through_count{0};
    std::vector<Acknowledged> written_through;  // read after the join
    std::vector<std::string> surprises;
    std::thread writer([&] {
      Connection connection(port);
      for (int serial = 0; !done; ++serial) {
        auto started = std::chrono::steady_clock::now();
        HttpResult answer = WriteOne(
            connection, token, customer_id, serial,
            mode + "-through-" + std::to_string(serial), written_through);
        if (answer.status == 201) {
          ++through_count;
        } else if (answer.status == 503) {
          ++unavailable;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        } else {
          surprises.push_back(
              std::to_string(answer.status) + " after " +
              std::to_string(
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count()) +
              " ms: " + answer.body);
          return;
        }
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    StopPostgres(mode);

    // Every kind of request is answered at once, 503 with Retry-After.
    Connection during(port);
    const std::vector<std::pair<std::string, std::string>> requests = {
        {"GET", "/api/v1/health"},
        {"GET", anchor_path},
        {"GET", std::string(kWorkspace) + "/customers?limit=5"},
        {"GET", std::string(kWorkspace) + "/interactions?limit=5"},
        {"POST", std::string(kWorkspace) + "/customers"},
        {"GET", "/api/v1/me"},
    };
    for (int round = 0; round < 3; ++round) {
      for (const auto& [method, path] : requests) {
        auto started = std::chrono::steady_clock::now();
        HttpResult answer =
            during.Send(method, path, token,
                        method == "POST" ? R"({"first_name":"lost"})" : "");
        auto took = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(answer.status, 503)
            << method << " " << path << ": " << answer.body;
        EXPECT_EQ(answer.ErrorCode(), "unavailable") << answer.body;
        EXPECT_THAT(answer.headers, ::testing::HasSubstr("Retry-After: 2"));
        EXPECT_LT(took, std::chrono::seconds(5)) << method << " " << path;
      }
    }
    HttpResult sign_in =
        Call("POST", "/api/v1/auth/sign-in", "",
             json{{"email", "owner@demo.test"}, {"password", kPassword}}.dump(),
             "--max-time 10");
    EXPECT_EQ(sign_in.status, 503) << sign_in.body;

    StartPostgres();
    ASSERT_FALSE(HasFatalFailure());
    // Served again from the first request on, on every worker thread.
    for (int round = 0; round < 4; ++round) {
      Connection after(port);
      HttpResult health = after.Send("GET", "/api/v1/health", "");
      EXPECT_EQ(health.status, 200) << health.body;
      HttpResult read = after.Send("GET", anchor_path, token);
      EXPECT_EQ(read.status, 200) << read.body;
    }
    // Let the writer succeed again before stopping it.
    const int through_before = through_count;
    for (int wait_ms = 0; wait_ms < 10000 && through_count < through_before + 5;
         wait_ms += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    done = true;
    writer.join();
    EXPECT_THAT(surprises, ::testing::IsEmpty());
    EXPECT_GT(unavailable, 0) << "the writer never met the outage";
    EXPECT_GE(through_count, through_before + 5) << "the writer did not resume";
    acknowledged.insert(acknowledged.end(), written_through.begin(),
                        written_through.end());
  }
  ExpectAllThere(port, token, acknowledged);
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresRestartTest,
                         ::testing::Values(store::Backend::kPostgres),
                         [](const auto&) { return std::string("postgres"); });

}  // namespace
}  // namespace vafa::testing_api
