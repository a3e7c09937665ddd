// ContextPath: the path of a leaf's context, gathered while walking a
// session backwards (newest entry first). Parents precede children in a
// session, so one backward pass meets the whole path, and the walk can stop
// at the first kept entry of the latest compaction on it: Context() reads
// no further back than that. Not thread-safe.

#ifndef SESSIONSTORE_HISTORY_CONTEXT_PATH_H_
#define SESSIONSTORE_HISTORY_CONTEXT_PATH_H_

#include <string>
#include <vector>

#include "sessionstore/context.h"
#include "sessionstore/record.h"

namespace sessionstore::history {

class ContextPath {
 public:
  // `leaf`: the entry whose context is wanted; empty: the latest entry.
  explicit ContextPath(std::string leaf) : want_(std::move(leaf)), leaf_given_(!want_.empty()) {}

  // Takes the next entry going back. False once the path is complete: the
  // walk can stop.
  bool Offer(Entry&& entry);
  // Whether the leaf asked for was met (always true without one).
  bool found() const { return !leaf_given_ || !path_.empty(); }
  // The context view of the path met (BuildContext); report left empty.
  ContextView Build();

 private:
  std::string want_;  // the next entry of the path, going back
  const bool leaf_given_;
  std::string first_kept_;
  bool compacted_ = false;
  std::vector<Entry> path_;  // leaf first
};

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_CONTEXT_PATH_H_
