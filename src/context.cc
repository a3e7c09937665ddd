#include "sessionstore/context.h"

namespace sessionstore {

std::string_view KindName(ContextItem::Kind kind) {
  switch (kind) {
    case ContextItem::Kind::kMessage: return "message";
    case ContextItem::Kind::kCompactionSummary: return "compaction_summary";
    case ContextItem::Kind::kBranchSummary: return "branch_summary";
    case ContextItem::Kind::kInterruptedResult: return "interrupted_result";
  }
  return "";
}

std::string_view KindName(ContextRepair::Kind kind) {
  switch (kind) {
    case ContextRepair::Kind::kInterruptedToolCall: return "interrupted_tool_call";
    case ContextRepair::Kind::kOrphanToolResult: return "orphan_tool_result";
  }
  return "";
}

}  // namespace sessionstore
