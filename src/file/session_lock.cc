#include "file/session_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "format/ids.h"

namespace sessionstore::file {

Result<SessionLock> SessionLock::Acquire(std::shared_ptr<const SessionFiles> files, std::string_view id) {
  // Lock files are named after the id: never one that could leave locks/.
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  io::Fs* fs = files->fs();
  const std::string name = std::string(id) + ".lock";
  const std::string path = files->root() + "/locks/" + name;
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = fs->OpenAt(files->locks_fd(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
    if (fd < 0) {
      if (errno == ELOOP) {
        return Status::Corruption("lock file is a symlink; never followed", ErrorContext{.op = "lock", .path = path});
      }
      return Status::FromErrno(errno, "lock", path);
    }
    io::Fd file(fs, fd);
    if (fs->TryLockExclusive(fd) != 0) {
      if (errno != EAGAIN && errno != EACCES) return Status::FromErrno(errno, "lock", path);
      char buf[32] = {};
      size_t got = 0;
      std::string holder = "another writer";
      if (io::PReadSome(fs, fd, buf, sizeof buf - 1, 0, &got, "lock", path).ok() && got > 0) {
        holder = "pid " + std::string(buf, got);
        long pid = 0;
        std::from_chars(buf, buf + got, pid);
        if (pid == static_cast<long>(::getpid())) holder += " (this process)";
      }
      return Status::Busy("session \"" + std::string(id) + "\" is being written by " + holder,
                          ErrorContext{.op = "lock", .path = path});
    }
    // The holder we raced with may have removed the file between our open
    // and our lock: then we locked an orphan, and must try again.
    struct stat mine, current;
    if (fs->FStat(fd, &mine) != 0) return Status::FromErrno(errno, "lock", path);
    if (fs->FStatAt(files->locks_fd(), name.c_str(), &current, AT_SYMLINK_NOFOLLOW) != 0 ||
        mine.st_ino != current.st_ino || mine.st_dev != current.st_dev) {
      continue;
    }
    if (fs->FChmod(fd, 0600) != 0) return Status::FromErrno(errno, "lock", path);
    const std::string pid = std::to_string(::getpid());
    size_t written = 0;
    if (fs->FTruncate(fd, 0) != 0) return Status::FromErrno(errno, "lock", path);
    // The pid is informative only; it goes at offset 0 of the truncated file.
    if (Status s = io::WriteAll(fs, fd, pid, &written, "lock", path); !s.ok()) return s;
    return SessionLock(std::move(files), name, std::move(file));
  }
  return Status::Busy("session \"" + std::string(id) + "\": lock file keeps changing",
                      ErrorContext{.op = "lock", .path = path});
}

void SessionLock::Release() {
  if (!fd_.valid()) return;
  files_->fs()->UnlinkAt(files_->locks_fd(), name_.c_str(), 0);
  fd_.reset();
}

}  // namespace sessionstore::file
