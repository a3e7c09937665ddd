// zot's sessions (FORMATS.md §3): lines {type: meta|message|usage|rename}, a
// chain with no ids.
//
//   meta      the first: the session (cwd, model, provider, started, title;
//             id, version, parent and fork_point kept in the header's "zot"
//             member); a later one, where model or provider changed, a
//             model change, and the line itself a custom record.
//   message   a message; its blocks are untagged and told apart by their
//             members as zot does: reasoning (reasoning_id or
//             encrypted_content; its summary as the text), tool call (id
//             and name), tool result (call_id), image (mime_type), text.
//   usage     a usage record of what the `cumulative` figures grew by.
//   rename    a title record.

#include <simdjson.h>

#include <filesystem>
#include <string>

#include "interop/import/source_reader.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool Has(object o, std::string_view key) { return !StringOr(o, key).empty(); }

std::vector<ContentBlock> Blocks(element content);

ContentBlock Block(object o) {
  ContentBlock b;
  if (Has(o, "reasoning_id") || Has(o, "encrypted_content")) {
    b = ContentBlock::Thinking(StringOr(o, "summary"));
    b.redacted_data = StringOr(o, "encrypted_content");
    KeepOthers(o, {"summary", "encrypted_content"}, &b.extra);
  } else if (Has(o, "id") && Has(o, "name")) {
    element arguments;
    b = ContentBlock::ToolCall(StringOr(o, "id"), StringOr(o, "name"),
                               o["arguments"].get(arguments) == simdjson::SUCCESS ? Raw(arguments) : "{}");
    KeepOthers(o, {"id", "name", "arguments"}, &b.extra);
  } else if (Has(o, "call_id")) {
    b.type = BlockType::kToolResult;
    b.id = StringOr(o, "call_id");
    element content;
    if (o["content"].get(content) == simdjson::SUCCESS) b.content = Blocks(content);
    if (o["is_error"].get_bool().get(b.is_error) != simdjson::SUCCESS) b.is_error = false;
    KeepOthers(o, {"call_id", "content", "is_error"}, &b.extra);
  } else if (Has(o, "mime_type")) {
    b = ContentBlock::Image(StringOr(o, "mime_type"), StringOr(o, "data"));
    KeepOthers(o, {"mime_type", "data"}, &b.extra);
  } else if (Has(o, "summary")) {
    // Reasoning of the OpenAI chat path: a summary alone (zot's own reader
    // takes it for an empty text).
    b = ContentBlock::Thinking(StringOr(o, "summary"));
    KeepOthers(o, {"summary"}, &b.extra);
  } else {
    b = ContentBlock::Text(StringOr(o, "text"));
    KeepOthers(o, {"text"}, &b.extra);
  }
  return b;
}

std::vector<ContentBlock> Blocks(element content) {
  std::vector<ContentBlock> blocks;
  array parts;
  if (content.get_array().get(parts) != simdjson::SUCCESS) return blocks;
  for (element part : parts) {
    object o;
    if (part.get_object().get(o) == simdjson::SUCCESS) blocks.push_back(Block(o));
  }
  return blocks;
}

Usage UsageOf(object o) {
  return TokenCounts(o, {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd"});
}
class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, "zot") {}

  void Line(std::string_view line, int64_t number, int64_t offset) {
    object o;
    if (!Parse(line, number, offset, &o)) return;
    const std::string type = StringOr(o, "type");
    object body;
    if (type == "meta" && o["meta"].get_object().get(body) == simdjson::SUCCESS) return Meta(body, number, offset);
    if (!meta_) return Skip(number, offset, "before the meta line");
    if (type == "message" && o["message"].get_object().get(body) == simdjson::SUCCESS) {
      Message m;
      m.role = StringOr(body, "role");
      element content;
      if (body["content"].get(content) == simdjson::SUCCESS) m.content = Blocks(content);
      if (m.role.empty() || m.content.empty()) return Skip(number, offset, "a message without a role or content");
      KeepOthers(body, {"role", "content"}, &m.extra);
      int64_t ts = 0;
      if (Result<int64_t> t = ParseTimestamp(StringOr(body, "time")); t.ok()) ts = *t;
      return Chain(Record::FromMessage(std::move(m)), ts, number, offset);
    }
    if (type == "usage" && o["cumulative"].get_object().get(body) == simdjson::SUCCESS) {
      const Usage now = UsageOf(body);
      Record r = Record::FromUsage(Usage{.input_tokens = now.input_tokens - totals_.input_tokens,
                                         .output_tokens = now.output_tokens - totals_.output_tokens,
                                         .cache_read_tokens = now.cache_read_tokens - totals_.cache_read_tokens,
                                         .cache_write_tokens = now.cache_write_tokens - totals_.cache_write_tokens,
                                         .cost_usd = now.cost_usd - totals_.cost_usd});
      r.extra.push_back({.key = "zot", .json = MembersExcept(o, {"type"})});
      totals_ = now;
      return Chain(std::move(r), 0, number, offset);
    }
    if (type == "rename" && !StringOr(o, "title").empty()) {
      out_.header.title = StringOr(o, "title");
      return Chain(Record::Title(out_.header.title), 0, number, offset);
    }
    Chain(Record::Custom("zot." + type, {{.key = "zot", .json = MembersExcept(o, {"type"})}}), 0, number, offset);
  }

  Result<SourceSession> Finish() {
    if (!meta_) return Status::InvalidArgument("it has no meta line");
    return std::move(out_);
  }

 private:
  void Meta(object meta, int64_t number, int64_t offset) {
    const std::string model = StringOr(meta, "model");
    const std::string provider = StringOr(meta, "provider");
    if (!meta_) {
      meta_ = true;
      out_.header.workspace = StringOr(meta, "cwd");
      out_.header.model = model;
      out_.header.provider = provider;
      out_.header.title = StringOr(meta, "title");
      if (Result<int64_t> started = ParseTimestamp(StringOr(meta, "started")); started.ok()) {
        out_.header.created_ms = *started;
      }
      out_.header.extra.push_back({.key = "zot", .json = MembersExcept(meta, {"cwd", "model", "provider", "started"})});
      if (const std::string parent = StringOr(meta, "parent"); !parent.empty()) {
        int64_t fork_point = 0;
        if (meta["fork_point"].get_int64().get(fork_point) != simdjson::SUCCESS) fork_point = 0;
        LinkToParent(parent, fork_point);
      }
      return;
    }
    if (model != out_.header.model || provider != out_.header.provider) {
      out_.header.model = model;
      out_.header.provider = provider;
      Chain(Record::ModelChange(model, provider), 0, number, offset);
    }
    if (const std::string title = StringOr(meta, "title"); !title.empty() && title != out_.header.title) {
      out_.header.title = title;
    }
    Chain(Record::Custom("zot.meta", {{.key = "zot", .json = Raw(meta)}}), 0, number, offset, "meta");
  }

  // A fork (BranchSession) names the session it came from and how many of
  // its messages it copied: the parent is the file of that id beside this
  // one (<time>-<first 8 of the id>.jsonl), and the fork point its
  // fork_point-th message. No link if that file is not there.
  void LinkToParent(const std::string& parent, int64_t fork_point) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::path(path_).parent_path();
    const std::string suffix = "-" + parent.substr(0, 8) + ".jsonl";
    for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = f.path().filename().string();
      if (!name.ends_with(suffix)) continue;
      std::optional<std::string> content = ReadTextFile(f.path().string());
      if (!content) continue;
      simdjson::dom::parser parser;
      bool theirs = false;
      int64_t messages = 0;
      std::string entry;
      ForEachLine(*content, [&](std::string_view line, int64_t number, int64_t) {
        Result<object> o = ParseLine(&parser, line);
        if (!o.ok()) return;
        const std::string type = StringOr(*o, "type");
        object meta;
        if (type == "meta" && !theirs && (*o)["meta"].get_object().get(meta) == simdjson::SUCCESS) {
          theirs = StringOr(meta, "id") == parent;
        } else if (type == "message" && ++messages == fork_point) {
          entry = prefix_ + "-line-" + std::to_string(number);
        }
      });
      if (!theirs) continue;
      out_.header.parent = ParentRef{.session = std::string(FileStem(f.path().string())), .entry = entry};
      return;
    }
  }

  bool meta_ = false;
  Usage totals_;
};

bool LooksLikeZot(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  object o, meta;
  return FirstLineObject(head, &parser, &o) && StringOr(o, "type") == "meta" &&
         o["meta"].get_object().get(meta) == simdjson::SUCCESS && !StringOr(meta, "id").empty();
}

// <YYYYMMDD-HHMMSS>-<first 8 of the id>.jsonl: the name is the id here.
std::string SessionIdOf(std::string_view path) { return std::string(FileStem(path)); }

}  // namespace

const SourceFormat kZot = {.name = "zot",
                           .streams_messages = false,
                           .session_id = SessionIdOf,
                           .looks_like = LooksLikeZot,
                           .read = ReadWith<Reader>};

}  // namespace sessionstore::interop
