// ExportZot (agent_export.h): the inverse of import/zot.cc. One branch as
// zot's lines: a meta line (again where the model changes), messages with
// zot's untagged blocks, a usage line with the running totals after each
// usage, renames; zot's own lines, kept by the import as custom records
// "zot.<type>", written back as they were.

#include <string>

#include "format/json_writer.h"
#include "format/request_writer.h"
#include "interop/export/agent_export.h"
#include "interop/export/export_lines.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using format::JsonWriter;

void WriteBlocks(const Entry& e, const std::vector<ContentBlock>& blocks, JsonWriter* w, Exported* out);

void WriteBlock(const Entry& e, const ContentBlock& b, JsonWriter* w, Exported* out) {
  w->BeginObject();
  switch (b.type) {
    case BlockType::kText: w->Key("text"), w->String(b.text); break;
    case BlockType::kThinking:
      // zot keeps reasoning as OpenAI gives it: a summary, and the
      // encrypted content; it has no place for a signature.
      if (!b.signature.empty()) NoteLeftOut(e, "a thinking block's signature", out);
      w->Key("summary"), w->String(b.text);
      if (!b.redacted_data.empty()) w->Key("encrypted_content"), w->String(b.redacted_data);
      break;
    case BlockType::kToolCall:
      w->Key("id"), w->String(b.id);
      w->Key("name"), w->String(b.name);
      w->Key("arguments"), w->Raw(b.arguments);
      break;
    case BlockType::kToolResult:
      w->Key("call_id"), w->String(b.id);
      w->Key("content"), WriteBlocks(e, b.content, w, out);
      w->Key("is_error"), w->Bool(b.is_error);
      break;
    case BlockType::kImage:
      if (b.data.empty()) NoteLeftOut(e, "an image by URL (zot holds image data only)", out);
      w->Key("mime_type"), w->String(b.media_type);
      w->Key("data"), w->String(b.data);
      break;
    case BlockType::kUnknown: break;  // WriteBlocks passes it over
  }
  WriteFields(b.extra, w,
              {"text", "summary", "encrypted_content", "id", "name", "arguments", "call_id", "content", "is_error",
               "mime_type", "data"});
  w->EndObject();
}

void WriteBlocks(const Entry& e, const std::vector<ContentBlock>& blocks, JsonWriter* w, Exported* out) {
  w->BeginArray();
  for (const ContentBlock& b : blocks) {
    if (b.type == BlockType::kUnknown) {
      NoteLeftOut(e, "a " + format::BlockWords(b) + " (zot's blocks are text, images, reasoning and tools)", out);
    } else {
      WriteBlock(e, b, w, out);
    }
  }
  w->EndArray();
}

void WriteUsage(const Usage& u, JsonWriter* w) {
  w->BeginObject();
  w->Key("input_tokens"), w->Int(u.input_tokens);
  w->Key("output_tokens"), w->Int(u.output_tokens);
  w->Key("cache_read_tokens"), w->Int(u.cache_read_tokens);
  w->Key("cache_write_tokens"), w->Int(u.cache_write_tokens);
  w->Key("cost_usd"), w->Double(u.cost_usd);
  w->EndObject();
}

class ZotWriter {
 public:
  ZotWriter(const Session& s, Exported* out) : s_(s), out_(out), model_(s.header.model), provider_(s.header.provider) {}

  void Meta() {
    Line([&](JsonWriter* w) {
      w->Key("type"), w->String("meta");
      w->Key("meta"), w->BeginObject();
      const std::string* kept = format::FindField(s_.header.extra, "zot");
      if (kept == nullptr || kept->find("\"id\"") == std::string::npos) w->Key("id"), w->String(s_.header.id);
      w->Key("cwd"), w->String(s_.header.workspace);
      w->Key("model"), w->String(model_);
      w->Key("provider"), w->String(provider_);
      w->Key("started"), w->String(FormatTimestamp(s_.header.created_ms));
      if (kept != nullptr) {
        WriteMembers(*kept, w, {"cwd", "model", "provider", "started", "title"});
      } else {
        w->Key("version"), w->String("sessionstore");
      }
      if (!s_.header.title.empty()) w->Key("title"), w->String(s_.header.title);
      w->EndObject();
    });
  }

  void Write(const std::vector<const Entry*>& path) {
    for (size_t i = 0; i < path.size(); ++i) {
      const Entry& e = *path[i];
      switch (e.type) {
        case RecordType::kMessage:
          Message(e);
          if (e.message.usage) AddUsage(*e.message.usage);
          break;
        case RecordType::kModelChange:
          model_ = e.model;
          provider_ = e.provider;
          // A later meta line the import read is written back whole: the
          // custom record after this one.
          if (i + 1 < path.size() && path[i + 1]->type_name == "zot.meta") break;
          Meta();
          break;
        case RecordType::kUsage: AddUsage(e.usage); break;
        case RecordType::kTitle:
          Line([&](JsonWriter* w) {
            w->Key("type"), w->String("rename");
            w->Key("title"), w->String(e.title);
          });
          break;
        case RecordType::kUnknown:
          if (!IsImportRecord(e)) Custom(e);
          break;
        case RecordType::kCompaction:
          NoteLeftOut(e, "a compaction (zot does not keep compactions; the messages before it are written)", out_);
          break;
        case RecordType::kBranchSummary: NoteLeftOut(e, "a branch summary (zot keeps one branch)", out_); break;
        case RecordType::kLabel: NoteLeftOut(e, "a label (zot has none)", out_); break;
      }
    }
  }

  std::string Finish() { return lines_.text(); }

 private:
  template <typename Members>
  void Line(Members members) {
    lines_.Line(members);
  }

  void Message(const Entry& e) {
    const sessionstore::Message& m = e.message;
    if (m.role != kRoleUser && m.role != kRoleAssistant && m.role != kRoleTool) {
      return NoteLeftOut(e, "a message of role \"" + m.role + "\" (zot stores user, assistant and tool messages)",
                         out_);
    }
    if (!m.model.empty() && m.model != model_) {
      model_ = m.model;
      if (!m.provider.empty()) provider_ = m.provider;
      Meta();
    }
    Line([&](JsonWriter* w) {
      w->Key("type"), w->String("message");
      w->Key("message"), w->BeginObject();
      w->Key("role"), w->String(m.role);
      w->Key("content"), WriteBlocks(e, m.content, w, out_);
      if (format::FindField(m.extra, "time") == nullptr) w->Key("time"), w->String(FormatTimestamp(e.timestamp_ms));
      WriteFields(m.extra, w, {"role", "content"});
      w->EndObject();
    });
  }

  // A usage line of the totals so far, as zot writes them.
  void AddUsage(const Usage& u) {
    totals_.input_tokens += u.input_tokens;
    totals_.output_tokens += u.output_tokens;
    totals_.cache_read_tokens += u.cache_read_tokens;
    totals_.cache_write_tokens += u.cache_write_tokens;
    totals_.cost_usd += u.cost_usd;
    Line([&](JsonWriter* w) {
      w->Key("type"), w->String("usage");
      w->Key("usage"), WriteUsage(totals_, w);
      w->Key("cumulative"), WriteUsage(totals_, w);
    });
  }

  void Custom(const Entry& e) {
    const std::string* kept = format::FindField(e.extra, "zot");
    if (!e.type_name.starts_with("zot.") || kept == nullptr) {
      return NoteLeftOut(e, "a record of type \"" + e.type_name + "\" (zot has no place for it)", out_);
    }
    Line([&](JsonWriter* w) {
      const std::string_view type = std::string_view(e.type_name).substr(4);
      w->Key("type"), w->String(type);
      if (type == "meta") {
        w->Key("meta"), w->Raw(*kept);
      } else {
        WriteMembers(*kept, w, {"type"});
      }
    });
  }

  const Session& s_;
  Exported* out_;
  std::string model_, provider_;
  Usage totals_;
  JsonLines lines_;
};

}  // namespace

Result<Exported> ExportZot(const Session& s, const std::string& leaf) {
  Result<std::vector<const Entry*>> path = PathTo(s, leaf);
  if (!path.ok()) return path.status();
  Exported out;
  NoteOtherBranches(s, *path, &out);
  ZotWriter writer(s, &out);
  writer.Meta();
  writer.Write(*path);
  out.text = writer.Finish();
  return out;
}

}  // namespace sessionstore::interop
