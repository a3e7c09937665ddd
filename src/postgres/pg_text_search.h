// Full-text search on PostgreSQL with the words of the file store's index:
// text is indexed as a tsvector built here, and a query
// (search/search_query.h) becomes a tsquery built here, both from the
// words FTS5 finds (search/fts5_text.h: letters and digits, folded to
// lower case without diacritics), so that both stores find the same
// entries; and appends do not pay for to_tsvector (about 14 MB/s of text
// on one core). Pure functions, but for the errors of FTS5 itself.

#ifndef SESSIONSTORE_POSTGRES_PG_TEXT_SEARCH_H_
#define SESSIONSTORE_POSTGRES_PG_TEXT_SEARCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "search/search_query.h"
#include "sessionstore/result.h"

namespace sessionstore::postgres {

// The longest word PostgreSQL indexes (its MAXSTRLEN less one). A longer
// word is indexed, and looked up, by its first bytes up to that length, cut
// between characters (IndexedWord).
inline constexpr size_t kMaxWordBytes = 2046;

// The words of `text` as a tsvector, each with its positions, in the
// binary form that PostgreSQL reads without parsing (tsvectorrecv): the
// number of words, then each word NUL-terminated with its count of
// positions and the positions, words in byte order (as the server keeps
// them), each once. Empty if `text` has no words. Words longer than
// PostgreSQL takes are cut (kMaxWordBytes); positions stop at its limits
// (16,383, and 256 per word), and past 768 KB the remaining words are left
// out (a tsvector cannot pass 1 MB; to_tsvector would fail there).
Result<std::string> TsVectorOf(std::string_view text);

// A query for the tsvectors above.
struct TsQuery {
  // tsquery input, every term required; a word or prefix that holds
  // several words (a_b) is a phrase of them. Empty if a term has no word
  // at all: nothing can match it.
  std::string text;
  // A word of the query is as long as a cut word can be: it may match
  // another word that begins with the same kMaxWordBytes, so each match
  // must be checked against the text (search/fts5_text.h).
  bool check_matches = false;
};
Result<TsQuery> TsQueryOf(const std::vector<search::SearchTerm>& terms);

}  // namespace sessionstore::postgres

#endif  // SESSIONSTORE_POSTGRES_PG_TEXT_SEARCH_H_
