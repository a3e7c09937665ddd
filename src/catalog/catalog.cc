#include "catalog/catalog.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "catalog/fts5_text.h"
#include "common/list_query.h"
#include "context/search_query.h"
#include "context/searchable_text.h"
#include "context/session_summary.h"
#include "file/session_lock.h"
#include "file/session_reader.h"

namespace sessionstore::catalog {

namespace {

constexpr int kBusyMs = 10000;

const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}
constexpr char kSchemaVersion[] = "3";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(
  id TEXT PRIMARY KEY,
  archived INTEGER NOT NULL,
  workspace TEXT NOT NULL,
  explicit_title TEXT NOT NULL,
  first_user_title TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  message_count INTEGER NOT NULL,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  cost_usd REAL NOT NULL,
  parent_session TEXT,
  parent_entry TEXT,
  file_ino INTEGER NOT NULL,
  file_size INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL,
  indexed_offset INTEGER NOT NULL,
  text_offset INTEGER NOT NULL);
CREATE INDEX sessions_by_updated ON sessions(updated_ms DESC, id);
CREATE VIRTUAL TABLE entries_fts USING fts5(
  text, session_id UNINDEXED, entry_id UNINDEXED, role UNINDEXED, ts UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE labels(
  session_id TEXT NOT NULL,
  target TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY(session_id, target));
CREATE TABLE unreadable(
  id TEXT PRIMARY KEY,
  file_ino INTEGER NOT NULL,
  file_size INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL,
  reason TEXT NOT NULL);
)sql";

// The PostgreSQL store splits words as this table does (fts5_text.h).
static_assert(kSchema.find(kFts5Tokenizer) != std::string_view::npos, "entries_fts splits words as fts5_text.h says");

constexpr std::string_view kSessionColumns =
    "id, archived, workspace, explicit_title, first_user_title, created_ms, updated_ms, message_count, model, "
    "provider, cost_usd, parent_session, parent_entry, file_size, indexed_offset, text_offset";

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// A row of `sessions` (selected as kSessionColumns) as a summary state.
context::SummaryState StateFromRow(const Statement& row) {
  context::SummaryState s;
  SessionInfo& info = s.info;
  info.id = row.Text(0);
  info.workspace = row.Text(2);
  s.explicit_title = row.Text(3);
  s.first_user_title = row.Text(4);
  info.created_ms = row.Int(5);
  info.updated_ms = row.Int(6);
  info.message_count = row.Int(7);
  info.model = row.Text(8);
  info.provider = row.Text(9);
  info.cost_usd = row.Double(10);
  if (std::string parent = row.Text(11); !parent.empty()) {
    info.parent = ParentRef{.session = std::move(parent), .entry = row.Text(12)};
  }
  return s;
}

// A row's file identity, as the last indexing saw it.
struct Indexed {
  bool archived;
  uint64_t ino, size;
  int64_t mtime_ns;
  bool has_text;    // some of its text is in entries_fts
  bool unreadable;  // a file that cannot be read (a bad header, say): not listed
};

int64_t Ns(const struct timespec& t) { return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; }

// Directory change times as the meta table keeps them.
std::string Encode(const file::SessionFiles::DirTimes& t) {
  return std::to_string(Ns(t.live)) + " " + std::to_string(Ns(t.archived)) + " " + std::to_string(Ns(t.locks));
}

// Whether any change to the directories after `now` is sure to give them a
// change time other than `t`. Filesystems that keep nanoseconds stamp
// changes from a clock that advances at least every 10 ms; the others (FAT,
// some network filesystems) keep whole seconds, or two.
bool Settled(const file::SessionFiles::DirTimes& t, const struct timespec& now) {
  for (const struct timespec& dir : {t.live, t.archived, t.locks}) {
    const int64_t margin_ns = dir.tv_nsec != 0 ? 100'000'000 : 3'000'000'000;
    if (Ns(now) - Ns(dir) < margin_ns) return false;
  }
  return true;
}

// Runs `fn` again while it fails with Busy, for up to kBusyMs: SQLite waits
// out most locks itself (busy_timeout), but some conflicts between
// processes — two creating the catalog at once, a snapshot overtaken by
// another's write — return SQLITE_BUSY at once. Users must never see them.
template <typename Fn>
auto RetryWhileBusy(Fn&& fn) -> decltype(fn()) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyMs);
  for (int attempt = 0;; ++attempt) {
    auto result = fn();
    const Status& s = StatusOf(result);
    if (s.code() != StatusCode::kBusy || std::chrono::steady_clock::now() > deadline) return result;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempt, 20)));
  }
}

}  // namespace

Result<std::unique_ptr<Catalog>> Catalog::Open(const file::SessionFiles& files, const StoreOptions& options) {
  std::unique_ptr<Catalog> c(new Catalog(files, options));
  if (Status s = RetryWhileBusy([&] { return c->OpenDb(); }); !s.ok()) return s;
  return c;
}

Status Catalog::OpenDb() {
  const std::string path = files_.root() + "/" + kCatalogFile;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (Status s = files_.EnsurePrivateFile(kCatalogFile); !s.ok()) return s;
    Result<Db> db = Db::Open(path, kBusyMs);
    Status s = db.ok() ? Status::OK() : db.status();
    if (s.ok()) {
      db_ = std::move(*db);
      s = CreateSchema();
      if (s.ok()) return s;
    }
    if (s.code() != StatusCode::kCorruption || attempt > 0) return s;
    // Damaged or of another version: it is only a cache of the files.
    db_ = Db();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
    if (notice_) notice_("catalog " + path + " (" + s.message() + ") rebuilt from the session files");
    rebuilt_ = true;  // said once
  }
  return Status::OK();
}

Status Catalog::CreateSchema() {
  if (Status s = db_.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Result<Statement> version = db_.Prepare("SELECT value FROM meta WHERE key = 'schema'");
  Status s;
  if (version.ok()) {
    if (!version->Step(&s) || version->Text(0) != kSchemaVersion) {
      s = s.ok() ? Status::Corruption("schema version is not " + std::string(kSchemaVersion)) : s;
    }
  } else {
    // A new, empty file: make the schema.
    s = db_.Exec(kSchema);
    fresh_ = true;
    if (s.ok()) s = db_.Exec(std::string("INSERT INTO meta VALUES('schema', '") + kSchemaVersion + "')");
  }
  version = Statement();
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    return s;
  }
  return db_.Exec("COMMIT");
}

Status Catalog::Reconcile() {
  std::lock_guard<std::mutex> l(mu_);
  Status s = RetryWhileBusy([&] { return ReconcileLocked(); });
  if (s.code() == StatusCode::kCorruption && s.context().path.ends_with(kCatalogFile)) {
    // The catalog itself went bad under us: start it over.
    if (Status again = RetryWhileBusy([&] { return OpenDb(); }); !again.ok()) return again;
    s = RetryWhileBusy([&] { return ReconcileLocked(); });
  }
  if (s.ok() && fresh_) {
    // A store that had sessions but no catalog: say that it was built.
    fresh_ = false;
    Result<Statement> count = db_.Prepare("SELECT count(*) FROM sessions");
    Status st;
    if (count.ok() && count->Step(&st) && count->Int(0) > 0 && notice_ && !rebuilt_) {
      notice_("catalog " + files_.root() + "/" + kCatalogFile + " was missing; built from " +
              std::to_string(count->Int(0)) + " session files");
    }
  }
  return s;
}

struct Catalog::FileView {
  std::map<std::string, file::SessionFiles::FileInfo> live, archived;
  bool complete = false;  // every session file; else only those with a lock file
  std::string dirs;       // the directories' times, taken before looking
  bool settled = false;   // ... and old enough to be trusted later
  std::string recorded;   // the times of the last complete look, if trusted
};

struct Catalog::Change {
  enum Kind { kIndexWhole, kIndexTail, kMark, kDrop };
  std::string id;
  Kind kind;
  bool had_text;
};

Result<Catalog::FileView> Catalog::LookAtFiles() {
  FileView view;
  Result<Statement> recorded = db_.Prepare("SELECT value FROM meta WHERE key = 'directories'");
  if (!recorded.ok()) return recorded.status();
  Status s;
  if (recorded->Step(&s)) view.recorded = recorded->Text(0);
  if (!s.ok()) return s;
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  Result<file::SessionFiles::DirTimes> dirs = files_.DirectoryTimes();
  if (!dirs.ok()) return dirs.status();
  view.dirs = Encode(*dirs);
  view.settled = Settled(*dirs, now);
  view.complete = verify_every_file_ || view.recorded != view.dirs;

  if (!view.complete) {
    Result<std::vector<std::string>> locked = files_.ListLocks();
    if (!locked.ok()) return locked.status();
    for (const std::string& id : *locked) {
      file::SessionFiles::FileInfo f;
      if (files_.StatFile(file::Where::kLive, id, &f)) {
        view.live.emplace(id, std::move(f));
      } else if (files_.StatFile(file::Where::kArchived, id, &f)) {
        view.archived.emplace(id, std::move(f));
      }
    }
    return view;
  }
  for (auto [where, into] :
       {std::pair{file::Where::kLive, &view.live}, std::pair{file::Where::kArchived, &view.archived}}) {
    std::vector<std::string> temp_files;
    Result<std::vector<file::SessionFiles::FileInfo>> files = files_.ListFiles(where, &temp_files);
    if (!files.ok()) return files.status();
    for (auto& f : *files) into->emplace(f.id, std::move(f));
    // Left by a create or rewrite that crashed, unless its session is
    // being written now.
    for (const std::string& name : temp_files) {
      if (Result<file::SessionLock> lock = file::SessionLock::Acquire(files_, files_.TempFileOwner(name)); lock.ok()) {
        files_.RemoveTempFile(where, name);
      }
    }
  }
  // A session both live and archived (a move stopped half-way) counts as live.
  for (const auto& [id, f] : view.live) view.archived.erase(id);
  return view;
}

Result<std::vector<Catalog::Change>> Catalog::Compare(const FileView& view) {
  constexpr std::string_view kSessionRows =
      "SELECT id, archived, file_ino, file_size, file_mtime_ns, text_offset, 0 FROM sessions";
  constexpr std::string_view kUnreadableRows = "SELECT id, 0, file_ino, file_size, file_mtime_ns, 0, 1 FROM unreadable";
  std::map<std::string, Indexed> rows;
  auto read_rows = [&rows](Statement& select) {
    Status s;
    while (select.Step(&s)) {
      rows.emplace(select.Text(0), Indexed{.archived = select.Int(1) != 0,
                                           .ino = static_cast<uint64_t>(select.Int(2)),
                                           .size = static_cast<uint64_t>(select.Int(3)),
                                           .mtime_ns = select.Int(4),
                                           .has_text = select.Int(5) > 0,
                                           .unreadable = select.Int(6) != 0});
    }
    return s;
  };
  for (std::string_view table : {kSessionRows, kUnreadableRows}) {
    if (view.complete) {
      Result<Statement> select = db_.Prepare(table);
      if (!select.ok()) return select.status();
      if (Status s = read_rows(*select); !s.ok()) return s;
      continue;
    }
    Result<Statement> select = db_.Prepare(std::string(table) + " WHERE id = ?1");
    if (!select.ok()) return select.status();
    for (const auto* dir : {&view.live, &view.archived}) {
      for (const auto& [id, f] : *dir) {
        if (Status s = read_rows(select->Bind(1, id)); !s.ok()) return s;
        select->Reset();
      }
    }
  }

  std::vector<Change> changes;
  for (const auto* dir : {&view.live, &view.archived}) {
    const bool is_archived = dir == &view.archived;
    for (const auto& [id, f] : *dir) {
      auto row = rows.find(id);
      const uint64_t size = static_cast<uint64_t>(f.st.st_size);
      const bool had_text = row != rows.end() && row->second.has_text;
      const bool same_file = row != rows.end() && row->second.ino == f.st.st_ino && size == row->second.size &&
                             MtimeNs(f.st) == row->second.mtime_ns;
      if (row == rows.end() || row->second.ino != f.st.st_ino || size < row->second.size ||
          (size == row->second.size && MtimeNs(f.st) != row->second.mtime_ns) ||
          (row->second.unreadable && !same_file)) {
        changes.push_back({id, Change::kIndexWhole, had_text});
      } else if (row->second.unreadable) {
        // Still the file that could not be read.
      } else if (size > row->second.size) {
        changes.push_back({id, Change::kIndexTail, had_text});
      } else if (row->second.archived != is_archived) {
        changes.push_back({id, Change::kMark, had_text});
      }
      if (row != rows.end()) rows.erase(row);
    }
  }
  // Rows left over have no file, if the look saw every file.
  if (view.complete) {
    for (const auto& [id, row] : rows) changes.push_back({id, Change::kDrop, row.has_text});
  }
  return changes;
}

Status Catalog::ReconcileLocked() {
  for (bool in_transaction = false;;) {
    auto fail = [&](Status st) {
      if (in_transaction) (void)db_.Exec("ROLLBACK");
      return st;
    };
    Result<FileView> view = LookAtFiles();
    if (!view.ok()) return fail(view.status());
    Result<std::vector<Change>> changes = Compare(*view);
    if (!changes.ok()) return fail(changes.status());
    // A complete look at directories that then stay as they are lets the
    // next reconciles skip the files without a writer.
    const bool record = view->complete && view->settled && view->dirs != view->recorded;
    if (changes->empty() && !record) return in_transaction ? db_.Exec("COMMIT") : Status::OK();
    if (!in_transaction) {
      // Look again under the write lock: another process may have done it,
      // and what we saw before may be older than what it wrote.
      if (Status b = db_.Exec("BEGIN IMMEDIATE"); !b.ok()) return b;
      in_transaction = true;
      continue;
    }
    for (const Change& change : *changes) {
      if (Status st = Apply(change, *view); !st.ok()) return fail(st);
    }
    if (record) {
      Result<Statement> put = db_.Prepare("INSERT OR REPLACE INTO meta VALUES('directories', ?1)");
      if (!put.ok()) return fail(put.status());
      if (Status st = put->Bind(1, view->dirs).Run(); !st.ok()) return fail(st);
    }
    return db_.Exec("COMMIT");
  }
}

Status Catalog::Unreadable(const std::string& id, const FileView& view, const Status& why) {
  // A file that is not a session (a bad header, a newer format, with strict
  // reads a bad line) is left out of the listing until it changes, and said
  // once; errors of the disk itself fail the reconcile.
  if (why.code() != StatusCode::kCorruption && why.code() != StatusCode::kNotSupported) return why;
  Result<Statement> drop = db_.Prepare("DELETE FROM sessions WHERE id = ?1");
  if (!drop.ok()) return drop.status();
  if (Status st = drop->Bind(1, id).Run(); !st.ok()) return st;
  auto f = view.live.find(id);
  if (f == view.live.end()) f = view.archived.find(id);
  if (f == view.archived.end()) return Status::OK();  // not looked at: the next reconcile will
  Result<Statement> put = db_.Prepare("INSERT OR REPLACE INTO unreadable VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!put.ok()) return put.status();
  put->Bind(1, id)
      .Bind(2, static_cast<int64_t>(f->second.st.st_ino))
      .Bind(3, static_cast<int64_t>(f->second.st.st_size))
      .Bind(4, MtimeNs(f->second.st))
      .Bind(5, why.ToString());
  if (Status st = put->Run(); !st.ok()) return st;
  if (notice_) notice_("not listed: " + why.ToString());
  return Status::OK();
}

Status Catalog::Apply(const Change& change, const FileView& view) {
  const std::string& id = change.id;
  if ((change.kind == Change::kDrop || change.kind == Change::kIndexWhole) && change.had_text) {
    // Text indexed from the old file is stale.
    Result<Statement> del = db_.Prepare("DELETE FROM entries_fts WHERE session_id = ?1");
    if (!del.ok()) return del.status();
    if (Status st = del->Bind(1, id).Run(); !st.ok()) return st;
  }
  if (change.kind == Change::kDrop) {
    for (const char* sql : {"DELETE FROM sessions WHERE id = ?1", "DELETE FROM labels WHERE session_id = ?1",
                            "DELETE FROM unreadable WHERE id = ?1"}) {
      Result<Statement> del = db_.Prepare(sql);
      if (!del.ok()) return del.status();
      if (Status st = del->Bind(1, id).Run(); !st.ok()) return st;
    }
    return Status::OK();
  }
  if (change.kind == Change::kMark) {
    Result<Statement> mark = db_.Prepare("UPDATE sessions SET archived = ?2 WHERE id = ?1");
    if (!mark.ok()) return mark.status();
    return mark->Bind(1, id).Bind(2, int64_t{view.archived.count(id) != 0}).Run();
  }
  // Index: the whole file, or its tail from where the last indexing
  // stopped, continuing the summary kept in the row.
  context::SummaryState state;
  uint64_t from = 0, text_offset = 0;
  if (change.kind == Change::kIndexTail) {
    Result<Statement> row = db_.Prepare("SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id = ?1");
    if (!row.ok()) return row.status();
    row->Bind(1, id);
    Status st;
    if (!row->Step(&st)) return st.ok() ? Status::NotFound("catalog row vanished") : st;
    state = StateFromRow(*row);
    from = static_cast<uint64_t>(row->Int(14));
    text_offset = static_cast<uint64_t>(row->Int(15));
    Result<Statement> labels = db_.Prepare("SELECT target, label FROM labels WHERE session_id = ?1");
    if (!labels.ok()) return labels.status();
    labels->Bind(1, id);
    while (labels->Step(&st)) state.labels[labels->Text(0)] = labels->Text(1);
    if (!st.ok()) return st;
  }
  if (change.kind == Change::kIndexWhole) {
    Result<Statement> clear = db_.Prepare("DELETE FROM unreadable WHERE id = ?1");
    if (!clear.ok()) return clear.status();
    if (Status st = clear->Bind(1, id).Run(); !st.ok()) return st;
  }
  Result<std::unique_ptr<file::SessionReader>> reader = file::SessionReader::Open(files_, id, read_, 0, from);
  if (!reader.ok()) {
    // Gone since: the next reconcile drops it.
    if (reader.status().code() == StatusCode::kNotFound) return Status::OK();
    return Unreadable(id, view, reader.status());
  }
  file::SessionReader& r = **reader;
  if (change.kind == Change::kIndexWhole) context::StartSummary(r.header(), &state);
  Entry e;
  while (r.Next(&e)) context::AddToSummary(e, e.timestamp_ms, &state);
  if (!r.status().ok()) return Unreadable(id, view, r.status());
  const SessionInfo& info = state.info;
  Result<Statement> upsert = db_.Prepare(
      "INSERT OR REPLACE INTO sessions VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18)");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, id)
      .Bind(2, int64_t{r.where() == file::Where::kArchived})
      .Bind(3, info.workspace)
      .Bind(4, state.explicit_title)
      .Bind(5, state.first_user_title)
      .Bind(6, info.created_ms)
      .Bind(7, info.updated_ms)
      .Bind(8, info.message_count)
      .Bind(9, info.model)
      .Bind(10, info.provider)
      .Bind(11, info.cost_usd)
      .Bind(12, info.parent ? std::string_view(info.parent->session) : std::string_view())
      .Bind(13, info.parent ? std::string_view(info.parent->entry) : std::string_view())
      .Bind(14, static_cast<int64_t>(r.file_stat().st_ino))
      .Bind(15, static_cast<int64_t>(r.file_stat().st_size))
      .Bind(16, MtimeNs(r.file_stat()))
      .Bind(17, static_cast<int64_t>(r.complete_end()))
      .Bind(18, static_cast<int64_t>(text_offset));
  if (Status st = upsert->Run(); !st.ok()) return st;
  Result<Statement> clear = db_.Prepare("DELETE FROM labels WHERE session_id = ?1");
  if (!clear.ok()) return clear.status();
  if (Status st = clear->Bind(1, id).Run(); !st.ok()) return st;
  Result<Statement> label = db_.Prepare("INSERT INTO labels VALUES(?1, ?2, ?3)");
  if (!label.ok()) return label.status();
  for (const auto& [target, text] : state.labels) {
    label->Bind(1, id).Bind(2, target).Bind(3, text);
    if (Status st = label->Run(); !st.ok()) return st;
    label->Reset();
  }
  return Status::OK();
}

Result<SessionPage> Catalog::List(const ListOptions& options) {
  std::lock_guard<std::mutex> l(mu_);
  return RetryWhileBusy([&] { return ListLocked(options); });
}

Result<SessionPage> Catalog::ListLocked(const ListOptions& options) {
  std::map<std::string, std::map<std::string, std::string>> labels;  // session -> target -> label
  Result<Statement> label_rows = db_.Prepare("SELECT session_id, target, label FROM labels");
  if (!label_rows.ok()) return label_rows.status();
  Status s;
  while (label_rows->Step(&s)) labels[label_rows->Text(0)][label_rows->Text(1)] = label_rows->Text(2);
  if (!s.ok()) return s;

  Result<ListCursor> after = ParseListCursor(options.cursor);
  if (!after.ok()) return after.status();
  const std::string key = options.sort == ListOptions::Sort::kCreated ? "created_ms" : "updated_ms";
  Result<Statement> q =
      db_.Prepare("SELECT " + std::string(kSessionColumns) +
                  " FROM sessions WHERE (?1 = '' OR workspace = ?1) AND (?2 OR archived = 0)"
                  " AND (?3 = '' OR EXISTS (SELECT 1 FROM labels l WHERE l.session_id = sessions.id AND l.label = ?3))"
                  " AND (?5 = '' OR (CASE WHEN explicit_title <> '' THEN explicit_title ELSE first_user_title END)"
                  "   LIKE '%' || ?5 || '%' ESCAPE '\\')"
                  " AND (?6 = 0 OR created_ms >= ?6) AND (?7 = 0 OR created_ms < ?7)"
                  " AND (?8 = 0 OR updated_ms >= ?8) AND (?9 = 0 OR updated_ms < ?9)"
                  " AND (?10 = '' OR parent_session = ?10)"
                  " AND (?11 = '' OR " +
                  key + " < ?12 OR (" + key +
                  " = ?12 AND id > ?11))"
                  " ORDER BY " +
                  key + " DESC, id LIMIT ?4");
  if (!q.ok()) return q.status();
  q->Bind(1, options.workspace)
      .Bind(2, int64_t{options.include_archived})
      .Bind(3, options.label)
      .Bind(4, options.limit == 0 ? int64_t{-1} : static_cast<int64_t>(options.limit))
      .Bind(5, LikeEscaped(options.title_contains))
      .Bind(6, options.created_after_ms)
      .Bind(7, options.created_before_ms)
      .Bind(8, options.updated_after_ms)
      .Bind(9, options.updated_before_ms)
      .Bind(10, options.fork_of)
      .Bind(11, after->id)
      .Bind(12, after->key);
  SessionPage page;
  while (q->Step(&s)) {
    context::SummaryState state = StateFromRow(*q);
    if (auto it = labels.find(state.info.id); it != labels.end()) state.labels = it->second;
    page.rows.push_back(context::FinishSummary(state, static_cast<uint64_t>(q->Int(13)), q->Int(1) != 0));
  }
  if (!s.ok()) return s;
  page.next_cursor = NextListCursor(page, options);
  return page;
}

Status Catalog::Rebuild() {
  std::lock_guard<std::mutex> l(mu_);
  Status s = RetryWhileBusy([&] {
    // Forgetting the directories' times too makes the next reconcile look at
    // every file, should this process die before it re-indexed them.
    Status cleared = db_.Exec(
        "BEGIN IMMEDIATE; DELETE FROM sessions; DELETE FROM labels; DELETE FROM entries_fts; DELETE FROM unreadable;"
        " DELETE FROM meta WHERE key = 'directories'; COMMIT;");
    if (!cleared.ok()) (void)db_.Exec("ROLLBACK");
    return cleared;
  });
  if (!s.ok()) return s;
  return RetryWhileBusy([&] { return ReconcileLocked(); });
}

Status Catalog::IndexTextLocked() {
  // Sessions whose text is behind their summary: new, grown or rewritten.
  std::vector<std::pair<std::string, uint64_t>> behind;
  // Oldest-updated first, so that newer text gets the higher rowids that
  // search returns first.
  Result<Statement> select =
      db_.Prepare("SELECT id, text_offset FROM sessions WHERE text_offset < indexed_offset ORDER BY updated_ms, id");
  if (!select.ok()) return select.status();
  Status s;
  while (select->Step(&s)) behind.emplace_back(select->Text(0), static_cast<uint64_t>(select->Int(1)));
  if (!s.ok() || behind.empty()) return s;
  if (Status b = db_.Exec("BEGIN IMMEDIATE"); !b.ok()) return b;
  auto fail = [&](Status st) {
    (void)db_.Exec("ROLLBACK");
    return st;
  };
  Result<Statement> insert = db_.Prepare("INSERT INTO entries_fts VALUES(?1, ?2, ?3, ?4, ?5)");
  Result<Statement> done = db_.Prepare("UPDATE sessions SET text_offset = ?2 WHERE id = ?1 AND text_offset = ?3");
  if (!insert.ok()) return fail(insert.status());
  if (!done.ok()) return fail(done.status());
  for (const auto& [id, from] : behind) {
    Result<std::unique_ptr<file::SessionReader>> reader = file::SessionReader::Open(files_, id, read_, 0, from);
    if (!reader.ok()) {
      if (reader.status().code() == StatusCode::kNotFound) continue;
      return fail(reader.status());
    }
    Entry e;
    while ((*reader)->Next(&e)) {
      const std::string text = context::SearchableText(e, search_thinking_);
      if (text.empty()) continue;
      insert->Bind(1, text).Bind(2, id).Bind(3, e.id).Bind(4, e.message.role).Bind(5, e.timestamp_ms);
      if (Status st = insert->Run(); !st.ok()) return fail(st);
      insert->Reset();
    }
    if (!(*reader)->status().ok()) return fail((*reader)->status());
    // Only if no other process indexed it meanwhile (the row still says `from`).
    done->Bind(1, id).Bind(2, static_cast<int64_t>((*reader)->complete_end())).Bind(3, static_cast<int64_t>(from));
    if (Status st = done->Run(); !st.ok()) return fail(st);
    done->Reset();
  }
  return db_.Exec("COMMIT");
}

Result<std::vector<SearchHit>> Catalog::Search(std::string_view query, const SearchOptions& options) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = RetryWhileBusy([&] { return IndexTextLocked(); }); !s.ok()) return s;
  return RetryWhileBusy([&] { return SearchLocked(query, options); });
}

Result<std::vector<SearchHit>> Catalog::SearchLocked(std::string_view query, const SearchOptions& options) {
  Result<std::vector<context::SearchTerm>> terms = context::ParseSearchQuery(query);
  if (!terms.ok()) return terms.status();
  Result<Statement> q =
      db_.Prepare(std::string("SELECT f.session_id, f.entry_id, f.role, f.ts, ") + kFts5Snippet +
                  " FROM entries_fts f JOIN sessions s ON s.id = f.session_id"
                  " WHERE entries_fts MATCH ?1 AND (?2 = '' OR s.workspace = ?2) AND (?3 OR s.archived = 0)"
                  // Newest first: ranking every match of a common word by relevance
                  // costs a pass over all of them; rowid order lets FTS5 stop early.
                  " ORDER BY f.rowid DESC LIMIT ?4");
  if (!q.ok()) return q.status();
  q->Bind(1, context::ToFts5Query(*terms))
      .Bind(2, options.workspace)
      .Bind(3, int64_t{options.include_archived})
      .Bind(4, static_cast<int64_t>(options.limit == 0 ? 20 : options.limit));
  std::vector<SearchHit> hits;
  Status s;
  while (q->Step(&s)) {
    hits.push_back(SearchHit{.session_id = q->Text(0),
                             .entry_id = q->Text(1),
                             .role = q->Text(2),
                             .timestamp_ms = q->Int(3),
                             .snippet = q->Text(4)});
  }
  if (!s.ok()) return s;
  return hits;
}

}  // namespace sessionstore::catalog
