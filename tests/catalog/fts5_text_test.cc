// FTS5's words and snippets outside of the catalog (no server needed).

#include "catalog/fts5_text.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace sessionstore::catalog {
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

TEST(Fts5TextTest, SnippetsMarkTheMatchedWords) {
  EXPECT_EQ(*Fts5Snippet("Where is the quux handler registered?", "\"quux\""),
            "Where is the [quux] handler registered?");
  EXPECT_EQ(*Fts5Snippet("one two three four five six seven eight nine ten eleven twelve thirteen needle",
                         "\"needle\""),
            "\u2026three four five six seven eight nine ten eleven twelve thirteen [needle]");
  EXPECT_EQ(*Fts5Snippet("nothing here", "\"needle\""), "");
  EXPECT_EQ(Fts5Snippet("text", "\"unclosed").status().code(), StatusCode::kIOError) << "not a query";
}

TEST(Fts5TextTest, EachThreadHasItsOwn) {
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &good] {
      for (int i = 0; i < 200; ++i) {
        const std::string word = "w" + std::to_string(t) + "x" + std::to_string(i);
        auto words = Fts5Words("Alpha " + word);
        auto snippet = Fts5Snippet("Alpha " + word, "\"" + word + "\"");
        good[t] += words.ok() && words->size() == 2 && (*words)[1] == word && snippet.ok() &&
                   *snippet == "Alpha [" + word + "]";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(good, (std::vector<int>{200, 200, 200, 200}));
}

}  // namespace
}  // namespace sessionstore::catalog
