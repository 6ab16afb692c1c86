#include "cli/openmp_wait.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "cli/malloc_reuse.h"

namespace vafa::cli {

namespace {

// Whether the command line names a command that trains models on OpenMP.
bool TrainsModels(int argc, char** argv) {
  constexpr std::string_view kTraining[] = {"churn", "response", "serve",
                                            "demo", "analyze"};
  for (int i = 1; i < argc; ++i) {
    for (std::string_view command : kTraining) {
      if (command == argv[i]) return true;
    }
  }
  return false;
}

}  // namespace

void RestartWithPassiveOpenMpWait(int argc, char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (!TrainsModels(argc, argv)) return;
  if (setenv("OMP_WAIT_POLICY", "passive", /*overwrite=*/0) != 0) return;
  // `vafa analyze` also starts with jemalloc's one arena (malloc_reuse.h),
  // unless MALLOC_CONF says otherwise.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view("analyze") == argv[i]) {
      setenv("MALLOC_CONF", OneArenaSetting(), /*overwrite=*/0);
      break;
    }
  }
  execv("/proc/self/exe", argv);
}

}  // namespace vafa::cli
