#include "postgres/pg_backend.h"

#include <fmt/core.h>

#include <cctype>
#include <thread>

#include "format/line_decoder.h"
#include "history/session_summary.h"
#include "postgres/pg_cursor.h"
#include "postgres/pg_rows.h"
#include "postgres/pg_schema.h"
#include "postgres/pg_session_lock.h"
#include "postgres/pg_writer.h"
#include "store/bad_lines.h"
#include "store/errors.h"

namespace sessionstore::postgres {

namespace {

// A session as the rows that hold it.
struct SessionContent {
  std::string header_line;  // without '\n'
  history::SummaryState summary;
  EntryRows rows;
  uint64_t last_seq = 0;
  std::string last_id;
};

// The rows of a session with header `h` (its line `header_line`) and
// `entry_lines`, each ending in '\n'. The lines were encoded by this
// sessionstore, so one that does not read back is an error, not a skip.
Result<SessionContent> Describe(const SessionHeader& h, std::string header_line, std::string_view entry_lines,
                                const StoreOptions& options) {
  SessionContent c{.header_line = std::move(header_line), .rows = EntryRows(options.search_thinking)};
  history::StartSummary(h, &c.summary);
  format::LineDecoder decoder(options.read);
  Entry e;
  while (!entry_lines.empty()) {
    const size_t nl = entry_lines.find('\n');
    const std::string_view line = entry_lines.substr(0, nl);
    entry_lines.remove_prefix(nl == std::string_view::npos ? entry_lines.size() : nl + 1);
    if (Status s = decoder.DecodeEntry(line, false, &e); !s.ok()) return s.WithContext({.path = h.id});
    history::AddToSummary(e, e.timestamp_ms, e.id, &c.summary);
    if (Status s = c.rows.Add(e, {.seq = e.seq, .id = e.id, .parent = e.parent, .timestamp_ms = e.timestamp_ms}, line);
        !s.ok()) {
      return s;
    }
    c.last_seq = e.seq;
    c.last_id = e.id;
  }
  return c;
}

uint64_t Bytes(const SessionContent& c) { return c.header_line.size() + 1 + c.rows.line_bytes(); }

Status InsertLabels(PgConnection& db, std::string_view id, const std::map<std::string, std::string>& labels) {
  if (labels.empty()) return Status::OK();
  auto [targets, texts] = LabelArrays(labels);
  return db.Run("INSERT INTO labels SELECT $1, x.t, x.l FROM unnest($2::text[], $3::text[]) AS x(t, l)",
                {id, PgConnection::Param::Binary(targets), PgConnection::Param::Binary(texts)});
}

// Decodes the entry lines in column `col` of rows [begin, end) into `out`;
// a line that does not decode is skipped (its Entry left without an id) and
// reported at the line `line_of` gives for its row, or fatal with
// ReadOptions::strict.
Status DecodeRows(const PgResult& r, int col, int begin, int end, std::string_view id, const ReadOptions& options,
                  const std::function<Result<int64_t>(int row)>& line_of, std::span<Entry> out,
                  std::vector<SkippedLine>* skipped) {
  format::LineDecoder decoder(options);
  for (int row = begin; row < end; ++row) {
    Entry& e = out[row - begin];
    Status bad = decoder.DecodeEntry(r.Text(row, col), false, &e);
    if (bad.ok()) continue;
    e = Entry{};  // no id: holds no entry
    Result<int64_t> line = line_of(row);
    if (!line.ok()) return line.status();
    if (Status s = store::SkipOrFail(bad, {.path = SessionPlace(id), .line = *line}, options, skipped); !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

// Rows read from the first in seq order: row N is line N + 2.
Result<int64_t> InOrder(int row) { return row + 2; }

}  // namespace

Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view url, const StoreOptions& options) {
  return PgBackend::Open(url, options);
}

Result<std::unique_ptr<store::Backend>> PgBackend::Open(std::string_view url, const StoreOptions& options) {
  std::unique_ptr<PgBackend> backend(new PgBackend(std::string(url), options));
  Result<PgPool::Lease> db = backend->pool_->Acquire();
  if (!db.ok()) return db.status();
  if (!options.create_if_missing) {
    Result<PgResult> schema = (*db)->Exec("SELECT to_regclass('sessionstore_schema') IS NULL");
    if (!schema.ok()) return schema.status();
    if (schema->Text(0, 0) == "t") {
      return Status::NotFound("no store at " + RedactedUrl(url) + " (the database has no sessionstore tables)");
    }
  }
  if (Status s = Migrate(**db); !s.ok()) return s;
  return std::unique_ptr<store::Backend>(std::move(backend));
}

Status PgBackend::Create(const SessionHeader& h, std::string_view content, size_t header_bytes, bool archived) {
  Result<SessionContent> c =
      Describe(h, std::string(content.substr(0, header_bytes - 1)), content.substr(header_bytes), options_);
  if (!c.ok()) return c.status();
  return ChangeSession(h.id, [&](PgConnection& db) -> Status {
    Result<PgResult> existing = db.Exec("SELECT archived FROM sessions WHERE id = $1", {h.id});
    if (!existing.ok()) return existing.status();
    if (existing->rows() > 0) {
      return Status::AlreadyExists(
          "session \"" + h.id + "\" exists" + (existing->Text(0, 0) == "t" ? " (archived)" : ""),
          ErrorContext{.op = "create"});
    }
    const SessionInfo& info = c->summary.info;
    const std::vector<std::string> v = SummaryValues(c->summary, Bytes(*c), c->last_seq, c->last_id);
    const std::string created = std::to_string(info.created_ms);
    PgConnection::Param parent_session, parent_entry;
    if (h.parent) {
      parent_session = h.parent->session;
      parent_entry = h.parent->entry;
    }
    Status inserted = db.Run(
        "INSERT INTO sessions(id, header, workspace, created_ms, parent_session, parent_entry, explicit_title,"
        " first_user_title, updated_ms, message_count, model, provider, cost_usd, bytes, last_seq, last_id, archived,"
        " usage_buckets)"
        " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        {h.id, c->header_line, info.workspace, created, parent_session, parent_entry, v[0], v[1], v[2], v[3], v[4],
         v[5], v[6], v[7], v[8], v[9], archived ? "true" : "false", v[10]});
    if (!inserted.ok()) return inserted;
    if (Status l = InsertLabels(db, h.id, c->summary.labels); !l.ok()) return l;
    Result<int64_t> rows = c->rows.Insert(db, h.id);
    return rows.ok() ? Status::OK() : rows.status();
  });
}

Status PgBackend::ChangeSession(std::string_view id, const std::function<Status(PgConnection&)>& body) {
  return pool_->InTransaction([&](PgConnection& db) {
    if (Status l = LockSession(db, id, LockScope::kTransaction); !l.ok()) return l;
    return body(db);
  });
}

Result<PgResult> PgBackend::Query(std::string_view sql, std::initializer_list<PgConnection::Param> params) {
  Result<PgPool::Lease> db = pool_->Acquire();
  if (!db.ok()) return db.status();
  return (*db)->Exec(sql, params);
}

Result<SessionHeader> PgBackend::Header(std::string_view id) {
  Result<PgResult> r = Query("SELECT header FROM sessions WHERE id = $1", {id});
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return store::NoSuchSession(id);
  SessionHeader h;
  format::LineDecoder decoder(options_.read);
  if (Status s = DecodeStoredHeader(decoder, r->Text(0, 0), id, &h); !s.ok()) return s;
  return h;
}

namespace {

// `url` with its search_path set to `schema` (a later -c setting in
// libpq's options wins over an earlier one).
std::string WithSearchPath(const std::string& url, std::string_view schema) {
  std::string setting = "-csearch_path%3D";
  for (unsigned char c : schema) {
    if (std::isalnum(c) || c == '_') {
      setting += static_cast<char>(c);
    } else {
      setting += fmt::format("%{:02X}", c);
    }
  }
  const size_t query = url.find('?');
  if (query == std::string::npos) return url + "?options=" + setting;
  for (size_t at = query + 1; at < url.size();) {
    const size_t end = std::min(url.find('&', at), url.size());
    if (url.compare(at, 8, "options=") == 0) return url.substr(0, end) + "%20" + setting + url.substr(end);
    at = end + 1;
  }
  return url + "&options=" + setting;
}

}  // namespace

// The trash is a store in a schema of its own beside this store's:
// <schema>_trash, in the same database.
Result<std::unique_ptr<store::Backend>> PgBackend::OpenTrash(bool create) {
  std::string trash;
  Status s = pool_->InTransaction([&](PgConnection& db) -> Status {
    Result<PgResult> schema = db.Exec(
        "SELECT current_schema() || '_trash', EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = current_schema() "
        "|| '_trash'), format('CREATE SCHEMA IF NOT EXISTS %I', current_schema() || '_trash')");
    if (!schema.ok()) return schema.status();
    if (schema->IsNull(0, 0)) return Status::FailedPrecondition("the store has no schema (an empty search_path)");
    trash = schema->Text(0, 0);
    if (schema->Text(0, 1) == "t") return Status::OK();
    if (!create) return Status::NotFound("no trash yet");
    return db.Run(std::string(schema->Text(0, 2)));
  });
  if (!s.ok()) return s;
  StoreOptions options = options_;
  options.create_if_missing = true;
  options.on_progress = nullptr;
  return OpenBackend(WithSearchPath(pool_->url(), trash), options);
}

// The indexes of the store's tables, and the entries' words (the search
// column, derived from the lines).
Result<uint64_t> PgBackend::IndexBytes() {
  Result<PgResult> r = Query(
      "SELECT (pg_indexes_size('sessions') + pg_indexes_size('labels') + pg_indexes_size('entries')"
      " + coalesce((SELECT sum(pg_column_size(search)) FROM entries), 0))::bigint");
  if (!r.ok()) return r.status();
  return static_cast<uint64_t>(r->Int(0, 0));
}

Result<std::string> PgBackend::Place(std::string_view id) {
  Result<bool> exists = Exists(id);
  if (!exists.ok()) return exists.status();
  if (!*exists) return store::NoSuchSession(id);
  return SessionPlace(id);
}

Result<std::vector<store::SessionUsage>> PgBackend::UsageOfSessions(const std::string& workspace,
                                                                    bool include_archived) {
  Result<PgResult> rows = Query(
      "SELECT id, workspace, usage_buckets FROM sessions WHERE ($1 = '' OR workspace = $1) AND ($2::boolean OR NOT "
      "archived)",
      {workspace, include_archived ? "true" : "false"});
  if (!rows.ok()) return rows.status();
  std::vector<store::SessionUsage> out;
  out.reserve(static_cast<size_t>(rows->rows()));
  for (int i = 0; i < rows->rows(); ++i) {
    store::SessionUsage u{.id = std::string(rows->Text(i, 0)), .workspace = std::string(rows->Text(i, 1))};
    Result<history::UsageBuckets> buckets =
        rows->IsNull(i, 2) ? ReplayUsage(u.id) : history::DecodeUsageBuckets(rows->Text(i, 2));
    if (!buckets.ok()) {
      if (buckets.status().code() == StatusCode::kNotFound) continue;  // deleted since
      return buckets.status().WithContext({.op = "usage", .path = SessionPlace(u.id)});
    }
    u.buckets = std::move(*buckets);
    out.push_back(std::move(u));
  }
  return out;
}

store::RepairPlaces PgBackend::RepairPlacesOf(std::string_view id) {
  return {.rejected = "postgresql:rejected_lines, session_id " + std::string(id),
          .backup = "postgresql:repair_backups, session_id " + std::string(id)};
}

Result<std::string> PgBackend::WriterHolder(std::string_view id) {
  Result<bool> exists = Exists(id);
  if (!exists.ok()) return exists.status();
  if (!*exists) return store::NoSuchSession(id);
  std::string holder;
  Status s = pool_->InSnapshot([&](PgConnection& db) -> Status {
    Result<std::string> who = SessionHolder(db, id);
    if (!who.ok()) return who.status();
    holder = std::move(*who);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return holder;
}

Result<bool> PgBackend::Exists(std::string_view id) {
  Result<PgResult> r = Query("SELECT 1 FROM sessions WHERE id = $1", {id});
  if (!r.ok()) return r.status();
  return r->rows() > 0;
}

Result<Session> PgBackend::Load(std::string_view id) {
  std::optional<PgResult> header, lines;
  Status s = pool_->InSnapshot([&](PgConnection& db) -> Status {
    Result<PgResult> h = db.Exec("SELECT header, archived FROM sessions WHERE id = $1", {id});
    if (!h.ok()) return h.status();
    if (h->rows() == 0) return store::NoSuchSession(id);
    header = std::move(*h);
    Result<PgResult> l = db.Exec("SELECT line FROM entries WHERE session_id = $1 ORDER BY seq", {id});
    if (!l.ok()) return l.status();
    lines = std::move(*l);
    return Status::OK();
  });
  if (!s.ok()) return s;
  Session session;
  session.archived = header->Text(0, 1) == "t";
  format::LineDecoder decoder(options_.read);
  if (Status d = DecodeStoredHeader(decoder, header->Text(0, 0), id, &session.header); !d.ok()) return d;
  // Two halves, each decoded by its own thread, as the file store does.
  const int n = lines->rows(), middle = n / 2;
  session.entries.resize(static_cast<size_t>(n));
  std::vector<SkippedLine> skipped[2];
  Status status[2];
  auto decode = [&](int half) {
    const int begin = half == 0 ? 0 : middle, end = half == 0 ? middle : n;
    status[half] = DecodeRows(*lines, 0, begin, end, id, options_.read, InOrder,
                              std::span<Entry>(session.entries.data() + begin, end - begin), &skipped[half]);
  };
  if (n >= 256) {
    std::thread second(decode, 1);
    decode(0);
    second.join();
  } else {
    decode(0);
    decode(1);
  }
  for (int half = 0; half < 2; ++half) {
    if (!status[half].ok()) return status[half];
    std::move(skipped[half].begin(), skipped[half].end(), std::back_inserter(session.report.skipped));
  }
  if (!session.report.skipped.empty()) {
    std::erase_if(session.entries, [](const Entry& e) { return e.id.empty(); });
  }
  return session;
}

Result<std::unique_ptr<Cursor>> PgBackend::Read(std::string_view id, const CursorOptions& options) {
  return PgCursor::Open(pool_, id, options, options_.read);
}

Result<std::unique_ptr<Writer>> PgBackend::OpenWriter(std::string_view id, const WriterOptions& options) {
  return PgWriter::Open(pool_->url(), id, options, options_);
}

Status PgBackend::Delete(std::string_view id) {
  return ChangeSession(id, [&](PgConnection& db) -> Status {
    Result<PgResult> r = db.Exec("DELETE FROM sessions WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->affected() == 0) return store::NoSuchSession(id);
    return db.Run("DELETE FROM entries WHERE session_id = $1", {id});
  });
}

Status PgBackend::SetArchived(std::string_view id, bool archive) {
  return ChangeSession(id, [&](PgConnection& db) -> Status {
    Result<PgResult> r = db.Exec("SELECT archived FROM sessions WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->rows() == 0) return store::NoSuchSession(id);
    if ((r->Text(0, 0) == "t") == archive) {
      return Status::FailedPrecondition("session \"" + std::string(id) + "\" is " +
                                        (archive ? "already archived" : "not archived"));
    }
    return db.Run("UPDATE sessions SET archived = $2 WHERE id = $1", {id, archive ? "true" : "false"});
  });
}

Status PgBackend::WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) {
  *report = LoadReport{};
  return pool_->InSnapshot([&](PgConnection& db) -> Status {
    Result<PgResult> h = db.Exec("SELECT last_seq FROM sessions WHERE id = $1", {id});
    if (!h.ok()) return h.status();
    if (h->rows() == 0) return store::NoSuchSession(id);
    // A page at a time from the end: a context usually starts near it.
    std::string before = std::to_string(h->Int(0, 0) + 1);
    while (true) {
      Result<PgResult> page = db.Exec(
          "SELECT seq, line FROM entries WHERE session_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 256", {id, before});
      if (!page.ok()) return page.status();
      if (page->rows() == 0) return Status::OK();
      std::vector<Entry> entries(static_cast<size_t>(page->rows()));
      auto line_of = [&](int row) { return LineOfRow(db, id, page->Int(row, 0)); };
      if (Status d = DecodeRows(*page, 1, 0, page->rows(), id, options_.read, line_of, entries, &report->skipped);
          !d.ok()) {
        return d;
      }
      for (Entry& e : entries) {
        if (!e.id.empty() && !visit(e)) return Status::OK();
      }
      before = std::string(page->Text(page->rows() - 1, 0));
    }
  });
}

Status PgBackend::Rewrite(std::string_view id, const store::Rewriter& rewrite) {
  return ChangeSession(id, [&](PgConnection& db) -> Status {
    Result<PgResult> h = db.Exec("SELECT header, bytes FROM sessions WHERE id = $1", {id});
    if (!h.ok()) return h.status();
    if (h->rows() == 0) return store::NoSuchSession(id);
    Result<PgResult> lines = db.Exec("SELECT line FROM entries WHERE session_id = $1 ORDER BY seq", {id});
    if (!lines.ok()) return lines.status();
    store::StoredSession stored{.header_line = std::string(h->Text(0, 0)),
                                .bytes = static_cast<uint64_t>(h->Int(0, 1))};
    stored.entries.resize(static_cast<size_t>(lines->rows()));
    if (Status d =
            DecodeRows(*lines, 0, 0, lines->rows(), id, options_.read, InOrder, stored.entries, &stored.report.skipped);
        !d.ok()) {
      return d;
    }
    // Bad lines (with an entry left without an id) go with the rewrite.
    size_t kept = 0;
    for (int row = 0; row < lines->rows(); ++row) {
      if (stored.entries[row].id.empty()) {
        stored.skipped_text.emplace_back(lines->Text(row, 0));
        continue;
      }
      stored.lines.emplace_back(lines->Text(row, 0));
      if (kept != static_cast<size_t>(row)) stored.entries[kept] = std::move(stored.entries[row]);
      ++kept;
    }
    stored.entries.resize(kept);
    Result<store::Rewritten> rewritten = rewrite(stored);
    if (!rewritten.ok()) return rewritten.status();
    // Set aside in the same transaction as the rewrite.
    if (rewritten->keep_backup) {
      std::string content = stored.header_line + "\n";
      for (int row = 0; row < lines->rows(); ++row) content.append(lines->Text(row, 0)).push_back('\n');
      Status kept_backup = db.Run(
          "INSERT INTO repair_backups(session_id, content) VALUES($1, $2) "
          "ON CONFLICT (session_id) DO UPDATE SET content = EXCLUDED.content, made_ms = DEFAULT",
          {id, content});
      if (!kept_backup.ok()) return kept_backup;
    }
    for (size_t at = 0; at < rewritten->rejected.size();) {
      const size_t end = rewritten->rejected.find('\n', at);
      const std::string_view line = std::string_view(rewritten->rejected).substr(at, end - at);
      at = end == std::string::npos ? end : end + 1;
      if (Status set_aside = db.Run("INSERT INTO rejected_lines(session_id, line) VALUES($1, $2)", {id, line});
          !set_aside.ok()) {
        return set_aside;
      }
    }

    SessionHeader header;
    format::LineDecoder decoder(options_.read);
    if (Status d = DecodeStoredHeader(decoder, stored.header_line, id, &header); !d.ok()) return d;
    Result<SessionContent> c = Describe(header, std::move(stored.header_line), rewritten->lines, options_);
    if (!c.ok()) return c.status();
    const std::vector<std::string> v = SummaryValues(c->summary, Bytes(*c), c->last_seq, c->last_id);
    Status updated =
        db.Run(std::string("UPDATE sessions SET ") + kSummarySet + ", rewrites = rewrites + 1 WHERE id = $1",
               {id, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]});
    if (!updated.ok()) return updated;
    for (const char* sql : {"DELETE FROM labels WHERE session_id = $1", "DELETE FROM entries WHERE session_id = $1"}) {
      if (Status d = db.Run(sql, {id}); !d.ok()) return d;
    }
    if (Status l = InsertLabels(db, id, c->summary.labels); !l.ok()) return l;
    Result<int64_t> rows = c->rows.Insert(db, id);
    return rows.ok() ? Status::OK() : rows.status();
  });
}

Status PgBackend::Reindex() {
  Result<PgResult> ids = Query("SELECT id FROM sessions ORDER BY id");
  if (!ids.ok()) return ids.status();
  // Each session's rows derived again from its lines, the lines kept.
  std::vector<std::string> busy;
  for (int row = 0; row < ids->rows(); ++row) {
    if (options_.on_progress) options_.on_progress("reindexing", row, ids->rows());
    const std::string id(ids->Text(row, 0));
    Status s = Rewrite(id, [](const store::StoredSession& stored) -> Result<store::Rewritten> {
      if (Status bad = store::RefuseToDropBadLines(stored.report, "reindex"); !bad.ok()) return bad;
      store::Rewritten same;
      for (const std::string& l : stored.lines) same.lines.append(l).push_back('\n');
      return same;
    });
    if (s.code() == StatusCode::kBusy) {
      busy.push_back(id);
    } else if (!s.ok() && s.code() != StatusCode::kNotFound) {
      return s;
    }
  }
  if (options_.on_progress && ids->rows() > 0) options_.on_progress("reindexing", ids->rows(), ids->rows());
  if (busy.empty()) return Status::OK();
  return Status::Busy(std::to_string(busy.size()) + " sessions have a writer and were not reindexed, the first \"" +
                      busy.front() + "\": run again when they are closed");
}

}  // namespace sessionstore::postgres
