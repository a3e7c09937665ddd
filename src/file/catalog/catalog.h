// Catalog: the sessions of a file store indexed in SQLite
// (<store>/catalog.sqlite, WAL mode), so that listing and searching do not
// read every transcript.
//
// The JSONL files are the truth; the catalog is a cache fed from them and
// never the other way round. Appends never touch it. Every list and search
// first reconciles (reconcile.h): it looks at the session files and indexes
// only what changed. Search indexes text lazily: the first search after
// sessions grew indexes their new text. A damaged catalog, or one of
// another schema version, is rebuilt from the files (catalog_schema.cc);
// deleting it loses nothing.
//
// The catalog reads the store's files and writes only its own: temporary
// files a crash left behind are reported to its owner, who removes them.
//
// Thread-safe (calls are serialized); any number of processes may use the
// same catalog: SQLite's locks, with a busy timeout, order their writes.

#ifndef SESSIONSTORE_FILE_CATALOG_CATALOG_H_
#define SESSIONSTORE_FILE_CATALOG_CATALOG_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "file/session_files.h"
#include "search/search_query.h"
#include "sessionstore/options.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"
#include "sqlite/sqlite_db.h"
#include "store/backend.h"
#include "store/list_query.h"

namespace sessionstore::file {

inline constexpr char kCatalogFile[] = "catalog.sqlite";

class Catalog {
 public:
  // `files` must outlive the catalog. Of `options` it uses `read`,
  // `search_thinking`, `verify_every_file`, `on_notice` (which hears
  // that the catalog built or rebuilt itself, and which files it cannot
  // list) and `on_progress` (sessions indexed, for the listing and for
  // search).
  static Result<std::unique_ptr<Catalog>> Open(const SessionFiles& files, const StoreOptions& options);

  // Brings the catalog up to date with the files (reconcile.h).
  // `leftovers` gets the temporary files a look at every file saw.
  Status Reconcile(std::vector<TempFile>* leftovers);
  // A page as Store::ListPage returns it, without its next cursor. Call
  // Reconcile first.
  Result<SessionPage> List(const store::ListQuery& query);
  // Every session's accounting, as of the last reconcile.
  Result<std::vector<store::SessionUsage>> Usage(const std::string& workspace, bool include_archived);
  // Entries matching `terms`, newest first. Indexes first the text of the
  // sessions whose text is behind their summary. Call Reconcile first.
  Result<std::vector<SearchHit>> Search(const std::vector<search::SearchTerm>& terms, const SearchOptions& options);
  // Forgets everything and indexes every session again.
  Status Rebuild(std::vector<TempFile>* leftovers);

 private:
  Catalog(const SessionFiles& files, const StoreOptions& options)
      : files_(files),
        read_(options.read),
        search_thinking_(options.search_thinking),
        verify_every_file_(options.verify_every_file),
        notice_(options.on_notice),
        progress_(options.on_progress) {}

  // Opens the database, creating the schema; a damaged or foreign one is
  // deleted and made anew (catalog_schema.cc).
  Status OpenDb();
  Status CreateSchema();
  // Says once that a catalog was made for a store that had sessions.
  void NoticeBuilt();
  Status ReconcileLocked(std::vector<TempFile>* leftovers);
  Status IndexTextLocked();
  Result<SessionPage> ListLocked(const store::ListQuery& query);
  Result<std::vector<SearchHit>> SearchLocked(const std::vector<search::SearchTerm>& terms,
                                              const SearchOptions& options);

  const SessionFiles& files_;
  const ReadOptions read_;
  const bool search_thinking_;
  const bool verify_every_file_;
  std::function<void(std::string_view)> notice_;
  std::function<void(std::string_view, uint64_t, uint64_t)> progress_;
  std::mutex mu_;
  sqlite::Db db_;
  bool fresh_ = false;    // the schema was just made: the catalog did not exist
  bool rebuilt_ = false;  // a damaged one was replaced (and said so)
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_CATALOG_CATALOG_H_
