// The PostgreSQL layer against a real server: the one ./test starts
// (scripts/pg-test-server.sh) and names in SESSIONSTORE_TEST_PG (its URL)
// and SESSIONSTORE_TEST_PG_DIR. Without them these tests fail: they never
// skip. Each test works in a database of its own.

#include "postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "postgres/pg_binary.h"
#include "postgres/pg_schema.h"
#include "postgres/pg_text_search.h"
#include "sessionstore/store.h"
#include "testing/test_pg.h"

namespace sessionstore::postgres {
namespace {

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_url_ = testing::TestPgUrl();
    ASSERT_FALSE(admin_url_.empty()) << "SESSIONSTORE_TEST_PG is not set: ./test starts a PostgreSQL server for "
                                        "these tests (scripts/pg-test-server.sh)";
    auto admin = PgConnection::Connect(admin_url_);
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    db_name_ = "t" + std::to_string(std::random_device{}());
    ASSERT_TRUE(admin->Run("CREATE DATABASE " + db_name_).ok());
    url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + db_name_;
  }
  void TearDown() override {
    if (db_name_.empty()) return;
    auto admin = PgConnection::Connect(admin_url_);
    if (admin.ok()) (void)admin->Run("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
  }
  PgConnection Connect() {
    auto c = PgConnection::Connect(url_);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return std::move(*c);
  }
  std::string admin_url_, db_name_, url_;
};

TEST_F(PgTest, QueriesTakeTextParametersAndNulls) {
  PgConnection db = Connect();
  auto r = db.Exec("SELECT $1::text, $2::bigint + 1, $3::text IS NULL", {"caf\xC3\xA9 \"q\"", "41", std::nullopt});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Text(0, 0), "caf\xC3\xA9 \"q\"");
  EXPECT_EQ(r->Int(0, 1), 42);
  EXPECT_EQ(r->Text(0, 2), "t");
}

TEST_F(PgTest, BinaryParametersAreTheValuesTheServerReads) {
  PgConnection db = Connect();
  const std::string big = binary::Int8(-5'000'000'000), text = "caf\xC3\xA9 \"q\" {,}\\";
  const std::string vector = *TsVectorOf("Grep the grep_files b\u00e9ta"), x = *TsVectorOf("x");
  binary::ArrayBuilder texts(binary::kText), vectors(binary::kTsVector);
  texts.Add(text);
  texts.AddNull();
  texts.Add("");
  vectors.Add(vector);
  vectors.Add(x);
  const std::string text_array = texts.Finish(), vector_array = vectors.Finish();
  const PgConnection::Param params[] = {
      PgConnection::Param::Binary(big),          PgConnection::Param::Binary(text),
      PgConnection::Param::Binary(vector),       PgConnection::Param::Binary(text_array),
      PgConnection::Param::Binary(vector_array), PgConnection::Param::Binary("")};
  auto r = db.Exec(
      "SELECT $1::bigint, $2::text, $3::tsvector::text, $4::text[], array_length($5::tsvector[], 1),"
      " ($5::tsvector[])[2]::text, $6::text = ''",
      params);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Int(0, 0), -5'000'000'000);
  EXPECT_EQ(r->Text(0, 1), text);
  EXPECT_EQ(r->Text(0, 2), "'beta':5 'files':4 'grep':1,3 'the':2");
  EXPECT_EQ(r->Text(0, 3), "{\"caf\xC3\xA9 \\\"q\\\" {,}\\\\\",NULL,\"\"}");
  EXPECT_EQ(r->Int(0, 4), 2);
  EXPECT_EQ(r->Text(0, 5), "'x':1");
  EXPECT_EQ(r->Text(0, 6), "t") << "an empty binary value is empty, not NULL";
}

TEST_F(PgTest, ErrorsSaySessionstoresWordsWithTheServersMessage) {
  PgConnection db = Connect();
  ASSERT_TRUE(db.Run("CREATE TABLE t(id text PRIMARY KEY)").ok());
  ASSERT_TRUE(db.Run("INSERT INTO t VALUES('a')").ok());
  Status dup = db.Run("INSERT INTO t VALUES($1)", {"a"});
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists) << dup.ToString();
  EXPECT_NE(dup.message().find("23505"), std::string::npos) << dup.ToString();
  Status bad = db.Run("SELEC 1");
  EXPECT_EQ(bad.code(), StatusCode::kIOError);
  EXPECT_NE(bad.message().find("syntax error"), std::string::npos) << bad.ToString();

  auto nowhere = PgConnection::Connect("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(nowhere.status().message().find("127.0.0.1"), std::string::npos) << nowhere.status().ToString();
}

// A wrong password is the server refusing who we are, not a server that is
// down; and no error ever shows the password.
TEST_F(PgTest, AWrongPasswordIsPermissionDeniedAndNoErrorShowsAPassword) {
  const std::string role = "r" + db_name_;
  {
    PgConnection admin = Connect();
    ASSERT_TRUE(admin.Run("CREATE ROLE " + role + " LOGIN PASSWORD 'S3cret-pw'").ok());
  }
  const std::string host = admin_url_.substr(admin_url_.find('@') + 1);  // 127.0.0.1:port/postgres
  const std::string at = host.substr(0, host.rfind('/') + 1) + db_name_;
  auto wrong = Store::Open("postgresql://" + role + ":not-the-pw@" + at);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kPermissionDenied) << wrong.status().ToString();
  EXPECT_EQ(wrong.status().ToString().find("not-the-pw"), std::string::npos) << wrong.status().ToString();
  auto none = Store::Open("postgresql://" + role + ":S3cret-pw@" + at, {.create_if_missing = false});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound) << none.status().ToString();
  EXPECT_EQ(none.status().message(),
            "no store at postgresql://" + role + "@" + at + " (the database has no sessionstore tables)");
  PgConnection db = Connect();
  EXPECT_EQ(db.Exec("SELECT to_regclass('sessionstore_schema') IS NULL")->Text(0, 0), "t") << "nothing was made";
  (void)db.Run("DROP ROLE " + role);
}

TEST_F(PgTest, MigrationsRunOnceEvenWhenStoresOpenAtOnce) {
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      auto c = PgConnection::Connect(url_);
      results[i] = c.ok() ? Migrate(*c) : c.status();
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  PgConnection db = Connect();
  auto versions = db.Exec("SELECT count(*), max(version) FROM sessionstore_schema");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->Int(0, 0), LatestSchemaVersion());
  EXPECT_EQ(versions->Int(0, 1), LatestSchemaVersion());
  EXPECT_TRUE(Migrate(db).ok());
  EXPECT_TRUE(db.Run("SELECT id, header, workspace FROM sessions").ok());
  EXPECT_TRUE(db.Run("SELECT session_id, seq, id, line, search FROM entries").ok());
}

TEST_F(PgTest, ADatabaseOfANewerSchemaIsRefused) {
  PgConnection db = Connect();
  ASSERT_TRUE(Migrate(db).ok());
  ASSERT_TRUE(db.Run("INSERT INTO sessionstore_schema VALUES(999)").ok());
  Status s = Migrate(db);
  EXPECT_EQ(s.code(), StatusCode::kNotSupported) << s.ToString();
  EXPECT_NE(s.message().find("999"), std::string::npos);
}

// The server stops under a connection: Unavailable with the server's or
// libpq's words; once it is back, the same connection works again.
TEST_F(PgTest, ALostServerIsUnavailableAndTheConnectionRecovers) {
  const std::string dir = testing::TestPgDir();
  ASSERT_FALSE(dir.empty()) << "SESSIONSTORE_TEST_PG_DIR is not set";
  const std::string script = std::string(SOURCE_DIR) + "/scripts/pg-test-server.sh";
  PgConnection db = Connect();
  ASSERT_TRUE(db.Run("SELECT 1").ok());
  ASSERT_EQ(std::system((script + " halt " + dir).c_str()), 0);
  Status lost = db.Run("SELECT 1");
  ASSERT_EQ(std::system((script + " resume " + dir).c_str()), 0);
  EXPECT_EQ(lost.code(), StatusCode::kUnavailable) << lost.ToString();
  EXPECT_NE(lost.message().find("PostgreSQL: "), std::string::npos);
  EXPECT_GT(lost.message().size(), std::string("PostgreSQL: ").size()) << "the server's or libpq's message";
  auto back = db.Exec("SELECT 2");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Int(0, 0), 2);
}

}  // namespace
}  // namespace sessionstore::postgres
