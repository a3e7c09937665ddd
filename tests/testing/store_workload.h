// A workload that exercises every kind of file operation of the file store
// (creates, appends in every durability mode, a batch append, a compaction,
// an archive and restore, a delete, a migration, a catalog rebuild), run against a
// store whose file system fails or loses power part-way, and the checks of
// what must hold afterwards.
//
// The workload stops at the first call that fails and records what the
// store had acknowledged until then. Check() then opens the store again on
// the real file system and verifies the promises against that record.

#ifndef SESSIONSTORE_TESTS_TESTING_STORE_WORKLOAD_H_
#define SESSIONSTORE_TESTS_TESTING_STORE_WORKLOAD_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sessionstore/store.h"
#include "testing/power_loss_fs.h"

namespace sessionstore::testing {

struct Acknowledged {
  struct Entries {
    std::vector<std::string> ids;  // acknowledged, in order
    size_t written = 0;            // the first `written` reached the kernel
    size_t synced = 0;             // the first `synced` reached the disk
  };
  std::set<std::string> created;  // sessions whose Create returned OK (and not deleted)
  std::set<std::string> deleted;  // sessions whose Delete returned OK
  std::map<std::string, Entries> entries;
  // The compaction of "a": its file before (as written, and as the disk
  // model holds it), and what compaction makes of it.
  bool compaction_started = false;
  std::string before_compaction, before_compaction_on_disk, after_compaction;
  bool migration_started = false;
  // What the workload saw go wrong that must never: an append acknowledged
  // as synced whose bytes the disk model does not hold, an error that does
  // not name its operation and path.
  std::vector<std::string> broken_promises;
  Status first_error;  // OK if the workload ran to its end
};

class StoreWorkload {
 public:
  // `root` is the store directory. Makes the store and the legacy file the
  // migration reads (in <root>/legacy), on the real file system.
  explicit StoreWorkload(std::string root);

  // Runs the workload on `store` (opened on `fs`).
  Acknowledged Run(Store& store, PowerLossFs& fs);

  // Opens the store on the real file system and returns every broken
  // promise: acknowledged sessions or entries missing (the first `written`
  // of each session's, or with `power_lost` the first `synced`), a file that
  // does not load strictly, a compaction that is neither the old file nor
  // the new, a migrated file whose session is missing or partial, a
  // temporary file left after a list, a session that takes no more appends.
  std::vector<std::string> Check(const Acknowledged& acks, bool power_lost) const;

 private:
  std::string root_;
  std::string legacy_dir_;
  size_t migrated_entries_ = 0;  // what a migration of the legacy file makes
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_STORE_WORKLOAD_H_
