// Store::Usage: the sessions' accounting (history/usage_buckets.h), grouped.

#include <time.h>

#include <algorithm>
#include <map>
#include <set>

#include "history/usage_buckets.h"
#include "sessionstore/store.h"
#include "store/backend.h"

namespace sessionstore {

namespace {

// The group of one bucket.
std::string GroupKey(const UsageOptions& o, const store::SessionUsage& session, const history::UsageKey& key) {
  using By = UsageOptions::By;
  const char* format = nullptr;
  switch (o.by) {
    case By::kDay: format = "%Y-%m-%d"; break;
    case By::kWeek: format = "%G-W%V"; break;
    case By::kMonth: format = "%Y-%m"; break;
    case By::kModel: return key.model;
    case By::kProvider: return key.provider;
    case By::kWorkspace: return session.workspace;
    case By::kSession: return session.id;
    case By::kTotal: return "total";
  }
  const time_t start = static_cast<time_t>(key.hour * (history::kHourMs / 1000));
  tm local{};
  ::localtime_r(&start, &local);
  char buf[32];
  return std::string(buf, ::strftime(buf, sizeof buf, format, &local));
}

bool ByTime(UsageOptions::By by) {
  return by == UsageOptions::By::kDay || by == UsageOptions::By::kWeek || by == UsageOptions::By::kMonth;
}

}  // namespace

Result<std::vector<UsageRow>> Store::Usage(const UsageOptions& options) {
  Result<std::vector<store::SessionUsage>> sessions =
      backend_->UsageOfSessions(options.workspace, options.include_archived);
  if (!sessions.ok()) return sessions.status();
  const int64_t first_hour = options.since_ms / history::kHourMs;
  std::map<std::string, history::UsageTotals> totals;
  std::map<std::string, std::set<std::string_view>> members;
  for (const store::SessionUsage& s : *sessions) {
    for (const auto& [key, t] : s.buckets) {
      if (key.hour < first_hour || (options.until_ms != 0 && key.hour >= options.until_ms / history::kHourMs)) {
        continue;
      }
      const std::string group = GroupKey(options, s, key);
      totals[group].Add(t);
      members[group].insert(s.id);
    }
  }
  std::vector<UsageRow> rows;
  rows.reserve(totals.size());
  for (const auto& [group, t] : totals) {
    rows.push_back(UsageRow{.key = group,
                            .sessions = static_cast<int64_t>(members[group].size()),
                            .messages = t.messages,
                            .input_tokens = t.input_tokens,
                            .output_tokens = t.output_tokens,
                            .cache_read_tokens = t.cache_read_tokens,
                            .cache_write_tokens = t.cache_write_tokens,
                            .cost_usd = t.cost_usd});
  }
  if (!ByTime(options.by)) {  // time groups stay in time order (the map's)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const UsageRow& a, const UsageRow& b) { return a.cost_usd > b.cost_usd; });
  }
  return rows;
}

}  // namespace sessionstore
