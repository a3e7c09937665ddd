// FileStore's history operations: the context view, branches, forks,
// labels, summaries, truncation, SetHistory, Compact and cleanup.

#include <algorithm>

#include "context/context_builder.h"
#include "context/session_tree.h"
#include "file/file_store.h"
#include "file/session_lock.h"
#include "file/session_reader.h"
#include "format/codec.h"
#include "format/ids.h"
#include "format/time_format.h"

namespace sessionstore::file {

namespace {

// Appends `entry` as a line with its own seq, id, parent and time.
Status EncodeAsIs(format::LineEncoder* encoder, const Entry& entry, format::ByteBuffer* out) {
  return encoder->EncodeEntry(entry, {.seq = entry.seq, .id = entry.id, .parent = entry.parent,
                                      .timestamp_ms = entry.timestamp_ms},
                              out);
}

// The entries of a loaded session with their lines as stored.
struct RawSession {
  std::unique_ptr<SessionReader> reader;
  std::vector<Entry> entries;
  std::vector<std::string> lines;
};

Result<RawSession> ReadRaw(const SessionFiles& files, std::string_view id, const ReadOptions& options) {
  RawSession raw;
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(files, id, options);
  if (!reader.ok()) return reader.status();
  raw.reader = std::move(*reader);
  while (raw.reader->Next(&raw.entries.emplace_back())) raw.lines.emplace_back(raw.reader->line());
  raw.entries.pop_back();
  if (!raw.reader->status().ok()) return raw.reader->status();
  return raw;
}

}  // namespace

Result<ContextView> FileStore::Context(std::string_view id, const ContextOptions& options) {
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  // Walk back from the leaf along parent links: parents precede children in
  // the file, so one backward pass meets the whole path, and it can stop at
  // the first kept entry of the latest compaction on it.
  ReverseLineReader lines(files_->fs(), r.fd(), r.path(), r.header_end(), r.complete_end(),
                          options_.read.max_line_bytes);
  format::LineDecoder decoder(options_.read);
  LoadReport report = r.report();
  std::vector<Entry> path;
  std::string want = options.leaf;  // the next entry of the path, going back
  std::string first_kept;
  bool compacted = false;
  Entry e;
  Line line;
  while (lines.Prev(&line)) {
    Status s = line.too_long ? Status::Corruption("line longer than the line limit")
                             : decoder.DecodeEntry(line.text, true, &e);
    if (!s.ok()) {
      s = s.WithContext({.op = "read", .path = r.path(), .offset = static_cast<int64_t>(line.offset)});
      if (options_.read.strict) return s;
      report.skipped.push_back({.line = -1, .offset = static_cast<int64_t>(line.offset), .reason = s});
      continue;
    }
    if (want.empty() && path.empty()) want = e.id;  // no leaf given: the latest entry
    if (e.id != want) continue;
    const bool last = (compacted && e.id == first_kept) || e.parent.empty();
    if (!compacted && e.type == RecordType::kCompaction) {
      compacted = true;
      first_kept = e.first_kept;
    }
    want = e.parent;
    path.push_back(std::move(e));
    if (last || (compacted && first_kept.empty())) break;
  }
  if (!lines.status().ok()) return lines.status();
  if (!options.leaf.empty() && path.empty()) {
    return NoSuchEntry(id, options.leaf);
  }
  std::reverse(path.begin(), path.end());
  std::vector<const Entry*> pointers;
  pointers.reserve(path.size());
  for (const Entry& p : path) pointers.push_back(&p);
  ContextView view = context::BuildContext(pointers);
  view.report = std::move(report);
  return view;
}

Result<std::vector<BranchInfo>> FileStore::Branches(std::string_view id) {
  Result<Session> s = Load(id);
  if (!s.ok()) return s.status();
  std::vector<BranchInfo> branches = context::SessionTree(s->entries).Branches();
  std::erase_if(branches, [](const BranchInfo& b) { return b.message_count == 0; });
  return branches;
}

Result<std::vector<LabelInfo>> FileStore::Labels(std::string_view id) {
  Result<Session> s = Load(id);
  if (!s.ok()) return s.status();
  return context::SessionTree(s->entries).Labels();
}

Result<SessionHeader> FileStore::Fork(std::string_view id, std::string_view entry, const NewSession& fork) {
  Result<Session> source = Load(id);
  if (!source.ok()) return source.status();
  context::SessionTree tree(source->entries);
  const Entry* at = tree.Find(entry);
  if (at == nullptr) {
    return NoSuchEntry(id, entry);
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
  format::LineEncoder encoder(options_.read.max_depth);
  format::ByteBuffer lines;
  uint64_t seq = 0;
  std::string parent;
  for (const Entry* e : tree.PathTo(*at)) {
    Entry copy = *e;
    copy.seq = ++seq;
    copy.parent = parent;
    if (Status s = EncodeAsIs(&encoder, copy, &lines); !s.ok()) return s;
    parent = e->id;
  }
  return CreateWith(std::move(h), lines.view());
}

Status FileStore::Label(std::string_view id, std::string_view entry, std::string_view label) {
  Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<Session> s = Load(id);  // under the writer's lock: entries cannot change
  if (!s.ok()) return s.status();
  if (context::SessionTree(s->entries).Find(entry) == nullptr) {
    return NoSuchEntry(id, entry);
  }
  Result<std::string> appended = (*writer)->Append(Record::Label(std::string(entry), std::string(label)));
  if (!appended.ok()) return appended.status();
  return (*writer)->Close();
}

Status FileStore::SetSummary(std::string_view id, std::string_view summary) {
  Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<ContextView> view = Context(id, {});
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
  Result<std::string> appended = (*writer)->Append(Record::Compaction(std::string(summary), first_kept));
  if (!appended.ok()) return appended.status();
  return (*writer)->Close();
}

Result<std::string> FileStore::GetSummary(std::string_view id) {
  Result<ContextView> view = Context(id, {});
  if (!view.ok()) return view.status();
  return std::move(view->summary);
}

Status FileStore::TruncateHistory(std::string_view id, size_t keep_last) {
  Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<ContextView> view = Context(id, {});
  if (!view.ok()) return view.status();
  std::vector<const ContextItem*> messages;
  for (const ContextItem& item : view->items) {
    if (item.kind == ContextItem::Kind::kMessage) messages.push_back(&item);
  }
  if (messages.size() <= keep_last) return (*writer)->Close();
  const std::string first_kept = keep_last == 0 ? std::string() : messages[messages.size() - keep_last]->entry_id;
  Result<std::string> appended = (*writer)->Append(Record::Compaction(view->summary, first_kept));
  if (!appended.ok()) return appended.status();
  return (*writer)->Close();
}

Result<std::vector<std::string>> FileStore::SetHistory(std::string_view id, std::span<const Message> messages,
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
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  Result<SessionLock> lock = SessionLock::Acquire(*files_, id);
  if (!lock.ok()) return lock.status();
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  format::ByteBuffer content;
  content.Append((*reader)->header_line());
  content.push_back('\n');
  format::LineEncoder encoder(options_.read.max_depth);
  format::EntryIdGenerator generator;
  std::vector<std::string> ids;
  const int64_t now = format::NowMs();
  for (const Record& r : records) {
    ids.push_back(generator.Next());
    format::EntryStamp stamp{.seq = ids.size(),
                             .id = ids.back(),
                             .parent = ids.size() > 1 ? std::string_view(ids[ids.size() - 2]) : std::string_view(),
                             .timestamp_ms = now};
    if (Status s = encoder.EncodeEntry(r, stamp, &content); !s.ok()) return s;
  }
  if (Status s = files_->ReplaceSessionFile(id, (*reader)->where(), content.view()); !s.ok()) return s;
  return ids;
}

Result<CompactReport> FileStore::Compact(std::string_view id) {
  if (Status s = format::ValidateSessionId(id); !s.ok()) return s;
  Result<SessionLock> lock = SessionLock::Acquire(*files_, id);
  if (!lock.ok()) return lock.status();
  Result<RawSession> raw = ReadRaw(*files_, id, options_.read);
  if (!raw.ok()) return raw.status();
  SessionReader& r = *raw->reader;
  if (!r.report().skipped.empty()) {
    return Status::FailedPrecondition(
        std::to_string(r.report().skipped.size()) + " bad lines would be lost; compact refuses",
        ErrorContext{.op = "compact", .path = r.path()});
  }
  const std::vector<Entry>& entries = raw->entries;
  context::SessionTree tree(entries);
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
  // Records an application or a later version needs, labels of what stays,
  // and the title in force.
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
  content.Append(r.header_line());
  content.push_back('\n');
  format::LineEncoder encoder(options_.read.max_depth);
  CompactReport report{.bytes_before = r.complete_end(),
                       .entries_before = static_cast<int64_t>(entries.size())};
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!keep[i]) continue;
    ++report.entries_after;
    const Entry& e = entries[i];
    const Entry* parent = e.parent.empty() ? nullptr : tree.Find(e.parent);
    if (parent == nullptr || keep[index_of(parent)]) {
      content.Append(raw->lines[i]);  // as stored, byte for byte
      content.push_back('\n');
    } else {
      Entry root = e;  // its parent is gone: it becomes a root
      root.parent.clear();
      if (Status s = EncodeAsIs(&encoder, root, &content); !s.ok()) return s;
    }
  }
  report.bytes_after = content.size();
  if (Status s = files_->ReplaceSessionFile(id, r.where(), content.view()); !s.ok()) return s;
  return report;
}

Result<std::vector<SessionInfo>> FileStore::CleanupOlderThan(int64_t time_ms, bool dry_run) {
  Result<std::vector<SessionInfo>> rows = List({.include_archived = true});
  if (!rows.ok()) return rows.status();
  std::vector<SessionInfo> removed;
  for (SessionInfo& row : *rows) {
    if (row.updated_ms >= time_ms) continue;
    if (!dry_run) {
      Status s = Delete(row.id);
      if (s.code() == StatusCode::kBusy || s.code() == StatusCode::kNotFound) continue;  // in use, or gone already
      if (!s.ok()) return s;
    }
    removed.push_back(std::move(row));
  }
  return removed;
}

}  // namespace sessionstore::file
