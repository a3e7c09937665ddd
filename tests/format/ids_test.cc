#include "format/ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sessionstore::format {
namespace {

TEST(IdsTest, AcceptsTheDocumentedAlphabet) {
  for (const char* ok : {"a", "telegram:123456", "user@example.com", "A-b_c.d:e@f", "0193a8c2-7f00-7abc-8def-0123456789ab"}) {
    EXPECT_TRUE(ValidateSessionId(ok).ok()) << ok;
  }
  EXPECT_TRUE(ValidateSessionId(std::string(128, 'x')).ok());
}

TEST(IdsTest, RejectsEverythingElseNamingTheRule) {
  for (const std::string& bad : {std::string(), std::string(129, 'x'), std::string(".hidden"), std::string(".."),
                                std::string("a/b"), std::string("../etc/passwd"), std::string("a b"),
                                std::string("tab\t"), std::string("nul\0x", 5), std::string("caf\xC3\xA9"),
                                std::string("a\\b"), std::string("*")}) {
    Status s = ValidateSessionId(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("1-128 bytes"), std::string::npos) << s.ToString();
  }
}

TEST(IdsTest, UuidV7HasVersionVariantAndTime) {
  const std::regex form("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV7();
    EXPECT_TRUE(std::regex_match(id, form)) << id;
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
