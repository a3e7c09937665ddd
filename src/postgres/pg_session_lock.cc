#include "postgres/pg_session_lock.h"

#include <string>

namespace sessionstore::postgres {

namespace {

// The lock's key for session $1.
constexpr std::string_view kKey = "hashtextextended(current_schema() || '/' || $1, 0)";

}  // namespace

Status LockSession(PgConnection& db, std::string_view id, LockScope scope) {
  const std::string take = scope == LockScope::kSession ? "pg_try_advisory_lock" : "pg_try_advisory_xact_lock";
  Result<PgResult> got = db.Exec("SELECT " + take + "(" + std::string(kKey) + ")", {id});
  if (!got.ok()) return got.status();
  if (got->Text(0, 0) == "t") return Status::OK();
  std::string holder = "another writer";
  Result<PgResult> who = db.Exec(
      "SELECT a.application_name, l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid,"
      " (SELECT " + std::string(kKey) + " AS k) h"
      " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
      " AND l.classid::bigint = (h.k >> 32) & 4294967295 AND l.objid::bigint = h.k & 4294967295",
      {id});
  if (who.ok() && who->rows() > 0) {
    holder = std::string(who->Text(0, 0)) + " (PostgreSQL backend " + std::string(who->Text(0, 1)) + ")";
  }
  return Status::Busy("session \"" + std::string(id) + "\" is being written by " + holder,
                      ErrorContext{.op = "lock"});
}

Status UnlockSession(PgConnection& db, std::string_view id) {
  return db.Run("SELECT pg_advisory_unlock(" + std::string(kKey) + ")", {id});
}

}  // namespace sessionstore::postgres
