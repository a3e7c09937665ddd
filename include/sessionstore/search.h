// Full-text search over the sessions of a store. Plain value types.

#ifndef SESSIONSTORE_SEARCH_H_
#define SESSIONSTORE_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace sessionstore {

// Queries are words (all must match), "a phrase" in double quotes, and
// prefix* words; anything else is InvalidArgument.
struct SearchOptions {
  // Only sessions of this workspace; empty: all.
  std::string workspace;
  // Also archived sessions. Default false.
  bool include_archived = false;
  // At most this many hits, newest first. Default 20.
  size_t limit = 20;
};

// One entry that matches.
struct SearchHit {
  std::string session_id;
  std::string entry_id;
  std::string role;
  int64_t timestamp_ms = 0;
  // The matching text around the match, the matched words in [brackets].
  std::string snippet;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_SEARCH_H_
