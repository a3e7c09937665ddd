// A PostgreSQL store of its own for one test: a schema in the database of
// the server that ./test starts (scripts/pg-test-server.sh, URL in
// SESSIONSTORE_TEST_PG), dropped afterwards. Without that server the tests
// that need it fail; they never skip.

#ifndef SESSIONSTORE_TESTS_TESTING_TEST_PG_H_
#define SESSIONSTORE_TESTS_TESTING_TEST_PG_H_

#include <string>

#include "postgres/pg_connection.h"

namespace sessionstore::testing {

// The server's URL (SESSIONSTORE_TEST_PG); empty if unset.
std::string TestPgUrl();
// The directory scripts/pg-test-server.sh runs it from
// (SESSIONSTORE_TEST_PG_DIR), for tests that stop and start it.
std::string TestPgDir();

class TestPgSchema {
 public:
  // On failure url() is empty and error() says why.
  TestPgSchema();
  ~TestPgSchema();
  TestPgSchema(const TestPgSchema&) = delete;
  TestPgSchema& operator=(const TestPgSchema&) = delete;

  // postgresql://...?options=-csearch_path%3D<schema>: a store of its own.
  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  const std::string& schema() const { return schema_; }
  // A connection to it, for checks of what is stored.
  postgres::PgConnection Connect() const;

 private:
  std::string schema_, url_, error_;
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_TEST_PG_H_
