// The text encodings import files come in, and their conversion to UTF-8 as
// they are read. A file is UTF-8 (with or without a byte-order mark), UTF-16
// with a byte-order mark, or, when named (--encoding) or guessed (--encoding
// auto), Windows-1256 (Persian and Arabic files from older Windows software),
// Windows-1252 or ISO-8859-1 (Latin-1).
//
// DecodeToUtf8 wraps the file's bytes so that reads return UTF-8:
//  * UTF-8 passes through: after the first 64 KiB (kept to look at), reads
//    go straight from the file into the caller's buffer, with no copy.
//  * Other encodings are converted through ICU (ucnv) block by block, so
//    memory stays bounded whatever the size of the file. A byte sequence that
//    is not valid in the encoding stops the reading with the line and byte
//    offset (from the start of the file, counting from 0):
//      sales.csv:12: byte offset 3456 (0xD8 0x00): not valid UTF-16LE
//    Single-byte encodings have a character for nearly every byte, so there
//    a byte that makes a C1 control character (U+0080-U+009F), which no text
//    has, is refused the same way: the sign of a file in another encoding.
// Not thread-safe; one per file.
#ifndef VAFA_IMPORT_TEXT_ENCODING_H_
#define VAFA_IMPORT_TEXT_ENCODING_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "import/byte_source.h"

namespace vafa::import {

// The canonical name of an encoding a user names (case-insensitive): utf-8
// (utf8), utf-16 (needs a byte-order mark), utf-16le, utf-16be, windows-1256
// (cp1256), windows-1252 (cp1252), latin1 (latin-1, iso-8859-1) or auto.
// Empty stays empty: UTF-8, or UTF-16 when a byte-order mark says so.
Result<std::string> CanonicalEncodingName(std::string_view name);

struct DecodedInput {
  std::unique_ptr<ByteSource> bytes;  // UTF-8
  std::string encoding;               // "UTF-8", "UTF-16LE", "windows-1256"...
  // Why --encoding auto chose a legacy encoding ("" when it did not guess).
  std::string guess_reason;
  bool passes_through = false;  // the file's own bytes (UTF-8)
};

// `requested` is a canonical name (or empty); `name` is the file as messages
// name it. Refused when a byte-order mark contradicts the requested
// encoding.
Result<DecodedInput> DecodeToUtf8(std::unique_ptr<ByteSource> raw,
                                  std::string_view requested,
                                  const std::string& name);

// The offset of the first byte of `text` that does not begin or continue a
// valid UTF-8 sequence, or npos. When `complete` is false, a sequence cut
// off by the end of `text` is taken to continue beyond it.
size_t FirstInvalidUtf8(std::string_view text, bool complete = true);

// For --encoding auto on text that is not UTF-8: "windows-1256" when its
// bytes above 0x7F come in runs, as the letters of Arabic-script words do
// (or include Persian letters that Windows-1252 lacks), "windows-1252" when
// they sit among ASCII letters, as accented Latin letters do. `reason` says
// which.
std::string GuessLegacyEncoding(std::string_view text, std::string& reason);

// What to tell a user whose file is not UTF-8.
std::string_view EncodingHint();

}  // namespace vafa::import

#endif  // VAFA_IMPORT_TEXT_ENCODING_H_
