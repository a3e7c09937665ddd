// Progress on stderr for work that can take more than a second: only on a
// terminal, at most ten updates a second, and the line cleared when done,
// so that nothing of it reaches a file or a pipe.

#ifndef SESSIONSTORE_TOOLS_PROGRESS_H_
#define SESSIONSTORE_TOOLS_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "sessionstore/options.h"

namespace sessionstore::cli {

class Progress {
 public:
  // `what`: "verifying", "copying"; `total`: the steps to come.
  Progress(std::string what, size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Step `done` of the total is finished.
  void Update(size_t done);
  // Takes the progress line off the terminal, before a line of output; the
  // next Update draws it again.
  void Clear();

 private:
  const std::string what_;
  const size_t total_;
  const bool shown_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// Sets `options`' on_progress to draw the library's long work (a catalog
// built, a reindex) as Progress lines, and its on_notice to print notices
// on stderr on a line of their own.
void HearTheStore(StoreOptions* options);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_PROGRESS_H_
