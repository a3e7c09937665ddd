// What the agents of a store spent: sessions, messages, tokens and cost,
// grouped by day, week, month, model, provider, workspace or session
// (Store::Usage). Plain value types.

#ifndef SESSIONSTORE_USAGE_H_
#define SESSIONSTORE_USAGE_H_

#include <cstdint>
#include <string>

namespace sessionstore {

struct UsageOptions {
  enum class By { kDay, kWeek, kMonth, kModel, kProvider, kWorkspace, kSession, kTotal };
  // Days, ISO weeks (starting Monday) and months in the calling process's
  // local time zone ($TZ).
  By by = By::kDay;
  // Only what was recorded in [since, until) (Unix ms; 0: unbounded),
  // counted by the hour it was recorded in: bounds are taken down to
  // their hour.
  int64_t since_ms = 0;
  int64_t until_ms = 0;
  // Only sessions of this workspace; empty: all.
  std::string workspace;
  // Also archived sessions. Default true: what was spent was spent.
  bool include_archived = true;
};

// One group. A message's usage counts under the message's model if it
// names one, else the session's model at that point; a usage record's
// under the session's model then.
struct UsageRow {
  // "2026-11-22", "2026-W47", "2026-11", the model, the provider, the
  // workspace or the session id; "total" for kTotal.
  std::string key;
  int64_t sessions = 0;  // sessions with a message or usage in the group
  int64_t messages = 0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  double cost_usd = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_USAGE_H_
