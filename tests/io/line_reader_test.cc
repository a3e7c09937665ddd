#include "io/line_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "testing/temp_dir.h"

namespace sessionstore::io {
namespace {

using testing::TempDir;

class LineReaderTest : public ::testing::Test {
 protected:
  int Open(const std::string& content) {
    testing::WriteFile(dir_ / "f", content);
    fd_ = Fd(Fs::Default(), ::open((dir_ / "f").c_str(), O_RDONLY));
    size_ = content.size();
    return fd_.get();
  }
  std::vector<Line> ReadAll(LineReader& r, std::vector<std::string>* texts) {
    std::vector<Line> lines;
    Line l;
    while (r.Next(&l)) {
      lines.push_back(l);
      texts->emplace_back(l.text);
    }
    EXPECT_TRUE(r.status().ok()) << r.status().ToString();
    return lines;
  }

  TempDir dir_;
  Fd fd_;
  size_t size_ = 0;
};

TEST_F(LineReaderTest, ReturnsCompleteLinesWithNumbersAndOffsets) {
  int fd = Open("one\ntwo\n\nfour\n");
  LineReader r(Fs::Default(), fd, "f", 0, size_, 1, 100);
  std::vector<std::string> texts;
  auto lines = ReadAll(r, &texts);
  EXPECT_EQ(texts, (std::vector<std::string>{"one", "two", "", "four"}));
  EXPECT_EQ(lines[3].number, 4);
  EXPECT_EQ(lines[3].offset, 9u);
  EXPECT_EQ(r.torn_tail_bytes(), 0u);
}

TEST_F(LineReaderTest, TornTailIsNeverReturned) {
  int fd = Open("one\ntwo\nthr");
  LineReader r(Fs::Default(), fd, "f", 0, size_, 1, 100);
  std::vector<std::string> texts;
  ReadAll(r, &texts);
  EXPECT_EQ(texts, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(r.torn_tail_bytes(), 3u);
}

TEST_F(LineReaderTest, TooLongLinesAreFlaggedWithoutBeingHeld) {
  std::string big(3 << 20, 'x');
  int fd = Open("a\n" + big + "\nb\n" + big);
  LineReader r(Fs::Default(), fd, "f", 0, size_, 1, 1000);
  std::vector<std::string> texts;
  auto lines = ReadAll(r, &texts);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_FALSE(lines[0].too_long);
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[1].offset, 2u);
  EXPECT_EQ(lines[1].number, 2);
  EXPECT_EQ(texts[2], "b");
  EXPECT_EQ(r.torn_tail_bytes(), big.size());
}

TEST_F(LineReaderTest, LongLinesWithinTheLimitGrowTheBuffer) {
  std::string big(5 << 20, 'y');
  int fd = Open("a\n" + big + "\nb\n");
  LineReader r(Fs::Default(), fd, "f", 0, size_, 1, 8 << 20);
  std::vector<std::string> texts;
  ReadAll(r, &texts);
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[1], big);
}

TEST_F(LineReaderTest, FindsTheEndOfCompleteLinesAndTheLastLines) {
  int fd = Open("h\nl1\nl2\nl3\ntorn");
  auto end = CompleteLinesEnd(Fs::Default(), fd, "f", 0, size_);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, 11u);
  EXPECT_EQ(*FindLastLinesStart(Fs::Default(), fd, "f", 2, 11, 1), 8u);
  EXPECT_EQ(*FindLastLinesStart(Fs::Default(), fd, "f", 2, 11, 2), 5u);
  EXPECT_EQ(*FindLastLinesStart(Fs::Default(), fd, "f", 2, 11, 3), 2u);
  EXPECT_EQ(*FindLastLinesStart(Fs::Default(), fd, "f", 2, 11, 10), 2u);
  int fd2 = Open("no newline at all");
  EXPECT_EQ(*CompleteLinesEnd(Fs::Default(), fd2, "f", 0, size_), 0u);
}

}  // namespace
}  // namespace sessionstore::io

namespace sessionstore::io {
namespace {

TEST_F(LineReaderTest, ReadsBackwardsAcrossChunksWithOffsets) {
  std::string content = "header\n";
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    lines.push_back(std::string(static_cast<size_t>(i % 997), static_cast<char>('a' + i % 26)) + std::to_string(i));
    content += lines.back() + "\n";
  }
  lines.push_back(std::string(3 << 20, 'L'));  // longer than one chunk
  content += lines.back() + "\n";
  int fd = Open(content);
  ReverseLineReader r(Fs::Default(), fd, "f", 7, size_, 8 << 20);
  Line l;
  size_t expect_end = size_;
  for (size_t i = lines.size(); i-- > 0;) {
    ASSERT_TRUE(r.Prev(&l)) << i;
    ASSERT_EQ(l.text, lines[i]);
    ASSERT_EQ(l.offset + l.text.size() + 1, expect_end);
    expect_end = l.offset;
  }
  EXPECT_FALSE(r.Prev(&l));
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(expect_end, 7u);
}

}  // namespace
}  // namespace sessionstore::io
