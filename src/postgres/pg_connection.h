// PgConnection: one libpq connection to a PostgreSQL server, with results
// and errors in sessionstore's terms.
//
// Errors: a server that cannot be reached, or that went away, is
// Unavailable with libpq's or the server's message; a unique violation is
// AlreadyExists; serialization failures, deadlocks and locks not available
// are Busy; anything else is IOError with the server's message and SQLSTATE.
// A call on a connection that was lost first tries to connect again, so a
// connection recovers once the server is back. A statement sent outside a
// transaction on a connection that turns out to have died while idle is
// sent once more on a new one: outside a transaction, send only statements
// that may run twice (reads, BEGIN); writers turn this off
// (set_auto_reconnect). A connection lost inside
// a transaction fails the next call with Unavailable first (the
// transaction is gone: statements must not go on outside it), and connects
// again on the call after. generation() counts the connections made, so
// that holders of session-level state (advisory locks, SET) see that it
// went.
//
// Not thread-safe: one connection per thread, or one at a time under a lock.

#ifndef SESSIONSTORE_POSTGRES_PG_CONNECTION_H_
#define SESSIONSTORE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "sessionstore/result.h"

namespace sessionstore::postgres {

// The rows of a query. Owns its PGresult.
class PgResult {
 public:
  int rows() const { return PQntuples(res_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  std::string_view Text(int row, int col) const {
    return std::string_view(PQgetvalue(res_.get(), row, col), static_cast<size_t>(PQgetlength(res_.get(), row, col)));
  }
  int64_t Int(int row, int col) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  int64_t affected() const;

 private:
  friend class PgConnection;
  explicit PgResult(PGresult* res) : res_(res, &PQclear) {}
  std::unique_ptr<PGresult, decltype(&PQclear)> res_;
};

// `url` as it may be shown: postgresql://user@host:port/db, without its
// password or any other parameter.
std::string RedactedUrl(std::string_view url);

class PgConnection {
 public:
  // `url`: postgresql://user@host:port/db?... as libpq takes it. The
  // connection speaks UTF-8 and names itself "sessionstore pid N".
  static Result<PgConnection> Connect(const std::string& url);

  // A parameter: in its type's text form (what the type's input function
  // reads), in its binary form (what its receive function reads: no
  // quoting or parsing; pg_binary.h), or NULL (default). It refers to the
  // caller's bytes, which must outlive the call.
  struct Param {
    Param() = default;
    Param(std::nullopt_t) {}
    Param(std::string_view text) : value(text) {}
    Param(const std::string& text) : value(text) {}
    Param(const char* text) : value(text) {}
    static Param Binary(std::string_view bytes) {
      Param p(bytes);
      p.binary = true;
      return p;
    }

    std::optional<std::string_view> value;
    bool binary = false;
  };

  // Runs one statement with parameters $1, $2, ...; without parameters,
  // `sql` may hold several statements.
  Result<PgResult> Exec(std::string_view sql, std::span<const Param> params);
  Result<PgResult> Exec(std::string_view sql, std::initializer_list<Param> params = {}) {
    return Exec(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // The same for a statement prepared on this connection under `name` the
  // first time it runs (and again after a reconnect): it is parsed and
  // planned once, not on every call, and `sql` makes its text only then.
  // For statements run often.
  Result<PgResult> ExecPrepared(const std::string& name, const std::function<std::string()>& sql,
                                std::span<const Param> params);
  // The same for a statement whose rows do not matter.
  Status Run(std::string_view sql, std::initializer_list<Param> params = {});

  // Runs `body` (returning Status) between `begin` and COMMIT, and rolls
  // back if `body` or the commit fails.
  template <typename F>
  Status InTransaction(F&& body, std::string_view begin = "BEGIN") {
    if (Status s = Run(begin); !s.ok()) return s;
    Status s = body();
    if (s.ok()) s = Run("COMMIT");
    if (!s.ok()) (void)Run("ROLLBACK");
    return s;
  }

  // Connections made so far, the first included.
  uint64_t generation() const { return generation_; }
  bool connected() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  // The server process of the connection (the last one, if it was lost).
  int backend_pid() const { return PQbackendPID(conn_.get()); }
  // Whether a call on a lost connection connects again on its own
  // (default), or fails with Unavailable until Reconnect().
  void set_auto_reconnect(bool on) { auto_reconnect_ = on; }
  // Connects again if the connection was lost.
  Status Reconnect();

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn, &PQfinish) {}
  // One try of Exec (prepared under `name` if not null).
  Result<PgResult> ExecOnce(const std::function<std::string()>& sql, std::span<const Param> params,
                            const std::string* name);
  // What a call does first: Reconnect() if the connection was lost and may
  // be made again (auto_reconnect_, and not inside a transaction).
  Status EnsureConnected();

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  uint64_t generation_ = 1;
  bool in_transaction_ = false;  // after the last call
  bool auto_reconnect_ = true;
  std::set<std::string> prepared_;  // names prepared on the current connection
  uint64_t prepared_generation_ = 1;
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_CONNECTION_H_
