#include "history/title.h"

#include <gtest/gtest.h>

namespace sessionstore::history {
namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(TitleTest, ShortTextIsKept) { EXPECT_EQ(TitleFromText("Fix the parser"), "Fix the parser"); }

TEST(TitleTest, WhitespaceRunsBecomeOneSpace) {
  EXPECT_EQ(TitleFromText("  line one\n\n\tline two  "), "line one line two");
}

TEST(TitleTest, LongTextIsCutTo60CodePointsWithEllipsis) {
  std::string t = TitleFromText(std::string(100, 'a'));
  EXPECT_EQ(t, std::string(60, 'a') + "\u2026");
  EXPECT_EQ(TitleFromText(std::string(60, 'b')), std::string(60, 'b'));
}

TEST(TitleTest, NeverSplitsACodePoint) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "日本語";  // 3 bytes each
  std::string t = TitleFromText(text);
  EXPECT_EQ(CodePoints(t), 61u);  // 60 plus the ellipsis
  EXPECT_EQ(t.substr(0, t.size() - 3).size(), 180u);
}

TEST(TitleTest, NothingVisibleIsEmpty) { EXPECT_EQ(TitleFromText(" \n\t "), ""); }

}  // namespace
}  // namespace sessionstore::history
