// The entries of a loaded session a person asks to see: the path from the
// root to a leaf (the branch an agent is on, or any other), the whole tree,
// or the last N of either.

#ifndef SESSIONSTORE_TOOLS_SESSION_PATH_H_
#define SESSIONSTORE_TOOLS_SESSION_PATH_H_

#include <string_view>
#include <vector>

#include "sessionstore/record.h"

namespace sessionstore::cli {

// The entries from the root to `leaf` (the session's latest entry if
// empty), in order. Empty for an empty session. A parent that is not in
// the session (a bad line) ends the path there.
std::vector<Entry> PathTo(const std::vector<Entry>& entries, std::string_view leaf);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_SESSION_PATH_H_
