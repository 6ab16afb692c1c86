// The fixture of the API tests: a real `vafa serve` process over a demo
// workspace (150 customers, seed 9, ending 2026-11-20) on SQLite or
// PostgreSQL, spoken to with curl, with an owner who is a server
// administrator, and a second workspace "other" with its own owner. Every
// answer that Call receives is checked against src/api/openapi.json
// (openapi_contract.h): an answer the document does not describe fails the
// test that received it.
#ifndef VAFA_TESTS_API_API_FIXTURE_H_
#define VAFA_TESTS_API_API_FIXTURE_H_

#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "store/store_test_support.h"
#include "tests/api/openapi_contract.h"
#include "tests/child_process.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa::testing_api {

using nlohmann::json;

inline constexpr char kPassword[] = "correct horse battery";
inline const char* const kRoles[] = {"owner",     "manager", "sales", "support",
                                     "marketing", "analyst", "viewer"};

struct HttpResult {
  int status = 0;
  std::string headers;
  std::string body;
  json Json() const {
    return json::parse(body, nullptr, /*allow_exceptions=*/false);
  }
  std::string ErrorCode() const {
    json value = Json();
    return value.is_object() && value.contains("error")
               ? value["error"].value("code", "")
               : "";
  }
};

class ApiTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Users are created at libsodium's lowest hashing cost, so the many
    // sign-ins below take milliseconds.
    setenv("VAFA_TEST_FAST_PASSWORD_HASHING", "1", 1);
    dir_ = FixtureFolder();
    // A killed test leaves its folder, and a later test process may get the
    // same process id: start empty (store::ScratchDatabase does the same).
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    web_ = dir_ / "web";
    std::filesystem::create_directories(web_ / "assets");
    std::ofstream(web_ / "index.html") << "<!doctype html><title>vafa</title>";
    std::ofstream(web_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(dir_ / "password") << kPassword << "\n";
    Vafa({"demo", "--customers", "150", "--seed", "9", "--end", "2026-11-20"});
    Vafa({"workspace", "create", "other"});
    AddUser("owner@demo.test", "owner", "demo", /*admin=*/true);
    AddUser("outsider@other.test", "owner", "other");
    StartServer();
  }
  void TearDown() override {
    StopServer();
    std::filesystem::remove_all(dir_);
  }

  // The folder of this process's fixture: the web files the server is
  // given, the password file, the request bodies.
  static std::filesystem::path FixtureFolder() {
    return std::filesystem::temp_directory_path() /
           ("vafa_api_" + std::to_string(getpid()));
  }

  void StopServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status))
          << "the server did not stop cleanly on SIGTERM: "
          << (WIFSIGNALED(status)
                  ? "killed by signal " + std::to_string(WTERMSIG(status))
                  : "status " + std::to_string(status));
      pid_ = -1;
    }
  }
  // Stops the server (SIGTERM, waited for) and starts it again with
  // `flags` after the usual ones (sessions stay), run through `launcher`
  // (e.g. {"prlimit", "--nofile=64"}) when given.
  void RestartServer(std::vector<std::string> flags,
                     std::vector<std::string> launcher = {}) {
    StopServer();
    serve_flags_ = std::move(flags);
    launcher_ = std::move(launcher);
    StartServer();
  }

  void Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    auto run = testing::RunVafa(args);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  void AddUser(const std::string& email, const std::string& role,
               const std::string& workspace, bool admin = false) {
    std::vector<std::string> args = {"-w",
                                     workspace,
                                     "user",
                                     "add",
                                     email,
                                     "--role",
                                     role,
                                     "--password-file",
                                     (dir_ / "password").string()};
    if (admin) args.push_back("--admin");
    Vafa(args);
  }

  void StartServer() {
    std::tie(pid_, base_) = LaunchServer(serve_flags_, launcher_);
  }
  // Starts another `vafa serve` on the same store (any free port) with
  // `flags` after the usual ones, through `launcher` when given; returns its
  // process and base URL (pid -1 after a failure, which fails the test).
  std::pair<pid_t, std::string> LaunchServer(
      const std::vector<std::string>& flags,
      const std::vector<std::string>& launcher) {
    int out[2];
    if (pipe(out) != 0) {
      ADD_FAILURE() << "pipe";
      return {-1, ""};
    }
    pid_t pid = ::vafa::testing::ForkChildOfTest();
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::vector<std::string> args = launcher;
      args.insert(args.end(), {::vafa::testing::kVafaBinary, "--db",
                               scratch_->location(), "serve", "--port", "0",
                               "--threads", "2", "--web", web_.string(),
                               // The daily loyalty sweep writes at start, at a
                               // moment the tests do not control (tests that
                               // compare the store's state would see it or
                               // not); it has tests of its own.
                               "--no-loyalty-expiry"});
      args.insert(args.end(), flags.begin(), flags.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    size_t at = line.find("http://");
    if (at == std::string::npos) {
      ADD_FAILURE() << "vafa serve printed no address: " << line;
      return {pid, ""};
    }
    std::string base = line.substr(at);
    while (!base.empty() && base.back() == '/') base.pop_back();
    return {pid, base};
  }

  // One request with curl. `auth` is a bearer token ("" for none); `body`
  // is sent as JSON when not empty.
  HttpResult Call(const std::string& method, const std::string& path,
                  const std::string& auth = "", const std::string& body = "",
                  const std::string& extra = "") {
    std::string command = "curl -s -i -X " + method + " " + extra;
    if (!auth.empty()) {
      command += " -H " + testing::ShellQuote("Authorization: Bearer " + auth);
    }
    if (!body.empty()) {
      std::ofstream(dir_ / "body") << body;
      command += " -H 'Content-Type: application/json' --data-binary @" +
                 testing::ShellQuote((dir_ / "body").string());
    }
    command += " " + testing::ShellQuote(base_ + path);
    FILE* pipe = popen(command.c_str(), "r");
    std::string raw;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
      raw.append(buffer, n);
    pclose(pipe);
    HttpResult http;
    size_t split = raw.find("\r\n\r\n");
    http.headers = raw.substr(0, split);
    http.body = split == std::string::npos ? "" : raw.substr(split + 4);
    if (raw.size() > 12) http.status = std::stoi(raw.substr(9, 3));
    // A body sent another way (`extra`: a file upload) is not checked.
    if (body.empty() && !extra.empty()) {
      CheckAgainstDocument(method, path, http, std::nullopt);
    } else {
      CheckAgainstDocument(method, path, http, body);
    }
    return http;
  }

  // Fails the test for each way `http` differs from what the document
  // promises for `method` `path` (the query is left out), and for each way
  // a JSON `body` the server accepted differs from the operation's request
  // body. No answer at all (status 0: the server was killed or refused the
  // connection) is left to the test.
  static void CheckAgainstDocument(const std::string& method,
                                   const std::string& path,
                                   const HttpResult& http,
                                   std::optional<std::string> body = "") {
    if (http.status == 0) return;
    static const OpenApiContract contract =
        OpenApiContract::FromFile(::vafa::testing::kOpenApiDocument);
    std::string content_type;
    std::istringstream headers(http.headers);
    for (std::string line; std::getline(headers, line);) {
      if (line.size() > 13 &&
          strncasecmp(line.c_str(), "content-type:", 13) == 0) {
        content_type = line.substr(13);
        content_type.erase(0, content_type.find_first_not_of(' '));
        while (!content_type.empty() &&
               (content_type.back() == '\r' || content_type.back() == ' ')) {
          content_type.pop_back();
        }
      }
    }
    for (const std::string& mismatch :
         contract.CheckResponse(method, path.substr(0, path.find('?')),
                                http.status, content_type, http.body)) {
      ADD_FAILURE() << mismatch;
    }
    if (!body) return;
    for (const std::string& mismatch : contract.CheckRequest(
             method, path.substr(0, path.find('?')), http.status, *body)) {
      ADD_FAILURE() << mismatch;
    }
  }
  HttpResult Get(const std::string& path, const std::string& auth = "",
                 const std::string& extra = "") {
    return Call("GET", path, auth, "", extra);
  }

  // Reads the job at `path` (…/analytics/jobs/{id}, …/response/jobs/{id})
  // until it is no longer running, at most `seconds`; the job as last read.
  json AwaitJobEnd(const std::string& path, const std::string& token,
                   int seconds = 120) {
    json job = Get(path, token).Json()["job"];
    for (int i = 0; i < seconds * 10 && job.value("status", "") == "running";
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      job = Get(path, token).Json()["job"];
    }
    if (job.value("status", "") == "running") {
      ADD_FAILURE() << path << " still running after " << seconds << " s";
    }
    return job;
  }

  // Signs in and returns the session token from the cookie.
  std::string SignIn(const std::string& email) {
    HttpResult result =
        Call("POST", "/api/v1/auth/sign-in", "",
             json{{"email", email}, {"password", kPassword}}.dump());
    EXPECT_EQ(result.status, 200) << email << " " << result.body;
    size_t at = result.headers.find("vafa_session=");
    if (at == std::string::npos) return "";
    at += 13;
    return result.headers.substr(at, result.headers.find(';', at) - at);
  }
  const std::string& Owner() {
    if (owner_.empty()) owner_ = SignIn("owner@demo.test");
    return owner_;
  }

  std::filesystem::path dir_;
  std::filesystem::path web_;
  std::vector<std::string> serve_flags_;  // more flags for `vafa serve`
  std::vector<std::string> launcher_;     // runs `vafa serve` when given
  pid_t pid_ = -1;
  std::string base_;
  std::string owner_;
};

}  // namespace vafa::testing_api

#endif  // VAFA_TESTS_API_API_FIXTURE_H_
