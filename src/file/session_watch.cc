#include "file/session_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace sessionstore::file {

namespace {

constexpr uint32_t kEvents = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;

class InotifyWatch final : public store::ChangeWatch {
 public:
  InotifyWatch(std::shared_ptr<const SessionFiles> files, std::string_view id)
      : files_(std::move(files)), name_(SessionFiles::FileName(id)) {
    fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd_ < 0) return;
    // Through the directories' descriptors: the very directories the store
    // opened, never a path that may have been swapped since.
    for (Where where : {Where::kLive, Where::kArchived}) {
      const std::string dir = "/proc/self/fd/" + std::to_string(files_->dir_fd(where));
      if (::inotify_add_watch(fd_, dir.c_str(), kEvents) < 0) {
        ::close(fd_);
        fd_ = -1;
        return;
      }
    }
  }
  ~InotifyWatch() override {
    if (fd_ >= 0) ::close(fd_);
  }

  void Wait(int64_t timeout_ms) override {
    if (fd_ < 0) {  // polling
      std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<int64_t>(timeout_ms, 0, 200)));
      return;
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(0, timeout_ms));
    while (true) {
      if (Drain()) return;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
      if (rc < 0 && errno != EINTR) return;
      if (rc < 0) return;  // a signal: let the caller look (and maybe stop)
    }
  }

 private:
  // Reads the events queued; true if one was about the session's file (or
  // the queue overflowed, and it may have been).
  bool Drain() {
    alignas(inotify_event) char buf[4096];
    bool ours = false;
    while (true) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return ours;
      for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buf + at);
        if ((event->mask & IN_Q_OVERFLOW) != 0 || (event->len > 0 && name_ == event->name)) ours = true;
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
  }

  std::shared_ptr<const SessionFiles> files_;
  std::string name_;
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<store::ChangeWatch> WatchSessionFile(std::shared_ptr<const SessionFiles> files, std::string_view id) {
  return std::make_unique<InotifyWatch>(std::move(files), id);
}

}  // namespace sessionstore::file
