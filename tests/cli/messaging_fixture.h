// What the messaging tests share: a store on each backend with a workspace
// "shop", the secret key in the environment (so the vafa child processes
// inherit it), a folder of their own, and a loopback server written in
// Python (tests/messaging/) started in that folder and stopped at the end.
#ifndef VAFA_TESTS_CLI_MESSAGING_FIXTURE_H_
#define VAFA_TESTS_CLI_MESSAGING_FIXTURE_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "services/messaging/secrets.h"
#include "store/store_test_support.h"
#include "tests/child_process.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa::testing {

inline constexpr char kTestSecretKey[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

class MessagingTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    setenv(services::messaging::kSecretKeyVariable, kTestSecretKey, 1);
    workspace_ = AddWorkspace("shop");
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa-messaging-" + std::to_string(getpid()) + "-" +
               std::to_string(counter_++));
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_ / "server");
  }
  void TearDown() override {
    StopServer();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  // Starts tests/messaging/`script` with the server folder and `args`;
  // returns the port it wrote, 0 when it did not start within 10 s.
  int StartServer(const std::string& script, std::vector<std::string> args) {
    const std::string path =
        std::string(::vafa::testing::kSourceDir) + "/tests/messaging/" + script;
    args.insert(args.begin(),
                {"/usr/bin/python3", path, (folder_ / "server").string()});
    server_ = ::vafa::testing::ForkChildOfTest();
    if (server_ == 0) {
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const auto port_file = folder_ / "server" / "port";
    for (int tries = 0; tries < 200; ++tries) {
      std::ifstream in(port_file);
      int port = 0;
      if (in >> port) return port;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  void StopServer() {
    if (server_ <= 0) return;
    kill(server_, SIGTERM);
    waitpid(server_, nullptr, 0);
    server_ = 0;
  }

  CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    return RunVafa(args);
  }
  // Runs vafa with `input` on its standard input.
  CommandResult VafaWithInput(const std::string& input,
                              std::vector<std::string> args) {
    const auto file = folder_ / "stdin";
    std::ofstream(file) << input;
    args.insert(args.begin(), {"--db", scratch_->location()});
    return RunVafa(args, /*with_stderr=*/true, file.string());
  }

  // The JSON summaries the server wrote, one per message, in arrival order.
  std::vector<nlohmann::json> Received() {
    std::vector<nlohmann::json> out;
    for (int n = 1;; ++n) {
      std::ifstream in(folder_ / "server" / (std::to_string(n) + ".json"));
      if (!in) break;
      out.push_back(nlohmann::json::parse(in));
    }
    return out;
  }

  // Every file under `folder`, read whole, concatenated.
  static std::string AllText(const std::filesystem::path& folder) {
    std::string all;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }

  int64_t workspace_ = 0;
  std::filesystem::path folder_;
  pid_t server_ = 0;
  static inline int counter_ = 0;
};

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CLI_MESSAGING_FIXTURE_H_
