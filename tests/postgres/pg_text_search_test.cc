// The words the PostgreSQL store indexes and searches (no server needed).

#include "postgres/pg_text_search.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sessionstore::postgres {
namespace {

using Kind = search::SearchTerm::Kind;

// A word of a tsvector and its positions.
using Lexeme = std::pair<std::string, std::vector<int>>;

// TsVectorOf's binary form read back (the layout tsvectorrecv reads).
std::vector<Lexeme> Decode(std::string_view text) {
  Result<std::string> vector = TsVectorOf(text);
  EXPECT_TRUE(vector.ok()) << vector.status().ToString();
  const std::string_view v = vector.ok() ? std::string_view(*vector) : std::string_view();
  auto u8 = [&](size_t at) { return static_cast<unsigned>(static_cast<unsigned char>(v.at(at))); };
  auto u16 = [&](size_t at) { return u8(at) << 8 | u8(at + 1); };
  std::vector<Lexeme> out;
  if (v.empty()) return out;
  const unsigned count = u16(0) << 16 | u16(2);
  size_t at = 4;
  for (unsigned i = 0; i < count; ++i) {
    const size_t end = v.find('\0', at);
    Lexeme& l = out.emplace_back(std::string(v.substr(at, end - at)), std::vector<int>());
    at = end + 1;
    const unsigned positions = u16(at);
    at += 2;
    for (unsigned p = 0; p < positions; ++p, at += 2) l.second.push_back(static_cast<int>(u16(at)));
  }
  EXPECT_EQ(at, v.size()) << "bytes after the last word";
  return out;
}

TEST(PgTextSearchTest, TsVectorHoldsEachWordOnceInByteOrderWithItsPositions) {
  EXPECT_EQ(Decode("b a B c"), (std::vector<Lexeme>{{"a", {2}}, {"b", {1, 3}}, {"c", {4}}}));
  EXPECT_EQ(Decode("zz z \u00e9 Z9 z \u00fcber"),
            (std::vector<Lexeme>{{"e", {3}}, {"uber", {6}}, {"z", {2, 5}}, {"z9", {4}}, {"zz", {1}}}))
      << "folded as FTS5 folds words";
  EXPECT_EQ(Decode("z \u65e5\u672c a"), (std::vector<Lexeme>{{"a", {3}}, {"z", {1}}, {"\u65e5\u672c", {2}}}))
      << "bytes compare unsigned: UTF-8 after ASCII";
  EXPECT_TRUE(Decode("  ...  ").empty());
  EXPECT_EQ(*TsVectorOf("  ...  "), "") << "no words: no tsvector";
  EXPECT_EQ(Decode(std::string(3000, 'x') + " y"), (std::vector<Lexeme>{{std::string(2046, 'x'), {1}}, {"y", {2}}}))
      << "a word PostgreSQL cannot take is indexed by its first 2046 bytes";
  const std::string two_byte_letters = std::string(2045, 'x') + "\u0436\u0436";  // cut inside the first ж
  EXPECT_EQ(Decode(two_byte_letters)[0].first, std::string(2045, 'x')) << "cut between characters";
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "w ";
  const std::vector<Lexeme> w = Decode(many);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].second.size(), 256u) << "256 positions at most per word";
  std::string late;
  for (int i = 0; i < 17000; ++i) late += "x" + std::to_string(i) + " ";
  late += "x0";
  const std::vector<Lexeme> l = Decode(late);
  ASSERT_EQ(l.size(), 17000u);
  EXPECT_EQ(l.front(), (Lexeme{"x0", {1, 16383}})) << "positions stop at 16,383";
  EXPECT_EQ(l.back(), (Lexeme{"x9999", {10000}}));
  for (size_t i = 1; i < l.size(); ++i) ASSERT_LT(l[i - 1].first, l[i].first);
}

std::string QueryText(const std::vector<search::SearchTerm>& terms) {
  Result<TsQuery> q = TsQueryOf(terms);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_FALSE(q.ok() && q->check_matches);
  return q.ok() ? q->text : std::string();
}

TEST(PgTextSearchTest, QueriesBecomeLexemesPhrasesAndPrefixes) {
  EXPECT_EQ(QueryText({{Kind::kWord, "Quux"}, {Kind::kPrefix, "frob"}}), "('quux') & ('frob':*)");
  EXPECT_EQ(QueryText({{Kind::kPhrase, "quux handler"}}), "('quux' <-> 'handler')");
  EXPECT_EQ(QueryText({{Kind::kWord, "grep_files"}}), "('grep' <-> 'files')");
  EXPECT_EQ(QueryText({{Kind::kWord, "\u00dcBER"}}), "('uber')");
  EXPECT_EQ(QueryText({{Kind::kWord, "a"}, {Kind::kPhrase, "..."}}), "") << "a term without a word";
}

TEST(PgTextSearchTest, ALongQueryWordIsCutAsTheIndexCutsItAndItsMatchesChecked) {
  Result<TsQuery> q = TsQueryOf({{Kind::kWord, std::string(2500, 'L')}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->text, "('" + std::string(2046, 'l') + "')");
  EXPECT_TRUE(q->check_matches);
  q = TsQueryOf({{Kind::kWord, std::string(2043, 'l')}});
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->check_matches) << "as long as a cut word may be: it may be one";
  q = TsQueryOf({{Kind::kWord, std::string(2042, 'l')}});
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->check_matches);
}

}  // namespace
}  // namespace sessionstore::postgres
