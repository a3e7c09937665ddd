// Thin RAII over the SQLite C API: a connection and prepared statements
// with typed binds and columns. Errors become Status values.
//
// A Db and its statements are used by one thread at a time.

#ifndef SESSIONSTORE_SQLITE_SQLITE_DB_H_
#define SESSIONSTORE_SQLITE_SQLITE_DB_H_

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include "sessionstore/result.h"

namespace sessionstore::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept {
    std::swap(stmt_, o.stmt_);
    return *this;
  }
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  // SQLite's pointer passing: `p`, of type `type`, for a function that
  // takes it (such as fts5()).
  Statement& BindPointer(int i, void* p, const char* type) {
    sqlite3_bind_pointer(stmt_, i, p, type, nullptr);
    return *this;
  }
  // SQLITE_ROW: true; SQLITE_DONE: false; anything else: *status.
  bool Step(Status* status);
  // Runs to completion.
  Status Run();
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col));
  }

 private:
  friend class Db;
  sqlite3_stmt* stmt_ = nullptr;
};

// The name Db::Open takes for a database in memory.
inline constexpr std::string_view kInMemory = ":memory:";

class Db {
 public:
  // Opens (creating) the database at `path` (never a URI) without following
  // a symlink, in WAL mode, waiting up to `busy_ms` for other processes'
  // locks; kInMemory: a database of its own in memory.
  static Result<Db> Open(const std::string& path, int busy_ms);

  Db() = default;
  Db(Db&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept {
    std::swap(db_, o.db_);
    std::swap(path_, o.path_);
    return *this;
  }
  ~Db() { sqlite3_close_v2(db_); }

  Status Exec(std::string_view sql);
  // Errors are Corruption for a damaged file, Busy when still locked after
  // the wait, IOError otherwise.
  Result<Statement> Prepare(std::string_view sql);

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// Runs `fn` (returning a Status or a Result) again while it fails with Busy,
// for up to `limit`: SQLite waits out most locks itself (busy_timeout), but
// some conflicts between processes (two creating a database at once, a
// snapshot overtaken by another's write) return SQLITE_BUSY at once.
template <typename Fn>
auto RetryWhileBusy(std::chrono::milliseconds limit, Fn&& fn) -> decltype(fn()) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (int attempt = 0;; ++attempt) {
    auto result = fn();
    StatusCode code;
    if constexpr (std::is_same_v<decltype(result), Status>) {
      code = result.code();
    } else {
      code = result.status().code();
    }
    if (code != StatusCode::kBusy || std::chrono::steady_clock::now() > deadline) return result;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempt, 20)));
  }
}

}  // namespace sessionstore::sqlite

#endif  // SESSIONSTORE_SQLITE_SQLITE_DB_H_
