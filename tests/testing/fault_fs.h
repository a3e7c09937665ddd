// FaultFs: the real file system with failures injected on demand, for tests
// of what the store does when writes, syncs and truncates fail.
//
// Knobs are atomics: set them from the test thread while the store runs.

#ifndef SESSIONSTORE_TESTS_TESTING_FAULT_FS_H_
#define SESSIONSTORE_TESTS_TESTING_FAULT_FS_H_

#include <atomic>

#include "io/fs.h"

namespace sessionstore::testing {

class FaultFs : public io::Fs {
 public:
  // write(2) calls accept at most this many more bytes in total (a short
  // write at the boundary), then fail with write_errno. -1: no limit.
  std::atomic<long> write_budget{-1};
  std::atomic<int> write_errno{28};  // ENOSPC
  // fdatasync(2) and fsync(2) fail with EIO while set.
  std::atomic<bool> fail_sync{false};
  // ftruncate(2) fails with EIO while set.
  std::atomic<bool> fail_truncate{false};
  // Counters, for tests that check what was called.
  std::atomic<long> syncs{0};
  std::atomic<long> writes{0};

  ssize_t Write(int fd, const void* buf, size_t n) override;
  int FDataSync(int fd) override;
  int FSync(int fd) override;
  int FTruncate(int fd, off_t length) override;
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_FAULT_FS_H_
