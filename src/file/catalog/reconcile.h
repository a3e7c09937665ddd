// Reconciler: one catching-up of the catalog with the session files. It
// looks at the files, compares them with the catalog's rows and applies
// what changed: new sessions indexed whole, the tail of grown ones from
// where indexing stopped, rewritten ones (another inode, or shrunk) whole
// again; deleted ones dropped and archive moves noted. A file that cannot
// be read as a session is left out of the listing (and said once through
// the notice) until it changes.
//
// Stat'ing every file costs ~1.5 µs a session, so a look first reads the
// change times of the store's three directories: when none changed since a
// look at every file (and they were old enough then that a later change
// cannot share their timestamp), the only files that can have changed are
// those of sessions with a lock file, and only those are stat'ed. A program
// other than sessionstore that edits a file in place is seen at the next
// full look; StoreOptions::verify_every_file makes every look full.
//
// Used by one thread at a time, inside the catalog's lock.

#ifndef SESSIONSTORE_FILE_CATALOG_RECONCILE_H_
#define SESSIONSTORE_FILE_CATALOG_RECONCILE_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "file/session_files.h"
#include "history/session_summary.h"
#include "sessionstore/options.h"
#include "sqlite/sqlite_db.h"

namespace sessionstore::file {

class SessionReader;

class Reconciler {
 public:
  // All are borrowed for the Reconciler's life.
  Reconciler(sqlite::Db& db, const SessionFiles& files, const ReadOptions& read, bool verify_every_file,
             const std::function<void(std::string_view)>& notice,
             const std::function<void(std::string_view, uint64_t, uint64_t)>& progress)
      : db_(db),
        files_(files),
        read_(read),
        verify_every_file_(verify_every_file),
        notice_(notice),
        progress_(progress) {}

  // One catching-up, in one transaction when there is anything to write.
  // `leftovers` gets the temporary files a look at every file saw.
  Status Run(std::vector<TempFile>* leftovers);

 private:
  // What a look saw: every session file, or those of sessions with a lock
  // file.
  struct FileView {
    std::map<std::string, SessionFiles::FileInfo> live, archived;
    std::vector<TempFile> temp_files;
    bool complete = false;  // every session file; else only those with a lock file
    std::string dirs;       // the directories' times, taken before looking
    bool settled = false;   // ... and old enough to be trusted later
    std::string recorded;   // the times of the last complete look, if trusted
  };
  struct Change {
    enum Kind { kIndexWhole, kIndexTail, kMark, kDrop };
    std::string id;
    Kind kind;
    bool had_text;  // some of its text is in entries_fts
  };

  Result<FileView> LookAtFiles();
  Result<std::vector<Change>> Compare(const FileView& view);
  Status Apply(const Change& change, const FileView& view);
  Status Drop(const std::string& id);
  // Indexes the file whole, or its tail from where the row stopped.
  Status Index(const Change& change, const FileView& view);
  // The row's summary, labels and offsets, to go on from.
  Status Resume(const std::string& id, history::SummaryState* state, uint64_t* from, uint64_t* text_offset);
  Status PutRow(const std::string& id, const history::SummaryState& state, const SessionReader& read,
                uint64_t text_offset);
  // Leaves a file that is not a session out of the listing until it
  // changes; errors of the disk itself are returned.
  Status Unreadable(const std::string& id, const FileView& view, const Status& why);
  // Runs `sql` with ?1 = id.
  Status RunForId(std::string_view sql, const std::string& id);

  sqlite::Db& db_;
  const SessionFiles& files_;
  const ReadOptions& read_;
  const bool verify_every_file_;
  const std::function<void(std::string_view)>& notice_;
  const std::function<void(std::string_view, uint64_t, uint64_t)>& progress_;
};

}  // namespace sessionstore::file

#endif  // SESSIONSTORE_FILE_CATALOG_RECONCILE_H_
