// Freed memory kept for reuse by a command that runs once and exits.
//
// jemalloc hands freed pages back to the kernel gradually (its "decay", ten
// seconds by default), and a page handed back costs a fresh fault and the
// kernel's zeroing when it is used again: on this project's virtual
// machines about a second of CPU per gigabyte. `vafa analyze` frees and
// allocates large columns phase after phase (the loader's shares, the merged
// log, the reports), so keeping the freed pages until the process exits cut
// the fresh huge pages of a 10-million-line run by a sixth (with huge pages)
// (docs/BENCHMARKS.md). Not for the server, which runs for days and must
// give memory back.
#ifndef VAFA_CLI_MALLOC_REUSE_H_
#define VAFA_CLI_MALLOC_REUSE_H_

namespace vafa::cli {

// Tells jemalloc, when it is the allocator, to keep freed pages for the rest
// of the process; does nothing under another allocator.
void KeepFreedMemoryUntilExit();

// The jemalloc setting `vafa analyze` runs with (in MALLOC_CONF, set for
// its restart in openmp_wait.cc when the variable is unset): one arena for
// every thread. jemalloc gives each thread an arena and hands all of an
// arena's freed pages back to the kernel when its last thread exits,
// whatever the decay above; the loader's and the merge's threads exit
// after each phase, so the next phase faulted those pages in again. With
// one arena, which the main thread holds, the freed pages stay and any
// thread reuses them: on 10 million lines 400 fresh huge pages instead of
// 620, and 4,000 fresh small pages instead of 29,000 (docs/BENCHMARKS.md).
const char* OneArenaSetting();

}  // namespace vafa::cli

#endif  // VAFA_CLI_MALLOC_REUSE_H_
