#include "postgres/pg_schema.h"

#include <string>
#include <string_view>

namespace sessionstore::postgres {

namespace {

// Migration N+1 is kMigrations[N]. Append; never edit one that shipped.
constexpr std::string_view kMigrations[] = {
    // 1: sessions and their entries. Headers and entries are kept as the
    // exact JSON lines a file would hold, so that nothing of them is lost.
    R"sql(
CREATE TABLE sessions(
  id text PRIMARY KEY,
  header text NOT NULL,
  workspace text NOT NULL,
  created_ms bigint NOT NULL,
  updated_ms bigint NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  parent_session text,
  parent_entry text,
  last_seq bigint NOT NULL DEFAULT 0,
  leaf text);
CREATE INDEX sessions_by_updated ON sessions(updated_ms DESC, id);
CREATE INDEX sessions_by_workspace ON sessions(workspace, updated_ms DESC, id);
CREATE TABLE entries(
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  id text NOT NULL,
  line text NOT NULL,
  role text,
  ts_ms bigint NOT NULL,
  search tsvector,
  PRIMARY KEY(session_id, seq),
  UNIQUE(session_id, id));
CREATE INDEX entries_search ON entries USING gin(search);
)sql",
};

// The advisory lock key of migrations: "sessions" in ASCII, as a number.
constexpr std::string_view kMigrationLock = "8315179226536832627";

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status Migrate(PgConnection& db) {
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
  for (int next = version + 1; next <= LatestSchemaVersion(); ++next) {
    if (Status s = db.Run(kMigrations[next - 1]); !s.ok()) return fail(s);
    if (Status s = db.Run("INSERT INTO sessionstore_schema VALUES($1::integer)", {std::to_string(next)}); !s.ok()) {
      return fail(s);
    }
  }
  return db.Run("COMMIT");
}

}  // namespace sessionstore::postgres
