// A CLI test on a scratch store of either backend: a folder of its own for
// the files it writes (removed afterwards), and Vafa(args), which runs the
// binary on that store's workspace "shop".
#ifndef VAFA_TESTS_CLI_CLI_STORE_TEST_H_
#define VAFA_TESTS_CLI_CLI_STORE_TEST_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa::testing {

class CliStoreTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    static std::atomic<int> made{0};
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_cli_" + std::to_string(::getpid()) + "_" +
               store::BackendName(GetParam()) + "_" + std::to_string(++made));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override {
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }

  // `with_stderr` false leaves standard error out of the output (for a
  // command whose output must be one JSON document).
  CommandResult Vafa(std::vector<std::string> args, bool with_stderr = true) {
    args.insert(args.begin(),
                {"--db", scratch_->location(), "--workspace", "shop"});
    return RunVafa(args, with_stderr);
  }

  std::filesystem::path folder_;
};

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CLI_CLI_STORE_TEST_H_
