// The default primitives of store::Backend.

#include "store/backend.h"

#include <algorithm>

namespace sessionstore::store {

Result<std::vector<SessionInfo>> Backend::IdleSince(int64_t time_ms) {
  Result<ListQuery> query = MakeListQuery(ListOptions{.include_archived = true});
  if (!query.ok()) return query.status();
  Result<SessionPage> page = ListPage(*query);
  if (!page.ok()) return page.status();
  std::vector<SessionInfo> idle;
  for (SessionInfo& row : page->rows) {
    if (std::max(row.updated_ms, row.stored_ms) < time_ms) idle.push_back(std::move(row));
  }
  return idle;
}

}  // namespace sessionstore::store
