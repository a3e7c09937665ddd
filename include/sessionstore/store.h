// Store: the sessions of one store location, behind one backend-neutral
// contract.
//
//   auto store = sessionstore::Store::Open("/home/me/.local/share/sessionstore");
//   auto header = (*store)->Create({.workspace = "/src/app"});
//   auto writer = (*store)->OpenWriter(header->id);
//   auto id = (*writer)->Append(Record::FromMessage(Message::User("hello")));
//
// A Store is thread-safe: any number of threads may call it at once, and any
// number of processes may open the same location. Readers (Load, Read, List,
// Latest, Exists) never lock and never see a torn last line. Calls that change
// a session (OpenWriter, Delete, Archive, Restore, Rename, Create) take that
// session's writer lock and fail with Busy while another writer holds it.

#ifndef SESSIONSTORE_STORE_H_
#define SESSIONSTORE_STORE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/context.h"
#include "sessionstore/cursor.h"
#include "sessionstore/history.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"
#include "sessionstore/writer.h"

namespace sessionstore {

class Store {
 public:
  // Opens the store at `location`: a directory (the JSONL file store), or
  // a PostgreSQL URL, postgresql://user@host:port/db?... or postgres://...
  // (the PostgreSQL store, whose schema it creates or upgrades). Every call
  // below means the same on both; where they differ by nature (files,
  // torn tails, what "durable" rests on) the stores' own docs say.
  static Result<std::unique_ptr<Store>> Open(std::string_view location, const StoreOptions& options = {});

  virtual ~Store() = default;

  // Creates a session and returns its header. The header line is on disk
  // (fsynced, directory synced) when it returns. AlreadyExists if the id is
  // taken, live or archived.
  virtual Result<SessionHeader> Create(const NewSession& session) = 0;
  // The existing session's header, or Create(session). `session.id` is
  // required.
  virtual Result<SessionHeader> GetOrCreate(const NewSession& session) = 0;
  // Makes a new session hold exactly `session` as another store held it:
  // its header (id, creation time, fork parent, metadata, unknown members)
  // and its entries with their own seqs, ids, parents and times, in order.
  // For copying sessions between stores (`sessionstore copy`). Durable as
  // Create when it returns; AlreadyExists if the id is taken;
  // InvalidArgument if an entry has no id or the seqs do not increase.
  virtual Result<SessionHeader> Import(const Session& session) = 0;
  // Live or archived.
  virtual Result<bool> Exists(std::string_view id) = 0;

  // The whole session. Bad lines are skipped and reported (or fatal with
  // ReadOptions::strict); a torn last line is left out and reported. The file
  // store decodes the two halves of the file on two threads.
  virtual Result<Session> Load(std::string_view id) = 0;
  // A cursor over the entries, from the start or the last N.
  virtual Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options = {}) = 0;

  // Summaries, newest-updated first, served by the catalog, which first
  // catches up with whatever changed in the files since it last looked.
  virtual Result<std::vector<SessionInfo>> List(const ListOptions& options = {}) = 0;
  // The same, a page at a time (ListOptions::limit rows, then cursor).
  virtual Result<SessionPage> ListPage(const ListOptions& options) = 0;
  // The most recently updated live session of `workspace` (any workspace if
  // empty); NotFound if there is none.
  virtual Result<SessionInfo> Latest(std::string_view workspace = {}) = 0;

  // Entries whose text (text blocks, tool-call names and arguments, tool
  // results; not thinking) matches `query` (see search.h), newest first, after
  // the catalog caught up with the files. The first search of a store
  // indexes the text of every session.
  virtual Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options = {}) = 0;

  // Rebuilds the catalog from the session files. Never needed for
  // correctness; a way to start it over.
  virtual Status Reindex() = 0;

  // Takes the session's writer lock. See writer.h.
  virtual Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options = {}) = 0;

  // Removes the session for good. The removal is durable on return.
  virtual Status Delete(std::string_view id) = 0;
  // Moves a session out of the default listing, and back. It still loads.
  // Durable on return.
  virtual Status Archive(std::string_view id) = 0;
  virtual Status Restore(std::string_view id) = 0;
  // Appends a title record (synced).
  virtual Status Rename(std::string_view id, std::string_view title) = 0;

  // ---- History: the context view, branches, forks, labels ----
  // Every call below that changes a session appends records (synced) under
  // its writer lock, except Compact and SetHistory with `rewrite`, which
  // replace the file atomically; all fail with Busy while a writer holds it.

  // The messages an agent sends to its model for a leaf (sessionstore/context.h).
  // Reads the file backwards from its end to the latest compaction on the
  // leaf's path, not the whole file. NotFound for an unknown leaf.
  virtual Result<ContextView> Context(std::string_view id, const ContextOptions& options = {}) = 0;
  // The leaves of the session's tree that carry messages, in file order.
  virtual Result<std::vector<BranchInfo>> Branches(std::string_view id) = 0;
  // A new session holding the path from the root to `entry` (same entry ids),
  // whose header names this session and entry as its parent. `fork` gives
  // its id, title and so on; unset fields come from the parent.
  virtual Result<SessionHeader> Fork(std::string_view id, std::string_view entry, const NewSession& fork = {}) = 0;
  // Labels `entry` (an empty label clears it). NotFound for an unknown entry.
  virtual Status Label(std::string_view id, std::string_view entry, std::string_view label) = 0;
  virtual Result<std::vector<LabelInfo>> Labels(std::string_view id) = 0;

  // ---- History: the seeds' operations ----
  // Appends a compaction with `summary` that keeps the current context's
  // entries.
  virtual Status SetSummary(std::string_view id, std::string_view summary) = 0;
  // The summary of the latest compaction in the current context; empty if none.
  virtual Result<std::string> GetSummary(std::string_view id) = 0;
  // Appends a compaction, keeping the current summary, after which the
  // context holds only its last `keep_last` messages. The file keeps
  // everything. A no-op if the context has no more than that.
  virtual Status TruncateHistory(std::string_view id, size_t keep_last) = 0;
  // Makes `messages` the whole context: a new root branch holding exactly
  // them, or with `rewrite` the file replaced by them. Returns their ids.
  virtual Result<std::vector<std::string>> SetHistory(std::string_view id, std::span<const Message> messages,
                                                      const SetHistoryOptions& options = {}) = 0;
  // The one destructive call: rewrites the file (temporary file, fsync,
  // rename, directory fsync) without the entries no leaf's context reaches.
  // Custom and unknown records and the labels of kept entries stay; so does
  // the current title. Usage of dropped messages no longer counts in
  // SessionInfo::cost_usd.
  virtual Result<CompactReport> Compact(std::string_view id) = 0;
  // Deletes (with `dry_run`, only lists) the sessions, live or archived, not
  // updated since `time_ms`. Sessions held by a writer are skipped.
  virtual Result<std::vector<SessionInfo>> CleanupOlderThan(int64_t time_ms, bool dry_run) = 0;
  // Turns every legacy whole-session JSON file in `dir` (picoclaw's
  // <key>.json) into a session: the key as id where it is a valid one (a
  // mapped id otherwise; the header's metadata records key and file), its
  // summary as a compaction, its times kept. Each original is then renamed
  // to <file>.migrated. All files are read and checked before anything is
  // written; a failure leaves every original in place and no half-written
  // session visible; running it again finishes what a crash interrupted.
  virtual Result<MigrationReport> MigrateLegacy(std::string_view dir) = 0;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_STORE_H_
