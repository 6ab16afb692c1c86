#include "import/text_encoding.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/utf8.h"

namespace vafa::import {
namespace {

constexpr size_t kHeadBytes = 64 << 10;
constexpr size_t kChunkBytes = 256 << 10;

std::string HexBytes(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : bytes) {
    if (!out.empty()) out += ' ';
    out += "0x";
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// UTF-8 as it is: the bytes read to look at first, then the file's own.
class PassThrough : public ByteSource {
 public:
  PassThrough(std::string head, std::unique_ptr<ByteSource> raw)
      : head_(std::move(head)), raw_(std::move(raw)) {}
  Result<size_t> Read(char* out, size_t capacity) override {
    if (head_pos_ < head_.size()) {
      const size_t n = std::min(capacity, head_.size() - head_pos_);
      std::memcpy(out, head_.data() + head_pos_, n);
      head_pos_ += n;
      return n;
    }
    return raw_->Read(out, capacity);
  }

 private:
  std::string head_;
  size_t head_pos_ = 0;
  std::unique_ptr<ByteSource> raw_;
};

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Result<Converter> OpenConverter(const std::string& encoding) {
  UErrorCode error = U_ZERO_ERROR;
  Converter converter(ucnv_open(encoding.c_str(), &error));
  if (U_FAILURE(error)) {
    return Status::Internal("ICU has no converter for " + encoding + ": " +
                            u_errorName(error));
  }
  return converter;
}

// Another encoding, converted to UTF-8 one block at a time: bytes to UTF-16
// (stopping at the first invalid sequence), then UTF-16 to UTF-8.
class Transcoder : public ByteSource {
 public:
  Transcoder(std::string head, size_t skipped, std::unique_ptr<ByteSource> raw,
             std::string name, std::string encoding, Converter from,
             Converter to)
      : raw_(std::move(raw)),
        name_(std::move(name)),
        encoding_(std::move(encoding)),
        from_(std::move(from)),
        to_(std::move(to)),
        in_(std::move(head)),
        in_pos_(skipped),
        single_byte_(ucnv_getMaxCharSize(from_.get()) == 1) {
    UErrorCode error = U_ZERO_ERROR;
    ucnv_setToUCallBack(from_.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                        nullptr, &error);
    ucnv_setFromUCallBack(to_.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr,
                          nullptr, nullptr, &error);
  }

  Result<size_t> Read(char* out, size_t capacity) override {
    while (out_pos_ == out_.size()) {
      if (done_) return size_t{0};
      VAFA_RETURN_IF_ERROR(ConvertBlock());
    }
    const size_t n = std::min(capacity, out_.size() - out_pos_);
    std::memcpy(out, out_.data() + out_pos_, n);
    out_pos_ += n;
    return n;
  }

 private:
  Status ConvertBlock() {
    if (in_pos_ == in_.size() && !raw_eof_) {
      in_offset_ += static_cast<int64_t>(in_.size());
      in_.resize(kChunkBytes);
      VAFA_ASSIGN_OR_RETURN(size_t n, raw_->Read(in_.data(), in_.size()));
      in_.resize(n);
      in_pos_ = 0;
      if (n == 0) raw_eof_ = true;
    }
    const bool flush = raw_eof_;
    units_.resize(kChunkBytes);
    UChar* units_end = units_.data();
    const char* source = in_.data() + in_pos_;
    UErrorCode error = U_ZERO_ERROR;
    ucnv_toUnicode(from_.get(), &units_end, units_.data() + units_.size(),
                   &source, in_.data() + in_.size(), nullptr, flush, &error);
    const size_t block_start = in_pos_;
    int64_t newlines = 0;
    for (const UChar* unit = units_.data(); unit < units_end; ++unit) {
      // A single-byte encoding maps every byte, so a file in another one
      // reads without error; but no text has C1 control characters, which
      // is what a wrong choice makes of many bytes (Persian پ, 0x81, in
      // Windows-1252; Windows-1252's € in ISO-8859-1).
      if (single_byte_ && *unit >= 0x80 && *unit <= 0x9F) {
        const size_t at = static_cast<size_t>(unit - units_.data());
        return Status::Invalid(
            name_ + ":" + std::to_string(lines_ + newlines + 1) +
            ": byte offset " +
            std::to_string(in_offset_ +
                           static_cast<int64_t>(block_start + at)) +
            " (" + HexBytes(in_.substr(block_start + at, 1)) +
            "): not text in " + encoding_ +
            " (a control character); is the file in another encoding?");
      }
      if (*unit == u'\n') ++newlines;
    }
    if (U_FAILURE(error) && error != U_BUFFER_OVERFLOW_ERROR) {
      char bad[32];
      int8_t bad_size = sizeof(bad);
      UErrorCode ignored = U_ZERO_ERROR;
      ucnv_getInvalidChars(from_.get(), bad, &bad_size, &ignored);
      const int64_t offset =
          in_offset_ + (source - in_.data()) - std::max<int8_t>(bad_size, 0);
      return Status::Invalid(
          name_ + ":" + std::to_string(lines_ + newlines + 1) +
          ": byte offset " + std::to_string(offset) + " (" +
          HexBytes(std::string_view(bad, std::max<int8_t>(bad_size, 0))) +
          "): " +
          (error == U_TRUNCATED_CHAR_FOUND ? "cut short at the end, " : "") +
          "not valid " + encoding_);
    }
    const bool all_read = source == in_.data() + in_.size();
    in_pos_ = static_cast<size_t>(source - in_.data());
    lines_ += newlines;
    const bool last = flush && all_read && error != U_BUFFER_OVERFLOW_ERROR;
    out_.resize(static_cast<size_t>(units_end - units_.data()) * 3 + 8);
    char* target = out_.data();
    const UChar* units = units_.data();
    error = U_ZERO_ERROR;
    ucnv_fromUnicode(to_.get(), &target, out_.data() + out_.size(), &units,
                     units_end, nullptr, last, &error);
    if (U_FAILURE(error)) {
      return Status::Invalid(name_ + ":" + std::to_string(lines_ + 1) +
                             ": not valid " + encoding_ +
                             " (an unpaired surrogate)");
    }
    out_.resize(static_cast<size_t>(target - out_.data()));
    out_pos_ = 0;
    done_ = last;
    return Status::Ok();
  }

  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  std::string encoding_;
  Converter from_;
  Converter to_;
  std::string in_;  // a block of the file
  size_t in_pos_;
  bool single_byte_;
  int64_t in_offset_ = 0;  // the file offset of in_[0]
  bool raw_eof_ = false;
  std::vector<UChar> units_;
  std::string out_;  // converted, not yet read
  size_t out_pos_ = 0;
  int64_t lines_ = 0;  // line breaks converted so far
  bool done_ = false;
};

// The encoding a byte-order mark announces, and its length.
std::string_view BomEncoding(std::string_view head, size_t& length) {
  length = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    length = 3;
    return "UTF-8";
  }
  if (head.substr(0, 2) == "\xFF\xFE") {
    length = 2;
    return "UTF-16LE";
  }
  if (head.substr(0, 2) == "\xFE\xFF") {
    length = 2;
    return "UTF-16BE";
  }
  return "";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

}  // namespace

Result<std::string> CanonicalEncodingName(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower.empty()) return std::string();
  if (lower == "auto") return std::string("auto");
  if (lower == "utf-8" || lower == "utf8") return std::string("UTF-8");
  if (lower == "utf-16" || lower == "utf16") return std::string("UTF-16");
  if (lower == "utf-16le" || lower == "utf16le") return std::string("UTF-16LE");
  if (lower == "utf-16be" || lower == "utf16be") return std::string("UTF-16BE");
  if (lower == "windows-1256" || lower == "cp1256" || lower == "win1256") {
    return std::string("windows-1256");
  }
  if (lower == "windows-1252" || lower == "cp1252" || lower == "win1252") {
    return std::string("windows-1252");
  }
  if (lower == "latin1" || lower == "latin-1" || lower == "iso-8859-1" ||
      lower == "iso8859-1") {
    return std::string("ISO-8859-1");
  }
  return Status::Invalid(
      "unknown encoding \"" + std::string(name) +
      "\" (known: utf-8, utf-16, utf-16le, utf-16be, windows-1256, "
      "windows-1252, latin1, auto)");
}

size_t FirstInvalidUtf8(std::string_view text, bool complete) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t length = 0;
    if (utf8::Decode(text, pos, length) < 0) {
      if (!complete && text.size() - pos < 4) {
        // A lead byte whose sequence runs past the end may be whole later.
        const unsigned char lead = static_cast<unsigned char>(text[pos]);
        const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        bool continuing =
            lead >= 0xC2 && lead <= 0xF4 && text.size() - pos < need;
        for (size_t k = pos + 1; continuing && k < text.size(); ++k) {
          continuing = (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
        }
        if (continuing) return std::string_view::npos;
      }
      return pos;
    }
    pos += length;
  }
  return std::string_view::npos;
}

std::string GuessLegacyEncoding(std::string_view text, std::string& reason) {
  auto high = [&](size_t i) {
    return i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80;
  };
  auto letter = [&](size_t i) {
    if (i >= text.size()) return false;
    const char c = text[i];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  int64_t arabic = 0;
  int64_t latin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) continue;
    // پ چ ژ گ: Persian letters at bytes Windows-1252 leaves undefined.
    if (b == 0x81 || b == 0x8D || b == 0x8E || b == 0x90) {
      arabic += 4;
    } else if (high(i + 1) || (i > 0 && high(i - 1))) {
      ++arabic;
    } else if (letter(i + 1) || (i > 0 && letter(i - 1))) {
      ++latin;
    }
  }
  if (arabic > latin) {
    reason = "its bytes above 0x7F form words, as Arabic-script letters do";
    return "windows-1256";
  }
  reason = "its bytes above 0x7F sit among Latin letters";
  return "windows-1252";
}

std::string_view EncodingHint() {
  return "the file is not UTF-8: pass --encoding windows-1256 (Persian files "
         "from older Windows software), --encoding windows-1252 or latin1 "
         "(Western European), or --encoding auto to guess";
}

Result<DecodedInput> DecodeToUtf8(std::unique_ptr<ByteSource> raw,
                                  std::string_view requested,
                                  const std::string& name) {
  std::string head(kHeadBytes, '\0');
  size_t filled = 0;
  bool eof = false;
  while (filled < head.size()) {
    VAFA_ASSIGN_OR_RETURN(
        size_t n, raw->Read(head.data() + filled, head.size() - filled));
    if (n == 0) {
      eof = true;
      break;
    }
    filled += n;
  }
  head.resize(filled);
  size_t bom = 0;
  const std::string_view bom_encoding = BomEncoding(head, bom);
  DecodedInput input;
  std::string encoding(requested);
  if (encoding.empty() || encoding == "auto") {
    if (!bom_encoding.empty()) {
      encoding = bom_encoding;
    } else if (encoding.empty() ||
               FirstInvalidUtf8(head, eof) == std::string_view::npos) {
      encoding = "UTF-8";
    } else {
      encoding = GuessLegacyEncoding(head, input.guess_reason);
    }
  } else if (encoding == "UTF-16") {
    if (bom_encoding != "UTF-16LE" && bom_encoding != "UTF-16BE") {
      return Status::Invalid(name +
                             ": has no UTF-16 byte-order mark; pass "
                             "--encoding utf-16le or utf-16be");
    }
    encoding = bom_encoding;
  } else if (!bom_encoding.empty() && bom_encoding != encoding) {
    return Status::Invalid(
        name + ": begins with a " + std::string(bom_encoding) +
        " byte-order mark, but the encoding asked for is " + encoding);
  }
  input.encoding = encoding;
  if (encoding == "UTF-8") {
    // CsvReader skips a UTF-8 byte-order mark itself.
    input.passes_through = true;
    input.bytes =
        std::make_unique<PassThrough>(std::move(head), std::move(raw));
    return input;
  }
  VAFA_ASSIGN_OR_RETURN(Converter from, OpenConverter(encoding));
  VAFA_ASSIGN_OR_RETURN(Converter to, OpenConverter("UTF-8"));
  input.bytes = std::make_unique<Transcoder>(
      std::move(head), bom_encoding == encoding ? bom : 0, std::move(raw), name,
      encoding, std::move(from), std::move(to));
  return input;
}

}  // namespace vafa::import
