#include "session_checks.h"

#include <fmt/core.h>

#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli.h"
#include "sessionstore/json.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

// The line number of each entry: after the header, in file order, around
// the lines that did not read.
std::vector<int64_t> EntryLines(const Session& s) {
  std::set<int64_t> bad;
  for (const SkippedLine& l : s.report.skipped) bad.insert(l.line);
  std::vector<int64_t> lines;
  int64_t line = 2;
  for (size_t i = 0; i < s.entries.size(); ++i, ++line) {
    while (bad.contains(line)) ++line;
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

void CheckSession(Store& store, const std::string& id, const SessionInfo* row, std::vector<Finding>* out) {
  const Result<std::string> place = store.Place(id);
  const std::string where = place.ok() ? *place : id;
  auto find = [&](int64_t line, std::string kind, std::string message) {
    out->push_back({id, where, line, std::move(kind), std::move(message)});
  };
  Result<Session> s = store.Load(id);
  if (!s.ok()) {
    find(s.status().context().line, "unreadable", s.status().ToString());
    return;
  }
  for (const SkippedLine& l : s->report.skipped) find(l.line, "bad line", l.reason.message());
  if (s->report.torn_tail_bytes > 0) {
    find(-1, "torn tail",
         fmt::format("{} bytes after the last line end (an append cut short; the next writer cuts them off)",
                     s->report.torn_tail_bytes));
  }
  const std::vector<int64_t> lines = EntryLines(*s);
  std::unordered_set<std::string_view> ids;
  bool compacted = false;
  for (const Entry& e : s->entries) compacted = compacted || e.type == RecordType::kCompaction;
  uint64_t last_seq = 0;
  for (size_t i = 0; i < s->entries.size(); ++i) {
    const Entry& e = s->entries[i];
    if (e.seq <= last_seq) {
      find(lines[i], "seq", fmt::format("seq {} after seq {}: seqs must increase", e.seq, last_seq));
    }
    last_seq = std::max(last_seq, e.seq);
    // A parent is written before its child; after a compaction the first
    // kept entries may name one it dropped.
    if (!e.parent.empty() && !ids.contains(e.parent) && !compacted) {
      find(lines[i], "parent", fmt::format("entry {} names parent {}, which comes nowhere before it", e.id, e.parent));
    }
    if (!ids.insert(e.id).second) find(lines[i], "duplicate id", fmt::format("entry id {} is used twice", e.id));
  }
  for (size_t i = 0; i < s->entries.size(); ++i) {
    const Entry& e = s->entries[i];
    if (e.type == RecordType::kLabel && !ids.contains(e.target)) {
      find(lines[i], "label", "a label on " + e.target + ", which is not an entry of the session");
    }
    if (e.type == RecordType::kCompaction && !e.first_kept.empty() && !ids.contains(e.first_kept)) {
      find(lines[i], "compaction", "a compaction keeping from " + e.first_kept + ", which is not an entry");
    }
  }
  // Tool calls without results, on the branch an agent is on; not while a
  // writer holds the session (an agent between a call and its result).
  Result<std::string> holder = store.WriterHolder(id);
  if (holder.ok() && holder->empty() && !s->entries.empty()) {
    Result<ContextView> view = store.Context(id);
    if (view.ok()) {
      for (const ContextRepair& r : view->repairs) {
        find(-1, std::string(KindName(r.kind)),
             r.kind == ContextRepair::Kind::kInterruptedToolCall
                 ? fmt::format("tool call {} in entry {} has no result", r.call_id, r.entry_id)
                 : fmt::format("tool result {} in entry {} answers no call before it", r.call_id, r.entry_id));
      }
    }
  }
  // The store's summary of the session against the session itself.
  int64_t messages = 0;
  for (const Entry& e : s->entries) messages += e.type == RecordType::kMessage ? 1 : 0;
  if (row == nullptr) {
    find(-1, "listing", "the session is not in the store's listing (sessionstore reindex makes it anew)");
  } else if (row->message_count != messages || row->archived != s->archived) {
    find(-1, "listing",
         fmt::format("the listing says {} messages{}, the session holds {}{} (sessionstore reindex makes it anew)",
                     row->message_count, row->archived ? ", archived" : "", messages, s->archived ? ", archived" : ""));
  }
}

void PrintFinding(const Finding& f, bool json) {
  if (json) {
    PrintJsonLine(fmt::format("{{\"session\":{},\"place\":{},\"line\":{},\"kind\":{},\"message\":{}}}",
                              JsonString(f.session), JsonString(f.place), f.line > 0 ? std::to_string(f.line) : "null",
                              JsonString(f.kind), JsonString(f.message)));
  } else {
    fmt::print("{}{}: {}: {}\n", Shown(f.place, true), f.line > 0 ? ":" + std::to_string(f.line) : "", f.kind,
               Shown(f.message, true));
  }
}

}  // namespace sessionstore::cli
