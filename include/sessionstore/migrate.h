// MigrateLegacy: the legacy whole-session JSON files of picoclaw's
// SessionManager (<key>.json) turned into sessions of a store, through the
// store's public calls only.

#ifndef SESSIONSTORE_MIGRATE_H_
#define SESSIONSTORE_MIGRATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/result.h"
#include "sessionstore/store.h"

namespace sessionstore {

struct MigrationReport {
  struct Migrated {
    std::string source;   // the legacy file, now renamed to <file>.migrated
    std::string session;  // the id of the session made from it
  };
  std::vector<Migrated> migrated;
  // Files already migrated (a session made from them exists); they were
  // renamed if they had not been.
  std::vector<std::string> already;
  struct Skipped {
    std::string file;    // a *.json file of the directory, left as it was
    std::string reason;  // why: not a legacy session, or what is wrong in it
  };
  std::vector<Skipped> skipped;
};

// Turns every legacy file in `dir` into a session of `store`, file by file:
// the key as id where it is a valid one (a mapped id otherwise; the header's
// metadata records key and file), each message with every member it had
// (members with no slot in sessionstore's model kept as raw JSON), its
// summary as a compaction, its times kept. A file is read and checked
// whole before its session is written, and the session appears whole or
// not at all (Store::Import); the original is then renamed to
// <file>.migrated. A file that is not a legacy session, or holds a message
// that cannot be read, or whose key is taken by a session made from
// another file is left in place and reported in `skipped`; the run goes
// on. An error of the store ends the run (what was migrated stays
// migrated); running it again finishes what a crash or an error
// interrupted. Thread-safe as the Store is.
Result<MigrationReport> MigrateLegacy(Store& store, std::string_view dir);

}  // namespace sessionstore

#endif  // SESSIONSTORE_MIGRATE_H_
