// Fs: the seam through which sessionstore's file store reaches the file
// system. Every file operation of the store goes through one, so that tests
// can inject short writes, ENOSPC, EIO, failing fsyncs and lost power.
//
// Methods mirror the POSIX calls they are named after: they return what the
// call returns and set errno on failure, and they do not retry EINTR (the
// helpers below do). An Fs must be thread-safe; the default one is stateless.

#ifndef SESSIONSTORE_IO_FS_H_
#define SESSIONSTORE_IO_FS_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/status.h"

namespace sessionstore::io {

class Fs {
 public:
  virtual ~Fs() = default;

  // The real file system. Never deleted.
  static Fs* Default();

  virtual int OpenAt(int dir_fd, const char* name, int flags, mode_t mode);
  virtual int Close(int fd);
  virtual ssize_t PRead(int fd, void* buf, size_t n, off_t offset);
  virtual ssize_t Write(int fd, const void* buf, size_t n);
  virtual int FDataSync(int fd);
  virtual int FSync(int fd);
  virtual int FTruncate(int fd, off_t length);
  virtual int FStat(int fd, struct stat* st);
  virtual int FStatAt(int dir_fd, const char* name, struct stat* st, int flags);
  virtual int FChmod(int fd, mode_t mode);
  virtual int FChown(int fd, uid_t owner, gid_t group);
  virtual int MkdirAt(int dir_fd, const char* name, mode_t mode);
  virtual int LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name);
  virtual int UnlinkAt(int dir_fd, const char* name, int flags);
  virtual int RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name);
  // An open-file-description lock on the whole file (F_OFD_SETLK): held
  // until the description is closed, released by the kernel if the process
  // dies, and exclusive between descriptions even within one process.
  // Returns 0, or -1 with errno EAGAIN / EACCES when another holds it.
  virtual int TryLockExclusive(int fd);
  // Whether another description holds that lock (F_OFD_GETLK), without
  // taking it: 1 held, 0 free, -1 with errno.
  virtual int IsLockedByAnother(int fd);
  // The names in a directory, without "." and "..". Returns 0 or -1.
  virtual int ListDir(int dir_fd, std::vector<std::string>* names);
};

// Owns a file descriptor; closes it through its Fs on destruction.
class Fd {
 public:
  Fd() = default;
  Fd(Fs* fs, int fd) : fs_(fs), fd_(fd) {}
  Fd(Fd&& o) noexcept : fs_(o.fs_), fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fs_ = o.fs_;
      fd_ = o.release();
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset() {
    if (fd_ >= 0) fs_->Close(fd_);
    fd_ = -1;
  }

 private:
  Fs* fs_ = nullptr;
  int fd_ = -1;
};

// write(2) until all of `data` is written, retrying EINTR and short writes.
// On failure returns the error; *written says how much did get written.
Status WriteAll(Fs* fs, int fd, std::string_view data, size_t* written, std::string_view op, const std::string& path);

// pread(2) of exactly n bytes at offset, retrying EINTR and short reads;
// Corruption if the file ends first.
Status PReadFull(Fs* fs, int fd, char* buf, size_t n, uint64_t offset, std::string_view op, const std::string& path);

// pread(2) of up to n bytes, retrying EINTR; *got is 0 at end of file.
Status PReadSome(Fs* fs, int fd, char* buf, size_t n, uint64_t offset, size_t* got, std::string_view op,
                 const std::string& path);

}  // namespace sessionstore::io

#endif  // SESSIONSTORE_IO_FS_H_
