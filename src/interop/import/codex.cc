// Codex CLI rollouts (FORMATS.md §7): lines {timestamp, type, payload} of a
// session_meta, response_items (what the model saw and produced),
// turn_contexts (the model in force), event_msgs and compactions; or, in
// the first era, a bare meta line and bare response items. A chain: each
// entry follows the one before.
//
// What each line becomes:
//   session_meta      the first: the session (id, time, cwd, provider; the
//                     rest kept in the header's "codex" member); later
//                     ones (a fork's copies) custom records.
//   response_item     messages. Consecutive model-side items (reasoning,
//                     function_call, custom_tool_call, local_shell_call,
//                     an assistant message, ...) are one assistant message;
//                     each function_call_output / custom_tool_call_output
//                     one tool message, an error when its exit code is not
//                     0; developer messages are system messages (their
//                     role kept as "codex_role").
//   turn_context      a custom record; a model change where the model changed.
//   event_msg         token_count: a usage record of what the turn added to
//                     the totals (the event kept raw); the others custom
//                     records (they repeat the messages, and hold the exec
//                     details and rate limits).
//   compacted         a compaction (replacement_history kept raw).
//   anything else     a custom record "codex.<type>".
// The title is the thread's latest name in session_index.jsonl beside the
// sessions folder.

#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "format/message_shapes.h"
#include "interop/import/source_reader.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Record Custom(const std::string& type, std::string members) {
  return Record::Custom("codex." + type, {{.key = "codex", .json = std::move(members)}});
}

bool ModelSide(std::string_view item_type, std::string_view role) {
  if (item_type == "message") return role == "assistant";
  return item_type != "function_call_output" && item_type != "custom_tool_call_output";
}

// The exit code a shell call's output reports, if it reports one: the JSON
// text {"output", "metadata": {"exit_code"}} of older versions, or text
// beginning "Exit code: N".
std::optional<int64_t> ExitCode(std::string_view output) {
  if (output.starts_with("Exit code: ")) {
    int64_t code = 0;
    const char* p = output.data() + 11;
    const char* end = output.data() + output.size();
    bool negative = p < end && *p == '-';
    if (negative) ++p;
    if (p == end || *p < '0' || *p > '9') return std::nullopt;
    while (p < end && *p >= '0' && *p <= '9') code = code * 10 + (*p++ - '0');
    return negative ? -code : code;
  }
  simdjson::dom::parser parser;
  element root;
  int64_t code = 0;
  if (output.starts_with('{') && parser.parse(output.data(), output.size()).get(root) == simdjson::SUCCESS &&
      root.at_pointer("/metadata/exit_code").get_int64().get(code) == simdjson::SUCCESS) {
    return code;
  }
  return std::nullopt;
}

// A response item as a message of sessionstore's; an error where it does not read.
Result<Message> ItemMessage(object item) {
  const std::string type = StringOr(item, "type");
  if (type == "custom_tool_call" || type == "custom_tool_call_output") {
    // A freeform tool (apply_patch): its input and output are text.
    Message m;
    ContentBlock b;
    if (type == "custom_tool_call") {
      m.role = kRoleAssistant;
      b = ContentBlock::ToolCall(StringOr(item, "call_id"), StringOr(item, "name"),
                                 JsonString(StringOr(item, "input")));
    } else {
      m.role = kRoleTool;
      b = ContentBlock::ToolResult(StringOr(item, "call_id"), StringOr(item, "output"));
    }
    b.extra.push_back({.key = "codex_type", .json = JsonString(type)});
    for (auto [key, value] : item) {
      if (key == "status") b.extra.push_back({.key = "status", .json = Raw(value)});
    }
    m.content.push_back(std::move(b));
    return m;
  }
  Result<Message> m = format::ReadShapedMessage(item, Shape::kOpenAIResponses);
  if (!m.ok()) return m.status();
  if (m->role == "developer") {
    m->role = kRoleSystem;
    m->extra.push_back({.key = "codex_role", .json = "\"developer\""});
  }
  if (type == "function_call_output" && !m->content.empty()) {
    std::string_view output;
    if (item["output"].get_string().get(output) == simdjson::SUCCESS) {
      if (std::optional<int64_t> code = ExitCode(output)) m->content[0].is_error = *code != 0;
    }
  }
  return m;
}

// The latest name of thread `id` in the session_index.jsonl of the Codex
// home that holds `path` (…/sessions/YYYY/MM/DD/rollout-….jsonl).
std::string ThreadName(std::string_view path, const std::string& id) {
  namespace fs = std::filesystem;
  for (fs::path dir = fs::path(path).parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (dir.filename() != "sessions" && dir.filename() != "archived_sessions") continue;
    std::ifstream index(dir.parent_path() / "session_index.jsonl");
    std::string line, name;
    simdjson::dom::parser parser;
    while (std::getline(index, line)) {
      element root;
      object o;
      if (parser.parse(line).get(root) == simdjson::SUCCESS && root.get_object().get(o) == simdjson::SUCCESS &&
          StringOr(o, "id") == id) {
        name = StringOr(o, "thread_name", name);
      }
    }
    return name;
  }
  return "";
}

class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, "codex") {}

  void Line(std::string_view line, int64_t number, int64_t offset) {
    offset_ = offset;
    object o;
    if (!Parse(line, number, offset, &o)) return;
    int64_t ts = 0;
    if (Result<int64_t> parsed = ParseTimestamp(StringOr(o, "timestamp")); parsed.ok()) ts = *parsed;
    std::string type = StringOr(o, "type");
    object payload;
    const bool wrapped = o["payload"].get_object().get(payload) == simdjson::SUCCESS;
    if (!wrapped) {
      // The first era: a bare meta line, bare items, state markers.
      payload = o;
      // (Its meta has an id and a timestamp; session_index.jsonl's lines,
      // an id and a thread_name, are no session.)
      if (IsFirstLine(number) && type.empty() && !StringOr(o, "timestamp").empty()) {
        type = "session_meta";
      } else if (!type.empty()) {
        type = "response_item";
      } else {
        type = StringOr(o, "record_type", "line");
      }
      ts = ts != 0 ? ts : last_ts_;
    }
    last_ts_ = ts;
    if (type == "session_meta" && !meta_) return Meta(payload, ts);
    if (!meta_) return Skip(number, offset, "before the session_meta line");
    if (type == "response_item") return Item(payload, ts, number, offset);
    open_assistant_ = -1;
    if (type == "turn_context") {
      const std::string model = StringOr(payload, "model");
      if (!model.empty() && model != out_.header.model) {
        out_.header.model = model;
        Chain(Record::ModelChange(model, out_.header.provider), ts, number, offset_, "model");
      }
      return Chain(Custom(type, Raw(payload)), ts, number, offset_);
    }
    if (type == "event_msg" && StringOr(payload, "type") == "token_count") return Tokens(payload, ts, number);
    if (type == "compacted") {
      Record r = Record::Compaction(StringOr(payload, "message"), "", 0);
      r.extra.push_back({.key = "codex", .json = MembersExcept(payload, {"message"})});
      return Chain(std::move(r), ts, number, offset_);
    }
    Chain(Custom(type, Raw(payload)), ts, number, offset_);
  }

  Result<SourceSession> Finish() {
    if (!meta_) return Status::InvalidArgument("it has no session_meta line");
    if (out_.header.workspace.empty()) out_.header.workspace = cwd_from_context_;
    out_.header.title = ThreadName(path_, out_.header.id);
    return std::move(out_);
  }

 private:
  void Meta(object meta, int64_t ts) {
    meta_ = true;
    out_.header.id = StringOr(meta, "session_id", StringOr(meta, "id"));
    out_.header.workspace = StringOr(meta, "cwd");
    out_.header.provider = StringOr(meta, "model_provider");
    if (Result<int64_t> created = ParseTimestamp(StringOr(meta, "timestamp")); created.ok()) {
      out_.header.created_ms = *created;
    } else {
      out_.header.created_ms = ts;
    }
    out_.header.extra.push_back({.key = "codex", .json = MembersExcept(meta, {"id", "timestamp", "cwd"})});
  }

  void Item(object item, int64_t ts, int64_t number, int64_t offset) {
    Result<Message> m = ItemMessage(item);
    if (!m.ok()) return Skip(number, offset, "the item does not read: " + m.status().message());
    const std::string item_type = StringOr(item, "type", "message");
    if (cwd_from_context_.empty() && m->role == kRoleUser) {
      // The first era has no cwd but in the environment context it gave the model.
      const std::string text = m->Text();
      const size_t open = text.find("<cwd>");
      const size_t close = text.find("</cwd>");
      if (open != std::string::npos && close > open) cwd_from_context_ = text.substr(open + 5, close - open - 5);
    }
    if (ModelSide(item_type, StringOr(item, "role")) && m->role == kRoleAssistant) {
      if (open_assistant_ >= 0) {
        // The next item of the same response.
        Message& into = out_.entries[static_cast<size_t>(open_assistant_)].message;
        for (ContentBlock& b : m->content) into.content.push_back(std::move(b));
        for (JsonField& f : m->extra) into.extra.push_back(std::move(f));
        return;
      }
      Chain(Record::FromMessage(std::move(*m)), ts, number, offset_);
      open_assistant_ = static_cast<int64_t>(out_.entries.size()) - 1;
      return;
    }
    open_assistant_ = -1;
    Chain(Record::FromMessage(std::move(*m)), ts, number, offset_);
  }

  // token_count: the totals so far; the record holds what they grew by.
  void Tokens(object event, int64_t ts, int64_t number) {
    object total;
    Record r = Custom("event_msg", Raw(event));
    if (event.at_pointer("/info/total_token_usage").get_object().get(total) == simdjson::SUCCESS) {
      Usage now;
      if (total["input_tokens"].get_int64().get(now.input_tokens) != simdjson::SUCCESS) now.input_tokens = 0;
      if (total["output_tokens"].get_int64().get(now.output_tokens) != simdjson::SUCCESS) now.output_tokens = 0;
      if (total["cached_input_tokens"].get_int64().get(now.cache_read_tokens) != simdjson::SUCCESS) {
        now.cache_read_tokens = 0;
      }
      if (now.input_tokens != totals_.input_tokens || now.output_tokens != totals_.output_tokens ||
          now.cache_read_tokens != totals_.cache_read_tokens) {
        Usage delta{.input_tokens = now.input_tokens - totals_.input_tokens,
                    .output_tokens = now.output_tokens - totals_.output_tokens,
                    .cache_read_tokens = now.cache_read_tokens - totals_.cache_read_tokens};
        r = Record::FromUsage(std::move(delta));
        r.extra.push_back({.key = "codex", .json = Raw(event)});
        totals_ = now;
      }
    }
    Chain(std::move(r), ts, number, offset_);
  }

  bool meta_ = false;
  int64_t last_ts_ = 0;
  int64_t offset_ = 0;           // the line being read
  int64_t open_assistant_ = -1;  // the assistant message the next model-side item joins
  Usage totals_;
  std::string cwd_from_context_;
};

// rollout-YYYY-MM-DDThh-mm-ss-<thread uuid>.jsonl
std::string SessionIdOf(std::string_view path) {
  std::string_view stem = FileStem(path);
  return std::string(stem.size() > 36 ? stem.substr(stem.size() - 36) : stem);
}

bool LooksLikeCodex(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  object o, payload;
  if (!FirstLineObject(head, &parser, &o)) return false;
  if (StringOr(o, "type") == "session_meta" && o["payload"].get_object().get(payload) == simdjson::SUCCESS) {
    return !StringOr(payload, "id").empty();
  }
  // The first era: {"id", "timestamp", "instructions", "git"?}.
  return StringOr(o, "type").empty() && !StringOr(o, "id").empty() && !StringOr(o, "timestamp").empty() &&
         o["instructions"].error() == simdjson::SUCCESS;
}

}  // namespace

const SourceFormat kCodex = {.name = "codex",
                             .streams_messages = true,
                             .session_id = SessionIdOf,
                             .looks_like = LooksLikeCodex,
                             .read = ReadWith<Reader>};

}  // namespace sessionstore::interop
