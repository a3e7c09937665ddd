// ScratchDir: a fresh directory under /tmp for one fuzzing process, removed
// when the process exits. Fuzz targets keep one in a function-local static.

#ifndef SESSIONSTORE_FUZZ_SCRATCH_DIR_H_
#define SESSIONSTORE_FUZZ_SCRATCH_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "fuzz_check.h"

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/sessionstore-fuzz-XXXXXX";
    FUZZ_CHECK(::mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

#endif  // SESSIONSTORE_FUZZ_SCRATCH_DIR_H_
