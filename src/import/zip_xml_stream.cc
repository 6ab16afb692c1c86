#include "import/zip_xml_stream.h"

#include <expat.h>
#include <zip.h>

#include <cstring>

namespace vafa::import {
namespace {

constexpr size_t kBlockBytes = 64 << 10;

std::string_view LocalName(const char* name) {
  std::string_view text(name);
  const size_t bar = text.rfind('|');
  return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

}  // namespace

struct ZipXmlCallbacks {
  static ZipXmlStream& Stream(void* data) {
    return *static_cast<ZipXmlStream*>(data);
  }
  static void Stop(ZipXmlStream& stream, std::string error) {
    if (stream.handler_error_.empty()) stream.handler_error_ = std::move(error);
    XML_StopParser(stream.parser_, XML_FALSE);
  }
  static void OnStart(void* data, const XML_Char* name,
                      const XML_Char** attributes) {
    ZipXmlStream& stream = Stream(data);
    if (!stream.handler_error_.empty()) return;
    XmlHandler::Attributes list;
    for (size_t i = 0; attributes[i] != nullptr; i += 2) {
      list.emplace_back(LocalName(attributes[i]), attributes[i + 1]);
    }
    std::string error = stream.handler_->Start(LocalName(name), list);
    if (!error.empty()) Stop(stream, std::move(error));
  }
  static void OnEnd(void* data, const XML_Char* name) {
    ZipXmlStream& stream = Stream(data);
    if (!stream.handler_error_.empty()) return;
    std::string error = stream.handler_->End(LocalName(name));
    if (!error.empty()) Stop(stream, std::move(error));
  }
  static void OnText(void* data, const XML_Char* text, int length) {
    ZipXmlStream& stream = Stream(data);
    if (!stream.handler_error_.empty()) return;
    std::string error = stream.handler_->Text(
        std::string_view(text, static_cast<size_t>(length)));
    if (!error.empty()) Stop(stream, std::move(error));
  }
  static void OnDoctype(void* data, const XML_Char*, const XML_Char*,
                        const XML_Char*, int) {
    Stop(Stream(data),
         "has a document type declaration, which no workbook has");
  }
};

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(const std::string& path,
                                                     std::string name) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    return Status::Invalid(name + ": not an Excel .xlsx file (" +
                           ZipErrorText(code) + ")");
  }
  return std::unique_ptr<ZipArchive>(new ZipArchive(archive, std::move(name)));
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::FromBuffer(
    std::string_view data, std::string name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(data.data(), data.size(), 0, &error);
  zip_error_fini(&error);
  if (source == nullptr) return Status::Internal("zip_source_buffer_create");
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    zip_source_free(source);
    return Status::Invalid(name + ": not an Excel .xlsx file (" + text + ")");
  }
  zip_error_fini(&error);
  return std::unique_ptr<ZipArchive>(new ZipArchive(archive, std::move(name)));
}

ZipArchive::~ZipArchive() { zip_discard(zip_); }

bool ZipArchive::Has(const std::string& part) const {
  return zip_name_locate(zip_, part.c_str(), 0) >= 0;
}

Result<std::unique_ptr<ZipXmlStream>> ZipXmlStream::Open(
    const ZipArchive& archive, const std::string& part, std::string what,
    XmlHandler& handler, ZipXmlLimits limits) {
  std::unique_ptr<ZipXmlStream> stream(new ZipXmlStream());
  stream->place_ = archive.name() + ": " + part;
  if (!what.empty()) stream->place_ += " (" + what + ")";
  stream->handler_ = &handler;
  stream->limits_ = limits;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive.handle(), part.c_str(), 0, &stat) != 0) {
    return stream->Fail("missing from the package");
  }
  if ((stat.valid & ZIP_STAT_SIZE) != 0 &&
      stat.size > static_cast<uint64_t>(limits.max_bytes)) {
    return stream->Fail("inflates to " + std::to_string(stat.size) +
                        " bytes, more than the limit of " +
                        std::to_string(limits.max_bytes));
  }
  if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0) {
    stream->compressed_ = static_cast<int64_t>(stat.comp_size);
  }
  stream->file_ = zip_fopen(archive.handle(), part.c_str(), 0);
  if (stream->file_ == nullptr) {
    return stream->Fail(std::string("cannot be read: ") +
                        zip_strerror(archive.handle()));
  }
  stream->parser_ = XML_ParserCreateNS(nullptr, '|');
  if (stream->parser_ == nullptr) throw std::bad_alloc();
  XML_SetUserData(stream->parser_, stream.get());
  XML_SetElementHandler(stream->parser_, &ZipXmlCallbacks::OnStart,
                        &ZipXmlCallbacks::OnEnd);
  XML_SetCharacterDataHandler(stream->parser_, &ZipXmlCallbacks::OnText);
  XML_SetStartDoctypeDeclHandler(stream->parser_, &ZipXmlCallbacks::OnDoctype);
  return stream;
}

ZipXmlStream::~ZipXmlStream() {
  if (parser_ != nullptr) XML_ParserFree(parser_);
  if (file_ != nullptr) zip_fclose(file_);
}

Status ZipXmlStream::Fail(const std::string& message) const {
  return Status::Invalid(place_ + ": " + message);
}

Result<bool> ZipXmlStream::ParseMore() {
  if (done_) return false;
  block_.resize(kBlockBytes);
  const zip_int64_t n = zip_fread(file_, block_.data(), block_.size());
  if (n < 0) {
    return Fail(std::string("cannot be read: ") + zip_file_strerror(file_));
  }
  inflated_ += n;
  if (inflated_ > limits_.max_bytes) {
    return Fail("inflates to more than the limit of " +
                std::to_string(limits_.max_bytes) + " bytes");
  }
  if (inflated_ > limits_.ratio_free_bytes &&
      inflated_ > limits_.max_ratio * std::max<int64_t>(compressed_, 1)) {
    return Fail("inflates more than " + std::to_string(limits_.max_ratio) +
                " times its compressed size (a zip bomb?)");
  }
  const bool last = n == 0;
  if (XML_Parse(parser_, block_.data(), static_cast<int>(n), last) ==
      XML_STATUS_ERROR) {
    const std::string where =
        "line " + std::to_string(XML_GetCurrentLineNumber(parser_)) +
        ", column " + std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) +
        ": ";
    if (!handler_error_.empty()) return Fail(handler_error_);
    return Fail(where + XML_ErrorString(XML_GetErrorCode(parser_)));
  }
  done_ = last;
  return !last;
}

Status ZipXmlStream::ParseAll() {
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, ParseMore());
    if (!more) return Status::Ok();
  }
}

}  // namespace vafa::import
