// Store's history calls, the same on every backend: the context view,
// branches, forks, labels, summaries, truncation, SetHistory and Compact.

#include <algorithm>
#include <functional>

#include "format/byte_buffer.h"
#include "format/ids.h"
#include "format/line_encoder.h"
#include "format/time_format.h"
#include "history/context_path.h"
#include "history/session_tree.h"
#include "sessionstore/json.h"
#include "sessionstore/redact.h"
#include "sessionstore/store.h"
#include "store/backend.h"
#include "store/bad_lines.h"
#include "store/errors.h"
#include "store/redacting_writer.h"

namespace sessionstore {

Result<ContextView> Store::Context(std::string_view id, const ContextOptions& options) {
  if (Status s = store::CheckSessionId(id, "context"); !s.ok()) return s;
  history::ContextPath path(options.leaf);
  LoadReport report;
  Status walked = backend_->WalkBackward(
      id, [&path](Entry& e) { return path.Offer(std::move(e)); }, &report);
  if (!walked.ok()) return walked;
  if (!path.found()) return store::NoSuchEntry(id, options.leaf);
  ContextView view = path.Build();
  view.report = std::move(report);
  return view;
}

Result<std::vector<BranchInfo>> Store::Branches(std::string_view id) {
  Result<Session> s = Load(id);
  if (!s.ok()) return s.status();
  std::vector<BranchInfo> branches = history::SessionTree(s->entries).Branches();
  std::erase_if(branches, [](const BranchInfo& b) { return b.message_count == 0; });
  return branches;
}

Result<std::vector<LabelInfo>> Store::Labels(std::string_view id) {
  Result<Session> s = Load(id);
  if (!s.ok()) return s.status();
  return history::SessionTree(s->entries).Labels();
}

Result<SessionHeader> Store::Fork(std::string_view id, std::string_view entry, const NewSession& fork) {
  Result<Session> source = Load(id);
  if (!source.ok()) return source.status();
  history::SessionTree tree(source->entries);
  const Entry* at = tree.Find(entry);
  if (at == nullptr) {
    return store::NoSuchEntry(id, entry);
  }
  const SessionHeader& from = source->header;
  SessionHeader h;
  h.id = fork.id.empty() ? format::NewUuidV7() : fork.id;
  h.workspace = fork.workspace.empty() ? from.workspace : fork.workspace;
  h.title = fork.title.empty() ? from.title : fork.title;
  h.model = fork.model.empty() ? from.model : fork.model;
  h.provider = fork.provider.empty() ? from.provider : fork.provider;
  h.metadata = fork.metadata.empty() ? from.metadata : fork.metadata;
  h.parent = ParentRef{.session = std::string(id), .entry = std::string(entry)};
  // The path from the root to `entry`, as a chain with the same entry ids.
  format::LineEncoder encoder(options_.read);
  format::ByteBuffer lines;
  uint64_t seq = 0;
  std::string parent;
  RedactionCounts redacted;
  for (const Entry* e : tree.PathTo(*at)) {
    Entry copy = *e;
    if (options_.redact_before_write) options_.redact_before_write->RedactRecord(&copy, &redacted);
    copy.seq = ++seq;
    copy.parent = parent;
    if (Status s = encoder.EncodeStoredEntry(copy, &lines); !s.ok()) return s;
    parent = e->id;
  }
  store::SayRedacted(options_, h.id, redacted);
  return CreateWith(std::move(h), lines.view());
}

namespace {

// Runs `call` through a sync writer of its own on session `id`, then closes it.
template <typename T>
Result<T> WithOwnWriter(Store& store, std::string_view id, const std::function<Result<T>(Writer&)>& call) {
  Result<std::unique_ptr<Writer>> writer = store.OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<T> result = call(**writer);
  if (!result.ok()) return result.status();
  if (Status s = (*writer)->Close(); !s.ok()) return s;
  return result;
}

Status WithOwnWriter(Store& store, std::string_view id, const std::function<Status(Writer&)>& call) {
  return WithOwnWriter<bool>(store, id,
                             [&](Writer& w) -> Result<bool> {
                               if (Status s = call(w); !s.ok()) return s;
                               return true;
                             })
      .status();
}

// Whether a message answers a tool call: it must follow the call.
bool AnswersACall(const Message& m) {
  return std::any_of(m.content.begin(), m.content.end(),
                     [](const ContentBlock& b) { return b.type == BlockType::kToolResult; });
}

}  // namespace

Status Store::Label(std::string_view id, std::string_view entry, std::string_view label) {
  return WithOwnWriter(*this, id, [&](Writer& w) { return Label(w, entry, label); });
}

Status Store::Label(Writer& writer, std::string_view entry, std::string_view label) {
  if (Status s = writer.Flush(); !s.ok()) return s;
  const std::string& id = writer.session_id();
  Result<Session> s = Load(id);  // under the writer's lock: entries cannot change
  if (!s.ok()) return s.status();
  if (history::SessionTree(s->entries).Find(entry) == nullptr) {
    return store::NoSuchEntry(id, entry);
  }
  return writer.Append(Record::Label(std::string(entry), std::string(label))).status();
}

Status Store::SetSummary(std::string_view id, std::string_view summary) {
  return WithOwnWriter(*this, id, [&](Writer& w) { return SetSummary(w, summary); });
}

Status Store::SetSummary(Writer& writer, std::string_view summary) {
  if (Status s = writer.Flush(); !s.ok()) return s;
  Result<ContextView> view = Context(writer.session_id(), {.leaf = writer.leaf()});
  if (!view.ok()) return view.status();
  // Keep what the context holds now: the summary replaces only what an
  // earlier compaction had already summarized.
  std::string first_kept;
  for (const ContextItem& item : view->items) {
    if (item.kind != ContextItem::Kind::kCompactionSummary) {
      first_kept = item.entry_id;
      break;
    }
  }
  return writer.Append(Record::Compaction(std::string(summary), first_kept)).status();
}

Result<std::string> Store::GetSummary(std::string_view id) {
  Result<ContextView> view = Context(id, {});
  if (!view.ok()) return view.status();
  return std::move(view->summary);
}

Result<TruncateReport> Store::TruncateHistory(std::string_view id, size_t keep_last) {
  return WithOwnWriter<TruncateReport>(*this, id, [&](Writer& w) { return TruncateHistory(w, keep_last); });
}

Result<TruncateReport> Store::TruncateHistory(Writer& writer, size_t keep_last) {
  if (Status s = writer.Flush(); !s.ok()) return s;
  Result<ContextView> view = Context(writer.session_id(), {.leaf = writer.leaf()});
  if (!view.ok()) return view.status();
  std::vector<const ContextItem*> messages;
  for (const ContextItem& item : view->items) {
    if (item.kind == ContextItem::Kind::kMessage) messages.push_back(&item);
  }
  TruncateReport report;
  if (messages.size() <= keep_last) {
    report.kept = messages.size();
    if (!messages.empty()) report.first_kept = messages.front()->entry_id;
    return report;
  }
  // The cut falls between turns, as a model needs them: never between a
  // call and its result.
  size_t cut = messages.size() - keep_last;
  while (keep_last > 0 && cut > 0 && AnswersACall(messages[cut]->message)) {
    --cut;
    ++report.widened;
  }
  report.truncated = true;
  report.kept = messages.size() - cut;
  if (report.kept > 0) report.first_kept = messages[cut]->entry_id;
  Result<std::string> appended = writer.Append(Record::Compaction(view->summary, report.first_kept));
  if (!appended.ok()) return appended.status();
  return report;
}

Result<Entry> Store::PopMessage(std::string_view id) {
  return WithOwnWriter<Entry>(*this, id, [&](Writer& w) { return PopMessage(w); });
}

Result<Entry> Store::PopMessage(Writer& writer) {
  if (Status s = writer.Flush(); !s.ok()) return s;
  const std::string& id = writer.session_id();
  Result<Session> s = Load(id);  // under the writer's lock: entries cannot change
  if (!s.ok()) return s.status();
  history::SessionTree tree(s->entries);
  const std::string leaf = writer.leaf();
  const Entry* at = leaf.empty() ? nullptr : tree.Find(leaf);
  std::vector<const Entry*> path = at == nullptr ? std::vector<const Entry*>() : tree.PathTo(*at);
  // The latest message on the path, and what stands after it.
  for (size_t i = path.size(); i-- > 0;) {
    const Entry& e = *path[i];
    if (e.type == RecordType::kCompaction || e.type == RecordType::kBranchSummary) {
      return Status::FailedPrecondition("session \"" + id + "\": the latest message is behind a " +
                                            (e.type == RecordType::kCompaction ? "compaction" : "branch summary") +
                                            "; undoing it would take that out of the context too",
                                        ErrorContext{.op = "pop message"});
    }
    if (e.type != RecordType::kMessage) continue;
    Entry popped = e;
    if (Status st = writer.SetLeaf(e.parent); !st.ok()) return st;
    Result<std::string> appended =
        writer.Append(Record::Custom(std::string(kUndoRecord), {{.key = "removed", .json = JsonString(e.id)}}));
    if (!appended.ok()) return appended.status();
    return popped;
  }
  return Status::FailedPrecondition("session \"" + id + "\" has no message in its context to undo",
                                    ErrorContext{.op = "pop message"});
}

Result<std::vector<std::string>> Store::SetHistory(std::string_view id, std::span<const Message> messages,
                                                   const SetHistoryOptions& options) {
  std::vector<Record> records;
  records.reserve(messages.size());
  for (const Message& m : messages) records.push_back(Record::FromMessage(m));
  if (!options.rewrite) {
    Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
    if (!writer.ok()) return writer.status();
    if (Status s = (*writer)->SetLeaf(""); !s.ok()) return s;  // a new root
    Result<std::vector<std::string>> ids = (*writer)->AppendBatch(records);
    if (!ids.ok()) return ids.status();
    if (Status s = (*writer)->Close(); !s.ok()) return s;
    return ids;
  }
  if (Status s = store::CheckSessionId(id, "set-history"); !s.ok()) return s;
  std::vector<std::string> ids;
  Status s = backend_->Rewrite(id, [&](const store::StoredSession&) -> Result<store::Rewritten> {
    format::ByteBuffer content;
    format::LineEncoder encoder(options_.read);
    format::EntryIdGenerator generator;
    const int64_t now = format::NowMs();
    for (const Record& r : records) {
      ids.push_back(generator.Next());
      format::EntryStamp stamp{.seq = ids.size(),
                               .id = ids.back(),
                               .parent = ids.size() > 1 ? std::string_view(ids[ids.size() - 2]) : std::string_view(),
                               .timestamp_ms = now};
      if (Status st = encoder.EncodeEntry(r, stamp, &content); !st.ok()) return st;
    }
    return store::Rewritten{.lines = std::string(content.view())};
  });
  if (!s.ok()) return s;
  return ids;
}

Result<CompactReport> Store::Compact(std::string_view id, const CompactOptions& options) {
  if (Status s = store::CheckSessionId(id, "compact"); !s.ok()) return s;
  CompactReport report;
  bool reported = false;
  Status s = backend_->Rewrite(id, [&](const store::StoredSession& stored) -> Result<store::Rewritten> {
    if (Status bad = store::RefuseToDropBadLines(stored.report, "compact"); !bad.ok()) return bad;
    const std::vector<Entry>& entries = stored.entries;
    history::SessionTree tree(entries);
    std::vector<bool> keep(entries.size());
    auto index_of = [&](const Entry* e) { return static_cast<size_t>(e - entries.data()); };
    // What each leaf's context reaches: from its latest compaction's first
    // kept entry (or the root) down to the leaf.
    for (const Entry* leaf : tree.Leaves()) {
      std::vector<const Entry*> path = tree.PathTo(*leaf);
      size_t start = 0;
      for (size_t i = path.size(); i-- > 0;) {
        if (path[i]->type != RecordType::kCompaction) continue;
        start = i;
        for (size_t j = 0; j < i; ++j) {
          if (path[j]->id == path[i]->first_kept) start = j;
        }
        break;
      }
      for (size_t i = start; i < path.size(); ++i) keep[index_of(path[i])] = true;
    }
    // Records an application or a later version needs, labels of what
    // stays, and the title in force.
    size_t title = entries.size();
    for (size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].type == RecordType::kUnknown) keep[i] = true;
      if (entries[i].type == RecordType::kTitle) title = i;
    }
    if (title < entries.size()) keep[title] = true;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].type != RecordType::kLabel) continue;
      const Entry* target = tree.Find(entries[i].target);
      if (target != nullptr && keep[index_of(target)]) keep[i] = true;
    }

    format::ByteBuffer content;
    format::LineEncoder encoder(options_.read);
    report = CompactReport{.bytes_before = stored.bytes, .entries_before = static_cast<int64_t>(entries.size())};
    for (size_t i = 0; i < entries.size(); ++i) {
      if (!keep[i]) continue;
      ++report.entries_after;
      const Entry& e = entries[i];
      const Entry* parent = e.parent.empty() ? nullptr : tree.Find(e.parent);
      if (parent == nullptr || keep[index_of(parent)]) {
        content.Append(stored.lines[i]);  // as stored, byte for byte
        content.push_back('\n');
      } else {
        Entry root = e;  // its parent is gone: it becomes a root
        root.parent.clear();
        if (Status st = encoder.EncodeStoredEntry(root, &content); !st.ok()) return st;
      }
    }
    report.bytes_after = stored.header_line.size() + 1 + content.size();
    reported = true;
    // A dry run stops the rewrite here: the session stays as it is.
    if (options.dry_run) return Status::FailedPrecondition("dry run");
    return store::Rewritten{.lines = std::string(content.view())};
  });
  if (options.dry_run && reported) return report;
  if (!s.ok()) return s;
  return report;
}

}  // namespace sessionstore
