#include "io/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sessionstore::io {

Fs* Fs::Default() {
  static Fs* fs = new Fs();
  return fs;
}

int Fs::OpenAt(int dir_fd, const char* name, int flags, mode_t mode) {
  return ::openat(dir_fd, name, flags | O_CLOEXEC, mode);
}
int Fs::Close(int fd) { return ::close(fd); }
ssize_t Fs::PRead(int fd, void* buf, size_t n, off_t offset) { return ::pread(fd, buf, n, offset); }
ssize_t Fs::Write(int fd, const void* buf, size_t n) { return ::write(fd, buf, n); }
int Fs::FDataSync(int fd) { return ::fdatasync(fd); }
int Fs::FSync(int fd) { return ::fsync(fd); }
int Fs::FTruncate(int fd, off_t length) { return ::ftruncate(fd, length); }
int Fs::FStat(int fd, struct stat* st) { return ::fstat(fd, st); }
int Fs::FStatAt(int dir_fd, const char* name, struct stat* st, int flags) { return ::fstatat(dir_fd, name, st, flags); }
int Fs::FChmod(int fd, mode_t mode) { return ::fchmod(fd, mode); }
int Fs::FChown(int fd, uid_t owner, gid_t group) { return ::fchown(fd, owner, group); }
int Fs::MkdirAt(int dir_fd, const char* name, mode_t mode) { return ::mkdirat(dir_fd, name, mode); }
int Fs::LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) {
  return ::linkat(old_dir_fd, old_name, new_dir_fd, new_name, 0);
}
int Fs::UnlinkAt(int dir_fd, const char* name, int flags) { return ::unlinkat(dir_fd, name, flags); }
int Fs::RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) {
  return ::renameat(old_dir_fd, old_name, new_dir_fd, new_name);
}

int Fs::IsLockedByAnother(int fd) {
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_GETLK, &lk) != 0) return -1;
  return lk.l_type == F_UNLCK ? 0 : 1;
}

int Fs::TryLockExclusive(int fd) {
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  lk.l_start = 0;
  lk.l_len = 0;
  int rc;
  do {
    rc = ::fcntl(fd, F_OFD_SETLK, &lk);
  } while (rc < 0 && errno == EINTR);
  return rc;
}

int Fs::ListDir(int dir_fd, std::vector<std::string>* names) {
  // fdopendir takes ownership of its descriptor, so give it a duplicate.
  int dup_fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup_fd < 0) return -1;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(dup_fd);
    errno = err;
    return -1;
  }
  errno = 0;
  while (struct dirent* e = ::readdir(dir)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names->emplace_back(e->d_name);
  }
  int err = errno;
  ::closedir(dir);
  errno = err;
  return err == 0 ? 0 : -1;
}

Status WriteAll(Fs* fs, int fd, std::string_view data, size_t* written, std::string_view op, const std::string& path) {
  *written = 0;
  while (*written < data.size()) {
    ssize_t n = fs->Write(fd, data.data() + *written, data.size() - *written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, std::string(op), path);
    }
    if (n == 0) return Status::FromErrno(ENOSPC, std::string(op), path);
    *written += static_cast<size_t>(n);
  }
  return Status::OK();
}

Status PReadSome(Fs* fs, int fd, char* buf, size_t n, uint64_t offset, size_t* got, std::string_view op,
                 const std::string& path) {
  for (;;) {
    ssize_t r = fs->PRead(fd, buf, n, static_cast<off_t>(offset));
    if (r >= 0) {
      *got = static_cast<size_t>(r);
      return Status::OK();
    }
    if (errno != EINTR) return Status::FromErrno(errno, std::string(op), path);
  }
}

Status PReadFull(Fs* fs, int fd, char* buf, size_t n, uint64_t offset, std::string_view op, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    size_t got = 0;
    Status s = PReadSome(fs, fd, buf + done, n - done, offset + done, &got, op, path);
    if (!s.ok()) return s;
    if (got == 0) {
      return Status::Corruption(
          "file ended early",
          ErrorContext{.op = std::string(op), .path = path, .offset = static_cast<int64_t>(offset + done)});
    }
    done += got;
  }
  return Status::OK();
}

}  // namespace sessionstore::io
