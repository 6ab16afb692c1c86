// ParallelFor: splits [0, count) into contiguous chunks and runs them on up to
// `threads` std::threads (the calling thread takes the first chunk). Chunks
// are fixed by (count, threads), so a caller that writes per-index results or
// per-chunk partial sums merged in chunk order gets the same numbers for any
// thread schedule. threads <= 0 means std::thread::hardware_concurrency().
#ifndef VAFA_ANALYTICS_PARALLEL_H_
#define VAFA_ANALYTICS_PARALLEL_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace vafa::analytics {

// Below this many items a second thread costs more than it saves.
inline constexpr int64_t kMinItemsPerThread = 1 << 14;

// `min_items` is the fewest items worth a thread of their own: a cheap
// loop body wants many, a costly one (a model's row) fewer.
inline int ChunkCount(int64_t count, int threads,
                      int64_t min_items = kMinItemsPerThread) {
  if (threads <= 0) {
    threads =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  const int64_t useful = std::max<int64_t>(1, count / min_items);
  return static_cast<int>(std::min<int64_t>(threads, useful));
}

// Calls body(chunk, begin, end) for each of ChunkCount(count, threads) chunks.
inline void ParallelFor(
    int64_t count, int threads,
    const std::function<void(int chunk, int64_t begin, int64_t end)>& body,
    int64_t min_items = kMinItemsPerThread) {
  const int chunks = ChunkCount(count, threads, min_items);
  auto bounds = [&](int chunk) { return count * chunk / chunks; };
  std::vector<std::jthread> workers;
  workers.reserve(chunks - 1);
  for (int chunk = 1; chunk < chunks; ++chunk) {
    workers.emplace_back(
        [&, chunk] { body(chunk, bounds(chunk), bounds(chunk + 1)); });
  }
  body(0, bounds(0), bounds(1));
}

// Calls work(begin, end) for each chunk of ParallelFor, with at least
// `min_items` items a thread.
template <typename Work>
void ParallelRanges(int64_t count, int threads, int64_t min_items,
                    const Work& work) {
  ParallelFor(
      count, threads,
      [&](int, int64_t begin, int64_t end) { work(begin, end); }, min_items);
}

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_PARALLEL_H_
