// Writers, cursors and context views outlive the Store that made them, on
// every backend: each handle owns what it uses (store.h). ./test also runs
// this under AddressSanitizer, which fails it on any use after free.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::UserText;

// More entries than a PostgreSQL cursor reads in one page, so that it goes
// back to the store's connections after the store is gone.
constexpr int kEntries = 2500;

class HandleLifetimeTest : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    std::vector<Record> records;
    for (int i = 0; i < kEntries; ++i) records.push_back(UserText("entry " + std::to_string(i)));
    ids_ = Append(Create({.id = "s"}), records);
    ASSERT_EQ(ids_.size(), static_cast<size_t>(kEntries));
  }
  std::vector<std::string> ids_;
};

TEST_P(HandleLifetimeTest, AWriterAppendsAndClosesAfterItsStoreIsGone) {
  auto writer = store_->OpenWriter("s");
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  store_.reset();
  auto id = (*writer)->Append(UserText("after the store"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE((*writer)->Close().ok());
  writer->reset();

  store_ = OpenStore();
  auto again = store_->OpenWriter("s");
  ASSERT_TRUE(again.ok()) << "the lock was released: " << again.status().ToString();
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->entries.size(), static_cast<size_t>(kEntries + 1));
  EXPECT_EQ(loaded->entries.back().id, *id);
}

TEST_P(HandleLifetimeTest, AWriterDestroyedAfterItsStoreReleasesTheSession) {
  auto writer = store_->OpenWriter("s");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(UserText("last")).ok());
  store_.reset();
  writer->reset();  // closes: releases the lock through what the store had
  store_ = OpenStore();
  EXPECT_TRUE(store_->OpenWriter("s").ok());
}

TEST_P(HandleLifetimeTest, ACursorReadsToTheEndAfterItsStoreIsGone) {
  auto all = store_->Read("s");
  auto tail = store_->Read("s", {.last_n = 1500});
  ASSERT_TRUE(all.ok() && tail.ok());
  store_.reset();
  std::vector<std::string> seen;
  for (const Entry& e : **all) seen.push_back(e.id);
  ASSERT_TRUE((*all)->status().ok()) << (*all)->status().ToString();
  EXPECT_EQ(seen, ids_);
  size_t n = 0;
  for (const Entry& e : **tail) EXPECT_EQ(e.id, ids_[kEntries - 1500 + n++]);
  ASSERT_TRUE((*tail)->status().ok()) << (*tail)->status().ToString();
  EXPECT_EQ(n, 1500u);
}

TEST_P(HandleLifetimeTest, AContextViewIsAValueOfItsOwn) {
  auto view = store_->Context("s");
  ASSERT_TRUE(view.ok());
  store_.reset();
  ASSERT_EQ(view->items.size(), static_cast<size_t>(kEntries));
  EXPECT_EQ(view->items.back().message.Text(), "entry " + std::to_string(kEntries - 1));
}

INSTANTIATE_CONTRACT_TEST(HandleLifetimeTest);

}  // namespace
}  // namespace sessionstore
