// PowerLossFs: the real file system under a directory tree, with a model of
// what a disk holds after losing power, and with failures injected at the
// Nth operation.
//
// The model: a file's durable content is what it held at its last fsync or
// fdatasync (empty for a file never synced); a directory's durable entries
// are those it had at its last fsync. Whatever the tree held when the
// PowerLossFs was made counts as durable. ApplyPowerLoss() rewrites the tree
// to its durable state: unsynced bytes are gone, a file created or renamed
// into a directory that was not synced since is gone (or back under its old
// name), a removed name whose removal was not synced is back. Files whose
// name starts with "catalog.sqlite" are left alone: SQLite does its own
// I/O and its own syncing, outside this seam.
//
// Syncs are not passed to the kernel: the model, not the disk, decides what
// is durable, and the tests run thousands of workloads.
//
// Operations counted, in order, for FailAt and LosePowerAt: open, write,
// fsync, fdatasync, ftruncate, link, rename, unlink, mkdir. Reads, stats and
// directory listings are not counted. Thread-safe (one lock around every
// operation), so that a writer's background sync can run beside appends.

#ifndef SESSIONSTORE_TESTS_TESTING_POWER_LOSS_FS_H_
#define SESSIONSTORE_TESTS_TESTING_POWER_LOSS_FS_H_

#include <map>
#include <mutex>
#include <string>

#include "io/fs.h"

namespace sessionstore::testing {

class PowerLossFs : public io::Fs {
 public:
  // Starts modelling the tree at `root`, which must exist.
  explicit PowerLossFs(std::string root);

  // Operations counted so far.
  long operations() const {
    std::lock_guard<std::mutex> l(mu_);
    return ops_;
  }

  // The nth counted operation from the start (1-based) fails with `err`;
  // with `forever`, so does every one after it. With `short_write`, a
  // write at n writes half of its bytes and returns that count instead
  // (the rest, retried, is operation n+1).
  void FailAt(long n, int err, bool forever, bool short_write = false);
  // From the nth counted operation on, every operation fails with EIO, as
  // if the machine stopped there. Call ApplyPowerLoss after the workload.
  void LosePowerAt(long n) { FailAt(n, 5 /* EIO */, true); }

  // Rewrites the tree to its durable state (see above). Nothing may be open
  // through this Fs any more.
  void ApplyPowerLoss();

  // The durable content of the file at `path` (relative to the root) as
  // the model sees it now; empty if it has no durable name.
  std::string Durable(const std::string& path) const;

  int OpenAt(int dir_fd, const char* name, int flags, mode_t mode) override;
  ssize_t Write(int fd, const void* buf, size_t n) override;
  int FDataSync(int fd) override;
  int FSync(int fd) override;
  int FTruncate(int fd, off_t length) override;
  int MkdirAt(int dir_fd, const char* name, mode_t mode) override;
  int LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) override;
  int UnlinkAt(int dir_fd, const char* name, int flags) override;
  int RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd, const char* new_name) override;

 private:
  using FileId = long;  // one per file ever seen; inode numbers get reused

  // Counts an operation; true if it must fail (errno is set then). The
  // helpers below are called with mu_ held.
  bool Inject();
  FileId IdOf(ino_t ino);
  // Records what a directory or a file holds now as durable.
  void SnapshotDir(const std::string& path);
  void SnapshotFile(int fd);

  mutable std::mutex mu_;
  std::string root_;
  long ops_ = 0;
  long fail_at_ = 0;
  int fail_errno_ = 0;
  bool fail_forever_ = false;
  bool short_write_ = false;

  FileId next_id_ = 0;
  std::map<ino_t, FileId> ids_;                                // the file each inode holds now
  std::map<FileId, std::string> content_;                      // durable content
  std::map<std::string, std::map<std::string, FileId>> dirs_;  // durable entries by directory path
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_POWER_LOSS_FS_H_
