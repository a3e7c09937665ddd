// Session values: the header line, a session loaded whole, and the summary a
// listing shows. Plain value types.

#ifndef SESSIONSTORE_SESSION_H_
#define SESSIONSTORE_SESSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sessionstore/json_fields.h"
#include "sessionstore/record.h"
#include "sessionstore/status.h"

namespace sessionstore {

// The session this one was forked from.
struct ParentRef {
  std::string session;
  std::string entry;
};

// The first line of a session.
struct SessionHeader {
  std::string id;
  int format_major = 1;
  int format_minor = 0;
  int64_t created_ms = 0;  // Unix ms
  std::string workspace;   // the agent's working directory; may be empty
  std::string title;       // optional; Store::Load gives the current one (after a Rename)
  std::string model;       // optional
  std::string provider;    // optional
  std::optional<ParentRef> parent;
  std::string metadata;  // optional JSON object text, the application's own
  JsonFields extra;
};

// What to create. Every field is optional.
struct NewSession {
  std::string id;  // empty: a new UUIDv7
  std::string workspace;
  std::string title;
  std::string model;
  std::string provider;
  std::string metadata;  // a JSON object, or empty
};

// A line a reader could not use. Readers skip it (or, with ReadOptions::strict,
// stop with `reason`); the file is never rewritten because of it.
struct SkippedLine {
  int64_t line = -1;    // 1-based; -1 if unknown
  int64_t offset = -1;  // byte offset of the line's first byte in its file; -1 where there is no file
  Status reason;        // Corruption with place, line and offset
};

struct LoadReport {
  std::vector<SkippedLine> skipped;
  // Bytes after the last '\n': a torn last line, invisible to readers.
  uint64_t torn_tail_bytes = 0;
};

struct Session {
  SessionHeader header;
  std::vector<Entry> entries;  // in file order
  LoadReport report;
  bool archived = false;  // loaded from the archive (Store::Archive)
};

// One row of a listing.
struct SessionInfo {
  std::string id;
  // The latest title record, else the header's title, else the first user
  // message's text cut to 60 code points plus "…", else "New session".
  std::string title;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;  // the last entry's time, else created_ms
  int64_t message_count = 0;
  std::string workspace;
  std::string model;  // the latest model change, else the header's
  std::string provider;
  double cost_usd = 0;  // sum over usage records and message usage
  uint64_t bytes = 0;   // file size
  // When this store last wrote the session: made, imported (migrate, copy),
  // appended to or rewritten. File store: the file's modification time.
  // Store::CleanupOlderThan counts a session's age from the later of this
  // and updated_ms, so that what was just brought in is not old here.
  int64_t stored_ms = 0;
  bool archived = false;
  std::optional<ParentRef> parent;  // the session and entry it was forked from
  std::vector<std::string> labels;  // the labels on its entries now, sorted
};

// A session a listing left out because its file cannot be read: no
// permission, a header that is not one, a format of a newer version.
struct UnlistedSession {
  std::string id;
  std::string reason;  // the error, as Status::ToString says it
};

// One page of a listing.
struct SessionPage {
  std::vector<SessionInfo> rows;
  // Pass as ListOptions::cursor for the next page; empty after the last.
  std::string next_cursor;
  // On the first page, whatever the options: every session of the file
  // store whose file cannot be read, by id. (PostgreSQL and memory stores
  // hold no files: always empty.)
  std::vector<UnlistedSession> unlisted;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_SESSION_H_
