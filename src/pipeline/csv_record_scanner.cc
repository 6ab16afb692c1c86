#include "pipeline/internal/csv_record_scanner.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vafa::pipeline {
namespace {

// The offset of the first `c` in text[from, to), or `to`.
size_t Find(std::string_view text, char c, size_t from, size_t to) {
  const void* found = std::memchr(text.data() + from, c, to - from);
  return found == nullptr ? to
                          : static_cast<size_t>(
                                static_cast<const char*>(found) - text.data());
}

// The offset of the first line feed, carriage return or quote in
// text[from, to), or `to`: one pass instead of three memchr calls, which
// for records of a few dozen bytes cost more in calls than in scanning.
size_t FindLineEndOrQuote(std::string_view text, size_t from, size_t to) {
  const char* data = text.data();
  size_t at = from;
#if defined(__SSE2__)
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  for (; at + 16 <= to; at += 16) {
    const __m128i block =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, line_feed),
                                  _mm_cmpeq_epi8(block, carriage_return)),
                     _mm_cmpeq_epi8(block, quote));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return at + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; at < to; ++at) {
    const char c = data[at];
    if (c == '\n' || c == '\r' || c == '"') return at;
  }
  return to;
}

}  // namespace

CsvRecordScanner::CsvRecordScanner(std::string_view text, char delimiter,
                                   size_t max_field_bytes,
                                   size_t max_record_bytes)
    : text_(text),
      delimiter_(delimiter),
      max_field_bytes_(max_field_bytes),
      max_record_bytes_(max_record_bytes) {}

CsvRecordScanner::Step CsvRecordScanner::Next() {
  const size_t size = text_.size();
  while (next_ < size) {
    begin_ = next_;
    // Most records hold no quote and no carriage return but a final CRLF:
    // the line is the record.
    const size_t special = FindLineEndOrQuote(text_, begin_, size);
    const bool crlf = special + 1 < size && text_[special] == '\r' &&
                      text_[special + 1] == '\n';
    if (special == size || text_[special] == '\n' || crlf) {
      const size_t content_end = special;
      const size_t newline = crlf ? special + 1 : special;
      end_ = newline < size ? newline + 1 : size;
      next_ = end_;
      if (end_ - begin_ > max_record_bytes_) return Step::kUnreadable;
      if (content_end == begin_) continue;  // a blank line
      plain_ = true;
      content_ = text_.substr(begin_, content_end - begin_);
      return Step::kRecord;
    }
    if (!ParseQuotedRecord()) return Step::kUnreadable;
    next_ = end_;
    if (end_ - begin_ > max_record_bytes_) return Step::kUnreadable;
    // A blank line is one empty unquoted field ("\r" alone, say).
    if (spans_.size() == 1 && spans_[0].size == 0 && !spans_[0].in_scratch) {
      continue;
    }
    plain_ = false;
    return Step::kRecord;
  }
  return Step::kEnd;
}

bool CsvRecordScanner::ParseQuotedRecord() {
  spans_.clear();
  scratch_.clear();
  const char* data = text_.data();
  const size_t size = text_.size();
  auto ends_field = [&](size_t at) {
    return data[at] == delimiter_ || data[at] == '\n' || data[at] == '\r';
  };
  size_t i = begin_;
  while (true) {
    if (i < size && data[i] == '"') {
      const size_t start = scratch_.size();
      size_t j = i + 1;
      while (true) {
        const size_t quote = Find(text_, '"', j, size);
        if (quote == size) return false;  // unterminated
        scratch_.append(data + j, quote - j);
        if (quote + 1 < size && data[quote + 1] == '"') {
          scratch_ += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (i < size && !ends_field(i)) return false;  // text after the quote
      spans_.push_back({start, scratch_.size() - start, true});
    } else {
      const size_t start = i;
      while (i < size && !ends_field(i)) ++i;
      spans_.push_back({start, i - start, false});
    }
    if (spans_.back().size > max_field_bytes_) return false;
    if (i >= size) break;
    if (data[i] == delimiter_) {
      ++i;
      continue;
    }
    if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n') ++i;
    ++i;
    break;
  }
  end_ = i;
  return true;
}

bool CsvRecordScanner::Field(size_t index, std::string_view& value) const {
  if (!plain_) {
    if (index >= spans_.size()) return false;
    const FieldSpan& span = spans_[index];
    value = std::string_view(
        (span.in_scratch ? scratch_.data() : text_.data()) + span.offset,
        span.size);
    return true;
  }
  size_t from = 0;
  for (size_t skipped = 0; skipped < index; ++skipped) {
    const size_t delimiter = Find(content_, delimiter_, from, content_.size());
    if (delimiter == content_.size()) return false;
    from = delimiter + 1;
  }
  value = content_.substr(
      from, Find(content_, delimiter_, from, content_.size()) - from);
  return true;
}

bool CsvRecordScanner::Fields(std::vector<std::string_view>& fields) const {
  fields.clear();
  if (!plain_) {
    for (size_t index = 0; index < spans_.size(); ++index) {
      fields.emplace_back();
      Field(index, fields.back());
    }
    return true;
  }
  // The delimiters found 16 bytes at a time, then field by field.
  const char* data = content_.data();
  const size_t size = content_.size();
  size_t from = 0;
  // Inlined: it runs for every field of every record.
  auto add_field = [&](size_t delimiter) __attribute__((always_inline)) {
    if (delimiter - from > max_field_bytes_) return false;
    fields.push_back(content_.substr(from, delimiter - from));
    from = delimiter + 1;
    return true;
  };
  size_t at = 0;
#if defined(__SSE2__)
  const __m128i wanted = _mm_set1_epi8(delimiter_);
  // The last block may read past the record (not past the text: the
  // bytes beyond are the line break and the next records), its mask cut
  // to the record's bytes.
  const char* const text_end = text_.data() + text_.size();
  for (; at < size && data + at + 16 <= text_end; at += 16) {
    const __m128i block =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    auto mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, wanted)));
    if (size - at < 16) mask &= (1u << (size - at)) - 1;
    while (mask != 0) {
      if (!add_field(at + static_cast<size_t>(__builtin_ctz(mask)))) {
        return false;
      }
      mask &= mask - 1;
    }
  }
#endif
  for (; at < size; ++at) {
    if (data[at] == delimiter_ && !add_field(at)) return false;
  }
  return add_field(size);
}

}  // namespace vafa::pipeline
