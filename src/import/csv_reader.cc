#include "import/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/persian_text.h"

namespace vafa::import {

CsvReader::CsvReader(std::string name, CsvOptions options, int fd)
    : name_(std::move(name)), options_(options), fd_(fd) {}

CsvReader::~CsvReader() {
  if (fd_ > 0) ::close(fd_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   CsvOptions options) {
  int fd = 0;
  std::string name = path;
  if (path == "-") {
    name = "<stdin>";
  } else {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Status::Invalid(path + ": cannot open: " + std::strerror(errno));
    }
  }
  return std::unique_ptr<CsvReader>(new CsvReader(name, options, fd));
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data,
                                                 std::string name,
                                                 CsvOptions options) {
  std::unique_ptr<CsvReader> reader(
      new CsvReader(std::move(name), options, -1));
  reader->bytes_read_ = static_cast<int64_t>(data.size());
  reader->buffer_ = std::move(data);
  reader->eof_ = true;
  return reader;
}

Status CsvReader::ErrorAt(int64_t line, std::string message) const {
  return Status::Invalid(name_ + ":" + std::to_string(line) + ": " +
                         std::move(message));
}

Result<bool> CsvReader::Fill() {
  if (eof_) return false;
  // Keep the unread part; grow the buffer when one record fills it.
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old_size = buffer_.size();
  size_t want = std::max(options_.block_bytes, old_size);
  buffer_.resize(old_size + want);
  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data() + old_size, want);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    buffer_.resize(old_size);
    return Status::Invalid(name_ + ": read error: " + std::strerror(errno));
  }
  buffer_.resize(old_size + static_cast<size_t>(n));
  bytes_read_ += n;
  if (n == 0) eof_ = true;
  return n > 0;
}

// Parses one record starting at pos_. On kRecord, `end` is the offset just
// past it (its line break included) and spans_ holds its fields.
CsvReader::Parse CsvReader::ParseRecord(size_t& end, Status& error) {
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  const char delimiter = options_.delimiter;
  spans_.clear();
  scratch_.clear();
  size_t i = pos_;
  int64_t line = next_line_;  // advances over quoted line breaks
  while (true) {
    const size_t column = spans_.size() + 1;
    if (i < size && data[i] == '"') {
      const int64_t quote_line = line;
      size_t start = scratch_.size();
      size_t j = i + 1;
      while (true) {
        const void* found =
            j < size ? std::memchr(data + j, '"', size - j) : nullptr;
        if (found == nullptr) {
          if (!eof_) return Parse::kNeedMore;
          error = ErrorAt(quote_line, "unterminated quoted field");
          return Parse::kError;
        }
        size_t q = static_cast<const char*>(found) - data;
        line += std::count(data + j, data + q, '\n');
        scratch_.append(data + j, q - j);
        if (q + 1 >= size && !eof_) return Parse::kNeedMore;
        if (q + 1 < size && data[q + 1] == '"') {
          scratch_ += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < size && data[i] != delimiter && data[i] != '\n' &&
          data[i] != '\r') {
        error = ErrorAt(line, "column " + std::to_string(column) +
                                  ": text after the closing quote");
        return Parse::kError;
      }
      spans_.push_back({start, scratch_.size() - start, true});
    } else {
      size_t start = i;
      while (i < size && data[i] != delimiter && data[i] != '\n' &&
             data[i] != '\r') {
        ++i;
      }
      if (i >= size && !eof_) return Parse::kNeedMore;
      spans_.push_back({start, i - start, false});
    }
    if (spans_.back().size > options_.max_field_bytes) {
      error =
          ErrorAt(next_line_,
                  "column " + std::to_string(column) + ": field longer than " +
                      std::to_string(options_.max_field_bytes) + " bytes");
      return Parse::kError;
    }
    if (i >= size) {
      end = i;
      return Parse::kRecord;
    }
    if (data[i] == delimiter) {
      ++i;
      continue;
    }
    if (data[i] == '\r') {
      if (i + 1 >= size && !eof_) return Parse::kNeedMore;
      ++i;
      if (i < size && data[i] == '\n') ++i;
    } else {
      ++i;  // '\n'
    }
    end = i;
    return Parse::kRecord;
  }
}

Result<bool> CsvReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (!started_) {
    started_ = true;
    while (buffer_.size() < 3 && !eof_) {
      VAFA_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) break;
    }
    if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
  }
  while (true) {
    if (pos_ >= buffer_.size()) {
      if (eof_) return false;
      VAFA_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more && pos_ >= buffer_.size()) return false;
      continue;
    }
    size_t end = 0;
    Status error;
    Parse result = ParseRecord(end, error);
    if (result == Parse::kError) return error;
    if (result == Parse::kNeedMore) {
      if (buffer_.size() - pos_ > options_.max_record_bytes) {
        return ErrorAt(next_line_,
                       "record longer than " +
                           std::to_string(options_.max_record_bytes) +
                           " bytes");
      }
      VAFA_ASSIGN_OR_RETURN(bool more, Fill());
      (void)more;
      continue;
    }
    if (end - pos_ > options_.max_record_bytes) {
      return ErrorAt(next_line_, "record longer than " +
                                     std::to_string(options_.max_record_bytes) +
                                     " bytes");
    }
    line_ = next_line_;
    std::string_view raw(buffer_.data() + pos_, end - pos_);
    next_line_ += std::count(raw.begin(), raw.end(), '\n');
    if (!raw.empty() && raw.back() != '\n' && raw.back() == '\r') ++next_line_;
    pos_ = end;
    // A blank line is one empty unquoted field.
    if (spans_.size() == 1 && spans_[0].size == 0 && !spans_[0].in_scratch) {
      continue;
    }
    ++records_;
    bool ascii = true;
    for (char c : raw) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    }
    fields.reserve(spans_.size());
    for (size_t k = 0; k < spans_.size(); ++k) {
      const FieldSpan& span = spans_[k];
      std::string_view field(
          (span.in_scratch ? scratch_.data() : buffer_.data()) + span.offset,
          span.size);
      if (!ascii && !IsValidUtf8(field)) {
        return ErrorAt(line_,
                       "column " + std::to_string(k + 1) + ": invalid UTF-8");
      }
      fields.push_back(field);
    }
    return true;
  }
}

char DetectDelimiter(std::string_view first_line) {
  const char candidates[] = {',', ';', '\t', '|'};
  size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : first_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (int k = 0; k < 4; ++k) {
      if (c == candidates[k]) ++counts[k];
    }
  }
  int best = 0;
  for (int k = 1; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return candidates[best];
}

}  // namespace vafa::import
