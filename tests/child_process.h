// Child processes that die with the test that forked them. A server, an
// SMTP sink or a command a test forks would otherwise outlive a test
// process that aborts (a sanitizer's report, a crash, a failed ASSERT in a
// set-up): the orphan keeps ctest's output pipe open, and ctest waits for
// it until someone kills it by hand.
#ifndef VAFA_TESTS_CHILD_PROCESS_H_
#define VAFA_TESTS_CHILD_PROCESS_H_

#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

namespace vafa::testing {

// fork(), but the child gets SIGKILL when the thread that called this ends,
// however it ends (Linux's parent-death signal). The signal is kept across
// exec, so the program the child runs dies too; its own children do not.
// Call it from the test's own thread (gtest runs tests on the main thread):
// a child forked from a thread that ends before the test would die with it.
// Returns what fork() returns.
inline pid_t ForkChildOfTest() {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // A parent that died before prctl sends no signal: the child ends now.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
      _exit(126);
    }
  }
  return pid;
}

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CHILD_PROCESS_H_
