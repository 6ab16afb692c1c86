// Fuzzes CsvReader (import/csv_reader.h). The first byte picks the
// delimiter and a small block size; the rest is the file. The file is read
// twice, once from memory and once streamed from a file descriptor in small
// blocks (so records straddle refills), and both readings must give the same
// records, lines and error (or the record limit, streamed). Field and record
// limits are small so the limit paths run too.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "import/csv_reader.h"

namespace {

struct Reading {
  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
  std::string error;
};

Reading ReadAll(vafa::import::CsvReader& reader) {
  Reading out;
  std::vector<std::string_view> fields;
  for (int guard = 0; guard < 100000; ++guard) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      out.error = next.status().message();
      return out;
    }
    if (!*next) return out;
    out.records.emplace_back(fields.begin(), fields.end());
    out.lines.push_back(reader.line());
  }
  VAFA_FUZZ_CHECK(false, "the reader does not reach the end");
  return out;
}

// A file descriptor holding `bytes`, as a path CsvReader::Open can read.
int MemoryFile(std::string_view bytes) {
  int fd = memfd_create("fuzz.csv", MFD_CLOEXEC);
  VAFA_FUZZ_CHECK(fd >= 0, "memfd_create");
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    VAFA_FUZZ_CHECK(n > 0, "write");
    done += static_cast<size_t>(n);
  }
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  vafa::import::CsvOptions options;
  options.delimiter = kDelimiters[data[0] & 3];
  options.block_bytes = 1 + ((data[0] >> 2) & 15);
  options.max_field_bytes = 256;
  options.max_record_bytes = 1024;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  (void)vafa::import::DetectDelimiter(text.substr(0, text.find('\n')));

  auto in_memory = vafa::import::CsvReader::FromString(std::string(text),
                                                       "fuzz.csv", options);
  Reading whole = ReadAll(*in_memory);

  int fd = MemoryFile(text);
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  auto opened = vafa::import::CsvReader::Open(path, options);
  close(fd);
  VAFA_FUZZ_CHECK(opened.ok(), "opening the memory file");
  Reading streamed = ReadAll(**opened);
  // A file that opens with a UTF-16 byte-order mark is decoded when read
  // from a file; FromString reads UTF-8 only (its callers hold text vafa
  // wrote or a request's UTF-8 body), so the two readings need not agree.
  if (text.starts_with("\xFE\xFF") || text.starts_with("\xFF\xFE")) return 0;

  VAFA_FUZZ_CHECK(whole.records == streamed.records,
                  "streamed records differ from the in-memory reading");
  VAFA_FUZZ_CHECK(whole.lines == streamed.lines,
                  "streamed line numbers differ from the in-memory reading");
  // Error text names the file: compare what follows the name.
  VAFA_FUZZ_CHECK(whole.error.empty() == streamed.error.empty(),
                  "one reading failed and the other did not: " + whole.error +
                      " | " + streamed.error);
  // Streaming cannot see whether a quoted field that runs past the record
  // limit would have ended: there it stops at the limit, which reading from
  // memory may report as the unterminated field it is.
  const bool limit_first =
      streamed.error.find("record longer than") != std::string::npos;
  if (!whole.error.empty() && !limit_first) {
    VAFA_FUZZ_CHECK(whole.error.substr(std::string_view("fuzz.csv").size()) ==
                        streamed.error.substr(path.size()),
                    "the readings fail differently: " + whole.error + " | " +
                        streamed.error);
  }
  return 0;
}
