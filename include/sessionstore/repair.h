// What Store::Repair takes and reports. Plain value types.

#ifndef SESSIONSTORE_REPAIR_H_
#define SESSIONSTORE_REPAIR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sessionstore {

struct RepairOptions {
  // Only say what a repair would do: the report, and nothing written.
  bool dry_run = false;
};

// One thing a repair did (or, with dry_run, would do).
struct RepairAction {
  // The line of the session as it was (the header is line 1); -1 for none.
  int64_t line = -1;
  std::string what;  // in words, for a person
};

struct RepairReport {
  // In line order. Empty: the session needed nothing and was not touched.
  std::vector<RepairAction> actions;
  // Lines taken out of the session (lines that did not read, a torn tail,
  // second copies, labels of nothing), each kept as one JSON object per
  // line at `rejected_place` (doc/format.md), which sessionstore never
  // deletes.
  int64_t rejected = 0;
  std::string rejected_place;
  // The session as it was before this repair, kept at `backup_place` until
  // the next repair replaces it. Empty when nothing was changed.
  std::string backup_place;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_REPAIR_H_
