// A small file system of a test's own (a tmpfs), to fill up: a full disk
// or one without free inodes, without touching the machine's. Mounting
// needs root; a test without it skips.

#ifndef SESSIONSTORE_TESTS_TESTING_SMALL_FS_H_
#define SESSIONSTORE_TESTS_TESTING_SMALL_FS_H_

#include <string>

#include "testing/temp_dir.h"

namespace sessionstore::testing {

class SmallFs {
 public:
  // Mounts a tmpfs with `options` ("size=2m", "nr_inodes=24") in a
  // temporary directory; unmounted when destroyed.
  explicit SmallFs(const std::string& options);
  ~SmallFs();
  SmallFs(const SmallFs&) = delete;
  SmallFs& operator=(const SmallFs&) = delete;

  // Why it could not be mounted (for GTEST_SKIP); empty once mounted.
  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& path() const { return path_; }

  // Takes every free inode but `spare`, with empty files.
  void TakeInodes(int spare);
  // Takes every free byte, with one file.
  void TakeSpace();

 private:
  TempDir dir_;
  std::string path_;
  std::string skip_reason_;
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_SMALL_FS_H_
