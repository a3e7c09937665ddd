// ExportPi (agent_export.h): the inverse of import/pi.cc. Every entry of
// the tree, each with its id and parentId; messages in pi's AgentMessage
// shape (a tool message becomes one toolResult message per result);
// pi's own entries, kept by the import as custom records "pi.<type>",
// written back as they were.

#include <map>
#include <string>

#include "format/json_writer.h"
#include "format/request_writer.h"
#include "interop/export/agent_export.h"
#include "interop/export/export_lines.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using format::JsonWriter;

void WriteBlock(const ContentBlock& b, JsonWriter* w) {
  w->BeginObject();
  switch (b.type) {
    case BlockType::kText:
      w->Key("type"), w->String("text");
      w->Key("text"), w->String(b.text);
      break;
    case BlockType::kThinking:
      w->Key("type"), w->String("thinking");
      w->Key("thinking"), w->String(b.text);
      if (b.text.empty() && !b.redacted_data.empty()) {
        // pi keeps redacted reasoning's payload in thinkingSignature.
        w->Key("thinkingSignature"), w->String(b.redacted_data);
        w->Key("redacted"), w->Bool(true);
      } else if (!b.signature.empty() || !b.redacted_data.empty()) {
        // pi keeps what a provider needs to take the reasoning back in
        // thinkingSignature: Anthropic's signature, or OpenAI's encrypted
        // reasoning beside its summary.
        w->Key("thinkingSignature"), w->String(b.signature.empty() ? b.redacted_data : b.signature);
      }
      break;
    case BlockType::kToolCall:
      w->Key("type"), w->String("toolCall");
      w->Key("id"), w->String(b.id);
      w->Key("name"), w->String(b.name);
      w->Key("arguments"), w->Raw(b.arguments);
      break;
    case BlockType::kImage:
      w->Key("type"), w->String("image");
      w->Key("data"), w->String(b.data);
      w->Key("mimeType"), w->String(b.media_type);
      break;
    default: w->Key("type"), w->String(b.type_name); break;
  }
  WriteFields(
      b.extra, w,
      {"type", "text", "thinking", "thinkingSignature", "redacted", "id", "name", "arguments", "data", "mimeType"});
  w->EndObject();
}

// Whether pi can hold the block in a message's content; says what it
// cannot.
bool Carried(const Entry& e, const ContentBlock& b, Exported* out) {
  if (b.type == BlockType::kImage && b.data.empty()) {
    NoteLeftOut(e, "an image by URL (pi holds image data only)", out);
    return false;
  }
  return true;
}

void WriteUsage(const Usage& u, JsonWriter* w) {
  w->BeginObject();
  w->Key("input"), w->Int(u.input_tokens);
  w->Key("output"), w->Int(u.output_tokens);
  w->Key("cacheRead"), w->Int(u.cache_read_tokens);
  w->Key("cacheWrite"), w->Int(u.cache_write_tokens);
  if (format::FindField(u.extra, "totalTokens") == nullptr) {
    w->Key("totalTokens"), w->Int(u.input_tokens + u.output_tokens + u.cache_read_tokens + u.cache_write_tokens);
  }
  if (format::FindField(u.extra, "cost") == nullptr) {
    w->Key("cost"), w->BeginObject(), w->Key("total"), w->Double(u.cost_usd), w->EndObject();
  }
  WriteFields(u.extra, w, {"input", "output", "cacheRead", "cacheWrite"});
  w->EndObject();
}

class PiWriter {
 public:
  explicit PiWriter(Exported* out) : out_(out) {}

  void Header(const Session& s) {
    lines_.Line([&](JsonWriter* w) {
      w->Key("type"), w->String("session");
      const std::string* kept = format::FindField(s.header.extra, "pi");
      if (kept == nullptr || kept->find("\"version\"") == std::string::npos) w->Key("version"), w->Int(3);
      w->Key("id"), w->String(s.header.id);
      w->Key("timestamp"), w->String(FormatTimestamp(s.header.created_ms));
      w->Key("cwd"), w->String(s.header.workspace);
      if (kept != nullptr) WriteMembers(*kept, w, {"type", "id", "timestamp", "cwd"});
    });
  }

  void Write(const Entry& e) {
    switch (e.type) {
      case RecordType::kMessage: return Message(e);
      case RecordType::kModelChange:
        return Line(e, "model_change", [&](JsonWriter* w) {
          w->Key("provider"), w->String(e.provider);
          w->Key("modelId"), w->String(e.model);
        });
      case RecordType::kCompaction:
        return Line(e, "compaction", [&](JsonWriter* w) {
          w->Key("summary"), w->String(e.summary);
          w->Key("firstKeptEntryId"), w->String(Mapped(e.first_kept));
          w->Key("tokensBefore"), w->Int(e.tokens_before);
          WriteKept(e, w, {"summary", "firstKeptEntryId", "tokensBefore"});
        });
      case RecordType::kBranchSummary:
        return Line(e, "branch_summary", [&](JsonWriter* w) {
          w->Key("fromId"), w->String(e.branch_leaf.empty() ? "root" : Mapped(e.branch_leaf));
          w->Key("summary"), w->String(e.summary);
          WriteKept(e, w, {"fromId", "summary"});
        });
      case RecordType::kLabel:
        return Line(e, "label", [&](JsonWriter* w) {
          w->Key("targetId"), w->String(Mapped(e.target));
          if (!e.label.empty()) w->Key("label"), w->String(e.label);
        });
      case RecordType::kTitle:
        return Line(e, "session_info", [&](JsonWriter* w) { w->Key("name"), w->String(e.title); });
      case RecordType::kUsage:
        NoteLeftOut(e, "a usage record (pi keeps usage on assistant messages)", out_);
        return Skip(e);
      case RecordType::kUnknown: return IsImportRecord(e) ? Skip(e) : Custom(e);
    }
  }

  std::string Finish() { return lines_.text(); }

 private:
  // An entry's id as written: the id of the last line an entry became.
  std::string Mapped(const std::string& id) const {
    auto at = last_line_of_.find(id);
    return at == last_line_of_.end() ? id : at->second;
  }

  // An entry that is not written: its children follow its parent.
  void Skip(const Entry& e) { last_line_of_[e.id] = Mapped(e.parent); }

  // One line of type `type` for entry `e` (or its `part`-th piece), its
  // own members written by `members`.
  template <typename Members>
  void Line(const Entry& e, std::string_view type, Members members, int part = 0) {
    const std::string id = part == 0 ? e.id : e.id + "-" + std::to_string(part + 1);
    const std::string parent = part == 0 ? Mapped(e.parent) : last_line_of_[e.id];
    lines_.Line([&](JsonWriter* w) {
      w->Key("type"), w->String(type);
      w->Key("id"), w->String(id);
      w->Key("parentId");
      if (parent.empty()) {
        w->Null();
      } else {
        w->String(parent);
      }
      w->Key("timestamp"), w->String(FormatTimestamp(e.timestamp_ms));
      members(w);
    });
    last_line_of_[e.id] = id;
  }

  // The members of a record's "pi" raw member (what the import kept), then
  // its other raw members.
  void WriteKept(const Entry& e, JsonWriter* w, std::initializer_list<std::string_view> written) {
    if (const std::string* kept = format::FindField(e.extra, "pi")) WriteMembers(*kept, w, written);
    for (const JsonField& f : e.extra) {
      if (f.key != "pi") w->Key(f.key), w->Raw(f.json);
    }
  }

  void Custom(const Entry& e) {
    const std::string* kept = format::FindField(e.extra, "pi");
    if (e.type_name.starts_with("pi.") && kept != nullptr) {
      return Line(e, std::string_view(e.type_name).substr(3), [&](JsonWriter* w) {
        WriteMembers(*kept, w, {"type", "id", "parentId", "timestamp"});
      });
    }
    // An application's record: pi's extension state ("custom"), which is
    // not model context either.
    Line(e, "custom", [&](JsonWriter* w) {
      w->Key("customType"), w->String(e.type_name);
      w->Key("data"), w->BeginObject(), WriteFields(e.extra, w), w->EndObject();
    });
  }

  void Message(const Entry& e) {
    const sessionstore::Message& m = e.message;
    int part = 0;
    auto timestamp = [&](JsonWriter* w) {
      if (format::FindField(m.extra, "timestamp") == nullptr) w->Key("timestamp"), w->Int(e.timestamp_ms);
    };
    // Tool results: a toolResult message each.
    for (const ContentBlock& b : m.content) {
      if (b.type != BlockType::kToolResult) continue;
      Line(
          e, "message",
          [&](JsonWriter* w) {
            w->Key("message"), w->BeginObject();
            w->Key("role"), w->String("toolResult");
            w->Key("toolCallId"), w->String(b.id);
            w->Key("toolName"), w->String(b.name);
            w->Key("content"), w->BeginArray();
            for (const ContentBlock& c : b.content) {
              if (Carried(e, c, out_)) WriteBlock(c, w);
            }
            w->EndArray();
            w->Key("isError"), w->Bool(b.is_error);
            WriteFields(b.extra, w, {"role", "toolCallId", "toolName", "content", "isError"});
            if (m.role == kRoleTool) WriteFields(m.extra, w, {"role", "toolCallId", "toolName", "content", "isError"});
            timestamp(w);
            w->EndObject();
          },
          part++);
    }
    if (m.role == kRoleTool) {
      for (const ContentBlock& b : m.content) {
        if (b.type != BlockType::kToolResult)
          NoteLeftOut(e, "a " + format::BlockWords(b) + " beside tool results", out_);
      }
      if (part == 0) Skip(e);
      return;
    }
    if (m.role != kRoleUser && m.role != kRoleAssistant) {
      NoteLeftOut(e, "a message of role \"" + m.role + "\" (pi stores user, assistant and tool messages)", out_);
      if (part == 0) Skip(e);
      return;
    }
    bool any = false;
    for (const ContentBlock& b : m.content) any |= b.type != BlockType::kToolResult;
    if (!any) return;
    Line(
        e, "message",
        [&](JsonWriter* w) {
          w->Key("message"), w->BeginObject();
          w->Key("role"), w->String(m.role);
          w->Key("content"), w->BeginArray();
          for (const ContentBlock& b : m.content) {
            if (b.type != BlockType::kToolResult && Carried(e, b, out_)) WriteBlock(b, w);
          }
          w->EndArray();
          if (!m.provider.empty()) w->Key("provider"), w->String(m.provider);
          if (!m.model.empty()) w->Key("model"), w->String(m.model);
          if (m.usage) w->Key("usage"), WriteUsage(*m.usage, w);
          if (!m.stop_reason.empty()) w->Key("stopReason"), w->String(m.stop_reason);
          WriteFields(m.extra, w, {"role", "content", "provider", "model", "usage", "stopReason"});
          timestamp(w);
          w->EndObject();
        },
        part);
  }

  Exported* out_;
  JsonLines lines_;
  std::map<std::string, std::string> last_line_of_;
};

}  // namespace

Result<Exported> ExportPi(const Session& s) {
  Exported out;
  PiWriter writer(&out);
  writer.Header(s);
  for (const Entry& e : s.entries) writer.Write(e);
  out.text = writer.Finish();
  return out;
}

}  // namespace sessionstore::interop
