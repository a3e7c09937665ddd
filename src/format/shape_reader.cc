#include "format/shape_reader.h"

#include <algorithm>

#include "format/json_words.h"
#include "format/json_writer.h"

namespace sessionstore::format {

JsonPath JsonPath::Member(std::string_view key) const {
  return JsonPath(text_.empty() ? std::string(key) : text_ + "." + std::string(key));
}

JsonPath JsonPath::Index(size_t i) const { return JsonPath(text_ + "[" + std::to_string(i) + "]"); }

Status BadMember(const JsonPath& path, std::string_view what) {
  return Status::InvalidArgument((path.text().empty() ? std::string("the message") : "member " + path.text()) + ": " +
                                 std::string(what));
}

std::string RawJson(JsonElement e) { return simdjson::minify(e); }

Result<std::optional<std::string>> OptionalString(JsonObject o, std::string_view key, const JsonPath& path) {
  JsonElement e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::optional<std::string>();
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return BadMember(path.Member(key), "expected a string");
  return std::optional<std::string>(std::string(s));
}

Result<std::string> RequiredString(JsonObject o, std::string_view key, const JsonPath& path) {
  Result<std::optional<std::string>> s = OptionalString(o, key, path);
  if (!s.ok()) return s.status();
  if (!*s) return BadMember(path.Member(key), "missing");
  if ((*s)->empty()) return BadMember(path.Member(key), "empty");
  return std::move(**s);
}

Result<int64_t> OptionalInt(JsonObject o, std::string_view key, const JsonPath& path) {
  JsonElement e;
  if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) return int64_t{0};
  int64_t n = 0;
  if (auto error = e.get_int64().get(n))
    return BadMember(path.Member(key), "expected a whole number: it " + JsonErrorWords(error));
  return n;
}

void KeepRaw(std::string_view key, JsonElement e, Names own, JsonFields* extra) {
  const bool clashes = std::find(own.begin(), own.end(), key) != own.end();
  extra->push_back(JsonField{.key = (clashes ? "original_" : "") + std::string(key), .json = RawJson(e)});
}

void KeepOthers(JsonObject o, std::initializer_list<std::string_view> read, Names own, JsonFields* extra) {
  for (auto [key, value] : o) {
    const bool was_read = !key.empty() && std::find(read.begin(), read.end(), key) != read.end();
    if (!was_read) KeepRaw(key, value, own, extra);
  }
}

Result<Usage> ReadUsage(JsonElement e, const JsonPath& path, const UsageNames& names) {
  JsonObject o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return BadMember(path, "expected an object");
  Usage u;
  for (auto [name, field] :
       {std::pair{names.input, &u.input_tokens}, std::pair{names.output, &u.output_tokens},
        std::pair{names.cache_read, &u.cache_read_tokens}, std::pair{names.cache_write, &u.cache_write_tokens}}) {
    if (name.empty()) continue;
    Result<int64_t> n = OptionalInt(o, name, path);
    if (!n.ok()) return n.status();
    *field = *n;
  }
  JsonElement cost;
  if (!names.cost.empty() && o[names.cost].get(cost) == simdjson::SUCCESS && !cost.is_null()) {
    if (cost.get_double().get(u.cost_usd) != simdjson::SUCCESS) {
      return BadMember(path.Member(names.cost), "expected a number");
    }
  }
  KeepOthers(o, {names.input, names.output, names.cache_read, names.cache_write, names.cost}, kUsageOwn, &u.extra);
  return u;
}

std::string ArgumentsJson(std::string_view text) {
  if (text.empty()) return "{}";
  simdjson::dom::parser parser;
  JsonElement parsed;
  if (parser.parse(simdjson::padded_string(text)).get(parsed) == simdjson::SUCCESS) return RawJson(parsed);
  ByteBuffer quoted;
  AppendJsonString(text, &quoted);
  return std::string(quoted.view());
}

Status ReadParts(JsonElement array, const JsonPath& path, PartReader read, std::vector<ContentBlock>* out) {
  simdjson::dom::array parts;
  if (array.get_array().get(parts) != simdjson::SUCCESS) return BadMember(path, "expected an array");
  size_t i = 0;
  for (JsonElement p : parts) {
    Result<ContentBlock> block = read(p, path.Index(i++));
    if (!block.ok()) return block.status();
    out->push_back(std::move(*block));
  }
  return Status::OK();
}

Status ReadTextOrParts(JsonElement e, const JsonPath& path, PartReader read, std::vector<ContentBlock>* out) {
  std::string_view text;
  if (e.get_string().get(text) == simdjson::SUCCESS) {
    if (!text.empty()) out->push_back(ContentBlock::Text(std::string(text)));
    return Status::OK();
  }
  if (!e.is_array()) return BadMember(path, "expected a string or an array");
  return ReadParts(e, path, read, out);
}

Result<ContentBlock> ReadTextPart(JsonObject o, const JsonPath& path) {
  Result<std::optional<std::string>> text = OptionalString(o, "text", path);
  if (!text.ok()) return text.status();
  if (!*text) return BadMember(path.Member("text"), "missing");
  ContentBlock b = ContentBlock::Text(std::move(**text));
  KeepOthers(o, {"type", "text"}, kBlockOwn, &b.extra);
  return b;
}

ContentBlock UnknownPart(JsonObject o, std::string_view type) {
  ContentBlock b;
  b.type = BlockType::kUnknown;
  b.type_name = type;
  KeepOthers(o, {"type"}, kUnknownBlockOwn, &b.extra);
  return b;
}

ContentBlock ImageFromUrl(std::string_view url) {
  ContentBlock b;
  b.type = BlockType::kImage;
  constexpr std::string_view kBase64 = ";base64,";
  const size_t marker = url.find(kBase64);
  if (url.starts_with("data:") && marker != std::string_view::npos) {
    b.media_type = std::string(url.substr(5, marker - 5));
    b.data = std::string(url.substr(marker + kBase64.size()));
  } else {
    b.url = std::string(url);
  }
  return b;
}

}  // namespace sessionstore::format
