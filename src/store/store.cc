// Store: the calls that are the same on every backend, written once over
// the backend's primitives (store/backend.h). Every id is validated here,
// at the API's edge, before a backend sees it.

#include "sessionstore/store.h"

#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include "format/byte_buffer.h"
#include "format/ids.h"
#include "format/line_encoder.h"
#include "format/names.h"
#include "format/time_format.h"
#include "search/fts5_text.h"
#include "search/search_query.h"
#include "sessionstore/redact.h"
#include "store/backend.h"
#include "store/errors.h"
#include "store/list_query.h"
#include "store/redacting_writer.h"

namespace sessionstore {

Store::Store(std::unique_ptr<store::Backend> backend, const StoreOptions& options)
    : backend_(std::move(backend)), options_(options) {}

Store::~Store() = default;

Result<SessionHeader> Store::Create(const NewSession& session) {
  SessionHeader h;
  h.id = session.id.empty() ? format::NewUuidV7() : session.id;
  h.workspace = session.workspace;
  h.title = session.title;
  h.model = session.model;
  h.provider = session.provider;
  h.metadata = session.metadata;
  return CreateWith(std::move(h), {});
}

Result<SessionHeader> Store::CreateWith(SessionHeader h, std::string_view entry_lines, bool archived) {
  if (Status s = store::CheckSessionId(h.id, "create"); !s.ok()) return s;
  h.format_major = format::kFormatMajor;
  h.format_minor = format::kFormatMinor;
  if (h.created_ms == 0) h.created_ms = format::NowMs();
  if (options_.redact_before_write) {
    RedactionCounts counts;
    options_.redact_before_write->RedactHeader(&h, &counts);
    store::SayRedacted(options_, h.id, counts);
  }
  format::ByteBuffer content;
  format::LineEncoder encoder(options_.read);
  if (Status s = encoder.EncodeHeader(h, &content); !s.ok()) return s.WithContext({.op = "create"});
  const size_t header_bytes = content.size();
  content.Append(entry_lines);
  if (Status s = backend_->Create(h, content.view(), header_bytes, archived); !s.ok()) return s;
  return h;
}

Result<SessionHeader> Store::GetOrCreate(const NewSession& session) {
  if (session.id.empty()) return Status::InvalidArgument("get-or-create needs a session id");
  if (Status s = store::CheckSessionId(session.id, "get-or-create"); !s.ok()) return s;
  // Another process may be creating the same session: it makes our Create
  // Busy (or AlreadyExists) until the session is in place, which takes
  // milliseconds.
  Status last;
  for (int attempt = 0; attempt < 200; ++attempt) {
    Result<SessionHeader> existing = backend_->Header(session.id);
    if (existing.ok()) return existing;
    if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    Result<SessionHeader> created = Create(session);
    if (created.ok()) return created;
    last = created.status();
    if (last.code() != StatusCode::kAlreadyExists && last.code() != StatusCode::kBusy) return last;
    if (last.code() == StatusCode::kBusy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return last;
}

Result<SessionHeader> Store::Import(const Session& session) {
  if (Status s = store::CheckSessionId(session.header.id, "import"); !s.ok()) return s;
  format::ByteBuffer lines;
  format::LineEncoder encoder(options_.read);
  uint64_t last_seq = 0;
  RedactionCounts counts;
  for (const Entry& stored : session.entries) {
    Entry redacted;
    if (options_.redact_before_write) {
      redacted = stored;
      options_.redact_before_write->RedactRecord(&redacted, &counts);
    }
    const Entry& e = options_.redact_before_write ? redacted : stored;
    if (e.id.empty() || e.seq <= last_seq) {
      return Status::InvalidArgument(
          "import of \"" + session.header.id + "\": entry " + std::to_string(e.seq) +
          (e.id.empty() ? " has no id" : " does not follow seq " + std::to_string(last_seq)));
    }
    last_seq = e.seq;
    if (Status s = encoder.EncodeStoredEntry(e, &lines); !s.ok()) {
      return s.WithContext({.op = "import", .path = session.header.id});
    }
  }
  store::SayRedacted(options_, session.header.id, counts);
  return CreateWith(session.header, lines.view(), session.archived);
}

Result<bool> Store::Exists(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "exists"); !s.ok()) return s;
  return backend_->Exists(id);
}

Result<Session> Store::Load(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "load"); !s.ok()) return s;
  Result<Session> session = backend_->Load(id);
  if (!session.ok()) return session;
  // The title as it is now: the latest title record's.
  for (const Entry& e : session->entries) {
    if (e.type == RecordType::kTitle) session->header.title = e.title;
  }
  return session;
}

Result<std::string> Store::Title(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "title"); !s.ok()) return s;
  std::optional<std::string> title;
  LoadReport report;
  Status walked = backend_->WalkBackward(
      id,
      [&title](Entry& e) {
        if (e.type == RecordType::kTitle) title = std::move(e.title);
        return !title.has_value();
      },
      &report);
  if (!walked.ok()) return walked;
  if (title) return *title;
  Result<SessionHeader> header = backend_->Header(id);
  if (!header.ok()) return header.status();
  return std::move(header->title);
}

Result<std::unique_ptr<Cursor>> Store::Read(std::string_view id, const CursorOptions& options) {
  if (Status s = store::CheckSessionId(id, "read"); !s.ok()) return s;
  return backend_->Read(id, options);
}

Result<std::vector<SessionInfo>> Store::List(const ListOptions& options) {
  Result<SessionPage> page = ListPage(options);
  if (!page.ok()) return page.status();
  return std::move(page->rows);
}

Result<SessionPage> Store::ListPage(const ListOptions& options) {
  Result<store::ListQuery> query = store::MakeListQuery(options);
  if (!query.ok()) return query.status();
  Result<SessionPage> page = backend_->ListPage(*query);
  if (page.ok()) page->next_cursor = store::NextListCursor(*page, options);
  return page;
}

Result<SessionInfo> Store::Latest(std::string_view workspace) {
  Result<std::vector<SessionInfo>> rows = List(ListOptions{.workspace = std::string(workspace), .limit = 1});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return Status::NotFound(workspace.empty() ? std::string("no sessions")
                                              : "no sessions for workspace " + std::string(workspace));
  }
  return std::move(rows->front());
}

Result<std::vector<SearchHit>> Store::Search(std::string_view query, const SearchOptions& options) {
  Result<std::vector<search::SearchTerm>> terms = search::ParseSearchQuery(query);
  if (!terms.ok()) return terms.status();
  SearchOptions o = options;
  if (o.limit == 0) o.limit = SearchOptions{}.limit;
  const size_t limit = o.limit;
  // A fork holds its parent's entries up to the fork, with their ids and
  // times: such an entry is one hit. Where copies crowd hits out, ask again
  // for more.
  while (true) {
    Result<std::vector<SearchHit>> found = backend_->Search(*terms, o);
    if (!found.ok()) return found;
    std::vector<SearchHit> hits;
    std::set<std::pair<std::string, int64_t>> seen;
    for (SearchHit& hit : *found) {
      if (hits.size() == limit) break;
      if (!seen.emplace(hit.entry_id, hit.timestamp_ms).second) continue;
      search::UnmarkSnippet(&hit);
      hits.push_back(std::move(hit));
    }
    if (hits.size() == limit || found->size() < o.limit || o.limit >= (size_t{1} << 24)) return hits;
    o.limit *= 4;
  }
}

Result<std::vector<Entry>> Store::EntriesAfter(std::string_view id, uint64_t after_seq, int64_t wait_ms) {
  if (Status s = store::CheckSessionId(id, "follow"); !s.ok()) return s;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<int64_t>(wait_ms, 0));
  // Watching before looking: a change between the look and the wait wakes it.
  std::unique_ptr<store::ChangeWatch> watch = wait_ms > 0 ? backend_->WatchSession(id) : nullptr;
  while (true) {
    // The last n entries, n growing until they reach back to after_seq or
    // to the session's start.
    std::vector<Entry> after;
    for (size_t n = 16;; n *= 4) {
      Result<std::unique_ptr<Cursor>> cursor = backend_->Read(id, {.last_n = n});
      if (!cursor.ok()) return cursor.status();
      after.clear();
      size_t read = 0;
      bool reached = false;
      for (const Entry& e : **cursor) {
        ++read;
        if (e.seq <= after_seq) {
          reached = true;
        } else {
          after.push_back(e);
        }
      }
      if (!(*cursor)->status().ok()) return (*cursor)->status();
      if (reached || read < n) break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!after.empty() || watch == nullptr || now >= deadline) return after;
    watch->Wait(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
  }
}

Result<uint64_t> Store::IndexBytes() { return backend_->IndexBytes(); }

Status Store::Reindex() { return backend_->Reindex(); }

Result<std::string> Store::Place(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "place"); !s.ok()) return s;
  return backend_->Place(id);
}

Result<std::string> Store::WriterHolder(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "writer holder"); !s.ok()) return s;
  return backend_->WriterHolder(id);
}

Result<std::unique_ptr<Writer>> Store::OpenWriter(std::string_view id, const WriterOptions& options) {
  if (Status s = store::CheckSessionId(id, "open writer"); !s.ok()) return s;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.lock_timeout_ms);
  // The holder may be another process: its lock cannot be waited on, only
  // tried again, a little later each time.
  auto pause = std::chrono::milliseconds(5);
  while (true) {
    Result<std::unique_ptr<Writer>> writer = backend_->OpenWriter(id, options);
    if (writer.ok() && options_.redact_before_write) return store::RedactingWriter(std::move(*writer), options_);
    if (writer.ok() || writer.status().code() != StatusCode::kBusy) return writer;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return writer;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

Status Store::Delete(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "delete"); !s.ok()) return s;
  return backend_->Delete(id);
}

Status Store::Archive(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "archive"); !s.ok()) return s;
  return backend_->SetArchived(id, true);
}

Status Store::Restore(std::string_view id) {
  if (Status s = store::CheckSessionId(id, "restore"); !s.ok()) return s;
  return backend_->SetArchived(id, false);
}

Status Store::Rename(std::string_view id, std::string_view title) {
  return AppendOne(id, Record::Title(std::string(title)));
}

Status Store::Rename(Writer& writer, std::string_view title) {
  return writer.Append(Record::Title(std::string(title))).status();
}

Status Store::AppendOne(std::string_view id, const Record& record) {
  Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<std::string> appended = (*writer)->Append(record);
  if (!appended.ok()) return appended.status();
  return (*writer)->Close();
}

Result<std::vector<SessionInfo>> Store::CleanupOlderThan(int64_t time_ms, const CleanupOptions& options) {
  // A session just brought in (migrate, copy, import) is not old here,
  // whatever the times it carries: IdleSince counts stored_ms too.
  Result<std::vector<SessionInfo>> rows = backend_->IdleSince(time_ms);
  if (!rows.ok()) return rows.status();
  std::vector<SessionInfo> removed;
  for (SessionInfo& row : *rows) {
    if (!options.dry_run) {
      Status s = backend_->Delete(row.id);
      if (s.code() == StatusCode::kBusy || s.code() == StatusCode::kNotFound) continue;  // in use, or gone already
      if (!s.ok()) return s;
    }
    removed.push_back(std::move(row));
  }
  return removed;
}

}  // namespace sessionstore
