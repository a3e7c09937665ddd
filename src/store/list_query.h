// ListQuery: a listing's options (sessionstore/options.h ListOptions) read
// once by the Store and handed to every backend in the same form: the page
// cursor parsed, the title filter folded. Pure functions.

#ifndef SESSIONSTORE_STORE_LIST_QUERY_H_
#define SESSIONSTORE_STORE_LIST_QUERY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore::store {

// Where a page starts: after the row with this sort key (ms) and id. As
// text a cursor is "<key>/<id>" of the last row of the page before; an
// empty one starts at the top (id empty).
struct ListCursor {
  int64_t key = 0;
  std::string id;
};

struct ListQuery {
  ListOptions options;
  ListCursor after;
  // The title filter, ASCII letters in lower case: a row matches if its
  // title, with its ASCII letters in lower case, contains this. Every
  // other character compares as is, whatever a database's locale says
  // (TitleMatches; SQLite's LIKE; PostgreSQL's LIKE over translate()).
  std::string title_folded;
};

// InvalidArgument if options.cursor is not a cursor.
Result<ListQuery> MakeListQuery(const ListOptions& options);

// The cursor of the page after `page`, empty if it was the last.
std::string NextListCursor(const SessionPage& page, const ListOptions& options);

// `text` with its ASCII letters in lower case.
std::string FoldAscii(std::string_view text);
// The title rule of ListQuery::title_folded.
bool TitleMatches(std::string_view title, std::string_view title_folded);

// `text` with LIKE's wildcards (and the escape '\') escaped by '\'.
std::string LikeEscaped(std::string_view text);

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_LIST_QUERY_H_
