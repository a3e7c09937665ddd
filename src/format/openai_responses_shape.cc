// OpenAI Responses API items, as the OpenAI Agents SDK stores them
// (doc/format.md, "Message shapes").

#include "format/message_shapes.h"

namespace sessionstore::format {

namespace {

constexpr std::string_view kReasoningSeparator = "\n\n";

// A content part: input_text and output_text are text, input_image an
// image; anything else is kept as a block of its own type.
Result<ContentBlock> ReadPart(JsonElement e, const JsonPath& path) {
  JsonObject o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return BadMember(path, "expected an object");
  Result<std::string> type = RequiredString(o, "type", path);
  if (!type.ok()) return type.status();
  ContentBlock b;
  if (*type == "input_text" || *type == "output_text") {
    return ReadTextPart(o, path);
  } else if (*type == "input_image") {
    Result<std::optional<std::string>> url = OptionalString(o, "image_url", path);
    if (!url.ok()) return url.status();
    if (*url) {
      b = ImageFromUrl(**url);
    } else {
      b.type = BlockType::kImage;  // a file_id, kept below
    }
    KeepOthers(o, {"type", "image_url"}, kBlockOwn, &b.extra);
  } else {
    return UnknownPart(o, *type);
  }
  return b;
}

Result<Message> ReadMessageItem(JsonObject o) {
  const JsonPath top;
  Message m;
  Result<std::string> role = RequiredString(o, "role", top);
  if (!role.ok()) return role.status();
  m.role = std::move(*role);
  JsonElement content;
  if (o["content"].get(content) != simdjson::SUCCESS) return BadMember(top.Member("content"), "missing");
  if (Status s = ReadTextOrParts(content, top.Member("content"), ReadPart, &m.content); !s.ok()) return s;
  KeepOthers(o, {"role", "content", "type"}, kMessageOwn, &m.extra);  // id, status
  return m;
}

Result<Message> ReadFunctionCall(JsonObject o) {
  const JsonPath top;
  Result<std::string> call_id = RequiredString(o, "call_id", top);
  Result<std::string> name = RequiredString(o, "name", top);
  Result<std::optional<std::string>> arguments = OptionalString(o, "arguments", top);
  if (!call_id.ok()) return call_id.status();
  if (!name.ok()) return name.status();
  if (!arguments.ok()) return arguments.status();
  Message m;
  m.role = kRoleAssistant;
  ContentBlock& call = m.content.emplace_back(
      ContentBlock::ToolCall(std::move(*call_id), std::move(*name), ArgumentsJson(arguments->value_or(""))));
  KeepOthers(o, {"type", "call_id", "name", "arguments"}, kBlockOwn, &call.extra);  // id becomes original_id
  return m;
}

Result<Message> ReadFunctionCallOutput(JsonObject o) {
  const JsonPath top;
  Result<std::string> call_id = RequiredString(o, "call_id", top);
  if (!call_id.ok()) return call_id.status();
  Message m;
  m.role = kRoleTool;
  ContentBlock& result = m.content.emplace_back();
  result.type = BlockType::kToolResult;
  result.id = std::move(*call_id);
  JsonElement output;
  if (o["output"].get(output) != simdjson::SUCCESS) return BadMember(top.Member("output"), "missing");
  if (Status s = ReadTextOrParts(output, top.Member("output"), ReadPart, &result.content); !s.ok()) return s;
  KeepOthers(o, {"type", "call_id", "output"}, kBlockOwn, &result.extra);
  return m;
}

Result<Message> ReadReasoning(JsonObject o) {
  const JsonPath top;
  Message m;
  m.role = kRoleAssistant;
  ContentBlock& thinking = m.content.emplace_back(ContentBlock::Thinking(""));
  simdjson::dom::array summary;
  if (o["summary"].get_array().get(summary) == simdjson::SUCCESS) {
    size_t i = 0;
    for (JsonElement part : summary) {
      JsonObject p;
      std::string_view text;
      if (part.get_object().get(p) != simdjson::SUCCESS || p["text"].get_string().get(text) != simdjson::SUCCESS) {
        return BadMember(top.Member("summary").Index(i), "expected an object with a text");
      }
      if (i++ > 0) thinking.text += kReasoningSeparator;
      thinking.text += text;
    }
    // The parts as they were, so that they go back as they came.
    if (summary.size() > 1) KeepRaw("summary", o["summary"], kBlockOwn, &thinking.extra);
  }
  Result<std::optional<std::string>> encrypted = OptionalString(o, "encrypted_content", top);
  if (!encrypted.ok()) return encrypted.status();
  thinking.redacted_data = encrypted->value_or("");
  KeepOthers(o, {"type", "summary", "encrypted_content"}, kBlockOwn, &thinking.extra);  // id becomes original_id
  return m;
}

}  // namespace

Result<Message> ReadOpenAiResponsesItem(JsonObject o) {
  std::string_view type = "message";
  JsonElement type_member;
  if (o["type"].get(type_member) == simdjson::SUCCESS && type_member.get_string().get(type) != simdjson::SUCCESS) {
    return BadMember(JsonPath().Member("type"), "expected a string");
  }
  if (type == "message") return ReadMessageItem(o);
  if (type == "function_call") return ReadFunctionCall(o);
  if (type == "function_call_output") return ReadFunctionCallOutput(o);
  if (type == "reasoning") return ReadReasoning(o);
  // Another item (a web search, a computer call, ...): one block of its type.
  Message m;
  m.role = kRoleAssistant;
  ContentBlock& item = m.content.emplace_back();
  item.type = BlockType::kUnknown;
  item.type_name = std::string(type);
  KeepOthers(o, {"type"}, kUnknownBlockOwn, &item.extra);
  return m;
}

}  // namespace sessionstore::format
