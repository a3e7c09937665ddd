// The parts of a listing that both stores share: the paging cursor and the
// title filter's LIKE pattern (ListOptions in sessionstore/options.h).

#ifndef SESSIONSTORE_COMMON_LIST_QUERY_H_
#define SESSIONSTORE_COMMON_LIST_QUERY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore {

// Where a page starts: after the row with this sort key (ms) and id. A
// cursor is "<key>/<id>" of the last row of the page before; an empty one
// starts at the top (key 0, id "").
struct ListCursor {
  int64_t key = 0;
  std::string id;
};
Result<ListCursor> ParseListCursor(std::string_view cursor);
// The cursor of the page after `page`, empty if it was the last.
std::string NextListCursor(const SessionPage& page, const ListOptions& options);

// `text` with LIKE's wildcards (and the escape '\') escaped by '\'.
std::string LikeEscaped(std::string_view text);

}  // namespace sessionstore

#endif  // SESSIONSTORE_COMMON_LIST_QUERY_H_
