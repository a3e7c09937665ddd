// FileBackend: sessions as JSONL files in a directory (doc/format.md for the
// files, session_files.h for the layout), listed and searched through a
// catalog beside them (catalog/catalog.h).
//
// How it keeps the Backend contract (store/backend.h):
//   - Durable means fsynced, and the directory fsynced after a create,
//     move, rewrite or delete.
//   - A session's writer lock is an open-file-description lock on a file in
//     locks/ (session_lock.h), held across processes.
//   - Readers read the complete lines present when they open the file and
//     never see a torn last line; Load decodes the two halves of a file on
//     two threads.
//   - Rewrites write a new file beside the old (temporary file, fsync,
//     rename, directory fsync) under the lock.
//   - Writers and cursors share the store's directory handles
//     (SessionFiles) and keep them open after the backend is gone.
//
// Thread-safe.

#ifndef SESSIONSTORE_FILE_FILE_BACKEND_H_
#define SESSIONSTORE_FILE_FILE_BACKEND_H_

#include <memory>
#include <mutex>
#include <string_view>

#include "file/session_files.h"
#include "io/fs.h"
#include "sessionstore/store.h"
#include "store/backend.h"

namespace sessionstore::file {

class Catalog;

// Opens the file store at `dir`. `fs` must outlive the backend and every
// handle it gives out; tests pass one that injects faults.
Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view dir, const StoreOptions& options,
                                                    io::Fs* fs = io::Fs::Default());
// The same as a Store: Store::Open of a directory, on `fs`.
Result<std::unique_ptr<Store>> OpenStore(std::string_view dir, const StoreOptions& options, io::Fs* fs);

class FileBackend final : public store::Backend {
 public:
  FileBackend(std::shared_ptr<SessionFiles> files, const StoreOptions& options);
  ~FileBackend() override;

  Status Create(const SessionHeader& header, std::string_view content, size_t header_bytes, bool archived) override;
  Result<SessionHeader> Header(std::string_view id) override;
  Result<bool> Exists(std::string_view id) override;
  Result<Session> Load(std::string_view id) override;
  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) override;
  // Reads the file backwards from its end (file_backend_rewrite.cc).
  Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) override;
  // file_backend_rewrite.cc.
  Status Rewrite(std::string_view id, const store::Rewriter& rewrite) override;
  store::RepairPlaces RepairPlacesOf(std::string_view id) override;
  Result<SessionPage> ListPage(const store::ListQuery& query) override;
  Result<std::vector<SearchHit>> Search(const std::vector<search::SearchTerm>& terms,
                                        const SearchOptions& options) override;
  // Rebuilds the catalog from the files.
  Status Reindex() override;
  // From the files alone, without the catalog, which needs room to work:
  // a cleanup frees space on a full disk.
  Result<std::vector<SessionInfo>> IdleSince(int64_t time_ms) override;
  Result<std::unique_ptr<store::Backend>> OpenTrash(bool create) override;
  Result<std::string> Place(std::string_view id) override;
  Result<uint64_t> IndexBytes() override;
  Result<std::string> WriterHolder(std::string_view id) override;
  Result<std::vector<store::SessionUsage>> UsageOfSessions(const std::string& workspace,
                                                           bool include_archived) override;
  std::unique_ptr<store::ChangeWatch> WatchSession(std::string_view id) override;
  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options) override;
  Status Delete(std::string_view id) override;
  Status SetArchived(std::string_view id, bool archived) override;

 private:
  // The catalog, opened on first use: a store that only appends never
  // touches it.
  Result<Catalog*> OpenedCatalog();
  // The same, brought up to date with the files.
  Result<Catalog*> CaughtUpCatalog();
  // Removes the temporary files that a create or rewrite killed half-way
  // left behind (the catalog sees them when it looks at every file),
  // unless their session is being written now.
  void RemoveLeftovers(const std::vector<TempFile>& leftovers);

  const std::shared_ptr<SessionFiles> files_;
  const StoreOptions options_;
  std::mutex catalog_mu_;
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_BACKEND_H_
