// PgConnection: one libpq connection to a PostgreSQL server, with results
// and errors in sessionstore's terms.
//
// Errors: a server that cannot be reached, or that went away, is
// Unavailable with libpq's or the server's message; a unique violation is
// AlreadyExists; serialization failures, deadlocks and locks not available
// are Busy; anything else is IOError with the server's message and SQLSTATE.
// A call on a connection that was lost first tries to connect again, so a
// connection recovers once the server is back.
//
// Not thread-safe: one connection per thread, or one at a time under a lock.

#ifndef SESSIONSTORE_POSTGRES_PG_CONNECTION_H_
#define SESSIONSTORE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
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

 private:
  friend class PgConnection;
  explicit PgResult(PGresult* res) : res_(res, &PQclear) {}
  std::unique_ptr<PGresult, decltype(&PQclear)> res_;
};

class PgConnection {
 public:
  // `url`: postgresql://user@host:port/db?... as libpq takes it.
  static Result<PgConnection> Connect(const std::string& url);

  // Runs one statement with text parameters $1, $2, ... (nullopt: NULL);
  // without parameters, `sql` may hold several statements.
  using Param = std::optional<std::string_view>;
  Result<PgResult> Exec(std::string_view sql, std::initializer_list<Param> params = {});
  // The same for a statement whose rows do not matter.
  Status Run(std::string_view sql, std::initializer_list<Param> params = {});

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn, &PQfinish) {}
  // Connects again if the connection was lost.
  Status EnsureConnected();

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_CONNECTION_H_
