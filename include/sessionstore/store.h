// Store: the sessions of one store location, behind one contract whatever
// keeps them: a directory of JSONL files, a PostgreSQL database, or memory.
//
//   auto store = sessionstore::Store::Open("/home/me/.local/share/sessionstore");
//   auto header = (*store)->Create({.workspace = "/src/app"});
//   auto writer = (*store)->OpenWriter(header->id);
//   auto id = (*writer)->Append(Record::FromMessage(Message::User("hello")));
//
// A Store is thread-safe: any number of threads may call it at once, and any
// number of processes may open the same location. Readers (Load, Read, List,
// Latest, Exists, Search, Context) never lock and never see half of a
// change. Calls that change a session (OpenWriter, Delete, Archive, Restore,
// Rename, Create, the history calls that append or rewrite) take that
// session's writer lock and fail with Busy while another holder has it.
//
// "Durable" below means: survives a power loss of the machine that keeps the
// session (on files: fsynced, directory fsynced; on PostgreSQL: committed
// with synchronous_commit on; memory keeps nothing past the process).
//
// Lifetime: the Writers and Cursors a Store hands out own what they use;
// they stay valid, and may be used and destroyed, after the Store is gone.
// A Store is move-only through its unique_ptr; it cannot be copied.

#ifndef SESSIONSTORE_STORE_H_
#define SESSIONSTORE_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/context.h"
#include "sessionstore/cursor.h"
#include "sessionstore/history.h"
#include "sessionstore/options.h"
#include "sessionstore/repair.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"
#include "sessionstore/usage.h"
#include "sessionstore/writer.h"

namespace sessionstore {

namespace store {
class Backend;
}  // namespace store

class Store final {
 public:
  // Opens the store at `location`:
  //   a directory: the JSONL file store (made if missing, with
  //     StoreOptions::create_if_missing);
  //   postgresql://user@host:port/db?... or postgres://...: the PostgreSQL
  //     store, whose schema it creates or upgrades (NotSupported in a build
  //     without it);
  //   memory: or memory:NAME: a store in this process's memory, for tests.
  //     memory: is a new empty store each time; memory:NAME is the same
  //     store for every Open of that name until the process ends.
  // With StoreOptions::migrate_legacy_from it then migrates that directory
  // (sessionstore/migrate.h) and fails if that fails.
  static Result<std::unique_ptr<Store>> Open(std::string_view location, const StoreOptions& options = {});

  // A Store over `backend`, for sessionstore's own backends (src/); Open is
  // the way in for everyone else.
  Store(std::unique_ptr<store::Backend> backend, const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Creates a session and returns its header. Durable when it returns.
  // AlreadyExists if the id is taken, live or archived.
  Result<SessionHeader> Create(const NewSession& session);
  // The existing session's header, or Create(session). `session.id` is
  // required.
  Result<SessionHeader> GetOrCreate(const NewSession& session);
  // Makes a new session hold exactly `session` as another store held it:
  // its header (id, creation time, fork parent, metadata, unknown members)
  // and its entries with their own seqs, ids, parents and times, in order.
  // It is archived if Session::archived is set, at once: it is never seen
  // live. Durable as Create when it returns; AlreadyExists if the id is
  // taken; InvalidArgument if an entry has no id or the seqs do not
  // increase. The header is written as given: one from Load carries the
  // session's current title (CopyTo keeps the header as it was created).
  Result<SessionHeader> Import(const Session& session);
  // Copies session `id` into `target` (Import, archived if it is archived
  // here) and checks that `target` gives back every entry as this store
  // holds it. Resumable: a session `target` already holds as this store
  // does is not copied again (only archived or restored to match);
  // AlreadyExists if it holds a different one under that id. A session with
  // lines that do not read is refused (FailedPrecondition), not copied
  // without them.
  Result<CopyReport> CopyTo(std::string_view id, Store& target);
  // Live or archived.
  Result<bool> Exists(std::string_view id);

  // The whole session. Bad lines are skipped and reported (or fatal with
  // ReadOptions::strict); a torn last line is left out and reported. Its
  // header's title is the current one: the latest title record's (Rename),
  // else the one it was created with.
  Result<Session> Load(std::string_view id);
  // The current title alone, read back from the session's end.
  Result<std::string> Title(std::string_view id);
  // A cursor over the entries, from the start or the last N.
  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options = {});

  // Summaries, newest-updated first. On files they are served by a catalog
  // that first catches up with whatever changed in the files since it last
  // looked.
  Result<std::vector<SessionInfo>> List(const ListOptions& options = {});
  // The same, a page at a time (ListOptions::limit rows, then cursor).
  Result<SessionPage> ListPage(const ListOptions& options);
  // The most recently updated live session of `workspace` (any workspace if
  // empty); NotFound if there is none.
  Result<SessionInfo> Latest(std::string_view workspace = {});

  // What the store's agents spent (sessionstore/usage.h): one row per
  // group, time groups oldest first, the others by cost, highest first. On
  // files it is read from the catalog, without reading the sessions; on
  // PostgreSQL each session's entries are read.
  Result<std::vector<UsageRow>> Usage(const UsageOptions& options = {});

  // Entries whose text (text blocks, tool-call names and arguments, tool
  // results; not thinking) matches `query` (see search.h), newest first.
  // On files the first search of a store indexes the text of every session.
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options = {});

  // The entries of session `id` appended after the one with seq
  // `after_seq` (0: every entry), in order, waiting up to `wait_ms` for
  // the first of them (0: look once and return). It reads the session from
  // its end, so a look costs what was appended, not the session. It goes on
  // across a compaction (seqs are kept) and an archive or restore; NotFound
  // once the session is deleted. On files a wait wakes as soon as the file
  // changes (inotify), elsewhere within 200 ms. Follower (follower.h) keeps
  // the seq for you.
  Result<std::vector<Entry>> EntriesAfter(std::string_view id, uint64_t after_seq, int64_t wait_ms = 0);

  // Bytes of what the store keeps derived from the sessions, beside them:
  // on files the catalog with its search index, on PostgreSQL the indexes
  // and derived columns of its tables; 0 in memory.
  Result<uint64_t> IndexBytes();

  // Derives again, from the sessions themselves, what the store keeps
  // derived from them (on files the catalog; on PostgreSQL the summaries
  // and search words). Never needed for correctness; a way to start over,
  // and to apply StoreOptions::search_thinking to text indexed before.
  Status Reindex();

  // Where session `id` is kept, as errors name it: on files its file's
  // path (live or archived), on PostgreSQL its place in the database.
  // NotFound for no session.
  Result<std::string> Place(std::string_view id);
  // Who holds the session's writer lock now, in words for a person: on
  // files "pid 1234" (or "a process of another user (uid 1001)"), on
  // PostgreSQL the holder's application name and server process; empty if
  // no one. Takes nothing and changes nothing. NotFound for no session.
  Result<std::string> WriterHolder(std::string_view id);
  // Takes the session's writer lock. See writer.h.
  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options = {});

  // Removes the session for good. Durable on return.
  Status Delete(std::string_view id);
  // Moves a session out of the default listing, and back. It still loads.
  // Durable on return.
  Status Archive(std::string_view id);
  Status Restore(std::string_view id);
  // Appends a title record (durable).
  Status Rename(std::string_view id, std::string_view title);

  // ---- History: the context view, branches, forks, labels ----
  // Every call below that changes a session appends records (durable)
  // under its writer lock, except Compact and SetHistory with `rewrite`,
  // which replace the session atomically; all fail with Busy while a writer
  // holds it.

  // The messages an agent sends to its model for a leaf (sessionstore/context.h).
  // Reads the session backwards from its end to the latest compaction on
  // the leaf's path, not the whole session. NotFound for an unknown leaf.
  Result<ContextView> Context(std::string_view id, const ContextOptions& options = {});
  // The leaves of the session's tree that carry messages, in file order.
  Result<std::vector<BranchInfo>> Branches(std::string_view id);
  // A new session holding the path from the root to `entry` (same entry ids),
  // whose header names this session and entry as its parent. `fork` gives
  // its id, title and so on; unset fields come from the parent.
  Result<SessionHeader> Fork(std::string_view id, std::string_view entry, const NewSession& fork = {});
  // Labels `entry` (an empty label clears it). NotFound for an unknown entry.
  Status Label(std::string_view id, std::string_view entry, std::string_view label);
  Result<std::vector<LabelInfo>> Labels(std::string_view id);

  // ---- History: the seeds' operations ----
  // Appends a compaction with `summary` that keeps the current context's
  // entries.
  Status SetSummary(std::string_view id, std::string_view summary);
  // The summary of the latest compaction in the current context; empty if none.
  Result<std::string> GetSummary(std::string_view id);
  // Appends a compaction, keeping the current summary, after which the
  // context holds only its last `keep_last` messages, or a few more where
  // the cut would part a tool's result from its call: it falls between
  // turns, and the report says where. The session keeps everything. A
  // no-op if the context has no more than that.
  Result<TruncateReport> TruncateHistory(std::string_view id, size_t keep_last);

  // The calls above that append, through a writer the caller holds on the
  // session: an agent titles, labels, summarises and truncates mid-session
  // without closing its writer (the calls that take an id would be Busy).
  // What they append goes after the writer's leaf, as durable as the
  // writer's mode makes it; what the writer buffers is flushed first, so
  // that the context they read is the writer's.
  Status Rename(Writer& writer, std::string_view title);
  Status Label(Writer& writer, std::string_view entry, std::string_view label);
  Status SetSummary(Writer& writer, std::string_view summary);
  Result<TruncateReport> TruncateHistory(Writer& writer, size_t keep_last);
  // Takes the latest message out of the context, as the OpenAI Agents SDK's
  // pop_item does, and returns its entry. The file keeps it: an undo
  // record (kUndoRecord) is appended as a sibling of the message, after
  // the message's parent, so that the latest entry's context ends before
  // the message; the next append follows the undo record. FailedPrecondition
  // if the context holds no message, or if a compaction or branch summary
  // follows the message on its branch (undo would take that out too).
  Result<Entry> PopMessage(std::string_view id);
  Result<Entry> PopMessage(Writer& writer);
  // Makes `messages` the whole context: a new root branch holding exactly
  // them, or with `rewrite` the session replaced by them. Returns their ids.
  Result<std::vector<std::string>> SetHistory(std::string_view id, std::span<const Message> messages,
                                              const SetHistoryOptions& options = {});
  // The one destructive call: rewrites the session atomically without the
  // entries no leaf's context reaches. Custom and unknown records and the
  // labels of kept entries stay; so does the current title. Usage of
  // dropped messages no longer counts in SessionInfo::cost_usd. Refuses
  // (FailedPrecondition) a session with bad lines, which it would drop.
  Result<CompactReport> Compact(std::string_view id, const CompactOptions& options = {});
  // Mends what `sessionstore verify` finds in a session and says what it
  // did (sessionstore/repair.h): lines that do not read, a torn tail, second
  // copies of an entry's line and labels of no entry are taken out and kept
  // as the session's rejected lines; an entry reusing an earlier entry's id
  // gets a new one (the lines after it that name the id follow it); an
  // entry whose parent comes nowhere before it is re-linked to the entry
  // before it; seqs that do not increase are renumbered. Every other line
  // stays byte for byte. The session as it was is kept as its backup and
  // the rejected lines are durable before the session is replaced
  // atomically. Nothing to mend: the session is not touched. Busy while a
  // writer holds it.
  Result<RepairReport> Repair(std::string_view id, const RepairOptions& options = {});
  // Deletes (with CleanupOptions::dry_run, only lists) the sessions, live
  // or archived, neither updated nor stored since `time_ms`
  // (SessionInfo::updated_ms, stored_ms): a session imported, copied or
  // migrated after it is kept, whatever times it carries. Sessions held by
  // a writer are skipped.
  Result<std::vector<SessionInfo>> CleanupOlderThan(int64_t time_ms, const CleanupOptions& options = {});

  // ---- The trash ----
  // Moves session `id` (live or archived) to the store's trash, a store of
  // the same kind beside it (on files <dir>/trash, on PostgreSQL the schema
  // <schema>_trash): it leaves the listing, search and every other call
  // here, and Untrash brings it back whole. The copy in the trash is
  // checked entry by entry before the session is deleted here, so a crash
  // leaves it in both places, never in neither; a session of that id
  // already in the trash is replaced. Busy while a writer holds it.
  Status Trash(std::string_view id);
  // Brings session `id` back from the trash, archived if it was. NotFound
  // if the trash does not hold it; AlreadyExists if this store holds one
  // of that id.
  Status Untrash(std::string_view id);
  // What the trash holds, the most recently trashed first;
  // SessionInfo::stored_ms is when each was trashed.
  Result<std::vector<SessionInfo>> TrashList();
  // Deletes for good what was trashed before `trashed_before_ms` (with
  // CleanupOptions::dry_run, only lists it).
  Result<std::vector<SessionInfo>> EmptyTrash(int64_t trashed_before_ms, const CleanupOptions& options = {});

 private:
  // The trash's store, opened once (made with `create`; NotFound without
  // it when there is none).
  Result<Store*> TrashStore(bool create);
  // Creates session `header.id` (format version and, if unset, creation
  // time filled in) holding `entry_lines` after its header, archived with
  // `archived`.
  Result<SessionHeader> CreateWith(SessionHeader header, std::string_view entry_lines, bool archived = false);
  // Appends `record` to session `id` through a synced writer.
  Status AppendOne(std::string_view id, const Record& record);

  std::unique_ptr<store::Backend> backend_;
  const StoreOptions options_;
  std::mutex trash_mu_;
  std::unique_ptr<Store> trash_;  // guarded by trash_mu_
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_STORE_H_
