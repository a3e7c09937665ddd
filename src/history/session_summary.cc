#include "history/session_summary.h"

#include <set>

#include "history/title.h"

namespace sessionstore::history {

void StartSummary(const SessionHeader& h, SummaryState* s) {
  *s = SummaryState{};
  s->info.id = h.id;
  s->info.created_ms = h.created_ms;
  s->info.updated_ms = h.created_ms;
  s->info.workspace = h.workspace;
  s->info.model = h.model;
  s->info.provider = h.provider;
  s->info.parent = h.parent;
  s->explicit_title = h.title;
  s->copying = h.parent.has_value();
}

void AddToSummary(const Record& e, int64_t timestamp_ms, std::string_view entry_id, SummaryState* s) {
  SessionInfo& info = s->info;
  // A fork's copies of its parent's entries were spent in the parent: the
  // accounting counts them there only.
  const bool inherited = s->copying && timestamp_ms <= info.created_ms;
  if (s->copying && info.parent && entry_id == info.parent->entry) s->copying = false;
  UsageBuckets ignored;
  UsageBuckets& usage = inherited ? ignored : s->usage;
  if (timestamp_ms > info.updated_ms) info.updated_ms = timestamp_ms;
  switch (e.type) {
    case RecordType::kMessage: {
      ++info.message_count;
      UsageTotals& bucket =
          usage[UsageKey{.hour = timestamp_ms / kHourMs,
                         .model = e.message.model.empty() ? info.model : e.message.model,
                         .provider = e.message.provider.empty() ? info.provider : e.message.provider}];
      ++bucket.messages;
      if (e.message.usage) {
        info.cost_usd += e.message.usage->cost_usd;
        bucket.Add(*e.message.usage);
      }
      if (s->first_user_title.empty() && e.message.role == kRoleUser) {
        s->first_user_title = history::TitleFromText(e.message.Text());
      }
      break;
    }
    case RecordType::kTitle: s->explicit_title = e.title; break;
    case RecordType::kModelChange:
      info.model = e.model;
      info.provider = e.provider;
      break;
    case RecordType::kUsage:
      info.cost_usd += e.usage.cost_usd;
      usage[UsageKey{.hour = timestamp_ms / kHourMs, .model = info.model, .provider = info.provider}].Add(e.usage);
      break;
    case RecordType::kLabel: s->labels[e.target] = e.label; break;
    case RecordType::kCompaction:
    case RecordType::kBranchSummary:
    case RecordType::kUnknown: break;
  }
}

SessionInfo FinishSummary(const SummaryState& s, uint64_t bytes, bool archived) {
  SessionInfo info = s.info;
  info.bytes = bytes;
  info.archived = archived;
  std::set<std::string> distinct;
  for (const auto& [target, label] : s.labels) {
    if (!label.empty()) distinct.insert(label);
  }
  info.labels.assign(distinct.begin(), distinct.end());
  info.title = !s.explicit_title.empty()     ? s.explicit_title
               : !s.first_user_title.empty() ? s.first_user_title
                                             : std::string(history::kUntitled);
  return info;
}

}  // namespace sessionstore::history
