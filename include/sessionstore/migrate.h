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
};

// Turns every legacy file in `dir` into a session of `store`: the key as id
// where it is a valid one (a mapped id otherwise; the header's metadata
// records key and file), its summary as a compaction, its times kept. Each
// original is then renamed to <file>.migrated. All files are read and
// checked before anything is written; a failure leaves every original in
// place and no half-written session visible; running it again finishes what
// a crash interrupted. Thread-safe as the Store is.
Result<MigrationReport> MigrateLegacy(Store& store, std::string_view dir);

}  // namespace sessionstore

#endif  // SESSIONSTORE_MIGRATE_H_
