// CommonStore: the Store calls that are the same on every backend, written
// once over a few primitives each backend provides (below), so that the file
// store and the PostgreSQL store cannot drift apart in what they mean.
//
// Written here: Create, GetOrCreate, Import, List, Latest, Rename, the
// context view, branches, forks, labels, summaries, truncation, SetHistory,
// Compact, cleanup and the migration of legacy files. A backend writes the
// rest: where sessions live, how they are read, listed, searched, locked,
// moved and written.
//
// Thread-safe as far as the backend's primitives are.

#ifndef SESSIONSTORE_COMMON_COMMON_STORE_H_
#define SESSIONSTORE_COMMON_COMMON_STORE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "file/fs.h"
#include "sessionstore/store.h"

namespace sessionstore {

class CommonStore : public Store {
 public:
  Result<SessionHeader> Create(const NewSession& session) override;
  Result<SessionHeader> GetOrCreate(const NewSession& session) override;
  Result<SessionHeader> Import(const Session& session) override;
  Result<std::vector<SessionInfo>> List(const ListOptions& options) override;
  Result<SessionInfo> Latest(std::string_view workspace) override;
  Status Rename(std::string_view id, std::string_view title) override;

  // History (common_store_history.cc).
  Result<ContextView> Context(std::string_view id, const ContextOptions& options) override;
  Result<std::vector<BranchInfo>> Branches(std::string_view id) override;
  Result<SessionHeader> Fork(std::string_view id, std::string_view entry, const NewSession& fork) override;
  Status Label(std::string_view id, std::string_view entry, std::string_view label) override;
  Result<std::vector<LabelInfo>> Labels(std::string_view id) override;
  Status SetSummary(std::string_view id, std::string_view summary) override;
  Result<std::string> GetSummary(std::string_view id) override;
  Status TruncateHistory(std::string_view id, size_t keep_last) override;
  Result<std::vector<std::string>> SetHistory(std::string_view id, std::span<const Message> messages,
                                              const SetHistoryOptions& options) override;
  Result<CompactReport> Compact(std::string_view id) override;
  Result<std::vector<SessionInfo>> CleanupOlderThan(int64_t time_ms, bool dry_run) override;
  Result<MigrationReport> MigrateLegacy(std::string_view dir) override;  // common_store_migrate.cc

 protected:
  explicit CommonStore(const StoreOptions& options) : options_(options) {}

  // ---- The backend's primitives ----

  // Creates session `header.id` whose content as a session file is
  // `content`: the header's line (its first `header_bytes` bytes, '\n'
  // included), then entry lines with their own envelopes, each ending in
  // '\n'. Durable as Store::Create when it returns; AlreadyExists if the id
  // is taken, live or archived; Busy while another call creates it.
  virtual Status CreateSession(const SessionHeader& header, std::string_view content, size_t header_bytes) = 0;
  // The header of a session, live or archived; NotFound if there is none.
  virtual Result<SessionHeader> Header(std::string_view id) = 0;

  // Calls `visit` with the session's entries from the newest back, until it
  // returns false or the entries run out. Bad entries are skipped and
  // reported in `report` (fatal with ReadOptions::strict).
  virtual Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) = 0;

  // A session as stored: its header line, its entries with their lines,
  // what reading it skipped, and its size in bytes as a file would hold it.
  struct StoredSession {
    std::string header_line;
    std::vector<Entry> entries;
    std::vector<std::string> lines;
    LoadReport report;
    uint64_t bytes = 0;
  };
  // Given the session as stored, the entry lines that replace its entries
  // (as CreateSession takes them), or an error that leaves it as it is.
  using Rewriter = std::function<Result<std::string>(const StoredSession&)>;
  // Under the session's writer lock (Busy while a writer holds it): reads
  // the session, calls `rewrite`, and replaces the session's entries by
  // what it returns, keeping the header, live or archived. Atomic: readers
  // see the old entries or the new ones. Durable when it returns. `op`
  // names the call in errors.
  virtual Status RewriteSession(std::string_view id, std::string_view op, const Rewriter& rewrite) = 0;

  // FailedPrecondition if `stored` holds lines that do not read as entries,
  // which a rewrite by `op` would drop.
  static Status RefuseToDropBadLines(const StoredSession& stored, std::string_view op);

  // The file system legacy files are read and renamed through.
  virtual file::Fs* legacy_fs() = 0;

  const StoreOptions options_;

 private:
  // Creates session `header.id` (id checked, format version and, if unset,
  // creation time filled in) holding `entry_lines` after its header:
  // CreateSession with the header encoded.
  Result<SessionHeader> CreateWith(SessionHeader header, std::string_view entry_lines);
  // Appends `record` to session `id` through a synced writer.
  Status AppendOne(std::string_view id, const Record& record);
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_COMMON_COMMON_STORE_H_
