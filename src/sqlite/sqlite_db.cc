#include "sqlite/sqlite_db.h"

namespace sessionstore::sqlite {

namespace {

Status StatusFor(int code, const std::string& message, std::string_view op, const std::string& path) {
  ErrorContext ctx{.op = std::string(op), .path = path};
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT: return Status::Corruption(message, ctx);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Busy(message, ctx);
    default: return Status::IOError(message, ctx);
  }
}

}  // namespace

bool Statement::Step(Status* status) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    sqlite3* db = sqlite3_db_handle(stmt_);
    *status = StatusFor(rc, sqlite3_errmsg(db), "catalog", sqlite3_db_filename(db, "main"));
  }
  return false;
}

Status Statement::Run() {
  Status s;
  while (Step(&s)) {
  }
  return s;
}

Result<Db> Db::Open(const std::string& path, int busy_ms) {
  Db db;
  db.path_ = path;
  // A relative path is given as ./path: SQLite takes a name that begins
  // with "file:" as a URI wherever URIs are enabled, and the catalog would
  // land elsewhere. (":memory:" is a database in memory, not a path.)
  const std::string name = path.starts_with('/') || path == kInMemory ? path : "./" + path;
  const int rc = sqlite3_open_v2(name.c_str(), &db.db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nullptr);
  if (rc != SQLITE_OK) {
    return StatusFor(rc, db.db_ != nullptr ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc), "open catalog", path);
  }
  sqlite3_busy_timeout(db.db_, busy_ms);
  if (Status s = db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s.ok()) return s;
  return db;
}

Status Db::Exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::OK();
  Status s = StatusFor(rc, message != nullptr ? message : sqlite3_errstr(rc), "catalog", path_);
  sqlite3_free(message);
  return s;
}

Result<Statement> Db::Prepare(std::string_view sql) {
  Statement st;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st.stmt_, nullptr);
  if (rc != SQLITE_OK) return StatusFor(rc, sqlite3_errmsg(db_), "catalog", path_);
  return st;
}

}  // namespace sessionstore::sqlite
