#include "history/context_builder.h"

#include <string>
#include <unordered_set>

namespace sessionstore::history {

namespace {

Message SummaryMessage(std::string_view intro, const std::string& summary) {
  return Message::User(std::string(intro) + summary);
}

bool IsOnlyToolResults(const Message& m) {
  if (m.content.empty()) return false;
  for (const ContentBlock& b : m.content) {
    if (b.type != BlockType::kToolResult) return false;
  }
  return true;
}

// Repairs tool calls and results in order (see BuildContext).
class Repairer {
 public:
  explicit Repairer(ContextView* view) : view_(view) {}

  void Add(ContextItem item) {
    Message& m = item.message;
    const bool results_only = IsOnlyToolResults(m);
    if (!results_only) InterruptPending();
    std::erase_if(m.content, [&](const ContentBlock& b) {
      if (b.type != BlockType::kToolResult) return false;
      if (calls_.count(b.id) == 0 || answered_.count(b.id) != 0) {
        view_->repairs.push_back(
            ContextRepair{.kind = ContextRepair::Kind::kOrphanToolResult, .entry_id = item.entry_id, .call_id = b.id});
        return true;
      }
      answered_.insert(b.id);
      return false;
    });
    if (results_only && m.content.empty()) return;  // every result was an orphan
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kToolCall) {
        calls_.insert(b.id);
        pending_.push_back(Pending{item.entry_id, b.id, b.name});
      }
    }
    view_->items.push_back(std::move(item));
  }

  // Calls still without a result get one now, before the conversation moves on.
  void InterruptPending() {
    for (const Pending& p : pending_) {
      if (answered_.count(p.call_id) != 0) continue;
      answered_.insert(p.call_id);
      Message m;
      m.role = kRoleTool;
      ContentBlock result = ContentBlock::ToolResult(p.call_id, std::string(kInterruptedText), true);
      result.name = p.name;
      m.content.push_back(std::move(result));
      view_->items.push_back(
          ContextItem{.kind = ContextItem::Kind::kInterruptedResult, .entry_id = p.entry_id, .message = std::move(m)});
      view_->repairs.push_back(ContextRepair{
          .kind = ContextRepair::Kind::kInterruptedToolCall, .entry_id = p.entry_id, .call_id = p.call_id});
    }
    pending_.clear();
  }

 private:
  struct Pending {
    std::string entry_id;
    std::string call_id;
    std::string name;
  };
  ContextView* view_;
  std::unordered_set<std::string> calls_;     // calls in the context so far
  std::unordered_set<std::string> answered_;  // calls that have a result
  std::vector<Pending> pending_;              // calls of the latest turn
};

}  // namespace

ContextView BuildContext(std::span<const Entry* const> path) {
  ContextView view;
  if (path.empty()) return view;
  view.leaf = path.back()->id;
  size_t compaction = path.size();
  for (size_t i = path.size(); i-- > 0;) {
    if (path[i]->type == RecordType::kCompaction) {
      compaction = i;
      break;
    }
  }
  size_t start = 0;
  Repairer repairer(&view);
  if (compaction < path.size()) {
    const Entry& c = *path[compaction];
    view.compaction = c.id;
    view.summary = c.summary;
    start = compaction + 1;  // a first kept entry not on the path keeps nothing before the compaction
    for (size_t i = 0; i < compaction; ++i) {
      if (path[i]->id == c.first_kept) {
        start = i;
        break;
      }
    }
    // No summary, no summary item: an empty one is no message to send.
    if (!c.summary.empty()) {
      repairer.Add(ContextItem{.kind = ContextItem::Kind::kCompactionSummary,
                               .entry_id = c.id,
                               .message = SummaryMessage("Summary of the conversation so far:\n\n", c.summary)});
    }
  }
  for (size_t i = start; i < path.size(); ++i) {
    const Entry& e = *path[i];
    if (e.type == RecordType::kMessage) {
      repairer.Add(ContextItem{.kind = ContextItem::Kind::kMessage, .entry_id = e.id, .message = e.message});
    } else if (e.type == RecordType::kBranchSummary) {
      repairer.Add(ContextItem{.kind = ContextItem::Kind::kBranchSummary,
                               .entry_id = e.id,
                               .message = SummaryMessage("Summary of a branch explored and left:\n\n", e.summary)});
    }
  }
  repairer.InterruptPending();
  return view;
}

}  // namespace sessionstore::history
