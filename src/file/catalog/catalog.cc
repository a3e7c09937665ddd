#include "file/catalog/catalog.h"

#include <cerrno>
#include <map>

#include "file/catalog/reconcile.h"
#include "file/catalog/sessions_table.h"
#include "file/session_reader.h"
#include "history/session_summary.h"
#include "search/fts5_text.h"
#include "search/searchable_text.h"

namespace sessionstore::file {

Status Catalog::Reconcile(std::vector<TempFile>* leftovers) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = ReconcileLocked(leftovers);
  if (s.code() == StatusCode::kCorruption && s.context().path.ends_with(kCatalogFile)) {
    // The catalog itself went bad under us: start it over.
    if (Status again = sqlite::RetryWhileBusy(kCatalogBusy, [&] { return OpenDb(); }); !again.ok()) return again;
    s = ReconcileLocked(leftovers);
  }
  if (s.ok()) NoticeBuilt();
  return s;
}

Status Catalog::ReconcileLocked(std::vector<TempFile>* leftovers) {
  Reconciler reconciler(db_, files_, read_, verify_every_file_, notice_, progress_);
  return sqlite::RetryWhileBusy(kCatalogBusy, [&] { return reconciler.Run(leftovers); });
}

Result<SessionPage> Catalog::List(const store::ListQuery& query) {
  std::lock_guard<std::mutex> l(mu_);
  return sqlite::RetryWhileBusy(kCatalogBusy, [&] { return ListLocked(query); });
}

Result<SessionPage> Catalog::ListLocked(const store::ListQuery& query) {
  const ListOptions& options = query.options;
  const std::string key = options.sort == ListOptions::Sort::kCreated ? "created_ms" : "updated_ms";
  // The title rule of store::ListQuery: LIKE compares ASCII letters without
  // case and every other character as is.
  Result<sqlite::Statement> q =
      db_.Prepare("SELECT " + std::string(kSessionColumns) +
                  " FROM sessions WHERE (?1 = '' OR workspace = ?1) AND (?2 OR archived = 0)"
                  " AND (?3 = '' OR EXISTS (SELECT 1 FROM labels l WHERE l.session_id = sessions.id AND l.label = ?3))"
                  " AND (?5 = '' OR (CASE WHEN explicit_title <> '' THEN explicit_title ELSE first_user_title END)"
                  "   LIKE '%' || ?5 || '%' ESCAPE '\\')"
                  " AND (?6 = 0 OR created_ms >= ?6) AND (?7 = 0 OR created_ms < ?7)"
                  " AND (?8 = 0 OR updated_ms >= ?8) AND (?9 = 0 OR updated_ms < ?9)"
                  " AND (?10 = '' OR parent_session = ?10)"
                  " AND (?13 = '' OR substr(id, 1, length(?13)) = ?13)"
                  " AND (?14 = '' OR model = ?14) AND (?15 = '' OR provider = ?15)"
                  " AND (?11 = '' OR " +
                  key + " < ?12 OR (" + key + " = ?12 AND id > ?11)) ORDER BY " + key + " DESC, id LIMIT ?4");
  if (!q.ok()) return q.status();
  q->Bind(1, options.workspace)
      .Bind(2, int64_t{options.include_archived})
      .Bind(3, options.label)
      .Bind(4, options.limit == 0 ? int64_t{-1} : static_cast<int64_t>(options.limit))
      .Bind(5, store::LikeEscaped(query.title_folded))
      .Bind(6, options.created_after_ms)
      .Bind(7, options.created_before_ms)
      .Bind(8, options.updated_after_ms)
      .Bind(9, options.updated_before_ms)
      .Bind(10, options.fork_of)
      .Bind(11, query.after.id)
      .Bind(12, query.after.key)
      .Bind(13, options.id_prefix)
      .Bind(14, options.model)
      .Bind(15, options.provider);
  SessionPage page;
  Status s;
  while (q->Step(&s)) {
    SessionInfo& row = page.rows.emplace_back(
        history::FinishSummary(StateFromRow(*q), static_cast<uint64_t>(q->Int(13)), q->Int(1) != 0));
    row.labels = DecodeLabelList(q->Text(16));
    row.stored_ms = q->Int(17) / 1000000;
  }
  if (!s.ok()) return s;
  if (query.after.id.empty()) {
    Result<sqlite::Statement> unreadable = db_.Prepare("SELECT id, reason FROM unreadable ORDER BY id");
    if (!unreadable.ok()) return unreadable.status();
    while (unreadable->Step(&s)) page.unlisted.push_back({.id = unreadable->Text(0), .reason = unreadable->Text(1)});
    if (!s.ok()) return s;
  }
  return page;
}

Result<std::vector<store::SessionUsage>> Catalog::Usage(const std::string& workspace, bool include_archived) {
  std::lock_guard<std::mutex> l(mu_);
  return sqlite::RetryWhileBusy(kCatalogBusy, [&]() -> Result<std::vector<store::SessionUsage>> {
    Result<sqlite::Statement> q = db_.Prepare(
        "SELECT id, workspace, usage_buckets FROM sessions WHERE (?1 = '' OR workspace = ?1) AND (?2 OR archived = 0)");
    if (!q.ok()) return q.status();
    q->Bind(1, workspace).Bind(2, int64_t{include_archived});
    std::vector<store::SessionUsage> out;
    Status s;
    while (q->Step(&s)) {
      Result<history::UsageBuckets> buckets = history::DecodeUsageBuckets(q->Text(2));
      if (!buckets.ok()) {
        return Status::Corruption(buckets.status().message(),
                                  ErrorContext{.op = "catalog", .path = files_.root() + "/" + kCatalogFile});
      }
      out.push_back({.id = q->Text(0), .workspace = q->Text(1), .buckets = std::move(*buckets)});
    }
    if (!s.ok()) return s;
    return out;
  });
}

Status Catalog::Rebuild(std::vector<TempFile>* leftovers) {
  std::lock_guard<std::mutex> l(mu_);
  Status s = sqlite::RetryWhileBusy(kCatalogBusy, [&] {
    // Forgetting the directories' times too makes the next reconcile look at
    // every file, should this process die before it re-indexed them.
    Status cleared = db_.Exec(
        "BEGIN IMMEDIATE; DELETE FROM sessions; DELETE FROM labels; DELETE FROM entries_fts; DELETE FROM unreadable;"
        " DELETE FROM meta WHERE key = 'directories'; COMMIT;");
    if (!cleared.ok()) (void)db_.Exec("ROLLBACK");
    return cleared;
  });
  if (!s.ok()) return s;
  return ReconcileLocked(leftovers);
}

Status Catalog::IndexTextLocked() {
  // Sessions whose text is behind their summary: new, grown or rewritten.
  std::vector<std::pair<std::string, uint64_t>> behind;
  // Oldest-updated first, so that newer text gets the higher rowids that
  // search returns first.
  Result<sqlite::Statement> select =
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
  Result<sqlite::Statement> insert = db_.Prepare("INSERT INTO entries_fts VALUES(?1, ?2, ?3, ?4, ?5)");
  Result<sqlite::Statement> done =
      db_.Prepare("UPDATE sessions SET text_offset = ?2 WHERE id = ?1 AND text_offset = ?3");
  if (!insert.ok()) return fail(insert.status());
  if (!done.ok()) return fail(done.status());
  for (size_t i = 0; i < behind.size(); ++i) {
    if (progress_) progress_("indexing text for search", i, behind.size());
    const auto& [id, from] = behind[i];
    Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(files_, id, read_, 0, from);
    if (!reader.ok()) {
      // Gone, or no longer readable by this user: the next reconcile says so.
      const int err = reader.status().context().sys_errno;
      if (reader.status().code() == StatusCode::kNotFound || err == EACCES || err == EPERM) continue;
      return fail(reader.status());
    }
    Entry e;
    while ((*reader)->Next(&e)) {
      const std::string text = search::SearchableText(e, search_thinking_);
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
  if (progress_) progress_("indexing text for search", behind.size(), behind.size());
  return db_.Exec("COMMIT");
}

Result<std::vector<SearchHit>> Catalog::Search(const std::vector<search::SearchTerm>& terms,
                                               const SearchOptions& options) {
  std::lock_guard<std::mutex> l(mu_);
  if (Status s = sqlite::RetryWhileBusy(kCatalogBusy, [&] { return IndexTextLocked(); }); !s.ok()) return s;
  return sqlite::RetryWhileBusy(kCatalogBusy, [&] { return SearchLocked(terms, options); });
}

Result<std::vector<SearchHit>> Catalog::SearchLocked(const std::vector<search::SearchTerm>& terms,
                                                     const SearchOptions& options) {
  Result<sqlite::Statement> q =
      db_.Prepare(std::string("SELECT f.session_id, f.entry_id, f.role, f.ts, ") + search::kFts5Snippet +
                  " FROM entries_fts f JOIN sessions s ON s.id = f.session_id"
                  " WHERE entries_fts MATCH ?1 AND (?2 = '' OR s.workspace = ?2) AND (?3 OR s.archived = 0)"
                  " AND (?5 = '' OR f.session_id = ?5) AND (?6 = 0 OR f.ts >= ?6)"
                  // Newest first: ranking every match of a common word by relevance
                  // costs a pass over all of them; rowid order lets FTS5 stop early.
                  " ORDER BY f.rowid DESC LIMIT ?4");
  if (!q.ok()) return q.status();
  q->Bind(1, search::ToFts5Query(terms))
      .Bind(2, options.workspace)
      .Bind(3, int64_t{options.include_archived})
      .Bind(4, static_cast<int64_t>(options.limit))
      .Bind(5, options.session_id)
      .Bind(6, options.since_ms);
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

}  // namespace sessionstore::file
