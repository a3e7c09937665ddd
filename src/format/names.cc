#include "format/names.h"

namespace sessionstore::format {

std::string_view RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kMessage: return "message";
    case RecordType::kModelChange: return "model_change";
    case RecordType::kTitle: return "title";
    case RecordType::kUsage: return "usage";
    case RecordType::kCompaction: return "compaction";
    case RecordType::kBranchSummary: return "branch_summary";
    case RecordType::kLabel: return "label";
    case RecordType::kUnknown: break;
  }
  return "";
}

RecordType RecordTypeFromName(std::string_view name) {
  for (RecordType t : {RecordType::kMessage, RecordType::kModelChange, RecordType::kTitle, RecordType::kUsage,
                       RecordType::kCompaction, RecordType::kBranchSummary, RecordType::kLabel}) {
    if (RecordTypeName(t) == name) return t;
  }
  return RecordType::kUnknown;
}

std::string_view BlockTypeName(BlockType type) {
  switch (type) {
    case BlockType::kText: return "text";
    case BlockType::kImage: return "image";
    case BlockType::kThinking: return "thinking";
    case BlockType::kToolCall: return "tool_call";
    case BlockType::kToolResult: return "tool_result";
    case BlockType::kUnknown: break;
  }
  return "";
}

BlockType BlockTypeFromName(std::string_view name) {
  for (BlockType t :
       {BlockType::kText, BlockType::kImage, BlockType::kThinking, BlockType::kToolCall, BlockType::kToolResult}) {
    if (BlockTypeName(t) == name) return t;
  }
  return BlockType::kUnknown;
}

}  // namespace sessionstore::format
