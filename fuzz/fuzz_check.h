// A property check for the harnesses in fuzz/: when `condition` is false the
// input is reported and the process aborts, so libFuzzer records the input
// as a crash and keeps it. Used for what must hold for every input (a value
// that parses round-trips, an invariant of the parser's output), beside the
// memory and undefined-behaviour checks of the sanitizers.
#ifndef VAFA_FUZZ_FUZZ_CHECK_H_
#define VAFA_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define VAFA_FUZZ_CHECK(condition, what)                                       \
  do {                                                                         \
    if (!(condition)) {                                                        \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
                   std::string_view(what).data());                             \
      std::abort();                                                            \
    }                                                                          \
  } while (false)

#endif  // VAFA_FUZZ_FUZZ_CHECK_H_
