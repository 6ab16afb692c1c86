// MappedFile: a regular file mapped read-only into memory for as long as the
// object lives, read in order (MADV_SEQUENTIAL). The parallel CSV readers
// cut its text into ranges of lines, one per thread. Not copyable; the
// text is valid while the object lives.
#ifndef VAFA_PIPELINE_MAPPED_FILE_H_
#define VAFA_PIPELINE_MAPPED_FILE_H_

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace vafa::pipeline {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }

  // False when the file cannot be opened or mapped (an empty file cannot).
  bool Open(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      size_ = static_cast<size_t>(info.st_size);
      void* mapped = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        data_ = mapped;
        madvise(data_, size_, MADV_SEQUENTIAL);
      }
    }
    close(fd);
    return data_ != nullptr;
  }

  std::string_view text() const {
    return {static_cast<const char*>(data_), size_};
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_MAPPED_FILE_H_
