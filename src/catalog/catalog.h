// Catalog: the sessions of a file store indexed in SQLite
// (<store>/catalog.sqlite, WAL mode), so that listing does not read every
// transcript.
//
// The JSONL files are the truth; the catalog is a cache fed from them and
// never the other way round. Appends never touch it. Every read first
// reconciles: it stats the session files and indexes only what changed —
// new sessions whole, the tail of grown ones from where indexing stopped,
// rewritten ones (another inode, or shrunk) whole again — drops deleted
// ones and notes archive moves. A file that cannot be read as a session is
// left out of the listing (and said once through the notice) until it
// changes. It also removes the temporary files that a
// create or rewrite killed half-way left behind. A damaged catalog, or one of another schema
// version, is rebuilt from the files; deleting it loses nothing.
//
// Stat'ing every file costs ~1.5 µs a session, so reconciling first looks
// at the change times of the store's three directories: when none changed
// since a reconcile that looked at every file (and they were old enough
// then that a later change cannot share their timestamp), the only files
// that can have changed are those of sessions with a lock file, and only
// those are stat'ed. A program other than sessionstore that edits a file in
// place is seen at the next full look; StoreOptions::verify_every_file
// makes every look full.
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
  // `files` must outlive the catalog. Of `options` it uses `read`,
  // `search_thinking`, `verify_every_file` and `on_notice` (which hears
  // that the catalog built or rebuilt itself).
  static Result<std::unique_ptr<Catalog>> Open(const file::SessionFiles& files, const StoreOptions& options);

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
  Catalog(const file::SessionFiles& files, const StoreOptions& options)
      : files_(files),
        read_(options.read),
        search_thinking_(options.search_thinking),
        verify_every_file_(options.verify_every_file),
        notice_(options.on_notice) {}

  // What reconciling looked at: every session file, or only those of
  // sessions with a lock file.
  struct FileView;
  struct Change;

  // Opens the database, creating the schema; a damaged or foreign one is
  // deleted and made anew.
  Status OpenDb();
  Status CreateSchema();
  Status ReconcileLocked();
  Result<FileView> LookAtFiles();
  Result<std::vector<Change>> Compare(const FileView& view);
  Status Apply(const Change& change, const FileView& view);
  Status Unreadable(const std::string& id, const FileView& view, const Status& why);
  Status IndexTextLocked();
  Result<SessionPage> ListLocked(const ListOptions& options);
  Result<std::vector<SearchHit>> SearchLocked(std::string_view query, const SearchOptions& options);

  const file::SessionFiles& files_;
  const ReadOptions read_;
  const bool search_thinking_;
  const bool verify_every_file_;
  std::function<void(std::string_view)> notice_;
  std::mutex mu_;
  Db db_;
  bool fresh_ = false;    // the schema was just made: the catalog did not exist
  bool rebuilt_ = false;  // a damaged one was replaced (and said so)
};

}  // namespace sessionstore::catalog

#endif  // SESSIONSTORE_CATALOG_CATALOG_H_
