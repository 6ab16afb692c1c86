// Runs the vafa binary as a child process and captures what it printed.
#ifndef VAFA_TESTS_CLI_RUN_COMMAND_H_
#define VAFA_TESTS_CLI_RUN_COMMAND_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/test_paths.h"

namespace vafa::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// `with_stderr` false: stderr is left to the test's own (for output that
// must be one document, such as --format json). `stdin_path`: a file to
// read standard input from.
inline CommandResult RunVafa(const std::vector<std::string>& args,
                             bool with_stderr = true,
                             const std::string& stdin_path = {}) {
  std::string command = ShellQuote(::vafa::testing::kVafaBinary);
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  if (!stdin_path.empty()) command += " < " + ShellQuote(stdin_path);
  if (with_stderr) command += " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CLI_RUN_COMMAND_H_
