// sessionstore tree: a session's branch structure, one line per entry with
// a preview, labels and the active leaf marked (pi's /tree). A run of
// entries without a fork stays at one depth; each fork indents its
// branches.

#include <fmt/core.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli.h"
#include "color.h"
#include "commands.h"
#include "session_arg.h"
#include "transcript.h"

namespace sessionstore::cli {

namespace {

constexpr size_t kPreviewWidth = 72;

void PrintTree(const std::vector<Entry>& entries, bool color) {
  if (entries.empty()) {
    fmt::print("(no entries)\n");
    return;
  }
  std::unordered_map<std::string_view, size_t> at;
  for (size_t i = 0; i < entries.size(); ++i) at.emplace(entries[i].id, i);
  // Children in file order; an entry whose parent is missing is a root.
  std::vector<std::vector<size_t>> children(entries.size());
  std::vector<size_t> roots;
  std::map<std::string_view, std::string_view> labels;  // entry -> its current label
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    auto parent = e.parent.empty() ? at.end() : at.find(e.parent);
    if (parent == at.end() || parent->second >= i) {
      roots.push_back(i);
    } else {
      children[parent->second].push_back(i);
    }
    if (e.type == RecordType::kLabel) {
      if (e.label.empty()) {
        labels.erase(e.target);
      } else {
        labels[e.target] = e.label;
      }
    }
  }
  const size_t active = entries.size() - 1;
  struct Item {
    size_t index;
    std::string prefix;        // before this entry's line
    std::string continuation;  // before the lines of what follows it
  };
  std::vector<Item> stack;
  auto push_children = [&stack](const std::vector<size_t>& kids, const std::string& continuation) {
    if (kids.size() == 1) {
      stack.push_back({kids[0], continuation, continuation});
      return;
    }
    for (size_t k = kids.size(); k-- > 0;) {
      const bool last = k + 1 == kids.size();
      stack.push_back({kids[k], continuation + (last ? "└─ " : "├─ "), continuation + (last ? "   " : "│  ")});
    }
  };
  push_children(roots, "");
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    const Entry& e = entries[item.index];
    std::string marks;
    if (auto l = labels.find(e.id); l != labels.end()) {
      marks += "  " + Painted("[" + Shown(l->second, true) + "]", Paint::kHeading, color);
    }
    if (item.index == active) marks += "  " + Painted("<- active", Paint::kMatch, color);
    if (children[item.index].empty() && item.index != active && e.type == RecordType::kMessage) {
      marks += Painted("  (leaf)", Paint::kDim, color);
    }
    fmt::print("{}{} {}{}\n", item.prefix, Painted(Shown(e.id.substr(0, kShortId), true), Paint::kDim, color),
               EntryPreview(e, kPreviewWidth), marks);
    push_children(children[item.index], item.continuation);
  }
}

}  // namespace

Run SetupTree(CLI::App* sub, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  sub->add_option("ID", *id, kSessionArgHelp)->required();
  sub->footer(
      "Each line: the entry's short id (show --leaf ID shows that branch) and a preview; [labels]; the active leaf "
      "(where the next append goes) and the other leaves marked.\n"
      "Example:\n  sessionstore tree @latest\n");
  return [&globals, id] {
    OpenedSession opened;
    if (int rc = OpenSession(globals, *id, &opened); rc != kExitOk) return rc;
    Result<Session> session = opened.store->Load(opened.id);
    if (!session.ok()) return Fail(session.status());
    PrintTree(session->entries, UseColor(globals));
    for (const SkippedLine& s : session->report.skipped) {
      fmt::print(stderr, "sessionstore: skipped a bad line: {}\n", s.reason.ToString());
    }
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
