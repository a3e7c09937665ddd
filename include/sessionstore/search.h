// Full-text search over the sessions of a store. Plain value types.

#ifndef SESSIONSTORE_SEARCH_H_
#define SESSIONSTORE_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sessionstore {

// Queries are words (all must match), "a phrase" in double quotes, and
// prefix* words; anything else is InvalidArgument.
struct SearchOptions {
  // Only sessions of this workspace; empty: all.
  std::string workspace;
  // Also archived sessions. Default false.
  bool include_archived = false;
  // Only this session; empty: all.
  std::string session_id;
  // Only entries written at or after this time (Unix ms); 0: any.
  int64_t since_ms = 0;
  // At most this many hits, newest first. Default 20. An entry that a fork
  // shares with its parent (the same id and time) is one hit.
  size_t limit = 20;
};

// One entry that matches.
struct SearchHit {
  std::string session_id;
  std::string entry_id;
  std::string role;
  int64_t timestamp_ms = 0;
  // The matching text around the match (at most 12 words; "…" where cut).
  std::string snippet;
  // Where the matched words are in `snippet`: byte offsets into its UTF-8.
  struct Match {
    size_t offset = 0;
    size_t length = 0;
  };
  std::vector<Match> matches;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_SEARCH_H_
