// Catalog: the sessions of a file store indexed in SQLite
// (<store>/catalog.sqlite, WAL mode), so that listing does not read every
// transcript.
//
// The JSONL files are the truth; the catalog is a cache fed from them and
// never the other way round. Appends never touch it. Every read first
// reconciles: it stats the session files and indexes only what changed —
// new sessions whole, the tail of grown ones from where indexing stopped,
// rewritten ones (another inode, or shrunk) whole again — drops deleted
// ones and notes archive moves. A damaged catalog, or one of another schema
// version, is rebuilt from the files; deleting it loses nothing.
//
// Thread-safe (calls are serialized); any number of processes may use the
// same catalog: SQLite's locks, with a busy timeout, order their writes.

#ifndef SESSIONSTORE_CATALOG_CATALOG_H_
#define SESSIONSTORE_CATALOG_CATALOG_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "catalog/sqlite_db.h"
#include "file/session_files.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"

namespace sessionstore::catalog {

inline constexpr char kCatalogFile[] = "catalog.sqlite";

class Catalog {
 public:
  // `files` must outlive the catalog. `search_thinking` also indexes
  // thinking blocks. `notice` hears what the catalog did on its own (built
  // or rebuilt itself); it may be empty.
  static Result<std::unique_ptr<Catalog>> Open(const file::SessionFiles& files, const ReadOptions& read,
                                               bool search_thinking, std::function<void(std::string_view)> notice);

  // Brings the catalog up to date with the files (see above).
  Status Reconcile();
  // A page as Store::ListPage returns it. Call Reconcile first.
  Result<SessionPage> List(const ListOptions& options);
  // Entries matching `query` (see sessionstore/search.h). Indexes first the
  // text of the sessions whose text is behind their summary. Call Reconcile
  // first.
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options);
  // Forgets everything and indexes every session again.
  Status Rebuild();

 private:
  Catalog(const file::SessionFiles& files, const ReadOptions& read, bool search_thinking,
          std::function<void(std::string_view)> notice)
      : files_(files), read_(read), search_thinking_(search_thinking), notice_(std::move(notice)) {}

  // Opens the database, creating the schema; a damaged or foreign one is
  // deleted and made anew.
  Status OpenDb();
  Status CreateSchema();
  Status ReconcileLocked();
  Status IndexTextLocked();
  Result<SessionPage> ListLocked(const ListOptions& options);
  Result<std::vector<SearchHit>> SearchLocked(std::string_view query, const SearchOptions& options);

  const file::SessionFiles& files_;
  const ReadOptions read_;
  const bool search_thinking_;
  std::function<void(std::string_view)> notice_;
  std::mutex mu_;
  Db db_;
  bool fresh_ = false;    // the schema was just made: the catalog did not exist
  bool rebuilt_ = false;  // a damaged one was replaced (and said so)
};

}  // namespace sessionstore::catalog

#endif  // SESSIONSTORE_CATALOG_CATALOG_H_
