// FTS5's handling of text outside of a full-text table: its word splitting
// (the tokenizer the catalog's index is made with) and its snippets. The
// PostgreSQL store indexes, queries and cuts snippets with these, so that
// both stores find the same entries for a query and show the same snippets.
//
// Thread-safe: each thread uses an in-memory SQLite database of its own,
// made on its first call.

#ifndef SESSIONSTORE_SEARCH_FTS5_TEXT_H_
#define SESSIONSTORE_SEARCH_FTS5_TEXT_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/result.h"
#include "sessionstore/search.h"

namespace sessionstore::search {

// The tokenizer of the catalog's full-text table: words are runs of
// letters, digits and private-use characters, folded to lower case with
// their diacritics removed.
inline constexpr char kFts5Tokenizer[] = "unicode61 remove_diacritics 2";
// The snippet of a hit in table entries_fts, whose column 0 is the text:
// each matched word between kMatchStart and kMatchEnd (control characters
// that searchable text never holds), at most 12 words, "…" where it is cut.
inline constexpr char kMatchStart = '\x02';
inline constexpr char kMatchEnd = '\x03';
inline constexpr char kFts5Snippet[] = "snippet(entries_fts, 0, char(2), char(3), '\u2026', 12)";

// `hit->snippet` as kFts5Snippet marks it, turned into the text alone and
// its matches (SearchHit::matches).
void UnmarkSnippet(SearchHit* hit);

// Calls `word` with each word of `text`, folded, in order.
Status ForEachFts5Word(std::string_view text, const std::function<void(std::string_view)>& word);
// The words of `text`, folded, in order.
Result<std::vector<std::string>> Fts5Words(std::string_view text);

// The snippets (kFts5Snippet) of `texts` for `fts5_query`
// (search::ToFts5Query), one per text in order; empty for a text the
// query does not match.
Result<std::vector<std::string>> Fts5Snippets(std::span<const std::string> texts, std::string_view fts5_query);

}  // namespace sessionstore::search

#endif  // SESSIONSTORE_SEARCH_FTS5_TEXT_H_
