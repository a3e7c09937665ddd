#include "session_path.h"

#include <algorithm>
#include <unordered_map>

namespace sessionstore::cli {

std::vector<Entry> PathTo(const std::vector<Entry>& entries, std::string_view leaf) {
  if (entries.empty()) return {};
  std::unordered_map<std::string_view, size_t> at;
  for (size_t i = 0; i < entries.size(); ++i) at.emplace(entries[i].id, i);
  auto it = leaf.empty() ? at.find(entries.back().id) : at.find(leaf);
  std::vector<Entry> path;
  // Each step goes to an entry written earlier: no cycle can hold it.
  for (size_t steps = 0; it != at.end() && steps <= entries.size(); ++steps) {
    path.push_back(entries[it->second]);
    if (path.back().parent.empty()) break;
    it = at.find(path.back().parent);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace sessionstore::cli
