#include "import/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace vafa::import {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~FileSource() override {
    if (fd_ > 0) ::close(fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<size_t> Read(char* out, size_t capacity) override {
    ssize_t n;
    do {
      n = ::read(fd_, out, capacity);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      return Status::Invalid(name_ + ": read error: " + std::strerror(errno));
    }
    return static_cast<size_t>(n);
  }

 private:
  int fd_;
  std::string name_;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* out, size_t capacity) override {
    const size_t n = std::min(capacity, data_.size() - pos_);
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> FileBytes(int fd, std::string name) {
  return std::make_unique<FileSource>(fd, std::move(name));
}

std::unique_ptr<ByteSource> StringBytes(std::string data) {
  return std::make_unique<StringSource>(std::move(data));
}

Result<std::unique_ptr<ByteSource>> OpenFileBytes(const std::string& path) {
  if (path == "-") return FileBytes(0, "<stdin>");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Invalid(path + ": cannot open: " + std::strerror(errno));
  }
  return FileBytes(fd, path);
}

}  // namespace vafa::import
