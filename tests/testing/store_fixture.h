// Test fixtures with a fresh store, and helpers to fill it.
//
// StoreTest: a file store, for what only the file store has (files, torn
// tails, the catalog). ContractTest: parameterised over every backend
// (store_places.h), for the Store contract, which must mean the same on
// each:
//
//   TEST_P(ContractTest, ...) { ... store_ ... }
//   INSTANTIATE_CONTRACT_TEST(ContractTest);

#ifndef SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
#define SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sessionstore/store.h"
#include "testing/store_places.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {

// A fresh, empty place for a store of the backend named `backend`, apart
// from the fixture's own.
class OtherStore {
 public:
  explicit OtherStore(const std::string& backend) : place_(MakePlace(backend, dir_.path())) {}
  std::string location() const { return place_->location(); }
  std::string Stored(const std::string& id) const { return place_->Stored(id); }

 private:
  TempDir dir_;
  std::unique_ptr<StorePlace> place_;
};

template <typename Base>
class StoreFixture : public Base {
 protected:
  void SetUp() override {
    place_ = MakePlace(backend(), dir_.path());
    ASSERT_FALSE(place_->location().empty()) << place_->error();
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }

  // The name of the backend (store_places.h).
  virtual std::string backend() const = 0;
  // Where the store is: its directory, or its URL.
  std::string location() const { return place_->location(); }

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

  // The file store's file of a session.
  std::string SessionPath(const std::string& id) const { return dir_ / ("sessions/" + id + ".jsonl"); }
  // The session as stored, as the bytes of a session file.
  std::string Stored(const std::string& id) const { return place_->Stored(id); }
  // Damage behind the store's back, and what a repair set aside
  // (store_places.h).
  bool Plant(const std::string& id, const std::string& content) const { return place_->Plant(id, content); }
  std::string Rejected(const std::string& id) const { return place_->Rejected(id); }
  std::string Backup(const std::string& id) const { return place_->Backup(id); }

  TempDir dir_;  // the file store's directory; a scratch directory for the others
  std::unique_ptr<StorePlace> place_;
  std::unique_ptr<Store> store_;
};

class StoreTest : public StoreFixture<::testing::Test> {
 protected:
  std::string backend() const override { return "File"; }
};

class ContractTest : public StoreFixture<::testing::TestWithParam<std::string>> {
 protected:
  std::string backend() const override { return GetParam(); }
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

#define INSTANTIATE_CONTRACT_TEST(fixture)                                                                \
  INSTANTIATE_TEST_SUITE_P(Stores, fixture, ::testing::ValuesIn(::sessionstore::testing::BackendNames()), \
                           ::sessionstore::testing::BackendName)

inline Record UserText(const std::string& text) { return Record::FromMessage(Message::User(text)); }

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
