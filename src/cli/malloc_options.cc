// jemalloc's options, read once when the allocator starts (before main):
// large allocations are backed by transparent huge pages. On virtual
// machines a first touch of a 4 KiB page costs tens of microseconds, and
// `vafa analyze` on 10 million lines touches over a gigabyte: with 2 MiB
// pages its CPU time drops by about a third (docs/BENCHMARKS.md). The
// environment variable MALLOC_CONF still overrides these.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
