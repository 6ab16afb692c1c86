// CsvReader: a streaming RFC 4180 reader for import files of any size.
//
// Reads the input in large blocks and hands out each record as string_views
// into its buffer (unquoted fields are never copied; quoted fields with ""
// escapes are unescaped into a per-record scratch buffer). Memory is bounded
// by the largest record (max_record_bytes), so a 2-GB line ends in an error,
// not in exhausted memory.
//
// Input: UTF-8 (a BOM at the start is skipped), or any encoding of
// text_encoding.h named in CsvOptions::encoding, converted to UTF-8 below
// the reader as it is read; UTF-8 is read with no conversion and no copy.
// A byte that is not UTF-8 is refused with its line and byte offset and a
// hint to name the encoding.
//
// Behaviour: CRLF and LF end records;
// quoted fields may hold delimiters, "" and line breaks; blank lines are
// skipped; errors name the file and line (and column where it applies):
//   sales.csv:10: unterminated quoted field
//   sales.csv:4: column 2: text after the closing quote
//   sales.csv:7: column 3: invalid UTF-8 at byte offset 211 (0xE9); ...
// Not thread-safe; one reader per file.
#ifndef VAFA_IMPORT_CSV_READER_H_
#define VAFA_IMPORT_CSV_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "import/byte_source.h"
#include "import/record_reader.h"

namespace vafa::import {

struct CsvOptions {
  char delimiter = ',';  // ',' ';' '\t' '|'
  size_t max_field_bytes = 1 << 20;
  size_t max_record_bytes = 8 << 20;
  size_t block_bytes = 1 << 20;
  // A name CanonicalEncodingName (text_encoding.h) accepts; empty: UTF-8,
  // or UTF-16 when a byte-order mark says so; "auto": guessed.
  std::string encoding;
};

class CsvReader : public RecordReader {
 public:
  // `path` "-" reads standard input. Errors name the file.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                 CsvOptions options = {});
  // `data` is read as UTF-8 (no decoding, no UTF-16 byte-order mark).
  static std::unique_ptr<CsvReader> FromString(std::string data,
                                               std::string name,
                                               CsvOptions options = {});
  ~CsvReader() override;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (views valid until the next call).
  // True for a record, false at the end of the input, or an error.
  Result<bool> Next(std::vector<std::string_view>& fields) override;

  // Where the last record started.
  int64_t line() const override { return line_; }
  int64_t record_number() const { return records_; }  // header is 1
  const std::string& name() const override { return name_; }
  int64_t bytes_read() const { return bytes_read_; }
  // What the file is read as ("UTF-8", "windows-1256", ...) and, when
  // --encoding auto guessed it, why.
  const std::string& encoding() const { return encoding_; }
  const std::string& encoding_guess() const { return encoding_guess_; }

 private:
  enum class Parse { kRecord, kNeedMore, kError };
  struct FieldSpan {
    size_t offset;
    size_t size;
    bool in_scratch;
  };

  CsvReader(std::string name, CsvOptions options,
            std::unique_ptr<ByteSource> source);
  // Appends input to the buffer; false at end of input.
  Result<bool> Fill();
  Parse ParseRecord(size_t& end, Status& error);
  Status ErrorAt(int64_t line, std::string message) const;
  Status InvalidUtf8(std::string_view record, size_t column) const;

  std::string name_;
  CsvOptions options_;
  std::unique_ptr<ByteSource> source_;  // null: all input is in buffer_
  std::string encoding_ = "UTF-8";
  std::string encoding_guess_;
  bool transcoded_ = false;
  bool eof_ = false;
  std::string buffer_;
  size_t pos_ = 0;  // start of the unread part of buffer_
  std::string scratch_;
  std::vector<FieldSpan> spans_;
  int64_t line_ = 0;
  int64_t next_line_ = 1;
  int64_t records_ = 0;
  int64_t bytes_read_ = 0;
  bool started_ = false;
};

// Picks ',' ';' '\t' or '|' from the first line of a file: the one that
// occurs most often outside quotes (',' when none does).
char DetectDelimiter(std::string_view first_line);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_CSV_READER_H_
