// What only the file backend has: a store directory that may be missing,
// session files written by a newer sessionstore, bad lines that Compact will
// not drop, and a Context that reads the file backwards only as far as it
// needs. The contract itself is in tests/contract/.

#include <gtest/gtest.h>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::StoreTest;
using testing::UserText;

TEST_F(StoreTest, MissingStoreWithoutCreateIsNotFound) {
  auto s = Store::Open(dir_ / "absent", {.create_if_missing = false});
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Store::Open("").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, NewerFormatVersionIsRefusedClearly) {
  testing::WriteFile(
      SessionPath("future"),
      R"({"type":"session","version":"2.0","id":"future","created":"2030-01-01T00:00:00Z","workspace":""})"
      "\n");
  auto s = store_->Load("future");
  EXPECT_EQ(s.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(s.status().ToString().find("upgrade"), std::string::npos) << s.status().ToString();
  EXPECT_EQ(store_->OpenWriter("future").status().code(), StatusCode::kNotSupported);
}

class HistoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ids_ = Append(Create({.id = "h"}), {UserText("one"), UserText("two"), UserText("three")});
  }
  std::vector<std::string> ids_;
};

TEST_F(HistoryTest, CompactRefusesToDropBadLinesAndNeedsTheLock) {
  auto w = store_->OpenWriter("h");
  EXPECT_EQ(store_->Compact("h").status().code(), StatusCode::kBusy);
  ASSERT_TRUE((*w)->Close().ok());
  testing::WriteFile(SessionPath("h"), testing::ReadFile(SessionPath("h")) + "garbage\n");
  const std::string content = testing::ReadFile(SessionPath("h"));
  EXPECT_EQ(store_->Compact("h").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(testing::ReadFile(SessionPath("h")), content);
}

TEST_F(HistoryTest, ContextReadsOnlyFromTheLatestCompaction) {
  std::string content = testing::ReadFile(SessionPath("h"));
  const size_t second_line = content.find('\n') + 1;
  content.insert(second_line, "damage before the compaction\n");
  testing::WriteFile(SessionPath("h"), content);
  ASSERT_TRUE(store_->TruncateHistory("h", 1).ok());
  auto v = store_->Context("h");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->report.skipped.empty()) << "the damaged line was not read";
  EXPECT_EQ(store_->Load("h")->report.skipped.size(), 1u) << "while a whole load meets it";
}

}  // namespace
}  // namespace sessionstore
