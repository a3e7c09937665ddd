// pi's sessions (FORMATS.md §8): a header line {type: "session", version,
// id, timestamp, cwd, parentSession?}, then entries of a tree by id and
// parentId (version 1: no ids, a chain).
//
// What each entry becomes:
//   message          a message: user and assistant as they are (blocks text,
//                    thinking, toolCall, image), toolResult as role tool;
//                    pi's members with no slot (api, errorMessage,
//                    textSignature, thoughtSignature, details, the cost
//                    breakdown, ...) kept raw where they were. Messages of
//                    pi's own roles (bashExecution, custom) are custom
//                    records "pi.message".
//   model_change     a model change; compaction (firstKeptEntryId,
//                    tokensBefore), branch_summary (fromId), label
//                    (targetId) the same records; session_info with a name
//                    a title record.
//   anything else    a custom record "pi.<type>" holding its members.
// The leaf is the last entry of the file, as pi loads it.

#include <simdjson.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "interop/import/source_reader.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string SessionIdOf(std::string_view path);

// A pi block: text, thinking, toolCall or image; others kept as they are.
ContentBlock Block(object o) {
  const std::string type = StringOr(o, "type");
  ContentBlock b;
  if (type == "text") {
    b = ContentBlock::Text(StringOr(o, "text"));
  } else if (type == "thinking") {
    bool redacted = false;
    if (o["redacted"].get_bool().get(redacted) != simdjson::SUCCESS) redacted = false;
    b = redacted ? ContentBlock::Thinking("")
                 : ContentBlock::Thinking(StringOr(o, "thinking"), StringOr(o, "thinkingSignature"));
    if (redacted) b.redacted_data = StringOr(o, "thinkingSignature");
  } else if (type == "toolCall") {
    element arguments;
    b = ContentBlock::ToolCall(StringOr(o, "id"), StringOr(o, "name"),
                               o["arguments"].get(arguments) == simdjson::SUCCESS ? Raw(arguments) : "{}");
  } else if (type == "image") {
    b = ContentBlock::Image(StringOr(o, "mimeType"), StringOr(o, "data"));
  } else {
    b.type = BlockType::kUnknown;
    b.type_name = type;
    KeepOthers(o, {"type"}, &b.extra);
    return b;
  }
  KeepOthers(
      o, {"type", "text", "thinking", "thinkingSignature", "redacted", "id", "name", "arguments", "mimeType", "data"},
      &b.extra);
  return b;
}

std::vector<ContentBlock> Blocks(element content) {
  std::vector<ContentBlock> blocks;
  std::string_view text;
  array parts;
  if (content.get_string().get(text) == simdjson::SUCCESS) {
    blocks.push_back(ContentBlock::Text(std::string(text)));
  } else if (content.get_array().get(parts) == simdjson::SUCCESS) {
    for (element part : parts) {
      object o;
      if (part.get_object().get(o) == simdjson::SUCCESS) blocks.push_back(Block(o));
    }
  }
  return blocks;
}

// A pi message as sessionstore's; false for the roles it has no slot for.
bool ReadMessage(object o, Message* m) {
  const std::string role = StringOr(o, "role");
  element content;
  const bool has_content = o["content"].get(content) == simdjson::SUCCESS;
  if (role == "user" || role == "assistant") {
    m->role = role;
    if (has_content) m->content = Blocks(content);
    m->model = StringOr(o, "model");
    m->provider = StringOr(o, "provider");
    m->stop_reason = StringOr(o, "stopReason");
    object usage;
    if (o["usage"].get_object().get(usage) == simdjson::SUCCESS) {
      Usage u = TokenCounts(usage, {"input", "output", "cacheRead", "cacheWrite"});
      if (usage.at_pointer("/cost/total").get_double().get(u.cost_usd) != simdjson::SUCCESS) u.cost_usd = 0;
      m->usage = std::move(u);
    }
    KeepOthers(o, {"role", "content", "model", "provider", "stopReason", "usage"}, &m->extra);
  } else if (role == "toolResult") {
    m->role = kRoleTool;
    ContentBlock result;
    result.type = BlockType::kToolResult;
    result.id = StringOr(o, "toolCallId");
    result.name = StringOr(o, "toolName");
    if (has_content) result.content = Blocks(content);
    if (o["isError"].get_bool().get(result.is_error) != simdjson::SUCCESS) result.is_error = false;
    element details;
    if (o["details"].get(details) == simdjson::SUCCESS)
      result.extra.push_back({.key = "details", .json = Raw(details)});
    m->content.push_back(std::move(result));
    KeepOthers(o, {"role", "content", "toolCallId", "toolName", "isError", "details"}, &m->extra);
  } else {
    return false;
  }
  return !m->content.empty();
}

Record Custom(const std::string& type, std::string members) {
  return Record::Custom("pi." + type, {{.key = "pi", .json = std::move(members)}});
}

class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, "pi") {}

  void Line(std::string_view line, int64_t number, int64_t offset) {
    object o;
    if (!Parse(line, number, offset, &o)) return;
    const std::string type = StringOr(o, "type");
    if (IsFirstLine(number)) return Header(o, type, number, offset);
    if (!header_) return;
    Entry e;
    e.id = StringOr(o, "id");
    e.parent = StringOr(o, "parentId");
    if (e.id.empty()) {
      // Version 1: no ids, one chain.
      e.id = "pi-line-" + std::to_string(number);
      e.parent = last_;
    }
    if (std::string when = StringOr(o, "timestamp"); !when.empty()) {
      if (Result<int64_t> ts = ParseTimestamp(when); ts.ok()) e.timestamp_ms = *ts;
    }
    const std::string members = MembersExcept(o, {"type", "id", "parentId", "timestamp"});
    if (type == "message") {
      object mo;
      Message m;
      if (o["message"].get_object().get(mo) != simdjson::SUCCESS) return Skip(number, offset, "no \"message\" member");
      if (ReadMessage(mo, &m)) {
        if (m.role == kRoleAssistant && !m.model.empty()) out_.header.model = m.model;
        static_cast<Record&>(e) = Record::FromMessage(std::move(m));
      } else {
        static_cast<Record&>(e) = Custom(type, members);
      }
    } else if (type == "model_change") {
      out_.header.model = StringOr(o, "modelId");
      static_cast<Record&>(e) = Record::ModelChange(StringOr(o, "modelId"), StringOr(o, "provider"));
    } else if (type == "compaction") {
      int64_t tokens = 0;
      if (o["tokensBefore"].get_int64().get(tokens) != simdjson::SUCCESS) tokens = 0;
      std::string first_kept = StringOr(o, "firstKeptEntryId");
      int64_t index = -1;
      if (first_kept.empty() && o["firstKeptEntryIndex"].get_int64().get(index) == simdjson::SUCCESS && index >= 0 &&
          static_cast<size_t>(index) < out_.entries.size()) {
        first_kept = out_.entries[static_cast<size_t>(index)].id;
      }
      static_cast<Record&>(e) = Record::Compaction(StringOr(o, "summary"), first_kept, tokens);
      e.extra.push_back({.key = "pi",
                         .json = MembersExcept(o, {"type", "id", "parentId", "timestamp", "summary", "firstKeptEntryId",
                                                   "tokensBefore"})});
    } else if (type == "branch_summary") {
      std::string from = StringOr(o, "fromId");
      static_cast<Record&>(e) = Record::BranchSummary(StringOr(o, "summary"), from == "root" ? "" : from);
      e.extra.push_back({.key = "pi", .json = MembersExcept(o, {"type", "id", "parentId", "timestamp", "summary"})});
    } else if (type == "label") {
      static_cast<Record&>(e) = Record::Label(StringOr(o, "targetId"), StringOr(o, "label"));
    } else if (type == "session_info" && !StringOr(o, "name").empty()) {
      out_.header.title = StringOr(o, "name");
      static_cast<Record&>(e) = Record::Title(out_.header.title);
    } else {
      static_cast<Record&>(e) = Custom(type, members);
    }
    if (e.timestamp_ms == 0) e.timestamp_ms = out_.header.created_ms;
    last_ = e.id;
    out_.leaf = e.id;
    out_.entries.push_back(std::move(e));
    out_.offsets.push_back(offset);
  }

  Result<SourceSession> Finish() {
    if (!header_) return Status::InvalidArgument("its first line is not a pi session header");
    if (!parent_session_.empty()) LinkToParent();
    return std::move(out_);
  }

 private:
  void Header(object o, const std::string& type, int64_t number, int64_t offset) {
    if (type != "session" || StringOr(o, "id").empty()) {
      return Skip(number, offset, "not a pi session header (type \"session\" with an id)");
    }
    header_ = true;
    parent_session_ = StringOr(o, "parentSession");
    out_.header.id = StringOr(o, "id");
    out_.header.workspace = StringOr(o, "cwd");
    if (Result<int64_t> ts = ParseTimestamp(StringOr(o, "timestamp")); ts.ok()) out_.header.created_ms = *ts;
    out_.header.extra.push_back({.key = "pi", .json = MembersExcept(o, {"type", "id", "timestamp", "cwd"})});
  }

  // A session forked or branched from another (createBranchedSession)
  // names that file in parentSession and begins with copies of its path,
  // ids and all: the parent is that file (or, if it was moved, the file of
  // that name beside this one), and the fork point the last entry here
  // that it holds too. No link if the file is in neither place.
  void LinkToParent() {
    std::filesystem::path parent(parent_session_);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(parent, ec)) {
      parent = std::filesystem::path(path_).parent_path() / parent.filename();
    }
    std::optional<std::string> content = ReadTextFile(parent.string());
    if (!content) return;
    simdjson::dom::parser parser;
    std::set<std::string> ids;
    ForEachLine(*content, [&](std::string_view line, int64_t, int64_t) {
      Result<object> o = ParseLine(&parser, line);
      if (o.ok()) ids.insert(StringOr(*o, "id"));
    });
    std::string entry;
    for (const Entry& e : out_.entries) {
      if (ids.contains(e.id)) entry = e.id;
    }
    out_.header.parent = ParentRef{.session = SessionIdOf(parent.string()), .entry = entry};
  }

  bool header_ = false;
  std::string last_;
  std::string parent_session_;  // the header's parentSession
};

// pi names its files <time>_<session uuid>.jsonl: the session id.
std::string SessionIdOf(std::string_view path) {
  std::string_view stem = FileStem(path);
  return std::string(stem.substr(stem.rfind('_') + 1));
}

bool LooksLikePi(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  object o;
  return FirstLineObject(head, &parser, &o) && StringOr(o, "type") == "session" && !StringOr(o, "id").empty() &&
         !StringOr(o, "cwd").empty();
}

}  // namespace

const SourceFormat kPi = {.name = "pi",
                          .streams_messages = false,
                          .session_id = SessionIdOf,
                          .looks_like = LooksLikePi,
                          .read = ReadWith<Reader>};

}  // namespace sessionstore::interop
