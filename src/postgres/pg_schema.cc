#include "postgres/pg_schema.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace sessionstore::postgres {

namespace {

// Migration N+1 is kMigrations[N]. Append; never edit one that shipped.
constexpr std::string_view kMigrations[] = {
    // 1: sessions, their labels and their entries. Headers and entries are
    // kept as the exact JSON lines a session file holds, so that nothing of
    // them is lost; the other columns are derived from them (the listing's
    // summary, kept up to date by the writer in the transaction of each
    // append; the searchable text, for snippets, and its words as a
    // tsvector built by sessionstore, pg_text_search.h).
    R"sql(
CREATE TABLE sessions(
  id text PRIMARY KEY,
  header text NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  workspace text NOT NULL,
  explicit_title text NOT NULL,
  first_user_title text NOT NULL,
  created_ms bigint NOT NULL,
  updated_ms bigint NOT NULL,
  message_count bigint NOT NULL,
  model text NOT NULL,
  provider text NOT NULL,
  cost_usd double precision NOT NULL,
  bytes bigint NOT NULL,
  parent_session text,
  parent_entry text,
  last_seq bigint NOT NULL,
  last_id text NOT NULL,
  rewrites bigint NOT NULL DEFAULT 0);
CREATE INDEX sessions_by_updated ON sessions(updated_ms DESC, id);
CREATE INDEX sessions_by_created ON sessions(created_ms DESC, id);
CREATE INDEX sessions_by_workspace ON sessions(workspace, updated_ms DESC, id);
CREATE INDEX sessions_by_parent ON sessions(parent_session);
CREATE TABLE labels(
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  target text NOT NULL,
  label text NOT NULL,
  PRIMARY KEY(session_id, target));
CREATE INDEX labels_by_label ON labels(label);
CREATE TABLE entries(
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  id text NOT NULL,
  line text NOT NULL,
  role text NOT NULL,
  ts_ms bigint NOT NULL,
  body text,
  search tsvector,
  PRIMARY KEY(session_id, seq));
CREATE INDEX entries_by_id ON entries(session_id, id);
-- LZ4 compresses long lines several times faster than the default pglz (a
-- tenth of an append's server time); kept at the default where the server
-- was built without it.
DO $$ BEGIN
  ALTER TABLE entries ALTER COLUMN line SET COMPRESSION lz4, ALTER COLUMN body SET COMPRESSION lz4,
    ALTER COLUMN search SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$;
CREATE INDEX entries_search ON entries USING gin(search);
)sql",
    // 2: an append's update of its session's row becomes a HOT update (no
    // new index entries, the row's new version on the same page), and its
    // entry no longer takes a foreign-key check. The listing's index held
    // updated_ms, which every append changes; it now holds updated_ms >> 16
    // (a period of 65.5 s), which an append changes about once a minute,
    // and the listing sorts within it. Room is left on each page for the
    // new versions (the column's addition rewrites the table with it).
    // Entries no longer reference their session: the writer's
    // guard (the update of the session's row, under the session's lock)
    // already refuses entries of a session that is gone, and Delete removes
    // the entries in its own transaction. Entries are indexed by time, for
    // the newest hits of a common word (PgStore::Search), and keep no copy
    // of their searchable text: search cuts its snippets from the lines,
    // with FTS5 as the file store does. (Words are now FTS5's, folded
    // beyond ASCII: `reindex` folds those of entries stored before.)
    R"sql(
ALTER TABLE entries DROP CONSTRAINT entries_session_id_fkey;
ALTER TABLE sessions SET (fillfactor = 50);
ALTER TABLE sessions ADD COLUMN updated_bucket bigint GENERATED ALWAYS AS (updated_ms >> 16) STORED;
DROP INDEX sessions_by_updated;
DROP INDEX sessions_by_workspace;
CREATE INDEX sessions_by_updated ON sessions(updated_bucket DESC);
CREATE INDEX sessions_by_workspace ON sessions(workspace, updated_bucket DESC);
CREATE INDEX entries_by_time ON entries(ts_ms DESC, session_id DESC, seq DESC);
ALTER TABLE entries DROP COLUMN body;
)sql",
    // 3: when the store last wrote each session (SessionInfo::stored_ms):
    // the server's time, the column's default, which every insert takes
    // and every append and rewrite sets again (kSummarySet). Cleanup counts
    // a session's age from it too, so that what an import just brought in
    // is not old. Rows from before hold 0: they count from their last
    // entry, as they did.
    R"sql(
ALTER TABLE sessions ADD COLUMN stored_ms bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ALTER COLUMN stored_ms SET DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint;
)sql",
    // 4: what Store::Repair sets aside: the lines it took out of sessions
    // (never deleted, not even with their session), and each session's
    // state before its last repair.
    R"sql(
CREATE TABLE rejected_lines(
  session_id text NOT NULL,
  rejected_ms bigint NOT NULL DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint,
  line text NOT NULL
);
CREATE INDEX rejected_lines_by_session ON rejected_lines(session_id);
CREATE TABLE repair_backups(
  session_id text PRIMARY KEY,
  made_ms bigint NOT NULL DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint,
  content text NOT NULL
);
)sql",
    // 5: each session's accounting, hour by hour and model by model
    // (history/usage_buckets.h), kept with its summary so that Store::Usage
    // reads rows instead of entries. NULL for sessions stored before:
    // unknown, replayed from their entries until a reindex sets it.
    R"sql(
ALTER TABLE sessions ADD COLUMN usage_buckets text;
)sql",
};

// The advisory lock key of migrations: "sessions" in ASCII, as a number.
constexpr std::string_view kMigrationLock = "8315179226536832627";

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status Migrate(PgConnection& db, int target) {
  if (Status s = db.Run("BEGIN"); !s.ok()) return s;
  auto fail = [&db](Status s) {
    (void)db.Run("ROLLBACK");
    return s;
  };
  if (Status s = db.Run("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLock}); !s.ok()) return fail(s);
  if (Status s = db.Run("CREATE TABLE IF NOT EXISTS sessionstore_schema(version integer NOT NULL)"); !s.ok()) {
    return fail(s);
  }
  Result<PgResult> current = db.Exec("SELECT max(version) FROM sessionstore_schema");
  if (!current.ok()) return fail(current.status());
  const int version = current->IsNull(0, 0) ? 0 : static_cast<int>(current->Int(0, 0));
  if (version > LatestSchemaVersion()) {
    return fail(Status::NotSupported("the database's sessionstore schema is version " + std::to_string(version) +
                                     "; this sessionstore knows up to " + std::to_string(LatestSchemaVersion()) +
                                     ": upgrade sessionstore"));
  }
  for (int next = version + 1; next <= std::min(target, LatestSchemaVersion()); ++next) {
    if (Status s = db.Run(kMigrations[next - 1]); !s.ok()) return fail(s);
    if (Status s = db.Run("INSERT INTO sessionstore_schema VALUES($1::integer)", {std::to_string(next)}); !s.ok()) {
      return fail(s);
    }
  }
  return db.Run("COMMIT");
}

}  // namespace sessionstore::postgres
