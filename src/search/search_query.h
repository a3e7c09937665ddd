// SearchQuery: a search query (sessionstore/search.h) read into its terms,
// so that both stores accept exactly the same queries and turn them into
// their engine's syntax (FTS5's, PostgreSQL's tsquery) without passing the
// user's text through as syntax.

#ifndef SESSIONSTORE_SEARCH_SEARCH_QUERY_H_
#define SESSIONSTORE_SEARCH_SEARCH_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/result.h"

namespace sessionstore::search {

struct SearchTerm {
  enum class Kind { kWord, kPrefix, kPhrase };
  Kind kind;
  // The word (without its '*'), or the phrase's text between its quotes.
  std::string text;
};

// Words (letters, digits, '_' and any non-ASCII character), prefix* words
// and "phrases", separated by spaces; every term must match. A word with
// other characters in it (foo-bar, it's, src/parser.c, C++) is the phrase
// of its words, as indexed text is split; one with no letter or digit at
// all is left out. An unclosed quote, a query with no word, and the FTS5
// operators AND, OR, NOT and NEAR as words are InvalidArgument in plain
// words.
Result<std::vector<SearchTerm>> ParseSearchQuery(std::string_view query);

// The terms as an FTS5 query: each term quoted, so nothing is read as an
// operator.
std::string ToFts5Query(const std::vector<SearchTerm>& terms);

}  // namespace sessionstore::search

#endif  // SESSIONSTORE_SEARCH_SEARCH_QUERY_H_
