// MappedFile: a regular file mapped read-only into memory for as long as the
// object lives, read in order (MADV_SEQUENTIAL). The parallel CSV readers
// cut its text into ranges of lines, one per thread, and give back the
// pages of what they have read (Release), so a file of gigabytes does not
// stay in the process's resident memory. Not copyable; the text is valid
// while the object lives (a released page is read again if touched).
#ifndef VAFA_PIPELINE_MAPPED_FILE_H_
#define VAFA_PIPELINE_MAPPED_FILE_H_

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

  // Drops the whole pages within [begin, end) of the text from this
  // mapping (they stay in the page cache; touched again, they are read
  // again).
  void Release(size_t begin, size_t end) const {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) / page * page;
    end = std::min(end, size_) / page * page;
    if (data_ == nullptr || begin >= end) return;
    madvise(static_cast<char*>(data_) + begin, end - begin, MADV_DONTNEED);
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
