#include "sessionstore/status.h"

#include <gtest/gtest.h>

#include "sessionstore/result.h"

namespace sessionstore {
namespace {

TEST(StatusTest, OkIsCheapAndEmpty) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, PrintsContextLikeACompiler) {
  Status c = Status::Corruption("unterminated string",
                                ErrorContext{.op = "read", .path = "sessions/x.jsonl", .line = 1042, .offset = 88312});
  EXPECT_EQ(c.ToString(), "Corruption: read sessions/x.jsonl:1042 (offset 88312): unterminated string");
  Status io = Status::FromErrno(28, "append", "sessions/x.jsonl");
  EXPECT_EQ(io.ToString(), "IO error: append sessions/x.jsonl: No space left on device");
  EXPECT_EQ(io.context().sys_errno, 28);
}

TEST(StatusTest, WithContextKeepsWhatIsSet) {
  Status s = Status::Corruption("bad", ErrorContext{.line = 3}).WithContext({.op = "load", .path = "p", .line = 9});
  EXPECT_EQ(s.context().line, 3);
  EXPECT_EQ(s.context().path, "p");
  EXPECT_EQ(s.context().op, "load");
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> v = 7;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 7);
  Result<int> e = Status::NotFound("nope");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sessionstore
