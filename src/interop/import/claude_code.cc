// Claude Code's transcripts (FORMATS.md §6): one JSON object per line, a
// tree of user/assistant/system entries by uuid and parentUuid, and records
// outside the tree (titles, snapshots, queue operations).
//
// What each line becomes:
//   user, assistant   a message with the entry's uuid, parent and time; the
//                     envelope (cwd, version, gitBranch, requestId,
//                     toolUseResult, ...) kept raw under "claude". The
//                     entries of one streamed response (same message.id,
//                     each the child of the one before) merge into one
//                     message; the later ones' envelopes go to
//                     "claude_split". A user entry of tool results only is
//                     a message of role tool.
//   compact_boundary  a compaction (tokens_before = preTokens), re-attached
//                     to the entry before it (logicalParentUuid); the
//                     summary entry after it gives its summary.
//   custom-title      a title record; ai-title and summary are one too
//                     while no custom-title (resp. no title) came before.
//   anything else     a custom record "claude.<type>" holding the line's
//                     members, in the tree where the line has a uuid.
// Records outside the tree follow the last entry read, and what followed
// that entry follows them, so that they add no branch.

#include <simdjson.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "format/message_shapes.h"
#include "interop/import/source_reader.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// A line of a type with no slot in sessionstore's model, kept whole.
Record Custom(const std::string& type, std::string members) {
  return Record::Custom("claude." + type, {{.key = "claude", .json = std::move(members)}});
}

// The file is named by its session's id; lines copied from another session
// (a fork) keep that one's sessionId.
std::string SessionIdOf(std::string_view path) { return std::string(FileStem(path)); }

bool OnlyToolResults(const Message& m) {
  for (const ContentBlock& b : m.content) {
    if (b.type != BlockType::kToolResult) return false;
  }
  return !m.content.empty();
}

// The members of an entry of the tree that have no slot in the entry itself.
std::string Envelope(object o) { return MembersExcept(o, {"type", "uuid", "parentUuid", "timestamp", "message"}); }

class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, "claude") {}

  void Line(std::string_view line, int64_t number, int64_t offset) {
    offset_ = offset;
    object o;
    if (!Parse(line, number, offset, &o)) return;
    const std::string type = StringOr(o, "type");
    if (type.empty()) return Skip(number, offset, "no \"type\" member");
    if (session_id_.empty()) session_id_ = StringOr(o, "sessionId");
    if (out_.header.workspace.empty()) out_.header.workspace = StringOr(o, "cwd");
    const std::string uuid = StringOr(o, "uuid");
    int64_t ts = 0;
    if (std::string when = StringOr(o, "timestamp"); !when.empty()) {
      if (Result<int64_t> parsed = ParseTimestamp(when); parsed.ok()) ts = *parsed;
    }
    if (ts > 0 && out_.header.created_ms == 0) out_.header.created_ms = ts;
    if ((type == "user" || type == "assistant") && !uuid.empty())
      return MessageEntry(o, type, uuid, ts, number, offset);
    if (type == "system" && StringOr(o, "subtype") == "compact_boundary" && !uuid.empty()) {
      return Boundary(o, uuid, ts);
    }
    if (type == "custom-title" || type == "ai-title" || type == "summary") return TitleLine(o, type, number, ts);
    Entry e;
    static_cast<Record&>(e) = Custom(type, MembersExcept(o, {"type", "uuid", "parentUuid"}));
    e.timestamp_ms = ts;
    if (uuid.empty()) return Outside(std::move(e), number);
    e.id = uuid;
    e.parent = ParentOf(o, "parentUuid");
    Add(std::move(e));
  }

  Result<SourceSession> Finish() {
    if (out_.entries.empty()) return Status::InvalidArgument("holds no Claude Code entry");
    for (const Entry& e : out_.entries) {
      if (e.type == RecordType::kMessage && e.message.role == kRoleAssistant && !e.message.model.empty()) {
        out_.header.model = e.message.model;
      }
    }
    out_.header.title = title_;
    out_.header.id = SessionIdOf(path_);
    if (out_.header.id.empty()) out_.header.id = session_id_;
    return std::move(out_);
  }

 private:
  // The id the entry `member` names stands for now: what a merged or
  // skipped entry became, and then what was put after it.
  std::string ParentOf(object o, std::string_view member) {
    std::string id = StringOr(o, member);
    if (auto it = merged_into_.find(id); it != merged_into_.end()) id = it->second;
    if (!id.empty() && !index_.contains(id)) id = last_;  // a parent that did not read: follow the last
    return Resolved(id);
  }

  // `id`, or the last of the records put after it.
  std::string Resolved(std::string id) const {
    while (true) {
      auto it = followed_by_.find(id);
      if (it == followed_by_.end()) return id;
      id = it->second;
    }
  }

  void Add(Entry e) {
    index_[e.id] = out_.entries.size();
    last_ = e.id;
    if (e.type == RecordType::kMessage) out_.leaf = e.id;
    out_.entries.push_back(std::move(e));
    out_.offsets.push_back(offset_);
  }

  // A record outside the tree: it follows the last entry, and what would
  // have followed that entry follows it instead.
  void Outside(Entry e, int64_t number) {
    e.id = "claude-line-" + std::to_string(number);
    e.parent = last_;
    // Before any entry: the roots that come follow it.
    followed_by_[last_] = e.id;
    if (out_.leaf == last_) out_.leaf = e.id;
    const std::string id = e.id;
    index_[id] = out_.entries.size();
    out_.entries.push_back(std::move(e));
    out_.offsets.push_back(offset_);
    last_ = id;
  }

  void MessageEntry(object o, const std::string& type, const std::string& uuid, int64_t ts, int64_t number,
                    int64_t offset) {
    object mo;
    if (o["message"].get_object().get(mo) != simdjson::SUCCESS) {
      return Skip(number, offset, "no \"message\" object");
    }
    Result<Message> m = format::ReadShapedMessage(mo, Shape::kAnthropic);
    if (!m.ok()) return Skip(number, offset, "the message does not read: " + m.status().message());
    std::string envelope = Envelope(o);
    if (m->model == "<synthetic>") {
      // A harness-made message (an API error, "No response requested"): no model's.
      m->model.clear();
      AddMember(&envelope, "synthetic", "true");
    }
    const std::string message_id = StringOr(mo, "id");
    const std::string usage_key = message_id + "/" + StringOr(o, "requestId");
    const std::string raw_parent = StringOr(o, "parentUuid");
    std::string parent = ParentOf(o, "parentUuid");
    if (type == "assistant" && !message_id.empty()) {
      // The next block of a streamed response: merged into the message.
      auto merged = merged_into_.find(raw_parent);
      auto it = index_.find(merged != merged_into_.end() ? merged->second : raw_parent);
      if (it != index_.end() && message_ids_[it->first] == message_id) {
        Entry& into = out_.entries[it->second];
        for (ContentBlock& b : m->content) into.message.content.push_back(std::move(b));
        if (m->usage && (!into.message.usage || m->usage->output_tokens > into.message.usage->output_tokens)) {
          into.message.usage = m->usage;
        }
        if (into.message.stop_reason.empty()) into.message.stop_reason = m->stop_reason;
        const std::string split = "{\"uuid\":" + JsonString(uuid) + ",\"parentUuid\":" + JsonString(raw_parent) +
                                  ",\"envelope\":" + envelope + "}";
        JsonField* field = nullptr;
        for (JsonField& f : into.extra) field = f.key == "claude_split" ? &f : field;
        if (field == nullptr) {
          into.extra.push_back({.key = "claude_split", .json = "[" + split + "]"});
        } else {
          field->json.insert(field->json.size() - 1, "," + split);
        }
        merged_into_[uuid] = it->first;
        last_ = it->first;
        return;
      }
    }
    if (m->usage && !usage_seen_.insert(usage_key).second) {
      // The same response copied onto another branch: its tokens count once.
      element usage;
      if (mo["usage"].get(usage) == simdjson::SUCCESS) {
        AddMember(&envelope, "repeated_usage", Raw(usage));
      }
      m->usage.reset();
    }
    if (type == "user" && OnlyToolResults(*m)) m->role = kRoleTool;
    bool summary = false;
    if (o["isCompactSummary"].get_bool().get(summary) != simdjson::SUCCESS) summary = false;
    if (summary && index_.contains(parent) && out_.entries[index_[parent]].type == RecordType::kCompaction) {
      // The summary a compaction boundary is waiting for.
      Entry& compaction = out_.entries[index_[parent]];
      compaction.summary = m->Text();
      compaction.extra.push_back(
          {.key = "claude_summary", .json = "{\"uuid\":" + JsonString(uuid) + ",\"envelope\":" + envelope + "}"});
      merged_into_[uuid] = compaction.id;
      last_ = compaction.id;
      return;
    }
    Entry e;
    static_cast<Record&>(e) = Record::FromMessage(std::move(*m));
    e.timestamp_ms = ts;
    e.id = uuid;
    e.parent = parent;
    e.extra.push_back({.key = "claude", .json = std::move(envelope)});
    message_ids_[uuid] = message_id;
    Add(std::move(e));
  }

  void Boundary(object o, const std::string& uuid, int64_t ts) {
    int64_t tokens_before = 0;
    object meta;
    if (o["compactMetadata"].get_object().get(meta) == simdjson::SUCCESS) {
      if (meta["preTokens"].get_int64().get(tokens_before) != simdjson::SUCCESS) tokens_before = 0;
    }
    Entry e;
    static_cast<Record&>(e) = Record::Compaction("", "", tokens_before);
    e.timestamp_ms = ts;
    e.id = uuid;
    // A new root in the file, re-attached to what it compacted (or, where
    // that is not said, to the last entry read).
    e.parent = StringOr(o, "logicalParentUuid").empty() ? Resolved(last_) : ParentOf(o, "logicalParentUuid");
    e.extra.push_back({.key = "claude", .json = Envelope(o)});
    Add(std::move(e));
  }

  void TitleLine(object o, const std::string& type, int64_t number, int64_t ts) {
    const std::string text = StringOr(o, type == "custom-title" ? "customTitle"
                                         : type == "ai-title"   ? "aiTitle"
                                                                : "summary");
    const int rank = type == "custom-title" ? 3 : type == "ai-title" ? 2 : 1;
    Entry e;
    if (!text.empty() && rank >= title_rank_) {
      title_rank_ = rank;
      title_ = text;
      static_cast<Record&>(e) = Record::Title(text);
      e.extra.push_back({.key = "claude", .json = MembersExcept(o, {})});
    } else {
      static_cast<Record&>(e) = Custom(type, MembersExcept(o, {"type"}));
    }
    e.timestamp_ms = ts;
    Outside(std::move(e), number);
  }

  std::map<std::string, size_t> index_;             // entry id -> its place in out_.entries
  std::map<std::string, std::string> merged_into_;  // source uuid -> the entry that holds it
  std::map<std::string, std::string> followed_by_;  // entry id -> the record put after it
  std::map<std::string, std::string> message_ids_;  // entry id -> its message.id
  std::set<std::string> usage_seen_;                // message.id/requestId counted
  int64_t offset_ = 0;                              // the line being read
  std::string session_id_;                          // the first line's sessionId
  std::string last_;                                // the last entry read
  std::string title_;
  int title_rank_ = 0;
};

bool LooksLikeClaudeCode(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  size_t start = 0;
  for (int lines = 0; lines < 20 && start < head.size(); ++lines) {
    size_t end = head.find('\n', start);
    if (end == std::string_view::npos) break;
    if (Result<object> line = ParseLine(&parser, head.substr(start, end - start)); line.ok()) {
      const object o = *line;
      const std::string type = StringOr(o, "type");
      if ((type == "user" || type == "assistant" || type == "system") && !StringOr(o, "uuid").empty() &&
          !StringOr(o, "sessionId").empty()) {
        return true;
      }
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

const SourceFormat kClaudeCode = {.name = "claude",
                                  .streams_messages = true,
                                  .session_id = SessionIdOf,
                                  .looks_like = LooksLikeClaudeCode,
                                  .read = ReadWith<Reader>};

}  // namespace sessionstore::interop
