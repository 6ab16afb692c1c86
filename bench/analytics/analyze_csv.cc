// vafa's side of the analytics benchmark: loads a transactions CSV written by
// generate_transactions into a TransactionLog and computes the per-customer
// summary, RFM, Pareto/ABC, profitability, monthly KPIs and cohorts.
//   analyze_csv FILE AS_OF(YYYY-MM-DD) [THREADS]
// Prints the time of each stage, the total, peak RSS, the snapshot's column
// bytes per line, and the RFM checksum that duckdb_rfm.mjs prints too.
//
// The file is read with the generator's simple format in mind (no quoted
// fields; ISO dates): the import's TransactionRow parser handles the general
// case; this loader measures the analytics, not the CSV dialects.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <vector>

#include "analytics/cohorts.h"
#include "analytics/customer_summary.h"
#include "analytics/kpi.h"
#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/rfm.h"
#include "analytics/transaction_log.h"

namespace {

using vafa::DayNumber;
using namespace vafa::analytics;

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  // Hinnant's civil-to-days algorithm.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t Digits(std::string_view text) {
  int64_t value = 0;
  bool negative = false;
  for (char c : text) {
    if (c == '-') {
      negative = true;
    } else {
      value = value * 10 + (c - '0');
    }
  }
  return negative ? -value : value;
}

DayNumber IsoDay(std::string_view text) {
  return static_cast<DayNumber>(DaysFromCivil(Digits(text.substr(0, 4)),
                                              Digits(text.substr(5, 2)),
                                              Digits(text.substr(8, 2))));
}

class Stopwatch {
 public:
  double Lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ =
      std::chrono::steady_clock::now();
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE AS_OF [THREADS]\n", argv[0]);
    return 2;
  }
  const DayNumber as_of = IsoDay(argv[2]);
  const int threads = argc > 3 ? std::atoi(argv[3]) : 0;
  Stopwatch total, stage;

  const int fd = open(argv[1], O_RDONLY);
  struct stat info {};
  if (fd < 0 || fstat(fd, &info) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  const auto size = static_cast<size_t>(info.st_size);
  void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (mapped == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  madvise(mapped, size, MADV_SEQUENTIAL);
  const std::string_view text(static_cast<const char*>(mapped), size);

  // Each thread reads every line but parses and adds only the lines of its
  // share of the customers (MergeTransactionLogs).
  const int partitions = threads > 0 ? threads : 2;
  const size_t header_end = text.find('\n') + 1;
  int64_t estimated_lines = 0;
  {
    // Size the builders from the first lines' length: a hint, not a limit.
    const size_t sample_end = std::min(size, header_end + (1 << 16));
    const auto sample_lines = static_cast<int64_t>(
        std::count(text.begin() + header_end, text.begin() + sample_end, '\n'));
    estimated_lines = static_cast<int64_t>(size - header_end) *
                      std::max<int64_t>(sample_lines, 1) /
                      static_cast<int64_t>(sample_end - header_end + 1) /
                      partitions;
  }
  std::vector<TransactionLogBuilder> builders(partitions);
  std::vector<vafa::Status> statuses(partitions);
  {
    std::vector<std::jthread> workers;
    for (int part = 0; part < partitions; ++part) {
      workers.emplace_back([&, part] {
        TransactionLogBuilder& builder = builders[part];
        builder.Reserve(estimated_lines, estimated_lines / 2,
                        estimated_lines / 8);
        std::string_view field[9];
        int64_t position = 0;
        for (size_t pos = header_end; pos < size; ++position) {
          size_t end = text.find('\n', pos);
          if (end == std::string_view::npos) end = size;
          std::string_view line = text.substr(pos, end - pos);
          pos = end + 1;
          if (PartitionOfCustomer(line.substr(0, line.find(',')), partitions) !=
              part) {
            continue;
          }
          for (int column = 0; column < 9; ++column) {
            const size_t comma = line.find(',');
            field[column] = line.substr(0, comma);
            line.remove_prefix(comma == std::string_view::npos ? line.size()
                                                               : comma + 1);
          }
          OrderLine row{
              .customer_key = field[0],
              .order_key = field[2],
              .product_key = field[3],
              .channel = field[5],
              .branch = field[6],
              .category = {},
              .at = static_cast<vafa::UnixSeconds>(IsoDay(field[1])) * 86400,
              .quantity = 1,
              .amount_minor = Digits(field[4]),
              .discount_minor = Digits(field[7]),
              .cost_minor = Digits(field[8]),
              .has_cost = !field[8].empty()};
          if (vafa::Status status = builder.AddAt(row, position);
              !status.ok()) {
            statuses[part] = status;
            return;
          }
        }
      });
    }
  }
  for (const vafa::Status& status : statuses) {
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      return 1;
    }
  }
  const double parse_seconds = stage.Lap();
  TransactionLog log = MergeTransactionLogs(builders, threads);
  const double finish_seconds = stage.Lap();
  munmap(mapped, size);
  close(fd);

  CustomerSummary summary = SummarizeCustomers(log, as_of, threads);
  const double summary_seconds = stage.Lap();
  RfmScores rfm = ScoreRfm(summary);
  const double rfm_seconds = stage.Lap();
  KeyCustomers key = AnalyzeKeyCustomers(summary);
  auto profitability = AnalyzeProfitability(summary, {}, {});
  const double pareto_seconds = stage.Lap();
  RetentionKpis kpis =
      ComputeRetentionKpis(log, as_of, Calendar::kGregorian, threads);
  CohortTable cohorts =
      ComputeCohorts(log, as_of, Calendar::kGregorian, threads);
  const double kpi_seconds = stage.Lap();
  const double total_seconds = total.Lap();

  int64_t scored = 0, checksum = 0;
  for (size_t c = 0; c < rfm.segment.size(); ++c) {
    if (rfm.segment[c] == RfmSegment::kNone) continue;
    ++scored;
    checksum += rfm.recency[c] * 100 + rfm.frequency[c] * 10 + rfm.monetary[c];
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "vafa_analyze seconds=%.3f load=%.3f sort=%.3f summary=%.3f rfm=%.3f "
      "pareto+profit=%.3f kpi+cohorts=%.3f customers=%" PRId64
      " checksum=%" PRId64 "\n",
      total_seconds, parse_seconds, finish_seconds, summary_seconds,
      rfm_seconds, pareto_seconds, kpi_seconds, scored, checksum);
  std::printf("lines=%" PRId64 " orders=%" PRId64
              " column_bytes_per_line=%.2f "
              "peak_rss_mib=%ld months=%zu cohorts=%zu profit_ok=%d\n",
              log.line_count(), log.order_count(),
              static_cast<double>(log.ColumnBytes()) /
                  static_cast<double>(log.line_count()),
              usage.ru_maxrss / 1024, kpis.size(), cohorts.size.size(),
              profitability.ok() ? 1 : 0);
  std::printf("%s\n", ParetoSentence(key.revenue).c_str());
  return 0;
}
