// ContextView: the messages an agent sends to its model for one leaf of a
// session — what a compaction left, the branch summaries on the way, the
// messages — with orphaned tool calls and results repaired and reported.
//
// Plain value types, and the names of their kinds.

#ifndef SESSIONSTORE_CONTEXT_H_
#define SESSIONSTORE_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/message.h"
#include "sessionstore/session.h"

namespace sessionstore {

struct ContextOptions {
  // The entry whose context to build; empty: the latest entry of the session.
  std::string leaf;
};

struct ContextItem {
  enum class Kind {
    kMessage,            // a message entry, as stored
    kCompactionSummary,  // the summary of the latest compaction on the path (a user message)
    kBranchSummary,      // a branch summary on the path (a user message)
    kInterruptedResult,  // a synthetic error result for a tool call that has none
  };
  Kind kind = Kind::kMessage;
  // The entry it comes from; for kInterruptedResult, the entry with the call.
  std::string entry_id;
  Message message;
};

// A repair made so that providers accept the context. Never silent: every
// one is listed here.
struct ContextRepair {
  enum class Kind {
    kInterruptedToolCall,  // a call without a result got a synthetic error result
    kOrphanToolResult,     // a result whose call is not in the context was left out
  };
  Kind kind = Kind::kInterruptedToolCall;
  std::string entry_id;  // the entry holding the call or the result
  std::string call_id;
};

// The names JSON and the command give the kinds: "message",
// "compaction_summary", "branch_summary", "interrupted_result";
// "interrupted_tool_call", "orphan_tool_result".
std::string_view KindName(ContextItem::Kind kind);
std::string_view KindName(ContextRepair::Kind kind);

struct ContextView {
  std::string leaf;        // the entry it was built for; empty for an empty session
  std::string compaction;  // the compaction whose summary opens it, if any
  std::string summary;     // that compaction's summary
  std::vector<ContextItem> items;
  std::vector<ContextRepair> repairs;
  LoadReport report;  // bad lines met on the way, and the torn tail
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_CONTEXT_H_
