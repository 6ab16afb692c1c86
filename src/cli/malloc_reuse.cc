#include "cli/malloc_reuse.h"

#include <sys/types.h>

#include <cstddef>
#include <initializer_list>
#include <string>

// jemalloc's control interface; null when the program runs on another
// allocator (the symbol is weak, so linking does not require jemalloc).
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length,
                       void* new_value, size_t new_length)
    __attribute__((weak));

namespace vafa::cli {

void KeepFreedMemoryUntilExit() {
  if (mallctl == nullptr) return;
  ssize_t never = -1;
  // The default of arenas made from now on, then each existing arena by
  // its index (jemalloc refuses "arena.<all>" for the decay times).
  for (const char* name : {"arenas.dirty_decay_ms", "arenas.muzzy_decay_ms"}) {
    mallctl(name, nullptr, nullptr, &never, sizeof(never));
  }
  unsigned arenas = 0;
  size_t length = sizeof(arenas);
  if (mallctl("arenas.narenas", &arenas, &length, nullptr, 0) != 0) return;
  for (unsigned arena = 0; arena < arenas; ++arena) {
    for (const char* decay : {"dirty_decay_ms", "muzzy_decay_ms"}) {
      const std::string name = "arena." + std::to_string(arena) + "." + decay;
      // An arena not yet made answers EFAULT; it takes the default above.
      mallctl(name.c_str(), nullptr, nullptr, &never, sizeof(never));
    }
  }
}

const char* OneArenaSetting() { return "narenas:1"; }

}  // namespace vafa::cli
