// ByteSource: where a reader's bytes come from. CsvReader reads its input
// through one, in blocks, so that what sits below it (a file read as it is,
// or a file converted to UTF-8 as it is read: text_encoding.h) is not the
// reader's business. A source reads forward only and is not thread-safe.
#ifndef VAFA_IMPORT_BYTE_SOURCE_H_
#define VAFA_IMPORT_BYTE_SOURCE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"

namespace vafa::import {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` (> 0) bytes into `out`: how many, 0 at the end of
  // the input, or an error that names the file and place.
  virtual Result<size_t> Read(char* out, size_t capacity) = 0;
};

// The bytes of an open file descriptor, read straight into the caller's
// buffer. Closes `fd` when done unless it is standard input (0).
std::unique_ptr<ByteSource> FileBytes(int fd, std::string name);

// The bytes of `data`.
std::unique_ptr<ByteSource> StringBytes(std::string data);

// Opens `path` ("-": standard input). The error names the file.
Result<std::unique_ptr<ByteSource>> OpenFileBytes(const std::string& path);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_BYTE_SOURCE_H_
