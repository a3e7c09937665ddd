// What only the file store has: a store directory that may be missing, and
// session files written by a newer sessionstore. The contract itself is in
// tests/contract/.

#include <gtest/gtest.h>

#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::StoreTest;

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

}  // namespace
}  // namespace sessionstore
