#include "pipeline/parallel_transaction_csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

#include "analytics/key_dictionary.h"
#include "core/csv_cell.h"
#include "core/persian_text.h"
#include "core/trim.h"
#include "import/csv_reader.h"
#include "import/import_error.h"
#include "import/import_source.h"
#include "import/transaction_row.h"
#include "pipeline/amount_bound.h"
#include "pipeline/csv_record_scanner.h"

namespace vafa::pipeline {
using analytics::HashKey;
using analytics::MergeTransactionLogs;
using analytics::OrderLine;
using analytics::PartitionOfCustomer;
using analytics::TransactionLog;
using analytics::TransactionLogBuilder;

namespace {

// A file mapped read-only into memory for as long as this lives.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  // False when the file cannot be opened or mapped (an empty file cannot).
  bool Open(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      size_ = static_cast<size_t>(info.st_size);
      void* mapped = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        data_ = mapped;
        madvise(data_, size_, MADV_SEQUENTIAL);
      }
    }
    close(fd);
    return data_ != nullptr;
  }
  std::string_view text() const {
    return {static_cast<const char*>(data_), size_};
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// What every thread shares: the mapped text, where the lines start and how
// the header's columns map to the transaction fields.
struct SharedInput {
  std::string_view text;
  size_t lines_begin = 0;
  char delimiter = ',';
  const import::ImportSource* source = nullptr;
  import::AmountFormat format;
  int partitions = 1;
  int64_t estimated_lines = 0;  // in the whole file
};

// What the serial loader computes besides the log, over one thread's
// share of the lines.
struct Share {
  AmountBound bound;
  DayNumber last_day = 0;
  std::vector<uint64_t> order_hashes;  // sorted, distinct
  bool failed = false;
};

// The partition of a record, from its customer cell read as the parser
// reads it (unprotected, trimmed); 0 when the record has no such cell (its
// field count is then wrong, and partition 0 finds that).
int PartitionOfRecord(const CsvRecordScanner& scanner, const SharedInput& in,
                      int customer_column) {
  std::string_view key;
  if (customer_column < 0 || !scanner.Field(customer_column, key)) return 0;
  if (in.source->unprotect_cells) key = UnprotectCsvText(key);
  return PartitionOfCustomer(TrimBlanks(key), in.partitions);
}

// Reads the lines of partition `part` into `share`; stops at the first line
// the serial loader would not take as it is (share.failed), or when another
// thread failed.
void ReadShare(const SharedInput& in, int part, TransactionLogBuilder& builder,
               Share& share, std::atomic<bool>& stop) {
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(in.text, in.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  scanner.Seek(in.lines_begin);
  const int64_t lines = in.estimated_lines / in.partitions + 1;
  builder.Reserve(lines, lines / 2, lines / 8);
  const import::ColumnMap& columns = in.source->columns;
  const int customer_column = columns.column(import::kTxCustomer);
  std::vector<std::string_view> fields;
  import::TransactionRow row;
  import::ImportErrors errors;
  uint64_t last_order_hash = 0;
  auto fail = [&] {
    share.failed = true;
    stop = true;
  };
  int64_t records = 0;
  while (true) {
    const CsvRecordScanner::Step step = scanner.Next();
    if (step == CsvRecordScanner::Step::kEnd) break;
    if (step == CsvRecordScanner::Step::kUnreadable) return fail();
    if ((++records & 0xFFFF) == 0 && stop) return;
    if (PartitionOfRecord(scanner, in, customer_column) != part) continue;
    if (!scanner.Fields(fields)) return fail();
    const std::string_view record = scanner.record();
    if (!IsAscii(record) && !IsValidUtf8(record)) return fail();
    if (in.source->unprotect_cells) {
      for (std::string_view& field : fields) field = UnprotectCsvText(field);
    }
    const auto position = static_cast<int64_t>(scanner.record_begin());
    if (fields.size() != in.source->header_fields ||
        !import::ParseTransactionRecord(columns, fields, in.format, position,
                                        row, errors) ||
        PartitionOfCustomer(row.customer_key, in.partitions) != part) {
      return fail();
    }
    const OrderLine line{.customer_key = row.customer_key,
                         .order_key = row.order_key,
                         .product_key = row.product_key,
                         .channel = row.channel,
                         .branch = row.branch,
                         .category = row.category,
                         .at = row.at,
                         .quantity = row.quantity,
                         .amount_minor = row.amount_minor,
                         .discount_minor = row.discount_minor,
                         .cost_minor = row.cost_minor,
                         .has_cost = row.has_cost};
    if (!share.bound.AddLine(line) || !builder.AddAt(line, position).ok()) {
      return fail();
    }
    share.last_day = std::max(share.last_day, DayOf(row.at));
    // An order id may belong to one customer only; each builder checks its
    // own customers, the hashes let the merge check across partitions.
    const uint64_t order_hash = HashKey(row.order_key);
    if (order_hash != last_order_hash || share.order_hashes.empty()) {
      share.order_hashes.push_back(order_hash);
      last_order_hash = order_hash;
    }
  }
  std::sort(share.order_hashes.begin(), share.order_hashes.end());
  share.order_hashes.erase(
      std::unique(share.order_hashes.begin(), share.order_hashes.end()),
      share.order_hashes.end());
}

// Whether some order id hash occurs in two partitions (an order shared by
// customers of two partitions, or, rarely, two ids with one hash: either way
// the serial loader decides).
bool SharesAnOrder(std::vector<Share>& shares) {
  std::vector<uint64_t> all;
  for (Share& share : shares) {
    const auto middle = static_cast<std::ptrdiff_t>(all.size());
    all.insert(all.end(), share.order_hashes.begin(), share.order_hashes.end());
    std::vector<uint64_t>().swap(share.order_hashes);
    std::inplace_merge(all.begin(), all.begin() + middle, all.end());
  }
  return std::adjacent_find(all.begin(), all.end()) != all.end();
}

// The lines' count, from the length of the first lines: a hint for sizing.
int64_t EstimatedLines(std::string_view text, size_t lines_begin) {
  const size_t sample_end = std::min(text.size(), lines_begin + (1 << 16));
  const auto sample_lines =
      std::count(text.begin() + lines_begin, text.begin() + sample_end, '\n');
  return static_cast<int64_t>(text.size() - lines_begin) *
         std::max<int64_t>(sample_lines, 1) /
         static_cast<int64_t>(sample_end - lines_begin + 1);
}

// Where the lines after the header start, or 0 when the header the
// scanner reads is not the one the import's reader read.
size_t LinesBegin(std::string_view text, const import::ImportSource& source) {
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(text, source.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  if (text.starts_with("\xEF\xBB\xBF")) scanner.Seek(3);
  std::vector<std::string_view> header;
  if (scanner.Next() != CsvRecordScanner::Step::kRecord ||
      !scanner.Fields(header) ||
      !std::equal(header.begin(), header.end(), source.header.begin(),
                  source.header.end())) {
    return 0;
  }
  return scanner.offset();
}

// The merged log, or an empty reason; else why the serial loader must read.
std::string ReadInParallel(const SharedInput& in, LoadedLog& loaded) {
  std::vector<TransactionLogBuilder> builders(in.partitions);
  std::vector<Share> shares(in.partitions);
  std::atomic<bool> stop = false;
  {
    std::vector<std::jthread> workers;
    for (int part = 0; part < in.partitions; ++part) {
      workers.emplace_back([&, part] {
        ReadShare(in, part, builders[part], shares[part], stop);
      });
    }
  }
  AmountBound bound;
  for (const Share& share : shares) {
    if (share.failed)
      return "a line the reader or parser does not take as it is";
    if (!bound.Merge(share.bound)) return "amounts past 64 bits";
    loaded.last_day = std::max(loaded.last_day, share.last_day);
  }
  if (SharesAnOrder(shares)) return "an order id in two customers' shares";
  shares.clear();
  loaded.log = MergeTransactionLogs(builders, in.partitions);
  // The builders check their own codes' widths; the merged log must fit too.
  const TransactionLog& log = loaded.log;
  if (log.channel_names.size() >= 65535 || log.branch_names.size() >= 65535 ||
      log.line_count() >= std::numeric_limits<uint32_t>::max() - 1 ||
      log.order_count() >= std::numeric_limits<int32_t>::max() - 1 ||
      log.customer_count() >= std::numeric_limits<int32_t>::max() - 1) {
    return "more channels, branches, lines or orders than a log holds";
  }
  return {};
}

}  // namespace

ParallelCsvLoad LoadTransactionsCsvInParallel(const std::string& path,
                                              const std::string& currency,
                                              char delimiter, int partitions) {
  ParallelCsvLoad out;
  auto serially = [&](std::string reason) {
    out.fallback_reason = std::move(reason);
    out.loaded = LoadTransactionsCsvSerially(path, currency, delimiter);
    return std::move(out);
  };
  if (partitions < 2) return serially("one thread");
  if (path == "-" ||
      import::ImportFormatOf(path) != import::ImportFormat::kCsv) {
    return serially("not a CSV file");
  }
  auto format = import::AmountFormatFor(currency);
  if (!format.ok()) return serially("unknown currency");
  auto source = import::OpenImportSource(path, delimiter,
                                         import::TransactionFieldSpecs());
  if (!source.ok()) return serially("the header is not read");
  const auto* reader =
      dynamic_cast<const import::CsvReader*>(source->reader.get());
  if (reader == nullptr || reader->encoding() != "UTF-8") {
    return serially("not UTF-8");
  }
  MappedFile file;
  if (!file.Open(path)) return serially("not a regular file");
  SharedInput in;
  in.text = file.text();
  in.lines_begin = LinesBegin(in.text, *source);
  if (in.lines_begin == 0) return serially("the header reads differently");
  in.delimiter = source->delimiter;
  in.source = &*source;
  in.format = *format;
  in.partitions = partitions;
  in.estimated_lines = EstimatedLines(in.text, in.lines_begin);
  LoadedLog loaded;
  loaded.currency = format->unit.iso;
  loaded.minor_digits = format->minor_digits;
  std::string reason = ReadInParallel(in, loaded);
  if (!reason.empty()) return serially(std::move(reason));
  out.loaded = std::move(loaded);
  return out;
}

}  // namespace vafa::pipeline
