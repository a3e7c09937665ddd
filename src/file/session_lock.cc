#include "file/session_lock.h"

#include <fcntl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "format/ids.h"

namespace sessionstore::file {

namespace {

// The pid is written in a fixed width, over whatever the file held, in one
// write: a reader never sees a mix of two pids, nor an empty file once a
// holder has written.
constexpr size_t kPidWidth = 10;

// A holder writes its pid right after it locks: a reader that finds none
// yet waits this long for it.
constexpr auto kPidWait = std::chrono::milliseconds(50);

// Who holds the lock on `fd`, for Busy: "pid N", "pid N (this process)",
// or, if the holder wrote no pid (a full disk), "another writer".
std::string HolderOf(io::Fs* fs, int fd, const std::string& path) {
  const auto deadline = std::chrono::steady_clock::now() + kPidWait;
  for (;;) {
    char buf[32] = {};
    size_t got = 0;
    long pid = 0;
    if (io::PReadSome(fs, fd, buf, sizeof buf - 1, 0, &got, "lock", path).ok() &&
        std::from_chars(buf, buf + got, pid).ec == std::errc() && pid > 0) {
      return "pid " + std::to_string(pid) + (pid == static_cast<long>(::getpid()) ? " (this process)" : "");
    }
    if (std::chrono::steady_clock::now() >= deadline) return "another writer (it wrote no pid)";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// Whether any process holds a lock on the file `st` describes, from
// /proc/locks ("1: OFDLCK ADVISORY WRITE -1 08:01:1234 0 EOF"): for a lock
// file of another user, which this process may not open to try. If it
// cannot tell, it says yes.
bool LockedByAnyProcess(const struct stat& st) {
  std::ifstream locks("/proc/locks");
  if (!locks) return true;
  std::ostringstream key;
  key << std::hex;
  key.width(2);
  key.fill('0');
  key << major(st.st_dev) << ':';
  key.width(2);
  key << minor(st.st_dev) << ':' << std::dec << st.st_ino;
  const std::string wanted = key.str();
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string field;
    for (int i = 0; i < 6 && fields >> field; ++i) {
    }
    if (field == wanted) return true;
  }
  return false;
}

}  // namespace

Result<std::string> SessionLock::Holder(const SessionFiles& files, std::string_view id) {
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  io::Fs* fs = files.fs();
  const std::string name = std::string(id) + ".lock";
  const std::string path = files.root() + "/locks/" + name;
  const int fd = fs->OpenAt(files.locks_fd(), name.c_str(), O_RDONLY | O_NOFOLLOW, 0);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return std::string();
    struct stat st;
    if (err == EACCES && fs->FStatAt(files.locks_fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      return LockedByAnyProcess(st) ? "a process of another user (uid " + std::to_string(st.st_uid) + ")"
                                    : std::string();
    }
    return Status::FromErrno(err, "lock", path);
  }
  io::Fd file(fs, fd);
  const int held = fs->IsLockedByAnother(fd);
  if (held < 0) return Status::FromErrno(errno, "lock", path);
  return held == 0 ? std::string() : HolderOf(fs, fd, path);
}

Result<SessionLock> SessionLock::Acquire(std::shared_ptr<const SessionFiles> files, std::string_view id) {
  // Lock files are named after the id: never one that could leave locks/.
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  io::Fs* fs = files->fs();
  const std::string name = std::string(id) + ".lock";
  const std::string path = files->root() + "/locks/" + name;
  const std::string busy = "session \"" + std::string(id) + "\" is being written by ";
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = fs->OpenAt(files->locks_fd(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
    if (fd < 0) {
      const int err = errno;
      if (err == ELOOP) {
        return Status::Corruption("lock file is a symlink; never followed", ErrorContext{.op = "lock", .path = path});
      }
      struct stat st;
      if (err != EACCES || fs->FStatAt(files->locks_fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return Status::FromErrno(err, "lock", path);
      }
      // A lock file of another user (made before sessionstore gave its
      // files to the store's owner). Held: Busy. Left behind: removed (the
      // store's owner may, the directory is its), and taken anew.
      if (LockedByAnyProcess(st)) {
        return Status::Busy(busy + "a process of another user (uid " + std::to_string(st.st_uid) + ")",
                            ErrorContext{.op = "lock", .path = path});
      }
      if (fs->UnlinkAt(files->locks_fd(), name.c_str(), 0) != 0 && errno != ENOENT) {
        return Status::FromErrno(errno, "lock", path);
      }
      continue;
    }
    io::Fd file(fs, fd);
    if (fs->TryLockExclusive(fd) != 0) {
      if (errno != EAGAIN && errno != EACCES) return Status::FromErrno(errno, "lock", path);
      return Status::Busy(busy + HolderOf(fs, fd, path), ErrorContext{.op = "lock", .path = path});
    }
    // The holder we raced with may have removed the file between our open
    // and our lock: then we locked an orphan, and must try again.
    struct stat mine, current;
    if (fs->FStat(fd, &mine) != 0) return Status::FromErrno(errno, "lock", path);
    if (fs->FStatAt(files->locks_fd(), name.c_str(), &current, AT_SYMLINK_NOFOLLOW) != 0 ||
        mine.st_ino != current.st_ino || mine.st_dev != current.st_dev) {
      continue;
    }
    // Held from here: a failure below releases the lock and removes its file.
    SessionLock lock(std::move(files), name, std::move(file));
    if (fs->FChmod(fd, 0600) != 0) return Status::FromErrno(errno, "lock", path);
    if (Status s = lock.files_->KeepOwner(fd, path); !s.ok()) return s;
    // The pid is informative only: on a full disk, where it cannot be
    // written, the lock is still taken (so that `rm` can free space).
    std::string pid = std::to_string(::getpid());
    if (pid.size() < kPidWidth) pid.resize(kPidWidth, ' ');
    pid += '\n';
    size_t written = 0;
    (void)io::WriteAll(fs, fd, pid, &written, "lock", path);
    return lock;
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
