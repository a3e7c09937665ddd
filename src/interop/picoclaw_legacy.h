// Reading legacy whole-session JSON files as picoclaw's SessionManager wrote
// them: one <key>.json per session (':' in the key written as '_'), holding
// {"key", "messages": [OpenAI-style messages with tool_calls and
// tool_call_id], "summary", "created", "updated"}.
//
// Pure reading: nothing here writes. Thread-safe.

#ifndef SESSIONSTORE_INTEROP_PICOCLAW_IMPORT_H_
#define SESSIONSTORE_INTEROP_PICOCLAW_IMPORT_H_

#include <simdjson.h>

#include <string>
#include <vector>

#include "io/fs.h"
#include "sessionstore/record.h"
#include "sessionstore/result.h"
#include "sessionstore/session.h"

namespace sessionstore::interop {

struct LegacySession {
  std::string file;             // the file's name in its directory
  std::string key;              // the session key it holds
  SessionHeader header;         // id: the key if it is a valid id, else a mapped one
  std::vector<Record> records;  // its messages, then its summary as a compaction
  int64_t updated_ms = 0;
};

// The names of the legacy files in `dir_fd`: *.json, not *.meta.json (not
// yet *.migrated).
Result<std::vector<std::string>> ListLegacyFiles(io::Fs* fs, int dir_fd, const std::string& dir);

// Reads one legacy file. Corruption naming the file (and the member) if it
// is not a legacy session.
Result<LegacySession> ReadLegacyFile(io::Fs* fs, int dir_fd, const std::string& dir, const std::string& name);

// One message as picoclaw writes it, in its legacy files and its JSONL
// backend alike: an OpenAI Chat Completions message (format/message_shapes.h)
// with picoclaw's own members: system_parts and content_parts become
// blocks, media given as data: URLs image blocks, model_name the model,
// created_at the record's time (else `default_ms`). Nothing is lost: a
// member with no slot stays in the message's extra.
Result<Record> ReadPicoclawMessage(simdjson::dom::object m, int64_t default_ms);

// The session id for a legacy key: the key itself when it is a valid id,
// else the key with every other character replaced by '_' and a hash of the
// key appended, so that different keys never meet.
std::string SessionIdForKey(std::string_view key);

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_PICOCLAW_IMPORT_H_
