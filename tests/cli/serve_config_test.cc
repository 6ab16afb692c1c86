// vafa serve --config FILE and --log-format through the real binary: the
// file sets every flag it names (the command line wins), an unknown key is
// refused with the file and line, and each request is logged with the id
// its answer carries in X-Request-Id.
#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/child_process.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Curl(const std::string& url) {
  std::string command = "curl -s -i " + testing::ShellQuote(url);
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n;
  while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, n);
  }
  if (pipe != nullptr) pclose(pipe);
  return out;
}

class ServeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vafa_serve_config_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html>vafa ui";
  }
  void TearDown() override {
    Stop();
    std::filesystem::remove_all(dir_);
  }

  void WriteConfig(const std::string& text) {
    std::ofstream(dir_ / "vafa.conf") << text;
  }
  std::string Config() const { return (dir_ / "vafa.conf").string(); }
  std::string Log() const { return Slurp(dir_ / "stderr"); }

  // Starts `vafa ARGS` from the test's folder (so web/dist is not found by
  // accident), stderr to a file; returns the first line it printed.
  std::string Start(const std::vector<std::string>& args) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    pid_ = ::vafa::testing::ForkChildOfTest();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      FILE* err = fopen((dir_ / "stderr").c_str(), "w");
      dup2(fileno(err), 2);
      if (chdir(dir_.c_str()) != 0) _exit(126);
      std::vector<std::string> all = {::vafa::testing::kVafaBinary};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (std::string& arg : all) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    size_t at = line.find("http://");
    if (at != std::string::npos) {
      base_ = line.substr(at);
      while (!base_.empty() && base_.back() == '/') base_.pop_back();
    }
    return line;
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  std::filesystem::path dir_;
  std::string base_;
  pid_t pid_ = -1;
};

TEST_F(ServeConfigTest, FileSetsTheFlagsAndJsonLogsNameEachRequest) {
  const std::string db = (dir_ / "store.db").string();
  WriteConfig(
      "# vafa serve settings\n"
      "db = " +
      db +
      "\n"
      "address = 127.0.0.1\n"
      "port = 0\n"
      "\n"
      "web = \"" +
      (dir_ / "web").string() +
      "\"\n"
      "log-format = json\r\n"
      "no-loyalty-expiry = true\n"
      "trusted-proxy = 10.0.0.0/8\n"
      "trusted-proxy = 192.168.0.1\n");
  std::string first = Start({"serve", "--config", Config()});
  ASSERT_THAT(first, HasSubstr("vafa is serving " + db)) << Log();
  std::string health = Curl(base_ + "/api/v1/health");
  std::smatch id;
  ASSERT_TRUE(
      std::regex_search(health, id, std::regex("X-Request-Id: ([0-9a-f]+)\r")))
      << health;
  // The health route names the build, as vafa --version does.
  auto body = nlohmann::json::parse(health.substr(health.find("\r\n\r\n")));
  auto version = testing::RunVafa({"--version"});
  EXPECT_THAT(
      version.output,
      HasSubstr("vafa " + body["version"].get<std::string>() +
                "\nschema version " +
                std::to_string(body["schema_version"].get<int>()) +
                "\ncommit " + body["commit"].get<std::string>() + "\n"));
  EXPECT_EQ(body["version"], VAFA_PROJECT_VERSION);
  EXPECT_THAT(Curl(base_ + "/"), HasSubstr("vafa ui"));
  Stop();
  // Every line is one JSON object; the health request's carries its id.
  std::istringstream lines(Log());
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    auto entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    ASSERT_TRUE(entry.contains("time") && entry.contains("level") &&
                entry.contains("message"))
        << line;
    if (entry.value("path", "") == "/api/v1/health") {
      found = true;
      EXPECT_EQ(entry["request_id"], id[1].str());
      EXPECT_EQ(entry["method"], "GET");
      EXPECT_EQ(entry["status"], 200);
      EXPECT_EQ(entry["level"], "info");
      EXPECT_GE(entry["duration_ms"].get<double>(), 0);
    }
  }
  EXPECT_TRUE(found) << Log();
  EXPECT_TRUE(std::filesystem::exists(db));
}

TEST_F(ServeConfigTest, CommandLineWinsOverTheFile) {
  const std::string file_db = (dir_ / "from_file.db").string();
  const std::string line_db = (dir_ / "from_command_line.db").string();
  WriteConfig("db = " + file_db +
              "\nport = 0\nlog-format = json\n"
              "no-loyalty-expiry = true\nweb = " +
              (dir_ / "web").string() + "\n");
  std::string first = Start(
      {"--db", line_db, "serve", "--config", Config(), "--log-format", "text"});
  ASSERT_THAT(first, HasSubstr("vafa is serving " + line_db)) << Log();
  Curl(base_ + "/api/v1/health");
  Stop();
  EXPECT_FALSE(std::filesystem::exists(file_db));
  // Text: "TIME info GET /api/v1/health 200 request=ID duration_ms=D".
  EXPECT_TRUE(std::regex_search(
      Log(), std::regex("\\dZ info GET /api/v1/health 200 request=[0-9a-f]+ "
                        "duration_ms=[0-9.]+\n")))
      << Log();
}

TEST_F(ServeConfigTest, RefusesUnknownKeysAndBadValuesNamingFileAndLine) {
  const std::string db = "--db=" + (dir_ / "store.db").string();
  WriteConfig("port = 0\n# a comment\nprot = 8080\n");
  auto unknown = testing::RunVafa({db, "serve", "--config", Config()});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.output, HasSubstr(Config() + ":3: unknown key \"prot\""));
  WriteConfig("port = 0\nport = 1\n");
  auto twice = testing::RunVafa({db, "serve", "--config", Config()});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.output, HasSubstr(Config() + ":2: \"port\" is set again"));
  WriteConfig("session-hours = 0\n");
  auto range = testing::RunVafa({db, "serve", "--config", Config()});
  EXPECT_EQ(range.exit_code, 1);
  EXPECT_THAT(range.output, HasSubstr(Config() + ":1: \"session-hours\""));
  WriteConfig("secure-cookies = yes\n");
  auto flag = testing::RunVafa({db, "serve", "--config", Config()});
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_THAT(flag.output,
              HasSubstr(Config() + ":1: \"secure-cookies\" is true or false"));
  WriteConfig("just words\n");
  auto shape = testing::RunVafa({db, "serve", "--config", Config()});
  EXPECT_EQ(shape.exit_code, 1);
  EXPECT_THAT(shape.output, HasSubstr(Config() + ":1: expected key = value"));
  auto format = testing::RunVafa({db, "serve", "--log-format", "xml"});
  EXPECT_EQ(format.exit_code, 1);
  EXPECT_THAT(format.output, HasSubstr("--log-format xml"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "store.db"));
}

}  // namespace
}  // namespace vafa
