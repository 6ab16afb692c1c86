#include "cli/malloc_reuse.h"

#include <sys/types.h>

#include <cstddef>
#include <initializer_list>

// jemalloc's control interface; null when the program runs on another
// allocator (the symbol is weak, so linking does not require jemalloc).
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length,
                       void* new_value, size_t new_length)
    __attribute__((weak));

namespace vafa::cli {

void KeepFreedMemoryUntilExit() {
  if (mallctl == nullptr) return;
  ssize_t never = -1;
  // The default of arenas made from now on, then every existing arena
  // (4096 is MALLCTL_ARENAS_ALL).
  for (const char* name :
       {"arenas.dirty_decay_ms", "arenas.muzzy_decay_ms",
        "arena.4096.dirty_decay_ms", "arena.4096.muzzy_decay_ms"}) {
    mallctl(name, nullptr, nullptr, &never, sizeof(never));
  }
}

}  // namespace vafa::cli
