#include "testing/fault_fs.h"

#include <cerrno>

namespace sessionstore::testing {

ssize_t FaultFs::Write(int fd, const void* buf, size_t n) {
  ++writes;
  long budget = write_budget.load();
  if (budget >= 0) {
    if (budget == 0) {
      errno = write_errno.load();
      return -1;
    }
    if (static_cast<long>(n) > budget) n = static_cast<size_t>(budget);
    ssize_t r = Fs::Write(fd, buf, n);
    if (r > 0) write_budget -= r;
    return r;
  }
  return Fs::Write(fd, buf, n);
}

int FaultFs::FDataSync(int fd) {
  ++syncs;
  if (fail_sync) {
    errno = EIO;
    return -1;
  }
  return Fs::FDataSync(fd);
}

int FaultFs::FSync(int fd) {
  ++syncs;
  if (fail_sync) {
    errno = EIO;
    return -1;
  }
  return Fs::FSync(fd);
}

int FaultFs::FTruncate(int fd, off_t length) {
  if (fail_truncate) {
    errno = EIO;
    return -1;
  }
  return Fs::FTruncate(fd, length);
}

}  // namespace sessionstore::testing
