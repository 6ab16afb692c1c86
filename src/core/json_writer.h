// JsonWriter: JSON text appended straight into a string, for answers built
// on a hot path (a page of customers) where a tree of nlohmann::json values
// would cost an allocation per field and a second pass to print it.
//
// It prints exactly what nlohmann::json's dump(-1, ' ', false,
// error_handler_t::replace) prints for the same values, so a route may move
// to it without changing a byte of its answers: no whitespace; strings
// escaped as nlohmann escapes them (\" \\ \b \f \n \r \t, other control
// characters as \u00xx in lower-case hex, everything else as it is, DEL and
// non-ASCII included); invalid UTF-8 replaced by U+FFFD the way nlohmann's
// replace handler does it (one U+FFFD for each maximal invalid prefix of a
// sequence, the byte that broke it read again; a sequence cut off at the end
// of the string is one U+FFFD). Keys are written in the order given: a
// caller that replaces a nlohmann object gives them in its sorted order.
//
// The writer does not check the shape (a key outside an object, an
// unclosed array): the caller writes a fixed shape. Not thread-safe; O(n)
// in the bytes written.
#ifndef VAFA_CORE_JSON_WRITER_H_
#define VAFA_CORE_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vafa {

// Appends `text` as a JSON string, quotes included (see above).
void AppendJsonString(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // Appends to `out`, which it does not own; `out` must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // A key of the object being written; the value written next is its value.
  void Key(std::string_view key);

  void String(std::string_view text);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // null for an empty text, else the string (api/json_io.h's Nullable).
  void NullableString(std::string_view text);
  // null when absent, else the number.
  void NullableInt(const std::optional<int64_t>& value);

 private:
  void Separate() {
    if (need_comma_) out_ += ',';
    need_comma_ = true;
  }
  void Open(char bracket) {
    Separate();
    out_ += bracket;
    need_comma_ = false;
  }
  void Close(char bracket) {
    out_ += bracket;
    need_comma_ = true;
  }

  std::string& out_;
  // Whether the next key or value follows another in its object or array.
  bool need_comma_ = false;
};

}  // namespace vafa

#endif  // VAFA_CORE_JSON_WRITER_H_
