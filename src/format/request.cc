// ToRequest (sessionstore/request.h): the dispatch to each shape's writer,
// and what the writers share.

#include "sessionstore/request.h"

#include <simdjson.h>

#include "format/json_words.h"
#include "format/line_encoder.h"
#include "format/request_writer.h"

namespace sessionstore {

namespace {

// Native messages as sessionstore writes them.
Status WriteNativeRequest(std::span<const format::Turn> turns, format::JsonWriter* w) {
  thread_local format::LineEncoder encoder;
  w->Key("messages");
  w->BeginArray();
  for (const format::Turn& turn : turns) {
    format::ByteBuffer message;
    if (Status s = encoder.EncodeMessage(*turn.message, &message); !s.ok()) return s;
    w->Raw(message.view());
  }
  w->EndArray();
  return Status::OK();
}

}  // namespace

Result<Request> ToRequest(const ContextView& view, Shape shape) {
  std::vector<format::Turn> turns;
  turns.reserve(view.items.size());
  for (const ContextItem& item : view.items) turns.push_back({.entry_id = item.entry_id, .message = &item.message});
  Request request;
  format::LeftOutNotes notes(&request.left_out);
  format::ByteBuffer out;
  format::JsonWriter w(&out);
  w.BeginObject();
  switch (shape) {
    case Shape::kAuto:
      return Status::InvalidArgument("a request is in a shape: native, anthropic, openai-chat or openai-responses");
    case Shape::kNative:
      if (Status s = WriteNativeRequest(turns, &w); !s.ok()) return s;
      break;
    case Shape::kAnthropic: format::WriteAnthropicRequest(turns, &w, &notes); break;
    case Shape::kOpenAIChat: format::WriteOpenAiChatRequest(turns, &w, &notes); break;
    case Shape::kOpenAIResponses: format::WriteOpenAiResponsesRequest(turns, &w, &notes); break;
  }
  w.EndObject();
  // Raw members were copied as they were kept: what is sent must be JSON.
  thread_local simdjson::dom::parser parser;
  if (auto error = parser.parse(out.view().data(), out.view().size()).error()) {
    return Status::InvalidArgument("a member kept as raw JSON " + format::JsonErrorWords(error));
  }
  request.json = std::string(out.view());
  return request;
}

namespace format {

std::string ImageUrl(const ContentBlock& image) {
  if (!image.data.empty()) return "data:" + image.media_type + ";base64," + image.data;
  return image.url;
}

std::string ArgumentsText(std::string_view arguments_json) {
  thread_local simdjson::dom::parser parser;
  std::string_view text;
  if (parser.parse(arguments_json.data(), arguments_json.size()).get_string().get(text) == simdjson::SUCCESS) {
    return std::string(text);
  }
  return std::string(arguments_json);
}

bool IsJsonObject(std::string_view json) {
  const size_t first = json.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && json[first] == '{';
}

const std::string* FindField(const JsonFields& fields, std::string_view key) {
  for (const JsonField& f : fields) {
    if (f.key == key) return &f.json;
  }
  return nullptr;
}

std::string JoinedText(const std::vector<ContentBlock>& blocks) {
  std::string text;
  bool first = true;
  for (const ContentBlock& b : blocks) {
    if (b.type != BlockType::kText) continue;
    if (!first) text += '\n';
    text += b.text;
    first = false;
  }
  return text;
}

std::string BlockWords(const ContentBlock& block) {
  switch (block.type) {
    case BlockType::kText: return "a text block";
    case BlockType::kImage: return "an image";
    case BlockType::kThinking: return "a thinking block";
    case BlockType::kToolCall: return "the tool call " + block.id;
    case BlockType::kToolResult: return "the result of tool call " + block.id;
    case BlockType::kUnknown: return "a block of type " + block.type_name;
  }
  return "a block";
}

void WriteUnknownBlock(const ContentBlock& block, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String(block.type_name);
  for (const JsonField& f : block.extra) {
    w->Key(f.key);
    w->Raw(f.json);
  }
  w->EndObject();
}

}  // namespace format

}  // namespace sessionstore
