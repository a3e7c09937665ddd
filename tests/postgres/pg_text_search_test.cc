// The words the PostgreSQL store indexes and searches (no server needed).

#include "postgres/pg_text_search.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sessionstore::postgres {
namespace {

using Kind = context::SearchTerm::Kind;

TEST(PgTextSearchTest, WordsAreAsciiLettersDigitsAndNonAsciiLowercased) {
  EXPECT_EQ(SearchWords("Grep_files({\"Pattern\":\"frob42\"}) - Ünïcode 日本語"),
            (std::vector<std::string>{"grep", "files", "pattern", "frob42", "\u00dcn\u00efcode", "日本語"}));
  EXPECT_TRUE(SearchWords(" .,;:()[]{}\"'\\ _-").empty());
}

TEST(PgTextSearchTest, TsVectorHoldsEachWordWithItsPositions) {
  std::string v3 = TsVectorText("b a B c");
  std::vector<std::string> lexemes;
  for (size_t start = 0, end; start < v3.size(); start = end + 1) {
    end = std::min(v3.find(' ', start), v3.size());
    lexemes.push_back(v3.substr(start, end - start));
  }
  std::sort(lexemes.begin(), lexemes.end());
  EXPECT_EQ(lexemes, (std::vector<std::string>{"'a':2", "'b':1,3", "'c':4"}));
  EXPECT_EQ(TsVectorText("  ...  "), "");
  EXPECT_EQ(TsVectorText(std::string(3000, 'x') + " y"), "'y':2") << "a word PostgreSQL cannot take is left out";
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "w ";
  const std::string v = TsVectorText(many);
  EXPECT_EQ(std::count(v.begin(), v.end(), ','), 255) << "256 positions at most per word";
  std::string late;
  for (int i = 0; i < 17000; ++i) late += "x" + std::to_string(i) + " ";
  EXPECT_NE(TsVectorText(late).find("'x16999':16383"), std::string::npos) << "positions stop at 16,383";
}

TEST(PgTextSearchTest, QueriesBecomeLexemesPhrasesAndPrefixes) {
  EXPECT_EQ(TsQueryText({{Kind::kWord, "Quux"}, {Kind::kPrefix, "frob"}}), "('quux') & ('frob':*)");
  EXPECT_EQ(TsQueryText({{Kind::kPhrase, "quux handler"}}), "('quux' <-> 'handler')");
  EXPECT_EQ(TsQueryText({{Kind::kWord, "grep_files"}}), "('grep' <-> 'files')");
  EXPECT_EQ(TsQueryText({{Kind::kWord, "a"}, {Kind::kPhrase, "..."}}), "") << "a term without a word";
}

}  // namespace
}  // namespace sessionstore::postgres
