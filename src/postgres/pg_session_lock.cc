#include "postgres/pg_session_lock.h"

#include <chrono>
#include <string>
#include <thread>

namespace sessionstore::postgres {

namespace {

// The lock's key for session $1.
constexpr std::string_view kKey = "hashtextextended(current_schema() || '/' || $1, 0)";

// The lock's row in pg_locks, and its connection (l, a), for session $1.
std::string HolderFrom() {
  return " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid, (SELECT " + std::string(kKey) +
         " AS k) h WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
         " AND l.classid::bigint = (h.k >> 32) & 4294967295 AND l.objid::bigint = h.k & 4294967295";
}

}  // namespace

Status LockSession(PgConnection& db, std::string_view id, LockScope scope, int lost_holder) {
  const std::string take = std::string("SELECT ") +
                           (scope == LockScope::kSession ? "pg_try_advisory_lock" : "pg_try_advisory_xact_lock") + "(" +
                           std::string(kKey) + ")";
  Result<PgResult> got = db.Exec(take, {id});
  if (!got.ok()) return got.status();
  if (got->Text(0, 0) == "t") return Status::OK();
  const std::string holder_sql = HolderFrom();
  if (lost_holder != 0) {
    Result<PgResult> ended = db.Exec("SELECT pg_terminate_backend(l.pid)" + holder_sql +
                                         " AND l.pid = $2::integer AND a.application_name = "
                                         "current_setting('application_name')",
                                     {id, std::to_string(lost_holder)});
    if (!ended.ok()) return ended.status();
    for (int wait = 0; ended->rows() > 0 && wait < 500; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      got = db.Exec(take, {id});
      if (!got.ok()) return got.status();
      if (got->Text(0, 0) == "t") return Status::OK();
    }
  }
  Result<std::string> who = SessionHolder(db, id);
  const std::string holder = who.ok() && !who->empty() ? *who : "another writer";
  return Status::Busy("session \"" + std::string(id) + "\" is being written by " + holder, ErrorContext{.op = "lock"});
}

Result<std::string> SessionHolder(PgConnection& db, std::string_view id) {
  Result<PgResult> who = db.Exec("SELECT a.application_name, l.pid" + HolderFrom(), {id});
  if (!who.ok()) return who.status();
  if (who->rows() == 0) return std::string();
  return std::string(who->Text(0, 0)) + " (PostgreSQL backend " + std::string(who->Text(0, 1)) + ")";
}

Status UnlockSession(PgConnection& db, std::string_view id) {
  return db.Run("SELECT pg_advisory_unlock(" + std::string(kKey) + ")", {id});
}

}  // namespace sessionstore::postgres
