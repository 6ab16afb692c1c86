// ZipXmlStream: one XML part of a ZIP package (an .xlsx file's sheet, shared
// strings, styles) decompressed through libzip and parsed through expat a
// block at a time, so a part of any size is never held whole. Guards against
// hostile packages: a part that inflates past `max_bytes`, or to more than
// `max_ratio` times its compressed size once past 16 MiB (a zip bomb), and a
// part with a document type declaration (entity expansion) are refused.
// Errors name the file and part: "book.xlsx: xl/worksheets/sheet1.xml: line
// 3, column 20: mismatched tag". Not thread-safe.
#ifndef VAFA_IMPORT_ZIP_XML_STREAM_H_
#define VAFA_IMPORT_ZIP_XML_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct zip;
struct zip_file;
struct XML_ParserStruct;

namespace vafa::import {

// A ZIP archive opened for reading (from a file or from memory).
class ZipArchive {
 public:
  static Result<std::unique_ptr<ZipArchive>> Open(const std::string& path,
                                                  std::string name);
  // `data` must outlive the archive.
  static Result<std::unique_ptr<ZipArchive>> FromBuffer(std::string_view data,
                                                        std::string name);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool Has(const std::string& part) const;
  const std::string& name() const { return name_; }
  struct zip* handle() const {
    return zip_;
  }

 private:
  ZipArchive(struct zip* archive, std::string name)
      : zip_(archive), name_(std::move(name)) {}
  struct zip* zip_;
  std::string name_;
};

// What a part's parse calls back with: element names without their
// namespace, attributes as (local name, value) pairs.
class XmlHandler {
 public:
  using Attributes = std::vector<std::pair<std::string_view, std::string_view>>;
  virtual ~XmlHandler() = default;
  // A non-empty return stops the parse with that error.
  virtual std::string Start(std::string_view element,
                            const Attributes& attributes) = 0;
  virtual std::string End(std::string_view element) = 0;
  virtual std::string Text(std::string_view text) = 0;
};

struct ZipXmlLimits {
  int64_t max_bytes = int64_t{1} << 34;  // 16 GiB
  int64_t max_ratio = 200;
  int64_t ratio_free_bytes = int64_t{16} << 20;
};

class ZipXmlStream {
 public:
  // `what` names the part in messages after the file ("sheet \"Sales\"").
  static Result<std::unique_ptr<ZipXmlStream>> Open(const ZipArchive& archive,
                                                    const std::string& part,
                                                    std::string what,
                                                    XmlHandler& handler,
                                                    ZipXmlLimits limits);
  ~ZipXmlStream();
  ZipXmlStream(const ZipXmlStream&) = delete;
  ZipXmlStream& operator=(const ZipXmlStream&) = delete;

  // Parses the next block: true while there is more, false once the whole
  // part is parsed, or an error.
  Result<bool> ParseMore();
  // Parses the rest.
  Status ParseAll();
  // "book.xlsx: xl/worksheets/sheet1.xml (sheet "Sales")"
  const std::string& place() const { return place_; }

 private:
  ZipXmlStream() = default;
  Status Fail(const std::string& message) const;

  struct zip_file* file_ = nullptr;
  XML_ParserStruct* parser_ = nullptr;
  XmlHandler* handler_ = nullptr;
  std::string place_;
  ZipXmlLimits limits_;
  int64_t compressed_ = 0;
  int64_t inflated_ = 0;
  std::string block_;
  std::string handler_error_;
  bool done_ = false;

  friend struct ZipXmlCallbacks;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_ZIP_XML_STREAM_H_
