// SourceSession: what a format's reader makes of one source file, before
// anything is written; and the table of the formats ImportSessions reads.

#ifndef SESSIONSTORE_INTEROP_IMPORT_SOURCE_SESSION_H_
#define SESSIONSTORE_INTEROP_IMPORT_SOURCE_SESSION_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/import.h"
#include "sessionstore/record.h"
#include "sessionstore/session.h"

namespace sessionstore::interop {

struct SourceSession {
  // id: the source's own session id ("" if it has none); workspace, title,
  // model, created_ms as the format's rules give them (FORMATS.md §11).
  SessionHeader header;
  // In file order, each with its id and its parent's (a tree where the
  // source is one). Readers of a prefix of a file give a prefix of these.
  std::vector<Entry> entries;
  // The byte offset of the line each entry began at, in step with entries.
  std::vector<int64_t> offsets;
  // The entry the session's active path ends at.
  std::string leaf;
  std::vector<ImportProblem> problems;  // lines skipped
  bool archived = false;                // the source keeps it archived
};

struct SourceFormat {
  std::string_view name;
  // Whether an assistant message is written over several lines (one per
  // block or item), so that the last one of a live file may still grow.
  bool streams_messages;
  // The session id the source gives itself (by its file's name or
  // content), known without reading the file whole.
  std::string (*session_id)(std::string_view path);
  // Whether the file at `path`, whose first lines (up to 64 KB) are
  // `head`, is of this format.
  bool (*looks_like)(std::string_view path, std::string_view head);
  // Reads `content`, the bytes of file `path`. A line that cannot be read is
  // skipped and reported; an error means the file is not of the format.
  Result<SourceSession> (*read)(std::string_view path, std::string_view content);
};

// Claude Code: projects/<cwd>/<session uuid>.jsonl (claude_code.cc).
extern const SourceFormat kClaudeCode;
// Codex CLI: ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl (codex.cc).
extern const SourceFormat kCodex;
// eino's chat example: <dir>/<id>.jsonl (chat_lines.cc).
extern const SourceFormat kEino;
// picoclaw's JSONL backend: <key>.jsonl beside <key>.meta.json (chat_lines.cc).
extern const SourceFormat kPicoclaw;
// The microkernel agent's JSONLStore: <id>.jsonl[.archived] (chat_lines.cc).
extern const SourceFormat kMicrokernel;
// ggcode: ~/.ggcode/sessions/<id>.jsonl (ggcode.cc).
extern const SourceFormat kGgcode;
// zot: ~/.local/state/zot/sessions/<cwd hash>/<time>-<id8>.jsonl (zot.cc).
extern const SourceFormat kZot;
// pi: ~/.pi/agent/sessions/--<cwd>--/<time>_<session uuid>.jsonl (pi.cc).
extern const SourceFormat kPi;

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_IMPORT_SOURCE_SESSION_H_
