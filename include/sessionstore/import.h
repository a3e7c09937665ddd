// ImportSessions: other agents' session files made sessions of a store,
// through the store's public calls only (doc/interop.md).
//
//   ImportReport report;
//   Status s = sessionstore::ImportSessions(*store, {"/home/me/.claude/projects"}, {}, &report);
//   for (const ImportedSession& i : report.sessions) ...
//
// The sources are opened read-only and never changed. Importing again is
// cheap and safe: a source that has not changed since it was imported is
// skipped after a stat; one that grew (a live session) gets only its new
// entries appended; one that was rewritten is imported as a new version
// beside the first, never merged into it.

#ifndef SESSIONSTORE_IMPORT_H_
#define SESSIONSTORE_IMPORT_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/result.h"
#include "sessionstore/store.h"

namespace sessionstore {

// The type of the custom record an import appends after what it brought
// in: how far the source was read (its size, time and hash), so that the
// next import knows what changed. Bookkeeping, not conversation: exports
// to the agents' formats leave it out.
inline constexpr std::string_view kImportRecord = "import";

// The formats ImportSessions reads, by the names ImportOptions::format
// takes: "claude" (Claude Code's projects/<cwd>/<uuid>.jsonl), "codex"
// (Codex's sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl), "pi" (pi's
// sessions/--<cwd>--/<time>_<uuid>.jsonl), "eino" (<id>.jsonl with a session
// header), "picoclaw" (<key>.jsonl beside <key>.meta.json), "microkernel"
// (<id>.jsonl and <id>.jsonl.archived, message lines alone).
std::span<const std::string_view> ImportFormats();

struct ImportedSession {
  enum class Outcome {
    kCreated,     // a new session
    kAppended,    // the source grew: its new entries were appended
    kUnchanged,   // the source is as it was imported: nothing written
    kNewVersion,  // the source was rewritten: a new session beside the first
  };
  std::string source;   // the file read
  std::string format;   // its format's name
  std::string session;  // the session's id in the store
  Outcome outcome = Outcome::kCreated;
  size_t entries = 0;  // entries this import wrote
};

// A line of a source that was skipped, or a file that was left alone.
struct ImportProblem {
  std::string file;
  int64_t line = -1;    // 1-based; -1 for the whole file
  int64_t offset = -1;  // byte offset of the line; -1 for the whole file
  std::string reason;   // in a user's words
};

struct ImportReport {
  std::vector<ImportedSession> sessions;
  std::vector<ImportProblem> problems;
};

std::string_view OutcomeName(ImportedSession::Outcome outcome);

struct ImportOptions {
  // One of ImportFormats(); empty: each file's format is found by its
  // content, and files of no known format are reported and left alone.
  std::string format;
  // Called after each source file is done (imported, skipped or reported),
  // with how many of the files found are done: for progress. Files are
  // imported by a few threads at once (at most one a core); the calls come
  // from them, one at a time.
  std::function<void(size_t done, size_t total)> on_file;
};

// Imports the session files at `paths` (files, or folders searched
// recursively for *.jsonl) into `store`. A damaged line is skipped and
// reported with its file, line and byte offset; a file that is not a session
// of the format is reported and left alone; the run goes on. Each session is
// written whole (Store::Import) or not at all. `report` holds what was done
// even when an error of the store ends the run (the returned status).
// Thread-safe as the Store is.
Status ImportSessions(Store& store, std::span<const std::string> paths, const ImportOptions& options,
                      ImportReport* report);

// Where `agent` (a name of ImportFormats()) keeps its sessions under the
// user's home directory `home`: for "claude", home/.claude/projects; for
// "codex", home/.codex/sessions; for "pi", home/.pi/agent/sessions; for
// "picoclaw", home/.picoclaw/workspace/sessions (eino and the microkernel
// store have no place of their own: InvalidArgument).
// NotFound naming the directory if it does not exist.
Result<std::string> AgentSessionsDir(std::string_view agent, std::string_view home);

}  // namespace sessionstore

#endif  // SESSIONSTORE_IMPORT_H_
