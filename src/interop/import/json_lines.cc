#include "interop/import/json_lines.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "format/json_words.h"
#include "format/lone_surrogates.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

bool ForEachLine(std::string_view content,
                 const std::function<void(std::string_view line, int64_t number, int64_t offset)>& line) {
  int64_t number = 0;
  size_t start = 0;
  bool any = false;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    ++number;
    const std::string_view text = content.substr(start, end - start);
    if (text.find_first_not_of(" \t\r") != std::string_view::npos) {
      line(text, number, static_cast<int64_t>(start));
      any = true;
    }
    start = end + 1;
  }
  return any;
}

Result<simdjson::dom::object> ParseLine(simdjson::dom::parser* parser, std::string_view line) {
  simdjson::dom::element root;
  if (auto error = parser->parse(line.data(), line.size()).get(root)) {
    // Read again with each lone surrogate as U+FFFD, as ParseMessage does.
    std::optional<std::string> replaced = format::WithoutLoneSurrogates(line);
    if (!replaced || parser->parse(*replaced).get(root) != simdjson::SUCCESS) {
      return Status::InvalidArgument("the line " + format::JsonErrorWords(error));
    }
  }
  simdjson::dom::object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) return Status::InvalidArgument("the line is not a JSON object");
  return o;
}

bool FirstLineObject(std::string_view head, simdjson::dom::parser* parser, simdjson::dom::object* o) {
  const size_t end = head.find('\n');
  if (end == std::string_view::npos) return false;
  Result<simdjson::dom::object> first = ParseLine(parser, head.substr(0, end));
  if (!first.ok()) return false;
  *o = *first;
  return true;
}

std::string Raw(simdjson::dom::element e) { return simdjson::minify(e); }
std::string Raw(simdjson::dom::object o) { return simdjson::minify(o); }

std::string StringOr(simdjson::dom::object o, std::string_view key, std::string fallback) {
  std::string_view v;
  return o[key].get_string().get(v) == simdjson::SUCCESS ? std::string(v) : fallback;
}

std::string MembersExcept(simdjson::dom::object o, std::initializer_list<std::string_view> skip) {
  std::string out = "{}";
  for (auto [key, value] : o) {
    bool skipped = false;
    for (std::string_view s : skip) skipped |= key == s;
    if (!skipped) AddMember(&out, key, Raw(value));
  }
  return out;
}

Usage TokenCounts(simdjson::dom::object o, const UsageNames& names) {
  Usage u;
  for (auto [key, field] :
       {std::pair{names.input, &u.input_tokens}, std::pair{names.output, &u.output_tokens},
        std::pair{names.cache_read, &u.cache_read_tokens}, std::pair{names.cache_write, &u.cache_write_tokens}}) {
    if (o[key].get_int64().get(*field) != simdjson::SUCCESS) *field = 0;
  }
  if (!names.cost.empty() && o[names.cost].get_double().get(u.cost_usd) != simdjson::SUCCESS) u.cost_usd = 0;
  KeepOthers(o, {names.input, names.output, names.cache_read, names.cache_write, names.cost}, &u.extra);
  return u;
}

void KeepOthers(simdjson::dom::object o, std::initializer_list<std::string_view> own, JsonFields* extra) {
  for (auto [key, value] : o) {
    bool is_own = false;
    for (std::string_view k : own) is_own |= key == k;
    if (!is_own) extra->push_back({.key = std::string(key), .json = Raw(value)});
  }
}

void AddMember(std::string* object, std::string_view key, std::string_view json) {
  object->insert(object->size() - 1, (object->size() > 2 ? "," : "") + JsonString(key) + ":" + std::string(json));
}

std::optional<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(content).str();
}

std::string_view FileStem(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') + 1);
  if (name.ends_with(".jsonl")) name.remove_suffix(6);
  return name;
}

}  // namespace sessionstore::interop
