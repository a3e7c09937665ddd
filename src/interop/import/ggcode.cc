// ggcode's sessions (FORMATS.md §4): lines {type, session_id, ...} with Go's
// zero values written on every line, a chain with no ids.
//
//   meta        the first: the session (workspace, vendor as provider,
//               model, title, created_at; the rest kept in the header's
//               "ggcode" member); later ones (the latest wins) a custom
//               record, and a model change where the model changed.
//   message     a message of tagged blocks: text (an empty one with
//               reasoning_content is unsigned reasoning), image, tool_use,
//               tool_result (with its images), thinking, redacted_thinking;
//               a user message of tool results only is a tool message.
//   checkpoint  makes the "[Previous conversation summary]" system message
//               it names a compaction (tokens_before = checkpoint_tokens,
//               first_kept = the message after checkpoint_last_msg_id).
//   usage       a usage record of its usage_entry.
//   anything else (cost, metric, ...) a custom record "ggcode.<type>".
// Members at their Go zero value ("0001-01-01T00:00:00Z", all-zero usage)
// are dropped: ggcode writes them on every line and means nothing by them.

#include <simdjson.h>

#include <map>
#include <string>

#include "interop/import/source_reader.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kSummaryPrefix = "[Previous conversation summary]\n";

bool IsGoZero(element e) {
  std::string_view text;
  if (e.get_string().get(text) == simdjson::SUCCESS) return text == "0001-01-01T00:00:00Z";
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return false;
  for (auto [key, value] : o) {
    int64_t n = 0;
    if (value.get_int64().get(n) != simdjson::SUCCESS || n != 0) return false;
  }
  return true;
}

// The members of `o` other than `skip` and those at their zero value.
std::string Envelope(object o, std::initializer_list<std::string_view> skip) {
  std::string out = "{}";
  for (auto [key, value] : o) {
    bool skipped = IsGoZero(value);
    for (std::string_view s : skip) skipped |= key == s;
    if (!skipped) AddMember(&out, key, Raw(value));
  }
  return out;
}

int64_t TimeOf(object o, std::string_view key) {
  Result<int64_t> t = ParseTimestamp(StringOr(o, key));
  return t.ok() && *t > 0 ? *t : 0;
}

Usage UsageOf(object o) {
  return TokenCounts(o, {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"});
}
ContentBlock Block(object o) {
  const std::string type = StringOr(o, "type");
  ContentBlock b;
  if (type == "text" && StringOr(o, "text").empty() && !StringOr(o, "reasoning_content").empty()) {
    b = ContentBlock::Thinking(StringOr(o, "reasoning_content"));
    KeepOthers(o, {"type", "text", "reasoning_content"}, &b.extra);
    b.extra.push_back({.key = "ggcode_block", .json = "\"text\""});  // the type it was written with
    return b;
  }
  if (type == "text") {
    b = ContentBlock::Text(StringOr(o, "text"));
    KeepOthers(o, {"type", "text"}, &b.extra);
  } else if (type == "image") {
    b = ContentBlock::Image(StringOr(o, "image_mime"), StringOr(o, "image_data"));
    KeepOthers(o, {"type", "image_mime", "image_data"}, &b.extra);
  } else if (type == "tool_use") {
    element input;
    b = ContentBlock::ToolCall(StringOr(o, "tool_id"), StringOr(o, "tool_name"),
                               o["input"].get(input) == simdjson::SUCCESS ? Raw(input) : "{}");
    KeepOthers(o, {"type", "tool_id", "tool_name", "input"}, &b.extra);
  } else if (type == "tool_result") {
    b = ContentBlock::ToolResult(StringOr(o, "tool_id"), StringOr(o, "output"));
    b.name = StringOr(o, "tool_name");
    if (o["is_error"].get_bool().get(b.is_error) != simdjson::SUCCESS) b.is_error = false;
    array images;
    if (o["images"].get_array().get(images) == simdjson::SUCCESS) {
      for (element image : images) {
        object io;
        if (image.get_object().get(io) == simdjson::SUCCESS) {
          b.content.push_back(ContentBlock::Image(StringOr(io, "mime"), StringOr(io, "base64")));
        }
      }
    }
    KeepOthers(o, {"type", "tool_id", "tool_name", "output", "is_error", "images"}, &b.extra);
  } else if (type == "thinking") {
    b = ContentBlock::Thinking(StringOr(o, "reasoning_content"), StringOr(o, "thinking_signature"));
    KeepOthers(o, {"type", "reasoning_content", "thinking_signature"}, &b.extra);
  } else if (type == "redacted_thinking") {
    b = ContentBlock::Thinking("");
    b.redacted_data = StringOr(o, "thinking_data");
    KeepOthers(o, {"type", "thinking_data"}, &b.extra);
  } else {
    b.type = BlockType::kUnknown;
    b.type_name = type;
    KeepOthers(o, {"type"}, &b.extra);
  }
  return b;
}

class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, "ggcode") {}

  void Line(std::string_view line, int64_t number, int64_t offset) {
    object o;
    if (!Parse(line, number, offset, &o)) return;
    const std::string type = StringOr(o, "type");
    if (type == "meta") return Meta(o, number, offset);
    if (!meta_) return Skip(number, offset, "before the meta line");
    object body;
    if (type == "message" && o["message"].get_object().get(body) == simdjson::SUCCESS) {
      return MessageLine(o, body, number, offset);
    }
    if (type == "checkpoint" && Checkpoint(o)) return;
    if (type == "usage" && o.at_pointer("/usage_entry/usage").get_object().get(body) == simdjson::SUCCESS) {
      Record r = Record::FromUsage(UsageOf(body));
      r.extra.push_back({.key = "ggcode", .json = Envelope(o, {"type", "session_id"})});
      return Chain(std::move(r), TimeOf(o, "timestamp"), number, offset);
    }
    Chain(Record::Custom("ggcode." + type, {{.key = "ggcode", .json = Envelope(o, {"type", "session_id"})}}),
          TimeOf(o, "timestamp"), number, offset);
  }

  Result<SourceSession> Finish() {
    if (!meta_) return Status::InvalidArgument("it has no meta line");
    return std::move(out_);
  }

 private:
  void Meta(object o, int64_t number, int64_t offset) {
    const std::string model = StringOr(o, "model");
    const std::string vendor = StringOr(o, "vendor");
    if (const std::string title = StringOr(o, "title"); !title.empty()) out_.header.title = title;
    if (const std::string workspace = StringOr(o, "workspace"); !workspace.empty()) {
      out_.header.workspace = workspace;
    }
    if (!meta_) {
      meta_ = true;
      out_.header.model = model;
      out_.header.provider = vendor;
      out_.header.created_ms = TimeOf(o, "created_at");
      out_.header.extra.push_back(
          {.key = "ggcode", .json = Envelope(o, {"type", "title", "workspace", "vendor", "model", "created_at"})});
      return;
    }
    if (model != out_.header.model || vendor != out_.header.provider) {
      out_.header.model = model;
      out_.header.provider = vendor;
      Chain(Record::ModelChange(model, vendor), TimeOf(o, "updated_at"), number, offset, "model");
    }
    Chain(Record::Custom("ggcode.meta", {{.key = "ggcode", .json = Envelope(o, {"type"})}}), TimeOf(o, "updated_at"),
          number, offset);
  }

  void MessageLine(object o, object body, int64_t number, int64_t offset) {
    Message m;
    m.role = StringOr(body, "role");
    array blocks;
    if (body["content"].get_array().get(blocks) == simdjson::SUCCESS) {
      for (element e : blocks) {
        object b;
        if (e.get_object().get(b) == simdjson::SUCCESS) m.content.push_back(Block(b));
      }
    }
    if (m.role.empty() || m.content.empty()) return Skip(number, offset, "a message without a role or content");
    bool results_only = true;
    for (const ContentBlock& b : m.content) results_only &= b.type == BlockType::kToolResult;
    if (m.role == kRoleUser && results_only) m.role = kRoleTool;
    KeepOthers(body, {"role", "content"}, &m.extra);
    if (std::string rest = Envelope(o, {"type", "session_id", "message", "timestamp"}); rest != "{}") {
      m.extra.push_back({.key = "ggcode", .json = std::move(rest)});
    }
    const std::string message_id = StringOr(body, "id");
    Chain(Record::FromMessage(std::move(m)), TimeOf(o, "timestamp"), number, offset);
    if (!message_id.empty()) by_message_id_[message_id] = out_.entries.size() - 1;
  }

  // Makes the summary message a checkpoint names a compaction; false if it
  // names none that was read.
  bool Checkpoint(object o) {
    auto summary = by_message_id_.find(StringOr(o, "checkpoint_summary_msg_id"));
    if (summary == by_message_id_.end()) return false;
    Entry& e = out_.entries[summary->second];
    if (e.type != RecordType::kMessage) return false;
    std::string text = e.message.Text();
    if (text.starts_with(kSummaryPrefix)) text.erase(0, kSummaryPrefix.size());
    int64_t tokens = 0;
    if (o["checkpoint_tokens"].get_int64().get(tokens) != simdjson::SUCCESS) tokens = 0;
    std::string first_kept;
    if (auto last = by_message_id_.find(StringOr(o, "checkpoint_last_msg_id"));
        last != by_message_id_.end() && last->second + 1 < out_.entries.size()) {
      first_kept = out_.entries[last->second + 1].id;
    }
    Result<std::string> as_json = ToJson(e.message);
    const std::string message = as_json.ok() ? *as_json : "null";
    const int64_t ts = e.timestamp_ms;
    static_cast<Record&>(e) = Record::Compaction(std::move(text), first_kept == e.id ? "" : first_kept, tokens);
    e.timestamp_ms = ts;
    e.extra.push_back({.key = "ggcode_message", .json = message});
    e.extra.push_back({.key = "ggcode_checkpoint", .json = Envelope(o, {"type", "session_id"})});
    return true;
  }

  bool meta_ = false;
  std::map<std::string, size_t> by_message_id_;  // message.id -> its entry
};

bool LooksLikeGgcode(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  object o;
  return FirstLineObject(head, &parser, &o) && StringOr(o, "type") == "meta" && !StringOr(o, "session_id").empty();
}

std::string SessionIdOf(std::string_view path) { return std::string(FileStem(path)); }

}  // namespace

const SourceFormat kGgcode = {.name = "ggcode",
                              .streams_messages = false,
                              .session_id = SessionIdOf,
                              .looks_like = LooksLikeGgcode,
                              .read = ReadWith<Reader>};

}  // namespace sessionstore::interop
