// MemorySessions: the sessions of one memory store, shared by its backend,
// its writers and its cursors (whoever lives longest frees them).

#ifndef SESSIONSTORE_MEMORY_MEMORY_SESSIONS_H_
#define SESSIONSTORE_MEMORY_MEMORY_SESSIONS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "history/session_summary.h"
#include "sessionstore/options.h"
#include "sessionstore/status.h"

namespace sessionstore::memory {

// One session: its lines as a session file holds them, and what is derived
// from them.
struct MemorySession {
  std::string header_line;         // without '\n'
  std::vector<std::string> lines;  // the entries' lines, without '\n'
  std::vector<std::string> ids;    // the entries' ids, in the same order
  uint64_t last_seq = 0;
  history::SummaryState summary;  // the listing's row
  uint64_t bytes = 0;             // as a file: every line and its '\n'
  int64_t stored_ms = 0;          // when it was last written (SessionInfo::stored_ms)
  bool archived = false;
  bool locked = false;  // a writer holds it
};

struct MemorySessions {
  std::mutex mu;
  std::map<std::string, MemorySession, std::less<>> sessions;  // guarded by mu
  std::shared_ptr<MemorySessions> trash;                       // guarded by mu; made on first use
  // What repairs set aside, by session: rejected lines, and the session as
  // it was before its last repair. Guarded by mu.
  std::map<std::string, std::string, std::less<>> rejected, backups;
};

// Sets `session`'s lines to `header_line` and `entry_lines` (each ending
// in '\n') and derives the rest from them; stored now. Corruption if a line does not
// read back, which a caller's encoder rules out.
Status SetContent(std::string_view header_line, std::string_view entry_lines, const ReadOptions& options,
                  MemorySession* session);

}  // namespace sessionstore::memory

#endif  // SESSIONSTORE_MEMORY_MEMORY_SESSIONS_H_
