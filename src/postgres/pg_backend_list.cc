// PgBackend's listing and search.

#include <map>

#include "format/line_decoder.h"
#include "history/session_summary.h"
#include "postgres/pg_backend.h"
#include "postgres/pg_binary.h"
#include "postgres/pg_rows.h"
#include "postgres/pg_text_search.h"
#include "search/fts5_text.h"
#include "search/search_query.h"
#include "search/searchable_text.h"

namespace sessionstore::postgres {

Result<SessionPage> PgBackend::ListPage(const store::ListQuery& query) {
  const ListOptions& options = query.options;
  // The index of updated_ms holds it coarsely (updated_bucket, schema
  // migration 2): a page takes the buckets in order from it and sorts
  // within each. A listing without a limit sorts every row anyway, on the
  // fewest keys.
  const bool by_created = options.sort == ListOptions::Sort::kCreated;
  const std::string key = by_created ? "created_ms" : "updated_ms";
  const std::string order = by_created           ? "created_ms DESC, id"
                            : options.limit == 0 ? "updated_ms DESC, id"
                                                 : "updated_bucket DESC, updated_ms DESC, id";
  const std::string from_bucket = by_created ? "" : " AND ($11 = '' OR updated_bucket <= $12::bigint >> 16)";
  std::optional<PgResult> rows, labels;
  Status s = pool_->InSnapshot([&](PgConnection& db) -> Status {
    Result<PgResult> r = db.Exec(
        std::string("SELECT ") + kSummaryColumns +
            " FROM sessions WHERE ($1 = '' OR workspace = $1) AND ($2::boolean OR NOT archived)"
            " AND ($3 = '' OR EXISTS (SELECT 1 FROM labels l WHERE l.session_id = sessions.id AND l.label = $3))"
            // The title rule of store::ListQuery, whatever the database's
            // locale: ASCII letters folded, every other character as is.
            " AND ($5 = '' OR translate(CASE WHEN explicit_title <> '' THEN explicit_title ELSE first_user_title END,"
            "   'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') LIKE '%' || $5 || '%')"
            " AND ($6::bigint = 0 OR created_ms >= $6) AND ($7::bigint = 0 OR created_ms < $7)"
            " AND ($8::bigint = 0 OR updated_ms >= $8) AND ($9::bigint = 0 OR updated_ms < $9)"
            " AND ($10 = '' OR parent_session = $10)"
            " AND ($13 = '' OR starts_with(id, $13))"
            " AND ($14 = '' OR model = $14) AND ($15 = '' OR provider = $15)"
            " AND ($11 = '' OR " +
            key + " < $12::bigint OR (" + key + " = $12::bigint AND id > $11))" + from_bucket + " ORDER BY " + order +
            " LIMIT $4::bigint",
        {options.workspace, options.include_archived ? "true" : "false", options.label,
         options.limit == 0 ? PgConnection::Param() : PgConnection::Param(std::to_string(options.limit)),
         store::LikeEscaped(query.title_folded), std::to_string(options.created_after_ms),
         std::to_string(options.created_before_ms), std::to_string(options.updated_after_ms),
         std::to_string(options.updated_before_ms), options.fork_of, query.after.id, std::to_string(query.after.key),
         options.id_prefix, options.model, options.provider});
    if (!r.ok()) return r.status();
    std::vector<std::string> ids;
    for (int i = 0; i < r->rows(); ++i) ids.emplace_back(r->Text(i, 0));
    rows = std::move(*r);
    Result<PgResult> l = db.Exec("SELECT session_id, target, label FROM labels WHERE session_id = ANY($1::text[])",
                                 {PgConnection::Param::Binary(binary::TextArray(ids))});
    if (!l.ok()) return l.status();
    labels = std::move(*l);
    return Status::OK();
  });
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
    history::SummaryState state = SummaryFromRow(*rows, i, 0, &bytes, &archived);
    if (auto it = by_session.find(rows->Text(i, 0)); it != by_session.end()) state.labels = std::move(it->second);
    page.rows.push_back(history::FinishSummary(state, bytes, archived));
  }
  return page;
}

namespace {

// Matches of tsquery $4 among `entries` (a table or a subquery, named e)
// in the sessions searched (workspace $1, archived too if $2, session $5
// if not empty, written since $6 ms), the newest $3, with their lines.
std::string NewestMatches(std::string_view entries) {
  constexpr char kNewestFirst[] = " ORDER BY ts_ms DESC, session_id DESC, seq DESC";
  return "SELECT session_id, id, role, ts_ms, line FROM (SELECT e.session_id, e.id, e.role, e.ts_ms, e.seq, e.line"
         " FROM " +
         std::string(entries) +
         " JOIN sessions s ON s.id = e.session_id WHERE e.search @@ $4::tsquery AND ($1 = '' OR s.workspace = $1)"
         " AND ($2::boolean OR NOT s.archived) AND ($5 = '' OR s.id = $5) AND e.ts_ms >= $6::bigint" +
         kNewestFirst + " LIMIT $3::bigint) m" + kNewestFirst;
}

}  // namespace

// Hits come newest first. Two ways find them, in one snapshot:
// 1. the newest entries, in time order (entries_by_time), each checked,
//    until enough hit or a bound is passed: quick for a common word, and
//    what hits among the newest entries are the newest hits of all;
// 2. when fewer hit than asked: every match (from the GIN index), sorted;
//    the cost grows with the matches, which are few (a word in fewer than
//    1 entry in bound/limit).
// With the bound at sqrt(limit x entries) a search reads at most about
// twice that many entries for a plain word, common or rare. (The planner
// alone picks badly for words it has no statistics of: it reckons them
// fairly common and walks the whole table in time order.) A phrase of
// common words that seldom stand together is the slow case: the index
// gives every entry holding the words, and each is checked.
Result<std::vector<SearchHit>> PgBackend::Search(const std::vector<search::SearchTerm>& terms,
                                                 const SearchOptions& options) {
  Result<TsQuery> query = TsQueryOf(terms);
  if (!query.ok()) return query.status();
  const std::string& tsquery = query->text;
  if (tsquery.empty()) return std::vector<SearchHit>();  // a term without a word matches nothing
  const size_t limit = options.limit;
  const std::string archived = options.include_archived ? "true" : "false", limit_text = std::to_string(limit),
                    since = std::to_string(options.since_ms);
  std::optional<PgResult> rows;
  Status s = pool_->InSnapshot([&](PgConnection& db) -> Status {
    // Entries come in time order or from the GIN index, never from a
    // scan of the whole table.
    if (Status set = db.Run("SET LOCAL enable_seqscan = off"); !set.ok()) return set;
    Result<PgResult> recent =
        db.Exec(NewestMatches("(SELECT * FROM entries ORDER BY ts_ms DESC, session_id DESC, seq DESC LIMIT"
                              " (SELECT greatest(1000, sqrt($3::float8 * greatest(reltuples, 0)))::bigint"
                              " FROM pg_class WHERE oid = 'entries'::regclass)) e"),
                {options.workspace, archived, limit_text, tsquery, options.session_id, since});
    if (!recent.ok()) return recent.status();
    if (static_cast<size_t>(recent->rows()) < limit) {
      recent = db.Exec(NewestMatches("(WITH c AS MATERIALIZED"
                                     " (SELECT * FROM entries WHERE search @@ $4::tsquery) SELECT * FROM c) e"),
                       {options.workspace, archived, limit_text, tsquery, options.session_id, since});
      if (!recent.ok()) return recent.status();
    }
    rows = std::move(*recent);
    return Status::OK();
  });
  if (!s.ok()) return s;
  // The snippets, cut as the file store cuts them (search/fts5_text.h)
  // from the hits' searchable text. A line that no longer reads (changed by
  // hand) is still a hit, with an empty snippet.
  format::LineDecoder decoder(options_.read);
  Entry entry;
  std::vector<SearchHit> hits;
  std::vector<std::string> texts;
  hits.reserve(static_cast<size_t>(rows->rows()));
  for (int i = 0; i < rows->rows(); ++i) {
    hits.push_back(SearchHit{.session_id = std::string(rows->Text(i, 0)),
                             .entry_id = std::string(rows->Text(i, 1)),
                             .role = std::string(rows->Text(i, 2)),
                             .timestamp_ms = rows->Int(i, 3)});
    const bool reads = decoder.DecodeEntry(rows->Text(i, 4), false, &entry).ok();
    texts.push_back(reads ? search::SearchableText(entry, options_.search_thinking) : std::string());
  }
  Result<std::vector<std::string>> snippets = search::Fts5Snippets(texts, search::ToFts5Query(terms));
  if (!snippets.ok()) return snippets.status();
  std::vector<SearchHit> checked;
  for (size_t i = 0; i < hits.size(); ++i) {
    // A match of a cut word is a hit if FTS5 finds the whole word in it.
    if (query->check_matches && !texts[i].empty() && (*snippets)[i].empty()) continue;
    hits[i].snippet = std::move((*snippets)[i]);
    checked.push_back(std::move(hits[i]));
  }
  return checked;
}

}  // namespace sessionstore::postgres
