#include "postgres/pg_pool.h"

namespace sessionstore::postgres {

PgPool::Lease::~Lease() {
  if (conn_ == nullptr) return;  // moved from
  std::lock_guard<std::mutex> l(pool_->mu_);
  if (pool_->idle_.size() < kIdle) pool_->idle_.push_back(std::move(conn_));
}

Result<PgPool::Lease> PgPool::Acquire() {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  Result<PgConnection> conn = PgConnection::Connect(url_);
  if (!conn.ok()) return conn.status();
  return Lease(this, std::make_unique<PgConnection>(std::move(*conn)));
}

Status PgPool::InTransaction(const std::function<Status(PgConnection&)>& body) {
  Result<Lease> db = Acquire();
  if (!db.ok()) return db.status();
  return (*db)->InTransaction([&] { return body(**db); });
}

Status PgPool::InSnapshot(const std::function<Status(PgConnection&)>& body) {
  Result<Lease> db = Acquire();
  if (!db.ok()) return db.status();
  return (*db)->InTransaction([&] { return body(**db); }, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

}  // namespace sessionstore::postgres
