// CsvRecordScanner: cuts a CSV text held wholly in memory (a memory-mapped
// file) into records exactly as import::CsvReader does: RFC 4180 quoted
// fields (with "" escapes, delimiters and line breaks inside), records ended
// by LF, CRLF or CR, blank lines skipped, a quote only opening a quoted field
// at the start of a field. It lets every thread of the parallel transactions
// loader walk the same file without a reader each, splitting into fields only
// the records it keeps.
//
// It refuses nothing with a message of its own: a record the reader would
// refuse (an unterminated quote, text after a closing quote, a field or a
// record over CsvOptions' limits) makes Next return kUnreadable, and the
// caller reads the file with the reader, whose message names the place.
// UTF-8 validity is the caller's business. Not thread-safe; one per thread.
#ifndef VAFA_PIPELINE_CSV_RECORD_SCANNER_H_
#define VAFA_PIPELINE_CSV_RECORD_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::pipeline {

class CsvRecordScanner {
 public:
  enum class Step { kRecord, kEnd, kUnreadable };

  // `text` must outlive the scanner. The limits are CsvOptions'.
  CsvRecordScanner(std::string_view text, char delimiter,
                   size_t max_field_bytes, size_t max_record_bytes);

  // Continues from byte `offset` of the text.
  void Seek(size_t offset) { next_ = offset; }
  // Where the next record will be looked for.
  size_t offset() const { return next_; }

  // Moves to the next record that is not blank.
  Step Next();

  // The current record's bytes, its line break included.
  std::string_view record() const {
    return text_.substr(begin_, end_ - begin_);
  }
  size_t record_begin() const { return begin_; }

  // The current record's field `index` (a quoted field unescaped); false
  // when the record has fewer fields. Views stay valid until the next call
  // to Next.
  bool Field(size_t index, std::string_view& value) const;
  // All fields of the current record; false when one is longer than the
  // field limit (the reader refuses such a record).
  bool Fields(std::vector<std::string_view>& fields) const;

 private:
  // Parses a record that holds quotes or a carriage return other than a
  // final CRLF, as CsvReader::ParseRecord does with the whole input read.
  bool ParseQuotedRecord();

  std::string_view text_;
  char delimiter_;
  size_t max_field_bytes_;
  size_t max_record_bytes_;
  size_t next_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  // A plain record: its fields are content_ split at each delimiter.
  bool plain_ = true;
  std::string_view content_;
  // A quoted record: each field is text_ or scratch_ from offset, size.
  struct FieldSpan {
    size_t offset;
    size_t size;
    bool in_scratch;
  };
  std::vector<FieldSpan> spans_;
  std::string scratch_;
};

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CSV_RECORD_SCANNER_H_
