#include "history/session_tree.h"

#include <algorithm>
#include <map>

namespace sessionstore::history {

SessionTree::SessionTree(std::span<const Entry> entries) : entries_(entries), has_child_(entries.size()) {
  by_id_.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    by_id_.emplace(entries[i].id, i);
    if (!entries[i].parent.empty()) {
      auto parent = by_id_.find(entries[i].parent);
      if (parent != by_id_.end()) has_child_[parent->second] = true;
    }
  }
}

const Entry* SessionTree::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::vector<const Entry*> SessionTree::PathTo(const Entry& leaf) const {
  std::vector<const Entry*> path;
  for (const Entry* e = &leaf; e != nullptr;) {
    path.push_back(e);
    // Parents come first in the file; anything else would be a cycle.
    const Entry* parent = e->parent.empty() ? nullptr : Find(e->parent);
    e = parent != nullptr && parent < e ? parent : nullptr;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<const Entry*> SessionTree::Leaves() const {
  std::vector<const Entry*> leaves;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!has_child_[i]) leaves.push_back(&entries_[i]);
  }
  return leaves;
}

std::vector<BranchInfo> SessionTree::Branches() const {
  // Counts along each path, computed once per entry: a parent precedes its
  // children, so one pass in file order suffices.
  std::vector<int64_t> messages(entries_.size()), count(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    auto parent = e.parent.empty() ? by_id_.end() : by_id_.find(e.parent);
    const bool has_parent = parent != by_id_.end() && parent->second < i;
    messages[i] = (has_parent ? messages[parent->second] : 0) + (e.type == RecordType::kMessage ? 1 : 0);
    count[i] = (has_parent ? count[parent->second] : 0) + 1;
  }
  std::vector<BranchInfo> branches;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (has_child_[i]) continue;
    branches.push_back(BranchInfo{.leaf = entries_[i].id,
                                  .updated_ms = entries_[i].timestamp_ms,
                                  .message_count = messages[i],
                                  .entry_count = count[i]});
  }
  return branches;
}

std::vector<LabelInfo> SessionTree::Labels() const {
  std::vector<LabelInfo> labels;
  std::map<std::string_view, size_t> slot;  // target -> index in labels
  for (const Entry& e : entries_) {
    if (e.type != RecordType::kLabel) continue;
    auto it = slot.find(e.target);
    if (it == slot.end()) {
      slot.emplace(e.target, labels.size());
      labels.push_back(LabelInfo{.entry_id = e.target, .label = e.label, .labeled_ms = e.timestamp_ms});
    } else {
      labels[it->second].label = e.label;
      labels[it->second].labeled_ms = e.timestamp_ms;
    }
  }
  std::erase_if(labels, [](const LabelInfo& l) { return l.label.empty(); });
  return labels;
}

}  // namespace sessionstore::history
