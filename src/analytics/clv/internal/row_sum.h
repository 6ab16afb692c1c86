// SumOverRows: adds up per-row contributions (a log-likelihood and its
// gradient, a total of predictions) over many rows on all cores, with a
// result that does not depend on the number of threads: rows are cut into
// fixed chunks of kRowsPerChunk, each chunk is summed in order by one thread,
// and the chunk sums are added in chunk order.
#ifndef VAFA_ANALYTICS_CLV_ROW_SUM_H_
#define VAFA_ANALYTICS_CLV_ROW_SUM_H_

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cstddef>
#include <vector>

namespace vafa::analytics::clv {

inline constexpr std::size_t kRowsPerChunk = 4096;

// `add_rows(begin, end, sums)` adds the contributions of rows [begin, end)
// into `sums` (zero-initialised). Returns the total over all rows.
template <std::size_t N, typename AddRows>
std::array<double, N> SumOverRows(std::size_t rows, const AddRows& add_rows) {
  const std::size_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
  std::array<double, N> total{};
  if (chunks <= 1) {
    add_rows(std::size_t{0}, rows, total);
    return total;
  }
  std::vector<std::array<double, N>> partial(chunks);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, chunks),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t c = range.begin(); c < range.end(); ++c) {
          partial[c] = {};
          const std::size_t begin = c * kRowsPerChunk;
          const std::size_t end = std::min(rows, begin + kRowsPerChunk);
          add_rows(begin, end, partial[c]);
        }
      });
  for (const auto& sums : partial) {
    for (std::size_t k = 0; k < N; ++k) total[k] += sums[k];
  }
  return total;
}

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_ROW_SUM_H_
