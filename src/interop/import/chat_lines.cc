// Three Go stores that write one OpenAI-Chat-like message per line, a
// chain with no ids (FORMATS.md §1, §2, §5b):
//   eino      a header {type: "session", id, created_at, message_kind?},
//             then schema.Message lines (usage in response_meta.usage);
//   picoclaw  no header; <key>.meta.json beside the file holds the key,
//             the times and the rolling summary of the first `skip` lines;
//   microkernel  no header, nothing beside; archived sessions are
//             <id>.jsonl.archived. Its shape is inferred: read tolerantly.
// Each line is read as an OpenAI Chat Completions message: content, tool
// calls, tool_call_id, reasoning_content; picoclaw's as its legacy files'
// messages are (ReadPicoclawMessage: media and parts as blocks, model_name,
// created_at); every other member (name, tool_name, response_meta,
// attachments, extra, ...) is kept raw on the message. None of them stores an error flag: results
// are never errors. The message's time is its created_at, timestamp or
// time member where it has one.

#include <simdjson.h>

#include <filesystem>
#include <string>

#include "format/message_shapes.h"
#include "interop/import/source_reader.h"
#include "interop/picoclaw_legacy.h"
#include "sessionstore/json.h"

namespace sessionstore::interop {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

enum class Store { kEino, kPicoclaw, kMicrokernel };

constexpr std::string_view Prefix(Store store) {
  return store == Store::kEino ? "eino" : store == Store::kPicoclaw ? "picoclaw" : "microkernel";
}

std::string WithoutArchived(std::string_view path) {
  std::string p(path);
  if (p.ends_with(".archived")) p.resize(p.size() - 9);
  return p;
}

std::string MetaPathOf(std::string_view path) {
  std::string p = WithoutArchived(path);
  if (p.ends_with(".jsonl")) p.resize(p.size() - 6);
  return p + ".meta.json";
}

int64_t TimeOf(object o) {
  for (const char* key : {"created_at", "timestamp", "time"}) {
    if (Result<int64_t> ts = ParseTimestamp(StringOr(o, key)); ts.ok()) return *ts;
  }
  return 0;
}

// eino's usage, as its own figures: prompt_tokens includes the cached ones.
void TakeUsage(object o, Message* m) {
  object usage;
  if (m->usage || o.at_pointer("/response_meta/usage").get_object().get(usage) != simdjson::SUCCESS) return;
  Usage u;
  if (usage["prompt_tokens"].get_int64().get(u.input_tokens) != simdjson::SUCCESS) u.input_tokens = 0;
  if (usage["completion_tokens"].get_int64().get(u.output_tokens) != simdjson::SUCCESS) u.output_tokens = 0;
  if (usage.at_pointer("/prompt_token_details/cached_tokens").get_int64().get(u.cache_read_tokens) !=
      simdjson::SUCCESS) {
    u.cache_read_tokens = 0;
  }
  m->usage = std::move(u);
}

// eino's user_input_multi_content: its image parts ({type: "image_url",
// image: {base64data | url, mime_type}}) become image blocks, and the
// member is taken out when every part was an image read whole; otherwise
// it stays raw as it was.
void TakeInputImages(object o, Message* m) {
  simdjson::dom::array parts;
  if (o["user_input_multi_content"].get_array().get(parts) != simdjson::SUCCESS) return;
  std::vector<ContentBlock> images;
  bool whole = true;
  for (element part : parts) {
    object p, image;
    if (part.get_object().get(p) != simdjson::SUCCESS || StringOr(p, "type") != "image_url" ||
        p["image"].get_object().get(image) != simdjson::SUCCESS) {
      whole = false;
      continue;
    }
    ContentBlock b = ContentBlock::Image(StringOr(image, "mime_type"), StringOr(image, "base64data"));
    b.url = StringOr(image, "url");
    if (b.data.empty() && b.url.empty()) {
      whole = false;
      continue;
    }
    KeepOthers(image, {"mime_type", "base64data", "url"}, &b.extra);
    KeepOthers(p, {"type", "image"}, &b.extra);
    images.push_back(std::move(b));
  }
  if (!whole) return;
  std::erase_if(m->extra, [](const JsonField& f) { return f.key == "user_input_multi_content"; });
  // After the text, before any tool call.
  auto at = std::find_if(m->content.begin(), m->content.end(),
                         [](const ContentBlock& b) { return b.type == BlockType::kToolCall; });
  m->content.insert(at, std::make_move_iterator(images.begin()), std::make_move_iterator(images.end()));
}

// A block of eino's agentic kind: {type, <type>: {its members}, extra?}.
ContentBlock AgenticBlock(object block) {
  const std::string type = StringOr(block, "type");
  object p;
  if (block[type].get_object().get(p) != simdjson::SUCCESS) {
    ContentBlock b;
    b.type = BlockType::kUnknown;
    b.type_name = type;
    KeepOthers(block, {"type"}, &b.extra);
    return b;
  }
  ContentBlock b;
  if (type == "user_input_text" || type == "assistant_gen_text") {
    b = ContentBlock::Text(StringOr(p, "text"));
    KeepOthers(p, {"text"}, &b.extra);
  } else if (type == "user_input_image" || type == "assistant_gen_image") {
    b = ContentBlock::Image(StringOr(p, "mime_type"), StringOr(p, "base64_data"));
    b.url = StringOr(p, "url");
    KeepOthers(p, {"mime_type", "base64_data", "url"}, &b.extra);
  } else if (type == "reasoning") {
    b = ContentBlock::Thinking(StringOr(p, "text"), StringOr(p, "signature"));
    KeepOthers(p, {"text", "signature"}, &b.extra);
  } else if (type == "function_tool_call") {
    // The arguments are JSON text; text that is not JSON stays a string.
    const std::string arguments = StringOr(p, "arguments", "{}");
    simdjson::dom::parser parser;
    element parsed;
    b = ContentBlock::ToolCall(
        StringOr(p, "call_id"), StringOr(p, "name"),
        parser.parse(arguments).get(parsed) == simdjson::SUCCESS ? Raw(parsed) : JsonString(arguments));
    KeepOthers(p, {"call_id", "name", "arguments"}, &b.extra);
  } else if (type == "function_tool_result") {
    b.type = BlockType::kToolResult;
    b.id = StringOr(p, "call_id");
    b.name = StringOr(p, "name");
    simdjson::dom::array content;
    if (p["content"].get_array().get(content) == simdjson::SUCCESS) {
      for (element part : content) {
        object o;
        if (part.get_object().get(o) != simdjson::SUCCESS) continue;
        if (StringOr(o, "type") == "text") {
          ContentBlock text = ContentBlock::Text(StringOr(o, "text"));
          KeepOthers(o, {"type", "text"}, &text.extra);
          b.content.push_back(std::move(text));
        } else {
          ContentBlock other;
          other.type = BlockType::kUnknown;
          other.type_name = StringOr(o, "type");
          KeepOthers(o, {"type"}, &other.extra);
          b.content.push_back(std::move(other));
        }
      }
    }
    KeepOthers(p, {"call_id", "name", "content"}, &b.extra);
  } else {
    b.type = BlockType::kUnknown;
    b.type_name = type;
    KeepOthers(block, {"type"}, &b.extra);
    return b;
  }
  KeepOthers(block, {"type", type}, &b.extra);
  return b;
}

// A line of eino's agentic kind: {role, content_blocks, response_meta?,
// extra?}; its other members are kept raw.
Result<Message> ReadAgenticMessage(object o) {
  Message m;
  m.role = StringOr(o, "role");
  simdjson::dom::array blocks;
  if (o["content_blocks"].get_array().get(blocks) == simdjson::SUCCESS) {
    for (element block : blocks) {
      object b;
      if (block.get_object().get(b) == simdjson::SUCCESS) m.content.push_back(AgenticBlock(b));
    }
  }
  if (m.role.empty() || m.content.empty()) {
    return Status::InvalidArgument("an agentic message needs a role and content_blocks");
  }
  KeepOthers(o, {"role", "content_blocks"}, &m.extra);
  return m;
}

template <Store kStore>
class Reader : public SourceReader {
 public:
  explicit Reader(std::string_view path) : SourceReader(path, Prefix(kStore)) {
    if (kStore != Store::kPicoclaw) return;
    element meta;
    object o;
    if (parser_.load(MetaPathOf(path)).get(meta) != simdjson::SUCCESS ||
        meta.get_object().get(o) != simdjson::SUCCESS) {
      return;
    }
    summary_ = StringOr(o, "summary");
    if (o["skip"].get_int64().get(skip_) != simdjson::SUCCESS) skip_ = 0;
    if (Result<int64_t> created = ParseTimestamp(StringOr(o, "created_at")); created.ok()) {
      out_.header.created_ms = *created;
    }
    out_.header.extra.push_back({.key = "picoclaw", .json = MembersExcept(o, {"summary", "skip", "created_at"})});
  }

  void Line(std::string_view line, int64_t number, int64_t offset) {
    ++lines_;
    object o;
    if (!Parse(line, number, offset, &o)) return;
    if (kStore == Store::kEino && IsFirstLine(number)) {
      header_ = StringOr(o, "type") == "session";
      agentic_ = StringOr(o, "message_kind") == "agentic";
      out_.header.id = StringOr(o, "id");
      if (Result<int64_t> created = ParseTimestamp(StringOr(o, "created_at")); created.ok()) {
        out_.header.created_ms = *created;
      }
      out_.header.extra.push_back({.key = "eino", .json = MembersExcept(o, {"type", "id", "created_at"})});
      return;
    }
    if (kStore == Store::kPicoclaw && !summary_.empty() && lines_ == skip_ + 1) {
      // The summary stands for the lines before this one.
      Chain(Record::Compaction(summary_, "", 0), 0, number, offset, "summary");
    }
    if (kStore == Store::kPicoclaw) {
      Result<Record> r = ReadPicoclawMessage(o, 0);
      if (!r.ok()) return Skip(number, offset, "the message does not read: " + r.status().message());
      if (r->message.role == kRoleAssistant && !r->message.model.empty()) out_.header.model = r->message.model;
      const int64_t ts = r->timestamp_ms;
      return Chain(std::move(*r), ts, number, offset);
    }
    Result<Message> m = agentic_ ? ReadAgenticMessage(o) : format::ReadShapedMessage(o, Shape::kOpenAIChat);
    if (kStore == Store::kEino && !m.ok() && !agentic_) {
      // An empty content beside multimodal parts: the parts are the message.
      Message parts;
      parts.role = StringOr(o, "role");
      KeepOthers(o, {"role", "content"}, &parts.extra);
      TakeInputImages(o, &parts);
      if (!parts.role.empty() && !parts.content.empty()) m = std::move(parts);
    } else if (kStore == Store::kEino && !agentic_) {
      TakeInputImages(o, &*m);
    }
    if (!m.ok()) return Skip(number, offset, "the message does not read: " + m.status().message());
    if (kStore == Store::kEino) TakeUsage(o, &*m);
    if (std::string model = StringOr(o, "model_name"); !model.empty() && m->model.empty()) m->model = model;
    if (m->role == kRoleAssistant && !m->model.empty()) out_.header.model = m->model;
    Chain(Record::FromMessage(std::move(*m)), TimeOf(o), number, offset);
  }

  Result<SourceSession> Finish() {
    if (kStore == Store::kEino && !header_)
      return Status::InvalidArgument("its first line is not an eino session header");
    if (kStore == Store::kPicoclaw && !summary_.empty() && lines_ <= skip_) {
      // Every line is behind the summary.
      Chain(Record::Compaction(summary_, "", 0), 0, lines_ + 1, 0, "summary");
    }
    out_.archived = std::string_view(path_).ends_with(".archived");
    if (out_.entries.empty() && out_.problems.empty()) return Status::InvalidArgument("holds no message");
    return std::move(out_);
  }

 private:
  bool header_ = false;   // eino: the first line was its header
  bool agentic_ = false;  // eino: the header's message_kind is "agentic"
  int64_t lines_ = 0;     // lines that are not blank, so far
  int64_t skip_ = 0;      // picoclaw: lines the summary stands for
  std::string summary_;
};

bool LooksLikeMessageLine(std::string_view head) {
  simdjson::dom::parser parser;
  object o;
  return FirstLineObject(head, &parser, &o) && !StringOr(o, "role").empty() &&
         o["content"].error() == simdjson::SUCCESS;
}

bool LooksLikeEino(std::string_view /*path*/, std::string_view head) {
  simdjson::dom::parser parser;
  object o;
  return FirstLineObject(head, &parser, &o) && StringOr(o, "type") == "session" && !StringOr(o, "id").empty() &&
         !StringOr(o, "created_at").empty() && StringOr(o, "cwd").empty();
}

bool LooksLikePicoclaw(std::string_view path, std::string_view head) {
  std::error_code ec;
  return LooksLikeMessageLine(head) && std::filesystem::is_regular_file(MetaPathOf(path), ec);
}

bool LooksLikeMicrokernel(std::string_view /*path*/, std::string_view head) { return LooksLikeMessageLine(head); }

std::string StemId(std::string_view path) { return std::string(FileStem(WithoutArchived(path))); }

}  // namespace

const SourceFormat kEino = {.name = "eino",
                            .streams_messages = false,
                            .session_id = StemId,
                            .looks_like = LooksLikeEino,
                            .read = ReadWith<Reader<Store::kEino>>};

const SourceFormat kPicoclaw = {.name = "picoclaw",
                                .streams_messages = false,
                                .session_id = StemId,
                                .looks_like = LooksLikePicoclaw,
                                .read = ReadWith<Reader<Store::kPicoclaw>>};

const SourceFormat kMicrokernel = {.name = "microkernel",
                                   .streams_messages = false,
                                   .session_id = StemId,
                                   .looks_like = LooksLikeMicrokernel,
                                   .read = ReadWith<Reader<Store::kMicrokernel>>};

}  // namespace sessionstore::interop
