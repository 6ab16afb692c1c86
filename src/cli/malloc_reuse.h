// Freed memory kept for reuse by a command that runs once and exits.
//
// jemalloc hands freed pages back to the kernel gradually (its "decay", ten
// seconds by default), and a page handed back costs a fresh fault and the
// kernel's zeroing when it is used again: on this project's virtual
// machines about a second of CPU per gigabyte. `vafa analyze` frees and
// allocates large columns phase after phase (the loader's shares, the merged
// log, the reports), so keeping the freed pages until the process exits cut
// the fresh huge pages of a 10-million-line run by a sixth
// (docs/BENCHMARKS.md). Freed pages are reused, not added to: the peak
// resident memory stays about the same. Not for the server, which runs for
// days and must give memory back.
#ifndef VAFA_CLI_MALLOC_REUSE_H_
#define VAFA_CLI_MALLOC_REUSE_H_

namespace vafa::cli {

// Tells jemalloc, when it is the allocator, to keep freed pages for the rest
// of the process; does nothing under another allocator.
void KeepFreedMemoryUntilExit();

}  // namespace vafa::cli

#endif  // VAFA_CLI_MALLOC_REUSE_H_
