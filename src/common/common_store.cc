#include "common/common_store.h"

#include <chrono>
#include <thread>

#include "format/codec.h"
#include "format/ids.h"
#include "format/time_format.h"

namespace sessionstore {

Result<SessionHeader> CommonStore::Create(const NewSession& session) {
  SessionHeader h;
  h.id = session.id.empty() ? format::NewUuidV7() : session.id;
  h.workspace = session.workspace;
  h.title = session.title;
  h.model = session.model;
  h.provider = session.provider;
  h.metadata = session.metadata;
  return CreateWith(std::move(h), {});
}

Result<SessionHeader> CommonStore::CreateWith(SessionHeader h, std::string_view entry_lines) {
  if (Status s = format::ValidateSessionId(h.id); !s.ok()) return s.WithContext({.op = "create"});
  h.format_major = format::kFormatMajor;
  h.format_minor = format::kFormatMinor;
  if (h.created_ms == 0) h.created_ms = format::NowMs();
  format::ByteBuffer content;
  format::LineEncoder encoder(options_.read.max_depth);
  if (Status s = encoder.EncodeHeader(h, &content); !s.ok()) return s.WithContext({.op = "create"});
  const size_t header_bytes = content.size();
  content.Append(entry_lines);
  if (Status s = CreateSession(h, content.view(), header_bytes); !s.ok()) return s;
  return h;
}

Result<SessionHeader> CommonStore::GetOrCreate(const NewSession& session) {
  if (session.id.empty()) return Status::InvalidArgument("get-or-create needs a session id");
  if (Status s = format::ValidateSessionId(session.id); !s.ok()) return s.WithContext({.op = "get-or-create"});
  // Another process may be creating the same session: it makes our Create
  // Busy (or AlreadyExists) until the session is in place, which takes
  // milliseconds.
  Status last;
  for (int attempt = 0; attempt < 200; ++attempt) {
    Result<SessionHeader> existing = Header(session.id);
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

Result<SessionHeader> CommonStore::Import(const Session& session) {
  format::ByteBuffer lines;
  format::LineEncoder encoder(options_.read.max_depth);
  uint64_t last_seq = 0;
  for (const Entry& e : session.entries) {
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
  return CreateWith(session.header, lines.view());
}

Result<std::vector<SessionInfo>> CommonStore::List(const ListOptions& options) {
  Result<SessionPage> page = ListPage(options);
  if (!page.ok()) return page.status();
  return std::move(page->rows);
}

Result<SessionInfo> CommonStore::Latest(std::string_view workspace) {
  Result<std::vector<SessionInfo>> rows = List(ListOptions{.workspace = std::string(workspace), .limit = 1});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return Status::NotFound(workspace.empty() ? std::string("no sessions")
                                              : "no sessions for workspace " + std::string(workspace));
  }
  return std::move(rows->front());
}

Status CommonStore::Rename(std::string_view id, std::string_view title) {
  return AppendOne(id, Record::Title(std::string(title)));
}

Status CommonStore::AppendOne(std::string_view id, const Record& record) {
  Result<std::unique_ptr<Writer>> writer = OpenWriter(id, WriterOptions{.durability = Durability::kSync});
  if (!writer.ok()) return writer.status();
  Result<std::string> appended = (*writer)->Append(record);
  if (!appended.ok()) return appended.status();
  return (*writer)->Close();
}

Result<std::vector<SessionInfo>> CommonStore::CleanupOlderThan(int64_t time_ms, bool dry_run) {
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

}  // namespace sessionstore
