// Test fixtures with a fresh store, and helpers to fill it.
//
// StoreTest: a file store, for what only the file store has (files, torn
// tails, the catalog). ContractTest: parameterised over both stores, for the
// Store contract, which must mean the same on files and on PostgreSQL:
//
//   TEST_P(ContractTest, ...) { ... store_ ... }
//   INSTANTIATE_CONTRACT_TEST(ContractTest);

#ifndef SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
#define SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sessionstore/store.h"
#include "testing/temp_dir.h"
#include "testing/test_pg.h"

namespace sessionstore::testing {

enum class Backend { kFile, kPostgres };

// The session as the store at `dir` or `pg` (if set) holds it, as the
// bytes of a session file: the file itself, or the header and entry lines
// of its PostgreSQL rows.
inline std::string StoredSession(const std::string& dir, const TestPgSchema* pg, const std::string& id) {
  if (pg == nullptr) return ReadFile(dir + "/sessions/" + id + ".jsonl");
  postgres::PgConnection db = pg->Connect();
  auto r = db.Exec(
      "SELECT header || E'\\n' || coalesce((SELECT string_agg(line || E'\\n', '' ORDER BY seq) FROM entries"
      " WHERE session_id = $1), '') FROM sessions WHERE id = $1",
      {id});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->rows() > 0 ? std::string(r->Text(0, 0)) : std::string();
}

// A fresh, empty place for a store of `backend`: a directory, or a
// PostgreSQL schema of its own.
class OtherStore {
 public:
  explicit OtherStore(Backend backend) {
    if (backend == Backend::kPostgres) pg_.emplace();
  }
  std::string location() const { return pg_ ? pg_->url() : dir_.path(); }
  std::string Stored(const std::string& id) const { return StoredSession(dir_.path(), pg_ ? &*pg_ : nullptr, id); }

 private:
  TempDir dir_;
  std::optional<TestPgSchema> pg_;
};

template <typename Base>
class StoreFixture : public Base {
 protected:
  void SetUp() override {
    if (backend() == Backend::kPostgres) {
      pg_.emplace();
      ASSERT_FALSE(pg_->url().empty()) << pg_->error();
    }
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }

  virtual Backend backend() const = 0;
  // Where the store is: its directory, or its PostgreSQL URL.
  std::string location() const { return pg_ ? pg_->url() : dir_.path(); }

  std::unique_ptr<Store> OpenStore(const StoreOptions& options = {}) {
    auto store = Store::Open(location(), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::string Create(const NewSession& s = {}) {
    auto h = store_->Create(s);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? h->id : std::string();
  }

  // Appends the records with a fresh writer and returns their ids.
  std::vector<std::string> Append(const std::string& id, const std::vector<Record>& records,
                                  Durability d = Durability::kSync) {
    auto w = store_->OpenWriter(id, {.durability = d});
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    if (!w.ok()) return {};
    auto ids = (*w)->AppendBatch(records);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    EXPECT_TRUE((*w)->Close().ok());
    return ids.ok() ? *ids : std::vector<std::string>{};
  }

  std::string SessionPath(const std::string& id) const { return dir_ / ("sessions/" + id + ".jsonl"); }
  std::string Stored(const std::string& id) const { return StoredSession(dir_.path(), pg_ ? &*pg_ : nullptr, id); }

  TempDir dir_;  // the file store's directory; a scratch directory for either
  std::optional<TestPgSchema> pg_;
  std::unique_ptr<Store> store_;
};

class StoreTest : public StoreFixture<::testing::Test> {
 protected:
  Backend backend() const override { return Backend::kFile; }
};

class ContractTest : public StoreFixture<::testing::TestWithParam<Backend>> {
 protected:
  Backend backend() const override { return GetParam(); }
};

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kFile ? "File" : "Postgres";
}

#define INSTANTIATE_CONTRACT_TEST(fixture)                                                                     \
  INSTANTIATE_TEST_SUITE_P(                                                                                    \
      Stores, fixture,                                                                                         \
      ::testing::Values(::sessionstore::testing::Backend::kFile, ::sessionstore::testing::Backend::kPostgres), \
      ::sessionstore::testing::BackendName)

inline Record UserText(const std::string& text) { return Record::FromMessage(Message::User(text)); }

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
