// BuildContext: the context view of one path of a session (see
// sessionstore/context.h). A pure function of the entries; thread-safe.

#ifndef SESSIONSTORE_HISTORY_CONTEXT_BUILDER_H_
#define SESSIONSTORE_HISTORY_CONTEXT_BUILDER_H_

#include <span>
#include <string_view>

#include "sessionstore/context.h"
#include "sessionstore/record.h"

namespace sessionstore::history {

// The text of the synthetic result given to a tool call that has none.
inline constexpr std::string_view kInterruptedText = "The tool call was interrupted: no result was recorded.";

// `path` runs from the root (or from a compaction's first kept entry) to the
// leaf, parents first. The latest compaction on it contributes its summary,
// then the entries from its first kept entry on; branch summaries stand where
// they are; messages are kept as stored; a tool call without a result gets a
// synthetic error result and a result without its call is left out, each
// reported.
ContextView BuildContext(std::span<const Entry* const> path);

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_CONTEXT_BUILDER_H_
