#include "pipeline/internal/parallel_csv_ranges.h"

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "core/csv_cell.h"
#include "core/persian_text.h"
#include "import/csv_reader.h"
#include "pipeline/internal/csv_record_scanner.h"
#include "pipeline/internal/mapped_file.h"

namespace vafa::pipeline {
namespace {

bool IsAsciiText(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The first byte at or after `at` that begins a line (after a '\n'), or the
// end of the text.
size_t LineStartFrom(std::string_view text, size_t at) {
  if (at == 0 || at >= text.size()) return std::min(at, text.size());
  const size_t newline = text.find('\n', at - 1);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

// Bytes read between two releases of the pages read.
constexpr size_t kReleaseReadBytes = size_t{64} << 20;

// Reads the records beginning in [begin, end); false at the first it
// cannot take, or when another range failed. The pages read are given back
// as it goes.
bool ReadRange(const MappedFile& file, size_t begin, size_t end, int range,
               const import::ImportSource& source, const TakeRecord& take,
               std::atomic<bool>& stop) {
  const std::string_view text = file.text();
  size_t released = begin;
  const import::CsvOptions limits{};
  CsvRecordScanner scanner(text, source.delimiter, limits.max_field_bytes,
                           limits.max_record_bytes);
  scanner.Seek(begin);
  std::vector<std::string_view> fields;
  int64_t records = 0;
  while (true) {
    const CsvRecordScanner::Step step = scanner.Next();
    if (step == CsvRecordScanner::Step::kEnd) return true;
    if (step == CsvRecordScanner::Step::kUnreadable) return false;
    if (scanner.record_begin() >= end) return true;
    if ((++records & 0xFFFF) == 0 && stop) return false;
    if (scanner.record_begin() - released >= kReleaseReadBytes) {
      file.Release(released, scanner.record_begin());
      released = scanner.record_begin();
    }
    const std::string_view record = scanner.record();
    if (!IsAsciiText(record) && !IsValidUtf8(record)) return false;
    if (!scanner.Fields(fields) || fields.size() != source.header_fields) {
      return false;
    }
    if (source.unprotect_cells) {
      for (std::string_view& field : fields) field = UnprotectCsvText(field);
    }
    if (!take(range, fields)) return false;
  }
}

}  // namespace

bool ReadCsvRangesInParallel(const std::string& path,
                             const import::ImportSource& source, int ranges,
                             const TakeRecord& take) {
  if (!source.reading.empty() || path == "-" ||
      import::ImportFormatOf(path) != import::ImportFormat::kCsv) {
    return false;
  }
  MappedFile file;
  if (!file.Open(path)) return false;
  const std::string_view text = file.text();
  if (std::memchr(text.data(), '"', text.size()) != nullptr) return false;
  // The header is the first line (no quotes: it holds no line break).
  const size_t lines_begin = LineStartFrom(text, 1);
  const size_t size = text.size() - lines_begin;
  ranges = std::max(ranges, 1);
  std::vector<size_t> starts(static_cast<size_t>(ranges) + 1, text.size());
  for (int r = 0; r < ranges; ++r) {
    starts[r] = LineStartFrom(text, lines_begin + size * r / ranges);
  }
  std::atomic<bool> stop{false};
  std::vector<char> ok(static_cast<size_t>(ranges), 0);
  auto run = [&](int r) {
    ok[r] = ReadRange(file, starts[r], starts[r + 1], r, source, take, stop);
    if (!ok[r]) stop = true;
  };
  std::vector<std::thread> threads;
  for (int r = 1; r < ranges; ++r) threads.emplace_back(run, r);
  run(0);
  for (std::thread& thread : threads) thread.join();
  for (char each : ok) {
    if (!each) return false;
  }
  return true;
}

}  // namespace vafa::pipeline
