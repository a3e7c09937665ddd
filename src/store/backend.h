// Backend: what a place that keeps sessions (a directory of JSONL files, a
// PostgreSQL database, memory) must do for the Store above it.
//
// The Store (sessionstore/store.h) writes everything that is the same on
// every backend once, over these primitives: it validates ids and options,
// encodes headers and entries, parses search queries and listing cursors,
// and builds the history calls, copies and cleanups. A backend only keeps
// and finds sessions. Every id a Store passes is a valid session id
// (format/ids.h), every query a parsed one.
//
// Contract of every primitive: thread-safe (any number of threads may call
// at once, and any number of processes or machines may open the same
// place); "durable" means it survives a power loss of the machine that
// keeps the session (the backend's own docs say what that rests on); a call
// that changes a session takes that session's writer lock and fails with
// Busy while another holder has it. Handles a backend returns (writers,
// cursors) own what they use and stay valid after the backend is destroyed.
//
// Adding a backend: a folder src/<name>/ implementing this, one row in
// src/open.cc, one CMake option and one row of the contract tests' fixture
// (doc/architecture.md).

#ifndef SESSIONSTORE_STORE_BACKEND_H_
#define SESSIONSTORE_STORE_BACKEND_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "history/usage_buckets.h"
#include "search/search_query.h"
#include "sessionstore/cursor.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"
#include "sessionstore/writer.h"
#include "store/list_query.h"

namespace sessionstore::store {

// A session as stored, for a rewrite: its header line, its entries with
// their lines (without '\n'), what reading it skipped with the text of each
// skipped line (in the order of report.skipped) and of the torn tail, and
// its size in bytes as a session file would hold it.
struct StoredSession {
  std::string header_line;
  std::vector<Entry> entries;
  std::vector<std::string> lines;
  LoadReport report;
  std::vector<std::string> skipped_text;
  std::string torn_tail;
  uint64_t bytes = 0;
};

// What replaces a session in a rewrite.
struct Rewritten {
  // The entry lines that replace its entries, each ending in '\n'.
  std::string lines;
  // Lines (each ending in '\n') to add to the session's rejected lines
  // (Store::Repair), which nothing removes.
  std::string rejected;
  // Keep the session as stored as its repair backup, replacing the one
  // kept before.
  bool keep_backup = false;
};

// Given the session as stored, what replaces it, or an error that leaves it
// as it is.
using Rewriter = std::function<Result<Rewritten>(const StoredSession&)>;

// Where a backend keeps what Store::Repair sets aside, in words for
// messages.
struct RepairPlaces {
  std::string rejected;  // the session's rejected lines
  std::string backup;    // the session as it was before its last repair
};

// Tells a follower (Store::EntriesAfter) when a session may have changed.
// Made before the follower looks, so that no change between its look and
// its wait goes unseen. Used by one thread.
class ChangeWatch {
 public:
  virtual ~ChangeWatch() = default;
  // Returns when the session may have changed since the watch was made or
  // last returned, or after `timeout_ms`; it may return early.
  virtual void Wait(int64_t timeout_ms) = 0;
};

// One session's accounting.
struct SessionUsage {
  std::string id;
  std::string workspace;
  history::UsageBuckets buckets;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // Creates session `header.id` whose content as a session file is
  // `content`: the header's line (its first `header_bytes` bytes, '\n'
  // included), then entry lines with their own envelopes, each ending in
  // '\n'. The whole session is visible at once or not at all (live, or
  // with `archived` archived), and durable when it returns. AlreadyExists
  // if the id is taken, live or archived.
  virtual Status Create(const SessionHeader& header, std::string_view content, size_t header_bytes, bool archived) = 0;

  // The header of a session, live or archived; NotFound if there is none.
  virtual Result<SessionHeader> Header(std::string_view id) = 0;
  virtual Result<bool> Exists(std::string_view id) = 0;
  // The whole session (Store::Load).
  virtual Result<Session> Load(std::string_view id) = 0;
  // A cursor over its entries (Store::Read).
  virtual Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) = 0;
  // Calls `visit` with the session's entries from the newest back, until it
  // returns false or the entries run out. Bad lines are skipped and
  // reported in `report` (fatal with ReadOptions::strict; store/bad_lines.h).
  virtual Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) = 0;

  // Under the session's writer lock (Busy while a writer holds it): reads
  // the session, calls `rewrite`, and replaces the session's entries by
  // what it returns, keeping the header, live or archived. Atomic: readers
  // see the old entries or the new ones. Durable when it returns. The
  // backup and the rejected lines it asks for are durable before the
  // session changes: a failure in between leaves them and the old session.
  virtual Status Rewrite(std::string_view id, const Rewriter& rewrite) = 0;
  // Where Rewrite keeps the session's rejected lines and backup.
  virtual RepairPlaces RepairPlacesOf(std::string_view id) = 0;

  // One page of the listing (Store::ListPage), without next_cursor, which
  // the Store makes.
  virtual Result<SessionPage> ListPage(const ListQuery& query) = 0;
  // Hits for `terms`, newest first (Store::Search).
  virtual Result<std::vector<SearchHit>> Search(const std::vector<search::SearchTerm>& terms,
                                                const SearchOptions& options) = 0;
  // Bytes of what the backend keeps derived from the sessions: its
  // listing and search indexes.
  virtual Result<uint64_t> IndexBytes() = 0;
  // Derives again what the backend keeps derived from the sessions.
  virtual Status Reindex() = 0;
  // The sessions, live and archived, neither updated nor stored since
  // `time_ms` (SessionInfo::updated_ms, stored_ms), for a cleanup: id,
  // archived, created_ms, updated_ms and stored_ms set. The default reads
  // the listing; a backend whose listing needs room to work (the file
  // store's catalog) overrides it so that a cleanup frees space on a full
  // disk.
  virtual Result<std::vector<SessionInfo>> IdleSince(int64_t time_ms);

  // The store's trash: a store of the same kind beside this one, holding
  // what Store::Trash moved there (made with `create`; NotFound without
  // it if there is none yet). It shares nothing with this backend.
  virtual Result<std::unique_ptr<Backend>> OpenTrash(bool create) = 0;
  // Where the session is kept, in words for messages: its file's path,
  // or its place in the database. NotFound for no session.
  virtual Result<std::string> Place(std::string_view id) = 0;
  // Who holds the session's writer lock now, in words for a person; empty
  // if no one. Takes nothing.
  virtual Result<std::string> WriterHolder(std::string_view id) = 0;
  // A watch on session `id`. The default polls: each Wait returns after at
  // most 200 ms.
  virtual std::unique_ptr<ChangeWatch> WatchSession(std::string_view id);
  // The accounting of every session of `workspace` (every workspace if
  // empty), archived ones too with `include_archived`, for Store::Usage.
  // The default replays each session's entries; a backend that keeps the
  // summaries' buckets (the file store's catalog) reads them.
  virtual Result<std::vector<SessionUsage>> UsageOfSessions(const std::string& workspace, bool include_archived);
  // The accounting of one session, replayed from its entries (what the
  // default UsageOfSessions does for each); NotFound if it is gone.
  Result<history::UsageBuckets> ReplayUsage(std::string_view id);
  // Takes the session's writer lock (Busy while another holds it).
  virtual Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options) = 0;
  // Removes the session for good; NotFound if there is none. Durable.
  virtual Status Delete(std::string_view id) = 0;
  // Archives the session (`archived`) or restores it. NotFound if there is
  // none; FailedPrecondition if it already is where it is asked to go.
  // Durable.
  virtual Status SetArchived(std::string_view id, bool archived) = 0;
};

}  // namespace sessionstore::store

#endif  // SESSIONSTORE_STORE_BACKEND_H_
