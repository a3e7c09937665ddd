// Option structs for opening a store, reading, writing and listing. Plain
// structs with defaults; C++20 callers can write
// `{.durability = Durability::kProcess}`.

#ifndef SESSIONSTORE_OPTIONS_H_
#define SESSIONSTORE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sessionstore/result.h"

namespace sessionstore {

class Redactor;  // sessionstore/redact.h

// What an acknowledged append survives. The comments say it for the file
// store; on PostgreSQL the server takes the kernel's place: kSync commits
// and flushes the server's WAL (survives any crash), kProcess and
// kInterval commit without waiting for that flush (they survive a crash of
// the appending process, and a crash of the server, its processes or its
// machine, loses up to about 600 ms, or the last interval), and kBuffered
// commits at each flush as kProcess. doc/reliability.md has both tables.
enum class Durability {
  // Kept in the writer's memory until Flush(), Sync(), Close() or until
  // WriterOptions::buffer_bytes fill up. A process crash loses what was not
  // yet flushed; a power loss loses what was not yet synced.
  kBuffered,
  // write(2) before the append returns: in the kernel's page cache, so it
  // survives kill -9 of the process. A power loss may lose it.
  kProcess,
  // write(2) and fdatasync(2) before the append returns: survives a power
  // loss. Threads appending through one writer at once share one fdatasync
  // (group commit). The default.
  kSync,
  // write(2) before the append returns (survives kill -9) and a background
  // fdatasync every WriterOptions::interval_ms: a power loss loses at most
  // the last interval.
  kInterval,
};

// "buffered", "process", "sync", "interval".
std::string_view DurabilityName(Durability d);
// The mode of that name; InvalidArgument naming the four otherwise.
Result<Durability> DurabilityFromName(std::string_view name);

// How readers treat the lines of a session file.
struct ReadOptions {
  // false (default): a bad line in the middle is skipped and reported in
  // LoadReport::skipped. true: the read fails with that line's Corruption.
  bool strict = false;
  // A line longer than this is a bad line. Default 64 MiB.
  size_t max_line_bytes = size_t{64} << 20;
  // JSON nesting deeper than this makes a line bad. Default 64.
  size_t max_depth = 64;
};

struct WriterOptions {
  Durability durability = Durability::kSync;
  // kInterval: milliseconds between background syncs. Default 100.
  int interval_ms = 100;
  // kBuffered: bytes kept in memory before they are written. Default 1 MiB.
  size_t buffer_bytes = size_t{1} << 20;
  // While another writer holds the session, OpenWriter tries again for up
  // to this many milliseconds before it fails with Busy. Default 0: fails at
  // once.
  int64_t lock_timeout_ms = 0;
};

struct StoreOptions {
  // Create the store (its directory, or its tables in a PostgreSQL
  // database) if it does not exist. Default true. false: opening a place
  // that holds no store is NotFound "no store at ...", and nothing is made.
  bool create_if_missing = true;
  // How the store's own reads (load, list, cursors) treat bad lines.
  ReadOptions read;
  // If set, Open then migrates the legacy session files in this directory
  // (MigrateLegacy, sessionstore/migrate.h) and fails if that fails.
  std::string migrate_legacy_from;
  // Search also finds the text of thinking blocks. Default false. Applies to
  // text indexed from then on (Store::Reindex to apply it to all).
  bool search_thinking = false;
  // File store: list and search bring the catalog up to date with the
  // files first. By
  // default that stats every file only when the store's directories changed
  // (any create, delete, move, rewrite or writer of a session changes
  // them), and otherwise only the files of sessions with a writer. Set this
  // if programs other than sessionstore edit session files in place: every
  // list and search then stats every file (~1.5 µs a session).
  bool verify_every_file = false;
  // Hears what the store did on its own that a person may want to know,
  // e.g. that a damaged catalog was rebuilt. Called from the thread of the
  // call that did it. Default: nobody hears.
  std::function<void(std::string_view)> on_notice;
  // Hears how far long work has come: the listing's or the search index's
  // catalog built or caught up over many sessions, a reindex. `what` says
  // what ("indexing sessions"); `done` of `total` sessions are finished,
  // and the last call has done == total. Called once a session, from the
  // thread of the call, inside the store's locks: keep it quick and do not
  // call the Store from it. Default: nobody hears.
  std::function<void(std::string_view what, uint64_t done, uint64_t total)> on_progress;
  // If set, every record appended, every session created, imported or
  // forked, and its header, is redacted (Redactor::RedactRecord,
  // RedactHeader) before its bytes reach the store: an append of a message
  // holding an AWS key stores "[REDACTED:aws-access-key]", on every
  // backend. The append returns the entry's id as usual; what was replaced
  // is said through on_notice (how many of which kind, never the secret).
  // Sessions already stored are not changed. Default: nothing is redacted.
  std::shared_ptr<const Redactor> redact_before_write;
};

struct ListOptions {
  enum class Sort { kUpdated, kCreated };

  // Only sessions whose workspace equals this; empty: every workspace.
  std::string workspace;
  // Also list archived sessions (SessionInfo::archived is set). Default false.
  bool include_archived = false;
  // Only sessions with an entry carrying this label; empty: all.
  std::string label;
  // Only sessions whose title contains this (ASCII case-insensitively).
  std::string title_contains;
  // Only sessions created / updated in [after, before) (Unix ms); 0: unbounded.
  int64_t created_after_ms = 0;
  int64_t created_before_ms = 0;
  int64_t updated_after_ms = 0;
  int64_t updated_before_ms = 0;
  // Only forks of this session; empty: all.
  std::string fork_of;
  // Only sessions whose id starts with this (a person's short form of an
  // id); empty: all.
  std::string id_prefix;
  // Only sessions whose model / provider (SessionInfo::model, provider)
  // equals this; empty: all.
  std::string model;
  std::string provider;
  // Newest first by last update (default) or by creation.
  Sort sort = Sort::kUpdated;
  // At most this many rows; 0: all.
  size_t limit = 0;
  // Where a page starts: SessionPage::next_cursor of the page before, with
  // the same other options. Paging by creation never repeats or skips a
  // session while sessions are added; by update, a session updated while
  // paging moves to the front.
  std::string cursor;
};

struct CleanupOptions {
  // Only list what would be deleted. Default false.
  bool dry_run = false;
};

// Where a cursor starts.
struct CursorOptions {
  // 0: from the first entry. N > 0: the last N entries, found by reading the
  // file backwards from its end, so the cost does not grow with the file.
  size_t last_n = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_OPTIONS_H_
