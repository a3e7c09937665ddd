#include "file/catalog/reconcile.h"

#include <time.h>

#include <cerrno>

#include "file/catalog/catalog.h"
#include "file/catalog/sessions_table.h"
#include "file/session_reader.h"

namespace sessionstore::file {

namespace {

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
std::string Encode(const SessionFiles::DirTimes& t) {
  return std::to_string(Ns(t.live)) + " " + std::to_string(Ns(t.archived)) + " " + std::to_string(Ns(t.locks));
}

// Whether any change to the directories after `now` is sure to give them a
// change time other than `t`. Filesystems that keep nanoseconds stamp
// changes from a clock that advances at least every 10 ms; the others (FAT,
// some network filesystems) keep whole seconds, or two.
bool Settled(const SessionFiles::DirTimes& t, const struct timespec& now) {
  for (const struct timespec& dir : {t.live, t.archived, t.locks}) {
    const int64_t margin_ns = dir.tv_nsec != 0 ? 100'000'000 : 3'000'000'000;
    if (Ns(now) - Ns(dir) < margin_ns) return false;
  }
  return true;
}

}  // namespace

Status Reconciler::Run(std::vector<TempFile>* leftovers) {
  for (bool in_transaction = false;;) {
    auto fail = [&](Status st) {
      if (in_transaction) (void)db_.Exec("ROLLBACK");
      return st;
    };
    Result<FileView> view = LookAtFiles();
    if (!view.ok()) return fail(view.status());
    Result<std::vector<Change>> changes = Compare(*view);
    if (!changes.ok()) return fail(changes.status());
    *leftovers = std::move(view->temp_files);
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
    for (size_t i = 0; i < changes->size(); ++i) {
      if (progress_) progress_("indexing sessions", i, changes->size());
      if (Status st = Apply((*changes)[i], *view); !st.ok()) return fail(st);
    }
    if (progress_ && !changes->empty()) progress_("indexing sessions", changes->size(), changes->size());
    if (record) {
      Result<sqlite::Statement> put = db_.Prepare("INSERT OR REPLACE INTO meta VALUES('directories', ?1)");
      if (!put.ok()) return fail(put.status());
      if (Status st = put->Bind(1, view->dirs).Run(); !st.ok()) return fail(st);
    }
    return db_.Exec("COMMIT");
  }
}

Result<Reconciler::FileView> Reconciler::LookAtFiles() {
  FileView view;
  Result<sqlite::Statement> recorded = db_.Prepare("SELECT value FROM meta WHERE key = 'directories'");
  if (!recorded.ok()) return recorded.status();
  Status s;
  if (recorded->Step(&s)) view.recorded = recorded->Text(0);
  if (!s.ok()) return s;
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  Result<SessionFiles::DirTimes> dirs = files_.DirectoryTimes();
  if (!dirs.ok()) return dirs.status();
  view.dirs = Encode(*dirs);
  view.settled = Settled(*dirs, now);
  view.complete = verify_every_file_ || view.recorded != view.dirs;

  if (!view.complete) {
    Result<std::vector<std::string>> locked = files_.ListLocks();
    if (!locked.ok()) return locked.status();
    for (const std::string& id : *locked) {
      SessionFiles::FileInfo f;
      if (files_.StatFile(Where::kLive, id, &f)) {
        view.live.emplace(id, std::move(f));
      } else if (files_.StatFile(Where::kArchived, id, &f)) {
        view.archived.emplace(id, std::move(f));
      }
    }
    return view;
  }
  for (auto [where, into] : {std::pair{Where::kLive, &view.live}, std::pair{Where::kArchived, &view.archived}}) {
    std::vector<std::string> temp_files;
    Result<std::vector<SessionFiles::FileInfo>> files = files_.ListFiles(where, &temp_files);
    if (!files.ok()) return files.status();
    for (auto& f : *files) into->emplace(f.id, std::move(f));
    for (std::string& name : temp_files) view.temp_files.push_back({.where = where, .name = std::move(name)});
  }
  // A session both live and archived (a move stopped half-way) counts as live.
  for (const auto& [id, f] : view.live) view.archived.erase(id);
  return view;
}

Result<std::vector<Reconciler::Change>> Reconciler::Compare(const FileView& view) {
  constexpr std::string_view kSessionRows =
      "SELECT id, archived, file_ino, file_size, file_mtime_ns, text_offset, 0 FROM sessions";
  constexpr std::string_view kUnreadableRows = "SELECT id, 0, file_ino, file_size, file_mtime_ns, 0, 1 FROM unreadable";
  std::map<std::string, Indexed> rows;
  auto read_rows = [&rows](sqlite::Statement& select) {
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
      Result<sqlite::Statement> select = db_.Prepare(table);
      if (!select.ok()) return select.status();
      if (Status s = read_rows(*select); !s.ok()) return s;
      continue;
    }
    Result<sqlite::Statement> select = db_.Prepare(std::string(table) + " WHERE id = ?1");
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

Status Reconciler::RunForId(std::string_view sql, const std::string& id) {
  Result<sqlite::Statement> st = db_.Prepare(sql);
  if (!st.ok()) return st.status();
  return st->Bind(1, id).Run();
}

Status Reconciler::Apply(const Change& change, const FileView& view) {
  if ((change.kind == Change::kDrop || change.kind == Change::kIndexWhole) && change.had_text) {
    // Text indexed from the old file is stale.
    if (Status st = RunForId("DELETE FROM entries_fts WHERE session_id = ?1", change.id); !st.ok()) return st;
  }
  switch (change.kind) {
    case Change::kDrop: return Drop(change.id);
    case Change::kMark: {
      Result<sqlite::Statement> mark = db_.Prepare("UPDATE sessions SET archived = ?2 WHERE id = ?1");
      if (!mark.ok()) return mark.status();
      return mark->Bind(1, change.id).Bind(2, int64_t{view.archived.count(change.id) != 0}).Run();
    }
    case Change::kIndexWhole:
    case Change::kIndexTail: return Index(change, view);
  }
  return Status::OK();
}

Status Reconciler::Drop(const std::string& id) {
  for (const char* sql : {"DELETE FROM sessions WHERE id = ?1", "DELETE FROM labels WHERE session_id = ?1",
                          "DELETE FROM unreadable WHERE id = ?1"}) {
    if (Status st = RunForId(sql, id); !st.ok()) return st;
  }
  return Status::OK();
}

Status Reconciler::Index(const Change& change, const FileView& view) {
  const std::string& id = change.id;
  // The whole file, or its tail from where the last indexing stopped,
  // continuing the summary kept in the row.
  history::SummaryState state;
  uint64_t from = 0, text_offset = 0;
  if (change.kind == Change::kIndexTail) {
    if (Status st = Resume(id, &state, &from, &text_offset); !st.ok()) return st;
  } else if (Status st = RunForId("DELETE FROM unreadable WHERE id = ?1", id); !st.ok()) {
    return st;
  }
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(files_, id, read_, 0, from);
  if (!reader.ok()) {
    // Gone since: the next reconcile drops it.
    if (reader.status().code() == StatusCode::kNotFound) return Status::OK();
    return Unreadable(id, view, reader.status());
  }
  SessionReader& r = **reader;
  if (change.kind == Change::kIndexWhole) history::StartSummary(r.header(), &state);
  Entry e;
  while (r.Next(&e)) history::AddToSummary(e, e.timestamp_ms, e.id, &state);
  if (!r.status().ok()) return Unreadable(id, view, r.status());
  return PutRow(id, state, r, text_offset);
}

Status Reconciler::Resume(const std::string& id, history::SummaryState* state, uint64_t* from, uint64_t* text_offset) {
  Result<sqlite::Statement> row =
      db_.Prepare("SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id = ?1");
  if (!row.ok()) return row.status();
  row->Bind(1, id);
  Status st;
  if (!row->Step(&st)) return st.ok() ? Status::NotFound("catalog row vanished") : st;
  *state = StateFromRow(*row);
  // A column this catalog wrote; were it damaged, the catalog is damaged.
  Result<history::UsageBuckets> usage = history::DecodeUsageBuckets(row->Text(18));
  if (!usage.ok()) {
    return Status::Corruption(usage.status().message(),
                              ErrorContext{.op = "catalog", .path = files_.root() + "/" + kCatalogFile});
  }
  state->usage = std::move(*usage);
  *from = static_cast<uint64_t>(row->Int(14));
  *text_offset = static_cast<uint64_t>(row->Int(15));
  Result<sqlite::Statement> labels = db_.Prepare("SELECT target, label FROM labels WHERE session_id = ?1");
  if (!labels.ok()) return labels.status();
  labels->Bind(1, id);
  while (labels->Step(&st)) state->labels[labels->Text(0)] = labels->Text(1);
  return st;
}

Status Reconciler::PutRow(const std::string& id, const history::SummaryState& state, const SessionReader& r,
                          uint64_t text_offset) {
  const SessionInfo& info = state.info;
  Result<sqlite::Statement> upsert = db_.Prepare(
      "INSERT OR REPLACE INTO sessions VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, ?18, ?19, ?20)");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, id)
      .Bind(2, int64_t{r.where() == Where::kArchived})
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
      .Bind(18, static_cast<int64_t>(text_offset))
      .Bind(19, EncodeLabelList(history::FinishSummary(state, 0, false).labels))
      .Bind(20, history::EncodeUsageBuckets(state.usage));
  if (Status st = upsert->Run(); !st.ok()) return st;
  if (Status st = RunForId("DELETE FROM labels WHERE session_id = ?1", id); !st.ok()) return st;
  Result<sqlite::Statement> label = db_.Prepare("INSERT INTO labels VALUES(?1, ?2, ?3)");
  if (!label.ok()) return label.status();
  for (const auto& [target, text] : state.labels) {
    label->Bind(1, id).Bind(2, target).Bind(3, text);
    if (Status st = label->Run(); !st.ok()) return st;
    label->Reset();
  }
  return Status::OK();
}

Status Reconciler::Unreadable(const std::string& id, const FileView& view, const Status& why) {
  // A file that is not a session (a bad header, a newer format, with strict
  // reads a bad line) or that this user may not read is left out of the
  // listing until it changes, and said once; errors of the disk itself fail
  // the reconcile.
  const int err = why.context().sys_errno;
  const bool forbidden = why.code() == StatusCode::kIOError && (err == EACCES || err == EPERM);
  if (why.code() != StatusCode::kCorruption && why.code() != StatusCode::kNotSupported && !forbidden) return why;
  if (Status st = RunForId("DELETE FROM sessions WHERE id = ?1", id); !st.ok()) return st;
  const SessionFiles::FileInfo* f = nullptr;
  for (const auto* dir : {&view.live, &view.archived}) {
    if (auto it = dir->find(id); it != dir->end()) f = &it->second;
  }
  if (f == nullptr) return Status::OK();  // not looked at: the next reconcile will
  Result<sqlite::Statement> put = db_.Prepare("INSERT OR REPLACE INTO unreadable VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!put.ok()) return put.status();
  put->Bind(1, id)
      .Bind(2, static_cast<int64_t>(f->st.st_ino))
      .Bind(3, static_cast<int64_t>(f->st.st_size))
      .Bind(4, MtimeNs(f->st))
      .Bind(5, why.ToString());
  if (Status st = put->Run(); !st.ok()) return st;
  if (notice_) notice_("not listed: " + why.ToString());
  return Status::OK();
}

}  // namespace sessionstore::file
