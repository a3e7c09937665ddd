#include "format/ids.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>

namespace sessionstore::format {
namespace {

TEST(IdsTest, AcceptsTheDocumentedAlphabet) {
  for (const char* ok :
       {"a", "telegram:123456", "user@example.com", "A-b_c.d:e@f", "0193a8c2-7f00-7abc-8def-0123456789ab"}) {
    EXPECT_TRUE(ValidateSessionId(ok).ok()) << ok;
  }
  EXPECT_TRUE(ValidateSessionId(std::string(128, 'x')).ok());
}

TEST(IdsTest, RejectsEverythingElseNamingTheRule) {
  for (const std::string& bad :
       {std::string(), std::string(129, 'x'), std::string(".hidden"), std::string(".."), std::string("a/b"),
        std::string("../etc/passwd"), std::string("a b"), std::string("tab\t"), std::string("nul\0x", 5),
        std::string("caf\xC3\xA9"), std::string("a\\b"), std::string("*")}) {
    Status s = ValidateSessionId(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("1-128 bytes"), std::string::npos) << s.ToString();
  }
}

// xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx in lowercase hex.
bool IsUuidV7(const std::string& id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && std::string_view("0123456789abcdef").find(id[i]) == std::string_view::npos) return false;
  }
  return id[14] == '7' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

TEST(IdsTest, UuidV7HasVersionVariantAndTime) {
  std::set<std::string> seen;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV7();
    EXPECT_TRUE(IsUuidV7(id)) << id;
    const int64_t id_ms = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
    EXPECT_LE(std::llabs(id_ms - now_ms), 60000) << "the first 48 bits are the creation time";
    EXPECT_TRUE(ValidateSessionId(id).ok());
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(IdsTest, EntryIdsAreUniqueHex) {
  EntryIdGenerator gen;
  std::set<std::string> seen;
  for (int i = 0; i < 100000; ++i) {
    std::string id = gen.Next();
    ASSERT_EQ(id.size(), 16u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ASSERT_TRUE(seen.insert(id).second);
  }
}

}  // namespace
}  // namespace sessionstore::format
