// Values of a session's history: its branches, its labels, and what the
// history operations (set history, compact) take and report. Plain value
// types.

#ifndef SESSIONSTORE_HISTORY_H_
#define SESSIONSTORE_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sessionstore {

// A leaf of the session's tree: an entry nothing follows.
struct BranchInfo {
  std::string leaf;
  int64_t updated_ms = 0;     // the leaf's time
  int64_t message_count = 0;  // messages on the path from the root to the leaf
  int64_t entry_count = 0;    // entries on that path
};

// The current label of an entry.
struct LabelInfo {
  std::string entry_id;
  std::string label;
  int64_t labeled_ms = 0;  // when the label record was appended
};

struct SetHistoryOptions {
  // false (default): the messages start a new root branch; the file keeps
  // everything. true: the file is replaced, atomically, by the header and
  // those messages — the rest of the history is gone.
  bool rewrite = false;
};

struct CopyReport {
  int64_t entries = 0;   // entries of the session
  bool already = false;  // the target held it already (Store::CopyTo did not copy it again)
};

// What TruncateHistory did.
struct TruncateReport {
  // false: the context held no more messages than asked; nothing appended.
  bool truncated = false;
  // The messages the context keeps, and the first of them (empty if none).
  size_t kept = 0;
  std::string first_kept;
  // Messages kept beyond those asked for, so that the cut falls between
  // turns: a tool's result is never parted from the call it answers.
  size_t widened = 0;
};

struct CompactOptions {
  // Only say what a compaction would do: the report, and nothing written.
  bool dry_run = false;
};

struct CompactReport {
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
  int64_t entries_before = 0;
  int64_t entries_after = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_HISTORY_H_
