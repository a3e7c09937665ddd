#include "progress.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>

namespace sessionstore::cli {

Progress::Progress(std::string what, size_t total)
    : what_(std::move(what)),
      total_(total),
      shown_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { Clear(); }

void Progress::Clear() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

void Progress::Update(size_t done) {
  if (!shown_) return;
  const auto now = std::chrono::steady_clock::now();
  // Nothing for work done within a second; then ten times a second.
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  fmt::print(stderr, "\r\x1b[Ksessionstore: {} {}/{} ({}%)", what_, done, total_,
             total_ == 0 ? 100 : done * 100 / total_);
  std::fflush(stderr);
}

}  // namespace sessionstore::cli
