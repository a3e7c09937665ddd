// FileStore: the Store of JSONL files in a directory (doc/format.md for the
// files, session_files.h for the layout).

#ifndef SESSIONSTORE_FILE_FILE_STORE_H_
#define SESSIONSTORE_FILE_FILE_STORE_H_

#include <memory>
#include <mutex>

#include "catalog/catalog.h"
#include "file/fs.h"
#include "file/session_files.h"
#include "sessionstore/store.h"

namespace sessionstore::file {

class FileStore final : public Store {
 public:
  // `fs` must outlive the store; tests pass a fault-injecting one.
  static Result<std::unique_ptr<Store>> Open(std::string_view dir, const StoreOptions& options,
                                             Fs* fs = Fs::Default());

  Result<SessionHeader> Create(const NewSession& session) override;
  Result<SessionHeader> GetOrCreate(const NewSession& session) override;
  Result<SessionHeader> Import(const Session& session) override;
  Result<bool> Exists(std::string_view id) override;
  Result<Session> Load(std::string_view id) override;
  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) override;
  Result<std::vector<SessionInfo>> List(const ListOptions& options) override;
  Result<SessionPage> ListPage(const ListOptions& options) override;
  Result<SessionInfo> Latest(std::string_view workspace) override;
  Status Reindex() override;
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) override;
  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options) override;
  Status Delete(std::string_view id) override;
  Status Archive(std::string_view id) override;
  Status Restore(std::string_view id) override;
  Status Rename(std::string_view id, std::string_view title) override;

  // History (file_store_history.cc).
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
  Result<MigrationReport> MigrateLegacy(std::string_view dir) override;  // file_store_migrate.cc

 private:
  FileStore(std::unique_ptr<SessionFiles> files, const StoreOptions& options)
      : files_(std::move(files)), options_(options) {}

  // Creates session `header.id` holding `entry_lines` after its header, as
  // Create does.
  Result<SessionHeader> CreateWith(SessionHeader header, std::string_view entry_lines);
  // Appends `record` to session `id` through a synced writer.
  Status AppendOne(std::string_view id, const Record& record);
  // Moves a session from `from` to `to` under its lock.
  Status MoveSession(std::string_view id, Where from, Where to, std::string_view op);

  // The catalog, opened on first use: a store that only appends never
  // touches it.
  Result<catalog::Catalog*> GetCatalog();

  std::unique_ptr<SessionFiles> files_;
  StoreOptions options_;
  std::mutex catalog_mu_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_STORE_H_
