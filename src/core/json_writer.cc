#include "core/json_writer.h"

#include <charconv>

namespace vafa {
namespace {

// The escape of an ASCII byte that JSON (as nlohmann prints it) cannot
// carry as it is: a control character, a quote or a backslash.
void AppendEscape(std::string& out, unsigned char byte) {
  switch (byte) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      constexpr char kHex[] = "0123456789abcdef";
      const char escape[] = {
          '\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
      out.append(escape, sizeof escape);
    }
  }
}

bool NeedsEscape(unsigned char byte) {
  return byte < 0x20 || byte == '"' || byte == '\\';
}

// The bytes at text[at] that start with a byte of 0x80 or more: the length
// of the well-formed UTF-8 sequence there (Unicode Table 3-7: no overlongs,
// no surrogates, nothing above U+10FFFF), or 0 with `invalid` set to the
// bytes of its maximal invalid prefix (the lead byte and the continuation
// bytes that were still possible; at least one).
size_t SequenceAt(std::string_view text, size_t at, size_t& invalid) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    invalid = 1;
    return 0;
  }
  for (size_t k = 1; k < length; ++k) {
    const bool fits = at + k < text.size() &&
                      byte(at + k) >= (k == 1 ? low : 0x80) &&
                      byte(at + k) <= (k == 1 ? high : 0xBF);
    if (!fits) {
      invalid = k;
      return 0;
    }
  }
  return length;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  size_t copied = 0;  // text before this is in `out`
  size_t at = 0;
  while (at < text.size()) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {
      if (NeedsEscape(byte)) {
        out.append(text, copied, at - copied);
        AppendEscape(out, byte);
        copied = at + 1;
      }
      ++at;
      continue;
    }
    size_t invalid = 0;
    const size_t length = SequenceAt(text, at, invalid);
    if (length > 0) {
      at += length;
      continue;
    }
    out.append(text, copied, at - copied);
    out += "\xEF\xBF\xBD";  // U+FFFD
    at += invalid;
    copied = at;
  }
  out.append(text, copied, text.size() - copied);
  out += '"';
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(out_, key);
  out_ += ':';
  need_comma_ = false;
}

void JsonWriter::String(std::string_view text) {
  Separate();
  AppendJsonString(out_, text);
}

void JsonWriter::Int(int64_t value) {
  Separate();
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::Null() {
  Separate();
  out_ += "null";
}

void JsonWriter::NullableString(std::string_view text) {
  if (text.empty()) {
    Null();
  } else {
    String(text);
  }
}

void JsonWriter::NullableInt(const std::optional<int64_t>& value) {
  if (value) {
    Int(*value);
  } else {
    Null();
  }
}

}  // namespace vafa
