// FileStore: the Store of JSONL files in a directory (doc/format.md for the
// files, session_files.h for the layout).

#ifndef SESSIONSTORE_FILE_FILE_STORE_H_
#define SESSIONSTORE_FILE_FILE_STORE_H_

#include <memory>
#include <mutex>

#include "catalog/catalog.h"
#include "common/common_store.h"
#include "file/fs.h"
#include "file/session_files.h"

namespace sessionstore::file {

class FileStore final : public CommonStore {
 public:
  // `fs` must outlive the store; tests pass a fault-injecting one.
  static Result<std::unique_ptr<Store>> Open(std::string_view dir, const StoreOptions& options, Fs* fs = Fs::Default());

  Result<bool> Exists(std::string_view id) override;
  Result<Session> Load(std::string_view id) override;
  Result<std::unique_ptr<Cursor>> Read(std::string_view id, const CursorOptions& options) override;
  Result<SessionPage> ListPage(const ListOptions& options) override;
  Status Reindex() override;
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) override;
  Result<std::unique_ptr<Writer>> OpenWriter(std::string_view id, const WriterOptions& options) override;
  Status Delete(std::string_view id) override;
  Status Archive(std::string_view id) override;
  Status Restore(std::string_view id) override;

 protected:
  Status CreateSession(const SessionHeader& header, std::string_view content, size_t header_bytes) override;
  Result<SessionHeader> Header(std::string_view id) override;
  // Reads the file backwards from its end.
  Status WalkBackward(std::string_view id, const std::function<bool(Entry&)>& visit, LoadReport* report) override;
  // Writes the new file beside the old (temporary file, fsync, rename,
  // directory fsync).
  Status RewriteSession(std::string_view id, std::string_view op, const Rewriter& rewrite) override;
  Fs* legacy_fs() override { return files_->fs(); }

 private:
  FileStore(std::unique_ptr<SessionFiles> files, const StoreOptions& options)
      : CommonStore(options), files_(std::move(files)) {}

  // Moves a session from `from` to `to` under its lock.
  Status MoveSession(std::string_view id, Where from, Where to, std::string_view op);

  // The catalog, opened on first use: a store that only appends never
  // touches it.
  Result<catalog::Catalog*> GetCatalog();

  std::unique_ptr<SessionFiles> files_;
  std::mutex catalog_mu_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_FILE_STORE_H_
