#include "interop/export/export_lines.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

namespace sessionstore::interop {

namespace {

bool Named(std::string_view key, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

}  // namespace

Result<std::vector<const Entry*>> PathTo(const Session& s, const std::string& leaf) {
  std::map<std::string_view, const Entry*> by_id;
  for (const Entry& e : s.entries) by_id.emplace(e.id, &e);
  std::vector<const Entry*> path;
  if (s.entries.empty()) return path;
  auto at = by_id.find(leaf.empty() ? s.entries.back().id : leaf);
  if (at == by_id.end()) return Status::NotFound("no entry \"" + leaf + "\" in session \"" + s.header.id + "\"");
  std::set<std::string_view> seen;
  for (const Entry* e = at->second; e != nullptr && seen.insert(e->id).second;) {
    path.push_back(e);
    auto parent = e->parent.empty() ? by_id.end() : by_id.find(e->parent);
    e = parent == by_id.end() ? nullptr : parent->second;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool IsImportRecord(const Entry& e) { return e.type == RecordType::kUnknown && e.type_name == kImportRecord; }

void NoteOtherBranches(const Session& s, const std::vector<const Entry*>& path, Exported* out) {
  if (s.entries.size() <= path.size()) return;
  out->left_out.push_back({.entry_id = "",
                           .what = std::to_string(s.entries.size() - path.size()) +
                                   " entries of other branches (the format holds one branch)"});
}

void NoteLeftOut(const Entry& e, std::string what, Exported* out) {
  out->left_out.push_back({.entry_id = e.id, .what = std::move(what)});
}

void WriteFields(const JsonFields& fields, format::JsonWriter* w, std::initializer_list<std::string_view> written) {
  for (const JsonField& f : fields) {
    if (Named(f.key, written)) continue;
    w->Key(f.key);
    w->Raw(f.json);
  }
}

void WriteMembers(std::string_view object, format::JsonWriter* w, std::initializer_list<std::string_view> written) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(object).get_object().get(o) != simdjson::SUCCESS) return;
  for (auto [key, value] : o) {
    if (Named(key, written)) continue;
    w->Key(key);
    w->Raw(simdjson::minify(value));
  }
}

}  // namespace sessionstore::interop
