// The listing row of a session (SessionInfo), built entry by entry. The state
// can be kept and resumed, so that a growing file is summarized from where
// its last summary stopped (the catalog and the PostgreSQL writer do). Pure
// functions.

#ifndef SESSIONSTORE_HISTORY_SESSION_SUMMARY_H_
#define SESSIONSTORE_HISTORY_SESSION_SUMMARY_H_

#include <map>
#include <string>
#include <string_view>

#include "history/usage_buckets.h"
#include "sessionstore/session.h"

namespace sessionstore::history {

struct SummaryState {
  // id, created, updated, message count, workspace, model, provider, cost,
  // parent; the rest is filled by FinishSummary.
  SessionInfo info;
  std::string explicit_title;                 // the header's, then the latest title record's
  std::string first_user_title;               // from the first user message with text
  std::map<std::string, std::string> labels;  // target -> its latest label
  // Messages and usage by hour and model, but for a fork's copies of its
  // parent's entries: those up to the fork's entry, no newer than the fork.
  UsageBuckets usage;
  bool copying = false;  // a fork's copies may come yet
};

void StartSummary(const SessionHeader& header, SummaryState* state);
// `timestamp_ms`: the entry's time (a record's own may be unset until its
// writer stamps it); `entry_id`: its id.
void AddToSummary(const Record& record, int64_t timestamp_ms, std::string_view entry_id, SummaryState* state);
// The row: title and labels resolved (see SessionInfo), with the file's size
// and place.
SessionInfo FinishSummary(const SummaryState& state, uint64_t bytes, bool archived);

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_SESSION_SUMMARY_H_
