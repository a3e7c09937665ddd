#include "file/session_scan.h"

#include <map>
#include <set>

#include "file/session_reader.h"
#include "format/title.h"

namespace sessionstore::file {

Result<SessionInfo> ScanSession(const SessionFiles& files, std::string_view id,
                                const ReadOptions& options) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(files, id, options);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  const SessionHeader& h = r.header();
  SessionInfo info;
  info.id = h.id;
  info.created_ms = h.created_ms;
  info.updated_ms = h.created_ms;
  info.workspace = h.workspace;
  info.model = h.model;
  info.provider = h.provider;
  info.parent = h.parent;
  info.bytes = static_cast<uint64_t>(r.file_stat().st_size);
  info.archived = r.where() == Where::kArchived;
  std::string explicit_title = h.title;
  std::string first_user_text;
  std::map<std::string, std::string> labels;  // target -> its latest label
  Entry e;
  while (r.Next(&e)) {
    if (e.timestamp_ms > info.updated_ms) info.updated_ms = e.timestamp_ms;
    switch (e.type) {
      case RecordType::kMessage:
        ++info.message_count;
        if (e.message.usage) info.cost_usd += e.message.usage->cost_usd;
        if (first_user_text.empty() && e.message.role == kRoleUser) {
          first_user_text = format::TitleFromText(e.message.Text());
        }
        break;
      case RecordType::kTitle: explicit_title = e.title; break;
      case RecordType::kModelChange:
        info.model = e.model;
        info.provider = e.provider;
        break;
      case RecordType::kUsage: info.cost_usd += e.usage.cost_usd; break;
      case RecordType::kLabel: labels[e.target] = e.label; break;
      case RecordType::kCompaction:
      case RecordType::kBranchSummary:
      case RecordType::kUnknown: break;
    }
  }
  if (!r.status().ok()) return r.status();
  std::set<std::string> distinct;
  for (const auto& [target, label] : labels) {
    if (!label.empty()) distinct.insert(label);
  }
  info.labels.assign(distinct.begin(), distinct.end());
  info.title = !explicit_title.empty()    ? explicit_title
               : !first_user_text.empty() ? first_user_text
                                          : std::string(format::kUntitled);
  return info;
}

}  // namespace sessionstore::file
