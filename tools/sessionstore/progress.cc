#include "progress.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

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

void HearTheStore(StoreOptions* options) {
  // One line of progress at a time, shared by the two callbacks.
  struct Shown {
    std::string what;
    std::unique_ptr<Progress> progress;
  };
  auto shown = std::make_shared<Shown>();
  options->on_progress = [shown](std::string_view what, uint64_t done, uint64_t total) {
    if (shown->progress == nullptr || shown->what != what) {
      shown->what = what;
      shown->progress = std::make_unique<Progress>(shown->what, total);
    }
    shown->progress->Update(done);
    if (done >= total) shown->progress.reset();
  };
  options->on_notice = [shown](std::string_view notice) {
    if (shown->progress != nullptr) shown->progress->Clear();
    fmt::print(stderr, "sessionstore: {}\n", notice);
  };
}

}  // namespace sessionstore::cli
