// A test fixture with a fresh file store, and helpers to fill it.

#ifndef SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
#define SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sessionstore/store.h"
#include "testing/temp_dir.h"

namespace sessionstore::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenStore(); }

  std::unique_ptr<Store> OpenStore(const StoreOptions& options = {}) {
    auto store = Store::Open(dir_.path(), options);
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

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

inline Record UserText(const std::string& text) { return Record::FromMessage(Message::User(text)); }

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_STORE_FIXTURE_H_
