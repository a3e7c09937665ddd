// The default primitives of store::Backend.

#include "store/backend.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace sessionstore::store {

Result<std::vector<SessionInfo>> Backend::IdleSince(int64_t time_ms) {
  Result<ListQuery> query = MakeListQuery(ListOptions{.include_archived = true});
  if (!query.ok()) return query.status();
  Result<SessionPage> page = ListPage(*query);
  if (!page.ok()) return page.status();
  std::vector<SessionInfo> idle;
  for (SessionInfo& row : page->rows) {
    if (std::max(row.updated_ms, row.stored_ms) < time_ms) idle.push_back(std::move(row));
  }
  return idle;
}

namespace {

// Polls: a wait is a short sleep.
class PollingWatch final : public ChangeWatch {
 public:
  void Wait(int64_t timeout_ms) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<int64_t>(timeout_ms, 0, kPollMs)));
  }

 private:
  static constexpr int64_t kPollMs = 200;
};

}  // namespace

std::unique_ptr<ChangeWatch> Backend::WatchSession(std::string_view) { return std::make_unique<PollingWatch>(); }

}  // namespace sessionstore::store
