// ExportEino and ExportPicoclaw (agent_export.h): the inverses of
// import/chat_lines.cc. One branch as one OpenAI-Chat-like message a line:
// the text as "content", thinking as "reasoning_content", tool calls as
// "tool_calls", each tool result a "tool" message of its own with its
// "tool_call_id"; eino's usage in "response_meta", picoclaw's images as
// data: URLs in "media". What an import kept raw is written back.

#include <string>

#include "format/json_writer.h"
#include "format/request_writer.h"
#include "interop/export/agent_export.h"
#include "interop/export/export_lines.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using format::JsonWriter;

enum class Target { kEino, kPicoclaw };

// The raw members of `fields`, but for those a line's writer fills from the
// common model.
void WriteRaw(const JsonFields& fields, JsonWriter* w) {
  WriteFields(fields, w,
              {"role", "content", "reasoning_content", "tool_calls", "tool_call_id", "tool_name", "response_meta",
               "user_input_multi_content", "media", "model_name", "created_at"});
}

std::string ThinkingText(const std::vector<ContentBlock>& blocks) {
  std::string text;
  for (const ContentBlock& b : blocks) {
    if (b.type != BlockType::kThinking || b.text.empty()) continue;
    text += (text.empty() ? "" : "\n") + b.text;
  }
  return text;
}

class ChatLinesWriter {
 public:
  ChatLinesWriter(Target target, Exported* out) : target_(target), out_(out) {}

  // The lines of message entry `e`: its tool results first, each a line,
  // then the rest.
  void Message(const Entry& e) {
    const sessionstore::Message& m = e.message;
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kToolResult) Result(e, b);
    }
    bool rest = false;
    for (const ContentBlock& b : m.content) rest |= b.type != BlockType::kToolResult;
    if (!rest) return;
    if (m.role == kRoleTool) {
      NoteLeftOut(e, "blocks of a tool message beside its results", out_);
      return;
    }
    Line([&](JsonWriter* w) {
      w->Key("role"), w->String(m.role);
      w->Key("content"), w->String(format::JoinedText(m.content));
      Images(m.content, w);
      if (const std::string thinking = ThinkingText(m.content); !thinking.empty()) {
        w->Key("reasoning_content"), w->String(thinking);
      }
      for (const ContentBlock& b : m.content) {
        if (b.type == BlockType::kThinking && !b.signature.empty()) {
          NoteLeftOut(e, "a thinking block's signature", out_);
        } else if (b.type == BlockType::kThinking && !b.redacted_data.empty()) {
          NoteLeftOut(e, "redacted thinking", out_);
        } else if (b.type == BlockType::kUnknown) {
          NoteLeftOut(e, "a " + format::BlockWords(b), out_);
        }
      }
      ToolCalls(m.content, w);
      if (target_ == Target::kEino) {
        ResponseMeta(m, w);
      } else {
        if (!m.model.empty()) w->Key("model_name"), w->String(m.model);
        w->Key("created_at"), w->String(FormatTimestamp(e.timestamp_ms));
      }
      WriteRaw(m.extra, w);
    });
  }

  std::string Finish() { return lines_.text(); }
  size_t lines() const { return lines_.count(); }

  template <typename Members>
  void Line(Members members) {
    lines_.Line(members);
  }

 private:
  void Result(const Entry& e, const ContentBlock& b) {
    Line([&](JsonWriter* w) {
      w->Key("role"), w->String(kRoleTool);
      w->Key("content"), w->String(format::JoinedText(b.content));
      Images(b.content, w);
      w->Key("tool_call_id"), w->String(b.id);
      if (target_ == Target::kEino && !b.name.empty()) w->Key("tool_name"), w->String(b.name);
      if (target_ == Target::kPicoclaw) w->Key("created_at"), w->String(FormatTimestamp(e.timestamp_ms));
      if (b.is_error) NoteLeftOut(e, "a tool result's error flag (the format has none)", out_);
      WriteRaw(b.extra, w);
      if (e.message.role == kRoleTool) WriteRaw(e.message.extra, w);
    });
  }

  void Images(const std::vector<ContentBlock>& blocks, JsonWriter* w) {
    bool any = false;
    for (const ContentBlock& b : blocks) any |= b.type == BlockType::kImage;
    if (!any) return;
    if (target_ == Target::kPicoclaw) {
      w->Key("media"), w->BeginArray();
      for (const ContentBlock& b : blocks) {
        if (b.type == BlockType::kImage) w->String(format::ImageUrl(b));
      }
      w->EndArray();
      return;
    }
    // eino: the user's multimodal input; a part's image is "image_url"
    // even when its data is inline.
    w->Key("user_input_multi_content"), w->BeginArray();
    for (const ContentBlock& b : blocks) {
      if (b.type != BlockType::kImage) continue;
      w->BeginObject();
      w->Key("type"), w->String("image_url");
      w->Key("image"), w->BeginObject();
      if (!b.url.empty()) w->Key("url"), w->String(b.url);
      if (!b.data.empty()) w->Key("base64data"), w->String(b.data);
      w->Key("mime_type"), w->String(b.media_type);
      w->EndObject();
      w->EndObject();
    }
    w->EndArray();
  }

  void ToolCalls(const std::vector<ContentBlock>& blocks, JsonWriter* w) {
    bool any = false;
    for (const ContentBlock& b : blocks) any |= b.type == BlockType::kToolCall;
    if (!any) return;
    w->Key("tool_calls"), w->BeginArray();
    int index = 0;
    for (const ContentBlock& b : blocks) {
      if (b.type != BlockType::kToolCall) continue;
      w->BeginObject();
      if (target_ == Target::kEino) w->Key("index"), w->Int(index++);
      w->Key("id"), w->String(b.id);
      w->Key("type"), w->String("function");
      w->Key("function"), w->BeginObject();
      w->Key("name"), w->String(b.name);
      w->Key("arguments"), w->String(format::ArgumentsText(b.arguments));
      w->EndObject();
      WriteFields(b.extra, w, {"index", "id", "type", "function"});
      w->EndObject();
    }
    w->EndArray();
  }

  // eino's response_meta: the finish reason and the usage, in OpenAI's
  // terms (prompt_tokens counts the cached ones too).
  void ResponseMeta(const sessionstore::Message& m, JsonWriter* w) {
    if (const std::string* kept = format::FindField(m.extra, "response_meta")) {
      w->Key("response_meta"), w->Raw(*kept);
      return;
    }
    if (!m.usage && m.stop_reason.empty()) return;
    w->Key("response_meta"), w->BeginObject();
    if (!m.stop_reason.empty()) w->Key("finish_reason"), w->String(m.stop_reason);
    if (m.usage) {
      const Usage& u = *m.usage;
      w->Key("usage"), w->BeginObject();
      w->Key("prompt_tokens"), w->Int(u.input_tokens);
      w->Key("prompt_token_details"), w->BeginObject(), w->Key("cached_tokens"), w->Int(u.cache_read_tokens),
          w->EndObject();
      w->Key("completion_tokens"), w->Int(u.output_tokens);
      w->Key("total_tokens"), w->Int(u.input_tokens + u.output_tokens);
      w->Key("completion_token_details"), w->BeginObject(), w->EndObject();
      w->EndObject();
    }
    w->EndObject();
  }

  Target target_;
  Exported* out_;
  JsonLines lines_;
};

// Says what a chat-lines format has no place for.
void NoteRecord(const Entry& e, Exported* out) {
  switch (e.type) {
    case RecordType::kModelChange: NoteLeftOut(e, "a model change (the format keeps no model)", out); break;
    case RecordType::kTitle: NoteLeftOut(e, "a title (the format derives its own)", out); break;
    case RecordType::kUsage: NoteLeftOut(e, "a usage record (the format keeps usage on messages)", out); break;
    case RecordType::kLabel: NoteLeftOut(e, "a label", out); break;
    case RecordType::kBranchSummary: NoteLeftOut(e, "a branch summary", out); break;
    case RecordType::kCompaction: NoteLeftOut(e, "a compaction (the format has no place for one)", out); break;
    case RecordType::kUnknown:
      if (!IsImportRecord(e)) NoteLeftOut(e, "a record of type \"" + e.type_name + "\"", out);
      break;
    case RecordType::kMessage: break;
  }
}

}  // namespace

Result<Exported> ExportEino(const Session& s, const std::string& leaf) {
  Result<std::vector<const Entry*>> path = PathTo(s, leaf);
  if (!path.ok()) return path.status();
  Exported out;
  NoteOtherBranches(s, *path, &out);
  ChatLinesWriter writer(Target::kEino, &out);
  writer.Line([&](JsonWriter* w) {
    w->Key("type"), w->String("session");
    w->Key("id"), w->String(s.header.id);
    w->Key("created_at"), w->String(FormatTimestamp(s.header.created_ms));
    if (const std::string* kept = format::FindField(s.header.extra, "eino")) {
      // The lines are schema.Message lines, whatever kind was imported.
      WriteMembers(*kept, w, {"type", "id", "created_at", "message_kind"});
    }
  });
  for (const Entry* e : *path) {
    if (e->type == RecordType::kMessage) {
      writer.Message(*e);
    } else {
      NoteRecord(*e, &out);
    }
  }
  out.text = writer.Finish();
  return out;
}

Result<Exported> ExportPicoclaw(const Session& s, const std::string& leaf) {
  Result<std::vector<const Entry*>> path = PathTo(s, leaf);
  if (!path.ok()) return path.status();
  Exported out;
  NoteOtherBranches(s, *path, &out);
  ChatLinesWriter writer(Target::kPicoclaw, &out);
  // picoclaw's rolling summary stands for the lines before it: the
  // latest compaction's, and the number of lines written before it.
  const Entry* compaction = nullptr;
  size_t skip = 0;
  int64_t updated_ms = s.header.created_ms;
  for (const Entry* e : *path) {
    updated_ms = std::max(updated_ms, e->timestamp_ms);
    if (e->type == RecordType::kMessage) {
      writer.Message(*e);
    } else if (e->type == RecordType::kCompaction) {
      if (compaction != nullptr) NoteLeftOut(*compaction, "an earlier compaction (picoclaw keeps the latest)", &out);
      compaction = e;
      skip = writer.lines();
    } else {
      NoteRecord(*e, &out);
    }
  }
  out.text = writer.Finish();
  JsonLines meta;
  meta.Line([&](JsonWriter* w) {
    const std::string* kept = format::FindField(s.header.extra, "picoclaw");
    if (kept == nullptr || kept->find("\"key\"") == std::string::npos) w->Key("key"), w->String(s.header.id);
    w->Key("summary"), w->String(compaction != nullptr ? compaction->summary : "");
    w->Key("skip"), w->Uint(skip);
    w->Key("count"), w->Uint(writer.lines());
    w->Key("created_at"), w->String(FormatTimestamp(s.header.created_ms));
    w->Key("updated_at"), w->String(FormatTimestamp(updated_ms));
    if (kept != nullptr) WriteMembers(*kept, w, {"summary", "skip", "count", "created_at", "updated_at"});
  });
  out.companion = meta.text();
  return out;
}

}  // namespace sessionstore::interop
