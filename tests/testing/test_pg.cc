#include "testing/test_pg.h"

#include <cstdlib>
#include <random>
#include <stdexcept>

namespace sessionstore::testing {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

}  // namespace

std::string TestPgUrl() { return Env("SESSIONSTORE_TEST_PG"); }
std::string TestPgDir() { return Env("SESSIONSTORE_TEST_PG_DIR"); }

TestPgSchema::TestPgSchema() {
  const std::string admin_url = TestPgUrl();
  if (admin_url.empty()) {
    error_ =
        "SESSIONSTORE_TEST_PG is not set: ./test starts a PostgreSQL server for these tests "
        "(scripts/pg-test-server.sh)";
    return;
  }
  auto admin = postgres::PgConnection::Connect(admin_url);
  if (!admin.ok()) {
    error_ = admin.status().ToString();
    return;
  }
  schema_ = "t" + std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
  if (Status s = admin->Run("CREATE SCHEMA " + schema_); !s.ok()) {
    error_ = s.ToString();
    return;
  }
  url_ = admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
}

TestPgSchema::~TestPgSchema() {
  if (url_.empty()) return;
  auto admin = postgres::PgConnection::Connect(TestPgUrl());
  if (admin.ok()) (void)admin->Run("SET client_min_messages = warning; DROP SCHEMA " + schema_ + " CASCADE");
}

postgres::PgConnection TestPgSchema::Connect() const {
  auto c = postgres::PgConnection::Connect(url_);
  if (!c.ok()) throw std::runtime_error(c.status().ToString());
  return std::move(*c);
}

}  // namespace sessionstore::testing
