// SessionTree: the entries of a session as the tree their parent links make.
//
// Built from entries in file order (parents come before their children).
// Borrows the entries: they must outlive the tree. Not thread-safe to build;
// const use from several threads is fine.

#ifndef SESSIONSTORE_HISTORY_SESSION_TREE_H_
#define SESSIONSTORE_HISTORY_SESSION_TREE_H_

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sessionstore/history.h"
#include "sessionstore/record.h"

namespace sessionstore::history {

class SessionTree {
 public:
  explicit SessionTree(std::span<const Entry> entries);

  const Entry* Find(std::string_view id) const;
  // The entries from the root down to `leaf`, root first. Stops at a parent
  // that is not in the session (as after a compaction rewrite).
  std::vector<const Entry*> PathTo(const Entry& leaf) const;
  // Entries that no entry names as parent, in file order.
  std::vector<const Entry*> Leaves() const;
  std::vector<BranchInfo> Branches() const;
  // The current label of each labeled entry, in the order they were labeled.
  std::vector<LabelInfo> Labels() const;

 private:
  std::span<const Entry> entries_;
  std::unordered_map<std::string_view, size_t> by_id_;
  std::vector<bool> has_child_;
};

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_SESSION_TREE_H_
