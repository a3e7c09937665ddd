// PgPool: the connections of one store to its database, shared by the
// store's threads. A call leases a connection for its duration and gives it
// back; connections are made on demand, and at most kIdle are kept idle.
// Thread-safe. Writers do not lease: each holds its own connection, which
// holds its session's lock (pg_writer.h).

#ifndef SESSIONSTORE_POSTGRES_PG_POOL_H_
#define SESSIONSTORE_POSTGRES_PG_POOL_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "postgres/pg_connection.h"

namespace sessionstore::postgres {

class PgPool {
 public:
  explicit PgPool(std::string url) : url_(std::move(url)) {}

  // A connection for one call; back to the pool when the lease goes.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };
  Result<Lease> Acquire();
  // Runs `body` on a leased connection in one transaction, rolled back if
  // `body` fails.
  Status InTransaction(const std::function<Status(PgConnection&)>& body);
  // The same in one read-only snapshot (REPEATABLE READ): all that `body`
  // reads is of one moment.
  Status InSnapshot(const std::function<Status(PgConnection&)>& body);

  const std::string& url() const { return url_; }

 private:
  static constexpr size_t kIdle = 4;

  const std::string url_;
  std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_POOL_H_
