#include "import/csv_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/persian_text.h"
#include "import/text_encoding.h"

namespace vafa::import {

CsvReader::CsvReader(std::string name, CsvOptions options,
                     std::unique_ptr<ByteSource> source)
    : name_(std::move(name)),
      options_(std::move(options)),
      source_(std::move(source)) {}

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   CsvOptions options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  VAFA_ASSIGN_OR_RETURN(std::string encoding,
                        CanonicalEncodingName(options.encoding));
  VAFA_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> raw, OpenFileBytes(path));
  VAFA_ASSIGN_OR_RETURN(DecodedInput input,
                        DecodeToUtf8(std::move(raw), encoding, name));
  std::unique_ptr<CsvReader> reader(
      new CsvReader(name, std::move(options), std::move(input.bytes)));
  reader->encoding_ = std::move(input.encoding);
  reader->encoding_guess_ = std::move(input.guess_reason);
  reader->transcoded_ = !input.passes_through;
  return reader;
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data,
                                                 std::string name,
                                                 CsvOptions options) {
  std::unique_ptr<CsvReader> reader(
      new CsvReader(std::move(name), std::move(options), nullptr));
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
  Result<size_t> read = source_->Read(buffer_.data() + old_size, want);
  if (!read.ok()) {
    buffer_.resize(old_size);
    return read.status();
  }
  const size_t n = *read;
  buffer_.resize(old_size + static_cast<size_t>(n));
  bytes_read_ += static_cast<int64_t>(n);
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
      if (!ascii && !IsValidUtf8(field)) return InvalidUtf8(raw, k + 1);
      fields.push_back(field);
    }
    return true;
  }
}

// Names the first byte of `record` (a view into buffer_) that is not UTF-8
// by its line and its offset in the file.
Status CsvReader::InvalidUtf8(std::string_view record, size_t column) const {
  size_t bad = FirstInvalidUtf8(record);
  if (bad == std::string_view::npos) bad = 0;  // a quoted field's escapes
  const int64_t line =
      line_ + std::count(record.begin(), record.begin() + bad, '\n');
  std::string where = "column " + std::to_string(column) + ": invalid UTF-8";
  if (!transcoded_) {
    // buffer_ ends at byte bytes_read_ of the file.
    const int64_t offset =
        bytes_read_ - static_cast<int64_t>(buffer_.size()) +
        static_cast<int64_t>(record.data() - buffer_.data() + bad);
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02X",
                  static_cast<unsigned char>(record[bad]));
    where += " at byte offset " + std::to_string(offset) + " (" + hex + ")";
  }
  return ErrorAt(line, where + "; " + std::string(EncodingHint()));
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
