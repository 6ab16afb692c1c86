#include "pipeline/internal/parallel_transaction_csv.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
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
#include "import/plain_transaction_record.h"
#include "import/transaction_row.h"
#include "pipeline/internal/amount_bound.h"
#include "pipeline/internal/csv_record_scanner.h"
#include "pipeline/internal/mapped_file.h"

namespace vafa::pipeline {
using analytics::HashKey;
using analytics::MergeTransactionLogs;
using analytics::OrderLine;
using analytics::PartitionOfCustomer;
using analytics::TransactionLog;
using analytics::TransactionLogBuilder;

namespace {

// Whether no byte has its high bit set, read 8 bytes at a time.
bool IsAscii(std::string_view text) {
  const char* bytes = text.data();
  size_t left = text.size();
  uint64_t seen = 0;
  for (; left >= 8; left -= 8, bytes += 8) {
    uint64_t word;
    std::memcpy(&word, bytes, sizeof(word));
    seen |= word;
  }
  for (; left > 0; --left, ++bytes) seen |= static_cast<unsigned char>(*bytes);
  return (seen & 0x8080808080808080ull) == 0;
}

// What every thread shares: the mapped text, where the lines start and how
// the header's columns map to the transaction fields.
struct SharedInput {
  std::string_view text;
  size_t lines_begin = 0;
  char delimiter = ',';
  const import::ImportSource* source = nullptr;
  // The import's defaults for the currency (as the serial loader reads),
  // made once rather than per line.
  import::TransactionFormat format;
  int threads = 1;
  int partitions = 1;           // customer shares: one builder each
  int64_t estimated_lines = 0;  // in the whole file
  // Whether the sort by share keeps hash bits beside each record's offset
  // (SortedRecord): a text under 2^40 bytes.
  bool hash_bits = false;
};

// A record in the sort by share: its offset, and when SharedInput::hash_bits
// the low 24 bits of its customer's hash above the offset's 40 bits, so the
// parser can fetch the customer's dictionary slot before it needs it.
constexpr int kOffsetBits = 40;
constexpr uint64_t kOffsetMask = (uint64_t{1} << kOffsetBits) - 1;

uint64_t SortedRecord(const SharedInput& in, size_t offset, uint64_t hash) {
  return in.hash_bits ? offset | hash << kOffsetBits : offset;
}
size_t OffsetOfSorted(const SharedInput& in, uint64_t sorted) {
  return in.hash_bits ? sorted & kOffsetMask : sorted;
}
uint64_t HashBitsOfSorted(const SharedInput& in, uint64_t sorted) {
  return in.hash_bits ? sorted >> kOffsetBits : 0;
}

// What the serial loader computes besides the log, over one thread's
// share of the lines.
struct Share {
  AmountBound bound;
  DayNumber last_day = 0;
  // The hash of each order id where it starts a run of the share's lines;
  // once the share is read, grouped by their top byte (CutOrderHashes).
  std::vector<uint64_t> order_hashes;
  std::array<size_t, 257> cut_begin{};  // per top byte, where its run starts
  bool failed = false;
};

// The hash of a record's customer cell read as the parser reads it
// (unprotected, trimmed), whose remainder by the partition count is the
// record's partition (PartitionOfCustomer); 0 when the record has no such
// cell (its field count is then wrong, and partition 0 finds that).
uint64_t CustomerHashOfRecord(const CsvRecordScanner& scanner,
                              const SharedInput& in, int customer_column) {
  std::string_view key;
  if (customer_column < 0 || !scanner.Field(customer_column, key)) return 0;
  if (in.source->unprotect_cells) key = UnprotectCsvText(key);
  return HashKey(TrimBlanks(key));
}

int PartitionOfHash(uint64_t hash, int partitions) {
  return static_cast<int>(hash % static_cast<uint64_t>(partitions));
}

int PartitionOfRecord(const CsvRecordScanner& scanner, const SharedInput& in,
                      int customer_column) {
  return PartitionOfHash(CustomerHashOfRecord(scanner, in, customer_column),
                         in.partitions);
}

// One thread's state while it parses records into one part.
struct RecordParser {
  explicit RecordParser(const SharedInput& input)
      : in(input),
        columns(input.source->columns),
        customer_column(columns.column(import::kTxCustomer)),
        plain(columns, input.format) {}

  // Parses the scanner's current record into `builder` and `share`; false
  // at the first record the serial loader would not take as it is.
  bool Take(const CsvRecordScanner& scanner, int part,
            TransactionLogBuilder& builder, Share& share) {
    if (!scanner.Fields(fields)) return false;
    const std::string_view record = scanner.record();
    if (!IsAscii(record) && !IsValidUtf8(record)) return false;
    if (in.source->unprotect_cells) {
      // Only a cell that begins with an apostrophe can change.
      for (std::string_view& field : fields) {
        if (!field.empty() && field.front() == '\'') {
          field = UnprotectCsvText(field);
        }
      }
    }
    const auto position = static_cast<int64_t>(scanner.record_begin());
    if (fields.size() != in.source->header_fields) return false;
    // Most records are plain; any other goes through the import's parser,
    // which reads it the same way or refuses it.
    if ((!plain.Read(fields, row) &&
         !import::ParseTransactionRecord(columns, fields, in.format, position,
                                         row, errors)) ||
        PartitionOfCustomer(row.customer_key, in.partitions) != part) {
      return false;
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
      return false;
    }
    share.last_day = std::max(share.last_day, DayOf(row.at));
    // An order id may belong to one customer only; each builder checks its
    // own customers, the hashes let the merge check across partitions. The
    // next lines of an order repeat its id: only a new id is hashed (the
    // builder compared it with the line before).
    if (builder.continued_order() && !share.order_hashes.empty()) return true;
    const uint64_t order_hash = HashKey(row.order_key);
    if (order_hash != last_order_hash || share.order_hashes.empty()) {
      share.order_hashes.push_back(order_hash);
      last_order_hash = order_hash;
    }
    return true;
  }

  const SharedInput& in;
  const import::ColumnMap& columns;
  const int customer_column;
  import::PlainTransactionReader plain;
  std::vector<std::string_view> fields;
  import::TransactionRow row;
  import::ImportErrors errors;
  uint64_t last_order_hash = 0;
};

// The order hashes grouped by their top byte, in place (one pass of an
// MSD radix sort), so that SharesAnOrder can gather each cut from every
// share.
constexpr int kCutShift = 56;
void CutOrderHashes(Share& share) {
  std::vector<uint64_t>& hashes = share.order_hashes;
  std::array<size_t, 257>& begin = share.cut_begin;
  begin.fill(0);
  for (uint64_t hash : hashes) ++begin[(hash >> kCutShift) + 1];
  for (size_t cut = 1; cut < begin.size(); ++cut) begin[cut] += begin[cut - 1];
  std::array<size_t, 256> next;
  std::copy(begin.begin(), begin.end() - 1, next.begin());
  for (size_t cut = 0; cut < 256; ++cut) {
    while (next[cut] < begin[cut + 1]) {
      uint64_t hash = hashes[next[cut]];
      size_t home = hash >> kCutShift;
      while (home != cut) {
        std::swap(hash, hashes[next[home]++]);
        home = hash >> kCutShift;
      }
      hashes[next[cut]++] = hash;
    }
  }
}

// Reads the lines of partition `part` into `share`, walking every record of
// the file; stops at the first line the serial loader would not take as it
// is (share.failed), or when another thread failed.
void ReadShare(const SharedInput& in, int part, TransactionLogBuilder& builder,
               Share& share, std::atomic<bool>& stop) {
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(in.text, in.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  scanner.Seek(in.lines_begin);
  const int64_t lines = in.estimated_lines / in.partitions + 1;
  builder.Reserve(lines, lines / 2, lines / 8);
  RecordParser parser(in);
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
    if (PartitionOfRecord(scanner, in, parser.customer_column) != part) {
      continue;
    }
    if (!parser.Take(scanner, part, builder, share)) return fail();
  }
  CutOrderHashes(share);
}

// What the order id hashes say, checked cut by cut (every share's hashes
// of one top byte, sorted with their share) on every thread: `repeats`
// when some hash starts two runs of lines in one share (an order whose
// lines are not adjacent there, or two ids with one hash), `shared` when
// one occurs in two shares (an order of customers of two shares, or,
// rarely, two ids with one hash: either way the serial loader decides).
struct OrderCheck {
  bool repeats = false;
  bool shared = false;
};
OrderCheck CheckOrderHashes(std::vector<Share>& shares, int threads) {
  std::atomic<int> next_cut = 0;
  std::atomic<bool> repeats = false;
  std::atomic<bool> shared = false;
  struct Seen {
    uint64_t hash;
    uint32_t share;
    auto operator<=>(const Seen&) const = default;
  };
  auto check_cuts = [&] {
    std::vector<Seen> cut;
    for (int at = next_cut++; at < 256 && !shared; at = next_cut++) {
      cut.clear();
      for (size_t share = 0; share < shares.size(); ++share) {
        const Share& from = shares[share];
        for (size_t i = from.cut_begin[at]; i < from.cut_begin[at + 1]; ++i) {
          cut.push_back({from.order_hashes[i], static_cast<uint32_t>(share)});
        }
      }
      std::sort(cut.begin(), cut.end());
      for (size_t i = 1; i < cut.size(); ++i) {
        if (cut[i].hash != cut[i - 1].hash) continue;
        if (cut[i].share == cut[i - 1].share) {
          repeats = true;
        } else {
          shared = true;
        }
      }
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int thread = 1; thread < threads; ++thread) {
      workers.emplace_back(check_cuts);
    }
    check_cuts();
  }
  for (Share& share : shares) std::vector<uint64_t>().swap(share.order_hashes);
  return {.repeats = repeats, .shared = shared};
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

// Where each thread's range of records begins, the text's end last: an
// even cut moved to just after the next line break.
std::vector<size_t> RangeStarts(const SharedInput& in) {
  std::vector<size_t> starts{in.lines_begin};
  const size_t length = in.text.size() - in.lines_begin;
  for (int thread = 1; thread < in.threads; ++thread) {
    const size_t cut =
        std::max(starts.back(), in.lines_begin + length / in.threads * thread);
    const size_t line_break = in.text.find('\n', cut);
    starts.push_back(line_break == std::string_view::npos ? in.text.size()
                                                          : line_break + 1);
  }
  starts.push_back(in.text.size());
  return starts;
}

// Per customer share, where its records begin (in file order).
using ShareOffsets = std::vector<std::vector<uint64_t>>;

// Sorts the records of [begin, end) by customer share; false when one is
// unreadable or another thread failed.
bool SortRange(const SharedInput& in, size_t begin, size_t end,
               ShareOffsets& offsets, std::atomic<bool>& stop) {
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(in.text, in.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  scanner.Seek(begin);
  const int customer_column = in.source->columns.column(import::kTxCustomer);
  offsets.assign(in.partitions, {});
  for (auto& share : offsets) {
    share.reserve(in.estimated_lines / in.threads / in.partitions + 16);
  }
  int64_t records = 0;
  while (true) {
    const CsvRecordScanner::Step step = scanner.Next();
    if (step == CsvRecordScanner::Step::kEnd) break;
    if (step == CsvRecordScanner::Step::kUnreadable) return false;
    if (scanner.record_begin() >= end) break;
    if ((++records & 0xFFFF) == 0 && stop) return false;
    const uint64_t hash = CustomerHashOfRecord(scanner, in, customer_column);
    offsets[PartitionOfHash(hash, in.partitions)].push_back(
        SortedRecord(in, scanner.record_begin(), hash));
  }
  return true;
}

// Parses share `part`'s records, found by every thread's SortRange, into
// its builder.
void BuildShare(const SharedInput& in, int part,
                const std::vector<ShareOffsets>& by_range,
                TransactionLogBuilder& builder, Share& share,
                std::atomic<bool>& stop) {
  int64_t lines = 0;
  for (const ShareOffsets& offsets : by_range) lines += offsets[part].size();
  builder.Reserve(lines, lines / 2 + 1, lines / 8 + 1);
  share.order_hashes.reserve(lines / 2 + 1);
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(in.text, in.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  RecordParser parser(in);
  // The records of a share lie apart in the file, and its customers apart
  // in a dictionary larger than the cache: both are fetched a few records
  // ahead.
  constexpr size_t kAhead = 8;
  const char* text = in.text.data();
  for (const ShareOffsets& offsets : by_range) {
    const std::vector<uint64_t>& records = offsets[part];
    for (size_t at = 0; at < records.size(); ++at) {
      if (at + kAhead < records.size()) {
        const uint64_t ahead = records[at + kAhead];
        const char* bytes = text + OffsetOfSorted(in, ahead);
        __builtin_prefetch(bytes);
        __builtin_prefetch(bytes + 64);
        builder.PrefetchCustomer(HashBitsOfSorted(in, ahead));
      }
      scanner.Seek(OffsetOfSorted(in, records[at]));
      if (scanner.Next() != CsvRecordScanner::Step::kRecord ||
          !parser.Take(scanner, part, builder, share)) {
        share.failed = true;
        stop = true;
        return;
      }
    }
    if (stop) return;
  }
  CutOrderHashes(share);
}

enum class RangeRead { kRead, kUnreadable, kQuoted };

// A file without quotes: each thread sorts its range of lines into the
// customer shares, then the threads parse the shares, several per thread,
// so each builder's dictionaries stay small enough for the caches. Only
// when the lines hold no quote does every line break end a record; each
// thread looks for one in its range first, and kQuoted says one was found
// (then nothing was parsed).
RangeRead ReadByRanges(const SharedInput& in,
                       std::vector<TransactionLogBuilder>& builders,
                       std::vector<Share>& shares) {
  const std::vector<size_t> starts = RangeStarts(in);
  std::vector<ShareOffsets> by_range(in.threads);
  std::atomic<bool> stop = false;
  std::atomic<bool> unreadable = false;
  std::atomic<bool> quoted = false;
  {
    std::vector<std::jthread> workers;
    for (int thread = 0; thread < in.threads; ++thread) {
      workers.emplace_back([&, thread] {
        const std::string_view range =
            in.text.substr(starts[thread], starts[thread + 1] - starts[thread]);
        if (range.find('"') != std::string_view::npos) {
          quoted = true;
          stop = true;
        } else if (!SortRange(in, starts[thread], starts[thread + 1],
                              by_range[thread], stop)) {
          unreadable = true;
          stop = true;
        }
      });
    }
  }
  if (quoted) return RangeRead::kQuoted;
  if (unreadable) return RangeRead::kUnreadable;
  std::atomic<int> next_part = 0;
  {
    std::vector<std::jthread> workers;
    for (int thread = 0; thread < in.threads; ++thread) {
      workers.emplace_back([&] {
        for (int part = next_part++; part < in.partitions; part = next_part++) {
          BuildShare(in, part, by_range, builders[part], shares[part], stop);
        }
      });
    }
  }
  return RangeRead::kRead;
}

// Every thread walks the whole file and parses the records of its own
// customer share (records may hold quoted line breaks, so the file cannot
// be cut at an arbitrary line break).
void ReadByWalking(const SharedInput& in,
                   std::vector<TransactionLogBuilder>& builders,
                   std::vector<Share>& shares) {
  std::atomic<bool> stop = false;
  std::vector<std::jthread> workers;
  for (int part = 0; part < in.partitions; ++part) {
    workers.emplace_back(
        [&, part] { ReadShare(in, part, builders[part], shares[part], stop); });
  }
}

// The merged log, or an empty reason; else why the serial loader must read.
// With kAdjacentLines (used for a file without quotes only), `redo` is set,
// and nothing else, when some order's lines are not adjacent in its share.
// `lookup` is left as the one used.
std::string ReadInParallel(SharedInput in, analytics::OrderLookup& lookup,
                           LoadedLog& loaded, bool& redo) {
  in.partitions = in.threads * 8;
  std::vector<TransactionLogBuilder> builders(in.partitions,
                                              TransactionLogBuilder(lookup));
  std::vector<Share> shares(in.partitions);
  const RangeRead read = ReadByRanges(in, builders, shares);
  if (read == RangeRead::kUnreadable) return "an unreadable line";
  if (read == RangeRead::kQuoted) {
    in.partitions = in.threads;
    lookup = analytics::OrderLookup::kDictionary;
    builders.assign(in.partitions, TransactionLogBuilder(lookup));
    shares.assign(in.partitions, Share{});
    ReadByWalking(in, builders, shares);
  }
  AmountBound bound;
  for (const Share& share : shares) {
    if (share.failed)
      return "a line the reader or parser does not take as it is";
    if (!bound.Merge(share.bound)) return "amounts past 64 bits";
    loaded.last_day = std::max(loaded.last_day, share.last_day);
  }
  const OrderCheck orders = CheckOrderHashes(shares, in.threads);
  // In a dictionary of order ids an order's lines may be apart.
  if (orders.repeats && lookup != analytics::OrderLookup::kDictionary) {
    redo = true;
    return {};
  }
  if (orders.shared) return "an order id in two customers' shares";
  shares.clear();
  loaded.log = MergeTransactionLogs(builders, in.threads);
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
  in.format.amount = *format;
  in.threads = partitions;
  in.estimated_lines = EstimatedLines(in.text, in.lines_begin);
  in.hash_bits = in.text.size() <= kOffsetMask;
  LoadedLog loaded;
  loaded.currency = format->unit.iso;
  loaded.minor_digits = format->minor_digits;
  // Most files keep the lines of an order together: read them without a
  // dictionary of order ids first, and with one when that does not hold.
  bool redo = false;
  auto lookup = analytics::OrderLookup::kAdjacentLines;
  std::string reason = ReadInParallel(in, lookup, loaded, redo);
  if (redo) {
    loaded.last_day = 0;
    lookup = analytics::OrderLookup::kDictionary;
    reason = ReadInParallel(in, lookup, loaded, redo);
  }
  out.order_dictionary = lookup == analytics::OrderLookup::kDictionary;
  if (!reason.empty()) return serially(std::move(reason));
  out.loaded = std::move(loaded);
  return out;
}

}  // namespace vafa::pipeline
