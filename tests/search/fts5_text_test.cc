// FTS5's words and snippets outside of the catalog (no server needed).

#include "search/fts5_text.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace sessionstore::search {
namespace {

TEST(Fts5TextTest, WordsAreLettersAndDigitsFoldedAsTheCatalogFoldsThem) {
  auto words =
      Fts5Words("Grep_files({\"Pattern\":\"frob42\"}) - \u00dcn\u00efc\u00f6d\u00e9 Stra\u00dfe \u65e5\u672c\u8a9e");
  ASSERT_TRUE(words.ok()) << words.status().ToString();
  EXPECT_EQ(*words, (std::vector<std::string>{"grep", "files", "pattern", "frob42", "unicode", "stra\u00dfe",
                                              "\u65e5\u672c\u8a9e"}));
  EXPECT_TRUE(Fts5Words(" .,;:()[]{}\"'\\ _-")->empty());
  EXPECT_TRUE(Fts5Words("")->empty());
}

// The marks become offsets; a mark that is not paired marks nothing.
TEST(Fts5TextTest, UnmarkedSnippetsSayWhereTheMatchesAre) {
  SearchHit hit{.snippet =
                    "a \x02"
                    "b\x03 c \x02"
                    "déf\x03"};
  UnmarkSnippet(&hit);
  EXPECT_EQ(hit.snippet, "a b c déf");
  ASSERT_EQ(hit.matches.size(), 2u);
  EXPECT_EQ(hit.snippet.substr(hit.matches[0].offset, hit.matches[0].length), "b");
  EXPECT_EQ(hit.snippet.substr(hit.matches[1].offset, hit.matches[1].length), "déf");
  SearchHit odd{.snippet =
                    "x\x03 y \x02\x03 \x02"
                    "z"};
  UnmarkSnippet(&odd);
  EXPECT_EQ(odd.snippet, "x y  z");
  EXPECT_TRUE(odd.matches.empty());
}

TEST(Fts5TextTest, SnippetsMarkTheMatchedWords) {
  const std::vector<std::string> texts = {
      "Where is the quux handler registered?",
      "one two three four five six seven eight nine ten eleven twelve thirteen needle quux",
      "nothing here",
      "",
  };
  auto snippets = Fts5Snippets(texts, "\"quux\"");
  ASSERT_TRUE(snippets.ok()) << snippets.status().ToString();
  EXPECT_EQ(*snippets, (std::vector<std::string>{"Where is the \x02quux\x03 handler registered?",
                                                 "\u2026four five six seven eight nine ten eleven twelve thirteen "
                                                 "needle \x02quux\x03",
                                                 "", ""}));
  auto again = Fts5Snippets(std::vector<std::string>{texts[2], texts[0]}, "\"nothing\"");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, (std::vector<std::string>{"\x02nothing\x03 here", ""})) << "the earlier texts are gone";
  EXPECT_TRUE(Fts5Snippets(std::vector<std::string>(), "\"quux\"")->empty());
  EXPECT_EQ(Fts5Snippets(texts, "\"unclosed").status().code(), StatusCode::kIOError) << "not a query";
}

TEST(Fts5TextTest, EachThreadHasItsOwn) {
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &good] {
      for (int i = 0; i < 200; ++i) {
        const std::string word = "w" + std::to_string(t) + "x" + std::to_string(i);
        auto words = Fts5Words("Alpha " + word);
        auto snippets = Fts5Snippets(std::vector<std::string>{"Alpha " + word}, "\"" + word + "\"");
        good[t] += words.ok() && words->size() == 2 && (*words)[1] == word && snippets.ok() &&
                   *snippets == std::vector<std::string>{"Alpha \x02" + word + "\x03"};
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(good, (std::vector<int>{200, 200, 200, 200}));
}

}  // namespace
}  // namespace sessionstore::search
