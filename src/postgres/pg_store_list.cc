// PgStore's listing and search.

#include <map>

#include "common/list_query.h"
#include "context/search_query.h"
#include "context/session_summary.h"
#include "postgres/pg_rows.h"
#include "postgres/pg_store.h"
#include "postgres/pg_text_search.h"

namespace sessionstore::postgres {

Result<SessionPage> PgStore::ListPage(const ListOptions& options) {
  Result<ListCursor> after = ParseListCursor(options.cursor);
  if (!after.ok()) return after.status();
  // The index of updated_ms holds it coarsely (updated_bucket, schema
  // migration 2): the listing takes the buckets in order from it and sorts
  // within each.
  const bool by_created = options.sort == ListOptions::Sort::kCreated;
  const std::string key = by_created ? "created_ms" : "updated_ms";
  const std::string order = by_created ? "created_ms DESC, id" : "updated_bucket DESC, updated_ms DESC, id";
  const std::string from_bucket = by_created ? "" : " AND ($11 = '' OR updated_bucket <= $12::bigint >> 16)";
  Result<PgPool::Lease> db = pool_.Acquire();
  if (!db.ok()) return db.status();
  std::optional<PgResult> rows, labels;
  Status s = (*db)->InTransaction(
      [&]() -> Status {
        Result<PgResult> r = (*db)->Exec(
            std::string("SELECT ") + kSummaryColumns +
                " FROM sessions WHERE ($1 = '' OR workspace = $1) AND ($2::boolean OR NOT archived)"
                " AND ($3 = '' OR EXISTS (SELECT 1 FROM labels l WHERE l.session_id = sessions.id AND l.label = $3))"
                " AND ($5 = '' OR (CASE WHEN explicit_title <> '' THEN explicit_title ELSE first_user_title END)"
                "   ILIKE '%' || $5 || '%')"
                " AND ($6::bigint = 0 OR created_ms >= $6) AND ($7::bigint = 0 OR created_ms < $7)"
                " AND ($8::bigint = 0 OR updated_ms >= $8) AND ($9::bigint = 0 OR updated_ms < $9)"
                " AND ($10 = '' OR parent_session = $10)"
                " AND ($11 = '' OR " + key + " < $12::bigint OR (" + key + " = $12::bigint AND id > $11))" +
                from_bucket + " ORDER BY " + order + " LIMIT $4::bigint",
            {options.workspace, options.include_archived ? "true" : "false", options.label,
             options.limit == 0 ? PgConnection::Param() : PgConnection::Param(std::to_string(options.limit)),
             LikeEscaped(options.title_contains), std::to_string(options.created_after_ms),
             std::to_string(options.created_before_ms), std::to_string(options.updated_after_ms),
             std::to_string(options.updated_before_ms), options.fork_of, after->id, std::to_string(after->key)});
        if (!r.ok()) return r.status();
        std::vector<std::string> ids;
        for (int i = 0; i < r->rows(); ++i) ids.emplace_back(r->Text(i, 0));
        rows = std::move(*r);
        Result<PgResult> l = (*db)->Exec(
            "SELECT session_id, target, label FROM labels WHERE session_id = ANY($1::text[])", {TextArray(ids)});
        if (!l.ok()) return l.status();
        labels = std::move(*l);
        return Status::OK();
      },
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!s.ok()) return s;
  std::map<std::string_view, std::map<std::string, std::string>> by_session;
  for (int i = 0; i < labels->rows(); ++i) {
    by_session[labels->Text(i, 0)].emplace(labels->Text(i, 1), labels->Text(i, 2));
  }
  SessionPage page;
  page.rows.reserve(static_cast<size_t>(rows->rows()));
  for (int i = 0; i < rows->rows(); ++i) {
    uint64_t bytes = 0;
    bool archived = false;
    context::SummaryState state = SummaryFromRow(*rows, i, 0, &bytes, &archived);
    if (auto it = by_session.find(rows->Text(i, 0)); it != by_session.end()) state.labels = std::move(it->second);
    page.rows.push_back(context::FinishSummary(state, bytes, archived));
  }
  page.next_cursor = NextListCursor(page, options);
  return page;
}

Result<std::vector<SearchHit>> PgStore::Search(std::string_view query, const SearchOptions& options) {
  Result<std::vector<context::SearchTerm>> terms = context::ParseSearchQuery(query);
  if (!terms.ok()) return terms.status();
  const std::string tsquery = TsQueryText(*terms);
  if (tsquery.empty()) return std::vector<SearchHit>();  // a term without a word matches nothing
  const std::string limit = std::to_string(options.limit == 0 ? 20 : options.limit);
  Result<PgResult> r = Query(
      "SELECT e.session_id, e.id, e.role, e.ts_ms, ts_headline('simple', e.body, q.q,"
      " 'StartSel=\"[\", StopSel=\"]\", MaxWords=20, MinWords=6, ShortWord=0, MaxFragments=1,"
      " FragmentDelimiter=\"\u2026\"')"
      " FROM (SELECT $4::tsquery AS q) q, entries e JOIN sessions s ON s.id = e.session_id"
      " WHERE e.search @@ q.q AND ($1 = '' OR s.workspace = $1) AND ($2::boolean OR NOT s.archived)"
      " ORDER BY e.ts_ms DESC, e.session_id DESC, e.seq DESC LIMIT $3::bigint",
      {options.workspace, options.include_archived ? "true" : "false", limit, tsquery});
  if (!r.ok()) return r.status();
  std::vector<SearchHit> hits;
  hits.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    hits.push_back(SearchHit{.session_id = std::string(r->Text(i, 0)),
                             .entry_id = std::string(r->Text(i, 1)),
                             .role = std::string(r->Text(i, 2)),
                             .timestamp_ms = r->Int(i, 3),
                             .snippet = std::string(r->Text(i, 4))});
  }
  return hits;
}

}  // namespace sessionstore::postgres
