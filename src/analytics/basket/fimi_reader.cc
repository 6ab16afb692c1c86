#include "analytics/basket/fimi_reader.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <optional>
#include <unordered_map>

namespace vafa::analytics::basket {
namespace {

// Above this largest item number a lookup table would waste memory, so the
// renumbering falls back to a hash map.
constexpr int64_t kMaxTableLabel = int64_t{1} << 26;
// Larger numbers are rejected; this bound keeps label * 10 + 9 from
// overflowing.
constexpr int64_t kMaxLabel = 1'000'000'000'000'000;

bool IsFimiDigit(char c) { return static_cast<unsigned char>(c - '0') <= 9; }

bool IsFimiSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The token that starts at `start`: up to the next separator.
std::string_view FimiTokenAt(const char* start, const char* end) {
  const char* token_end = start;
  while (token_end < end && !IsFimiSeparator(*token_end)) ++token_end;
  return {start, static_cast<size_t>(token_end - start)};
}

Status BadToken(std::string_view source, int64_t line, std::string_view token) {
  return Status::Invalid(std::string(source) + ":" + std::to_string(line) +
                         ": \"" + std::string(token) +
                         "\" is not an item number");
}

// Renumbers labels to their rank among the distinct labels.
std::vector<int64_t> RenumberItems(const std::vector<int64_t>& raw,
                                   int64_t max_label,
                                   std::vector<int32_t>& items) {
  items.resize(raw.size());
  if (max_label < kMaxTableLabel &&
      max_label < 8 * static_cast<int64_t>(raw.size()) + 1024) {
    std::vector<int32_t> index(static_cast<size_t>(max_label) + 1, -1);
    for (const int64_t label : raw) index[label] = 0;
    std::vector<int64_t> labels;
    for (int64_t label = 0; label <= max_label; ++label) {
      if (index[label] == 0) {
        index[label] = static_cast<int32_t>(labels.size());
        labels.push_back(label);
      }
    }
    for (size_t idx = 0; idx < raw.size(); ++idx) items[idx] = index[raw[idx]];
    return labels;
  }
  std::vector<int64_t> labels = raw;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  std::unordered_map<int64_t, int32_t> index;
  index.reserve(labels.size());
  for (size_t idx = 0; idx < labels.size(); ++idx) {
    index.emplace(labels[idx], static_cast<int32_t>(idx));
  }
  for (size_t idx = 0; idx < raw.size(); ++idx) items[idx] = index[raw[idx]];
  return labels;
}

}  // namespace

Result<FimiBaskets> ParseFimi(std::string_view text, std::string_view source) {
  FimiBaskets result;
  Baskets& baskets = result.baskets;
  std::vector<int64_t> raw;
  raw.reserve(text.size() / 3);
  int64_t max_label = -1;
  int64_t line = 1;
  const char* pos = text.data();
  const char* const end = pos + text.size();
  while (pos < end) {
    const char c = *pos;
    if (IsFimiDigit(c)) {
      const char* start = pos;
      int64_t label = c - '0';
      ++pos;
      while (pos < end && IsFimiDigit(*pos) && label <= kMaxLabel) {
        label = label * 10 + (*pos - '0');
        ++pos;
      }
      if (label > kMaxLabel || (pos < end && !IsFimiSeparator(*pos))) {
        return BadToken(source, line, FimiTokenAt(start, end));
      }
      raw.push_back(label);
      max_label = std::max(max_label, label);
    } else if (c == '\n') {
      baskets.offsets.push_back(static_cast<int64_t>(raw.size()));
      ++line;
      ++pos;
    } else if (IsFimiSeparator(c)) {
      ++pos;
    } else {
      return BadToken(source, line, FimiTokenAt(pos, end));
    }
  }
  // The last line counts as a basket unless the text ended with its newline.
  if (!text.empty() && text.back() != '\n') {
    baskets.offsets.push_back(static_cast<int64_t>(raw.size()));
  }
  result.item_labels = RenumberItems(raw, max_label, baskets.items);
  baskets.num_items = static_cast<int32_t>(result.item_labels.size());
  return result;
}

Result<FimiBaskets> ReadFimi(std::istream& in, std::string_view source) {
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) {
    return Status::Unavailable(std::string(source) + ": read failed");
  }
  return ParseFimi(text, source);
}

// Parses a regular file through a read-only mapping of it: the parser reads
// the page cache's copy, so no buffer of the file's size is allocated,
// zeroed by the kernel and filled. Nullopt when the file cannot be mapped
// (a pipe, an empty file), for the caller to read it instead.
std::optional<Result<FimiBaskets>> ParseMappedFimi(int fd,
                                                   const std::string& path) {
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) {
    return std::nullopt;
  }
  const auto size = static_cast<size_t>(info.st_size);
  void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (mapped == MAP_FAILED) return std::nullopt;
  madvise(mapped, size, MADV_SEQUENTIAL);
  Result<FimiBaskets> parsed =
      ParseFimi(std::string_view(static_cast<const char*>(mapped), size), path);
  munmap(mapped, size);
  return parsed;
}

Result<FimiBaskets> ReadFimiFile(const std::string& path) {
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Status::NotFound(path + ": cannot open file");
  if (auto parsed = ParseMappedFimi(fileno(file.get()), path)) {
    return std::move(*parsed);
  }
  // Anything else (a pipe, an empty file) is read chunk by chunk.
  std::string text;
  char buffer[1 << 16];
  size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, got);
  }
  if (std::ferror(file.get())) {
    return Status::Unavailable(path + ": read failed");
  }
  return ParseFimi(text, path);
}

}  // namespace vafa::analytics::basket
