// The default primitives of store::Backend.

#include "store/backend.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "history/session_summary.h"

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

Result<std::vector<SessionUsage>> Backend::UsageOfSessions(const std::string& workspace, bool include_archived) {
  Result<ListQuery> query = MakeListQuery(ListOptions{.workspace = workspace, .include_archived = include_archived});
  if (!query.ok()) return query.status();
  Result<SessionPage> page = ListPage(*query);
  if (!page.ok()) return page.status();
  std::vector<SessionUsage> out;
  out.reserve(page->rows.size());
  for (const SessionInfo& row : page->rows) {
    Result<history::UsageBuckets> buckets = ReplayUsage(row.id);
    if (!buckets.ok()) {
      if (buckets.status().code() == StatusCode::kNotFound) continue;  // deleted since
      return buckets.status();
    }
    out.push_back({.id = row.id, .workspace = row.workspace, .buckets = std::move(*buckets)});
  }
  return out;
}

Result<history::UsageBuckets> Backend::ReplayUsage(std::string_view id) {
  Result<std::unique_ptr<Cursor>> cursor = Read(id, {});
  if (!cursor.ok()) return cursor.status();
  history::SummaryState state;
  history::StartSummary((*cursor)->header(), &state);
  for (const Entry& e : **cursor) history::AddToSummary(e, e.timestamp_ms, e.id, &state);
  if (!(*cursor)->status().ok()) return (*cursor)->status();
  return std::move(state.usage);
}

std::unique_ptr<ChangeWatch> Backend::WatchSession(std::string_view) { return std::make_unique<PollingWatch>(); }

}  // namespace sessionstore::store
