// How a session becomes rows of the PostgreSQL schema (pg_schema.cc) and
// back: the entries as the arrays of one INSERT ... SELECT FROM unnest(...),
// the listing's summary as columns of `sessions`, and the labels.
//
// Entries are stored as the exact JSON lines a session file would hold; the
// other columns are derived from them with the same functions the file
// store's catalog uses (history/session_summary.h,
// search/searchable_text.h), so both stores list and search alike.

#ifndef SESSIONSTORE_POSTGRES_PG_ROWS_H_
#define SESSIONSTORE_POSTGRES_PG_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "format/line_decoder.h"
#include "format/line_encoder.h"
#include "history/session_summary.h"
#include "postgres/pg_connection.h"
#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/session.h"

namespace sessionstore::postgres {

// Where a session is, for the `path` of errors: "postgresql:<id>".
std::string SessionPlace(std::string_view id);

// Decodes session `id`'s header line, with the session named in errors.
Status DecodeStoredHeader(format::LineDecoder& decoder, std::string_view line, std::string_view id, SessionHeader* out);

// The line that row `seq` of session `id` stands at in the session's file
// (the header is line 1, the rows follow in seq order), for errors that say
// where a bad row is.
Result<int64_t> LineOfRow(PgConnection& db, std::string_view id, int64_t seq);

// Entries to insert, each with its line. One row goes in as plain
// parameters, several as arrays (one INSERT ... SELECT FROM unnest(...)),
// all in binary form (pg_binary.h).
class EntryRows {
 public:
  explicit EntryRows(bool search_thinking) : search_thinking_(search_thinking) {}

  // `line`: the entry's line without its '\n'. On failure (of FTS5, which
  // splits the words) nothing is added.
  Status Add(const Record& record, const format::EntryStamp& stamp, std::string_view line);
  size_t size() const { return rows_.size(); }
  uint64_t line_bytes() const { return line_bytes_; }  // with a '\n' each, as in a file
  // Keeps the first `n` rows.
  void Truncate(size_t n);
  void Clear();

  // Inserts the rows into session `id`. `guard_sql`, if given, is a
  // data-modifying CTE named `s` returning `id`, whose first parameter is
  // the session id and the rest `guard_params`: the rows go in only if it
  // returns a row (the writer's update of the session's summary). Returns
  // the rows inserted. With `prepared_as`, the statement is prepared under
  // that name (PgConnection::ExecPrepared): for a guard that never changes.
  Result<int64_t> Insert(PgConnection& db, std::string_view id, std::string_view guard_sql = {},
                         std::span<const PgConnection::Param> guard_params = {},
                         const std::string* prepared_as = nullptr) const;

 private:
  struct Row {
    int64_t seq, ts;
    std::string id, line, role;
    // The words of its searchable text (binary tsvector, TsVectorOf); none
    // without words.
    std::optional<std::string> search;
  };

  bool search_thinking_;
  std::vector<Row> rows_;
  uint64_t line_bytes_ = 0;
};

// The summary columns of `sessions`, in this order.
inline constexpr char kSummaryColumns[] =
    "id, archived, workspace, explicit_title, first_user_title, created_ms, updated_ms, message_count, model, "
    "provider, cost_usd, bytes, parent_session, parent_entry, stored_ms";
inline constexpr int kSummaryColumnCount = 15;

// The summary of row `row`, columns kSummaryColumns from `first`; labels
// are the caller's. Sets *bytes and *archived.
history::SummaryState SummaryFromRow(const PgResult& r, int row, int first, uint64_t* bytes, bool* archived);

// Labels, target -> label, as the two text[] (targets, labels) that an
// INSERT ... SELECT FROM unnest($a::text[], $b::text[]) takes, in binary
// form.
std::pair<std::string, std::string> LabelArrays(const std::map<std::string, std::string>& labels);

// What the writer and a rewrite change in a session's row: `SET` this, with
// $1 the session id and $2..$12 SummaryValues().
inline constexpr char kSummarySet[] =
    "explicit_title = $2, first_user_title = $3, updated_ms = $4, message_count = $5, model = $6, provider = $7, "
    "cost_usd = $8, bytes = $9, last_seq = $10, last_id = $11, usage_buckets = NULLIF($12, '-'), "
    "stored_ms = DEFAULT";
inline constexpr int kSummaryValueCount = 11;
// The values of kSummarySet. The last is the usage buckets, or with
// `usage_known` false "-", which kSummarySet stores as NULL: the row of a
// session stored before schema 5 keeps saying that its buckets are
// unknown, since a writer that goes on from it knows only its own.
std::vector<std::string> SummaryValues(const history::SummaryState& state, uint64_t bytes, uint64_t last_seq,
                                       std::string_view last_id, bool usage_known = true);

// The labels of a session: target -> label.
Result<std::map<std::string, std::string>> ReadLabels(PgConnection& db, std::string_view id);

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_ROWS_H_
