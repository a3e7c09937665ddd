// Anthropic Messages API messages (doc/format.md, "Message shapes").

#include "format/message_shapes.h"

namespace sessionstore::format {

namespace {

Result<ContentBlock> ReadImage(JsonObject o, const JsonPath& path) {
  JsonObject source;
  if (o["source"].get_object().get(source) != simdjson::SUCCESS) return BadMember(path.Member("source"), "missing");
  Result<std::optional<std::string>> type = OptionalString(source, "type", path.Member("source"));
  if (!type.ok()) return type.status();
  ContentBlock b;
  b.type = BlockType::kImage;
  const std::string kind = type->value_or("");
  if (kind == "base64") {
    Result<std::string> media_type = RequiredString(source, "media_type", path.Member("source"));
    Result<std::string> data = RequiredString(source, "data", path.Member("source"));
    if (!media_type.ok()) return media_type.status();
    if (!data.ok()) return data.status();
    b.media_type = std::move(*media_type);
    b.data = std::move(*data);
    KeepOthers(source, {"type", "media_type", "data"}, kBlockOwn, &b.extra);
  } else if (kind == "url") {
    Result<std::string> url = RequiredString(source, "url", path.Member("source"));
    if (!url.ok()) return url.status();
    b.url = std::move(*url);
    KeepOthers(source, {"type", "url"}, kBlockOwn, &b.extra);
  } else {
    // A file id or a source of a newer kind: kept as it is.
    KeepRaw("source", o["source"], kBlockOwn, &b.extra);
  }
  KeepOthers(o, {"type", "source"}, kBlockOwn, &b.extra);
  return b;
}

Result<ContentBlock> ReadBlock(JsonElement e, const JsonPath& path) {
  JsonObject o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return BadMember(path, "expected an object");
  Result<std::string> type = RequiredString(o, "type", path);
  if (!type.ok()) return type.status();
  ContentBlock b;
  if (*type == "text") {
    return ReadTextPart(o, path);
  } else if (*type == "image") {
    return ReadImage(o, path);
  } else if (*type == "thinking") {
    Result<std::optional<std::string>> thinking = OptionalString(o, "thinking", path);
    Result<std::optional<std::string>> signature = OptionalString(o, "signature", path);
    if (!thinking.ok()) return thinking.status();
    if (!signature.ok()) return signature.status();
    b = ContentBlock::Thinking(thinking->value_or(""), signature->value_or(""));
    KeepOthers(o, {"type", "thinking", "signature"}, kBlockOwn, &b.extra);
  } else if (*type == "redacted_thinking") {
    Result<std::string> data = RequiredString(o, "data", path);
    if (!data.ok()) return data.status();
    b.type = BlockType::kThinking;
    b.redacted_data = std::move(*data);
    KeepOthers(o, {"type", "data"}, kBlockOwn, &b.extra);
  } else if (*type == "tool_use") {
    Result<std::string> id = RequiredString(o, "id", path);
    Result<std::string> name = RequiredString(o, "name", path);
    if (!id.ok()) return id.status();
    if (!name.ok()) return name.status();
    JsonElement input;
    const bool has_input = o["input"].get(input) == simdjson::SUCCESS;
    b = ContentBlock::ToolCall(std::move(*id), std::move(*name), has_input ? RawJson(input) : "{}");
    KeepOthers(o, {"type", "id", "name", "input"}, kBlockOwn, &b.extra);
  } else if (*type == "tool_result") {
    Result<std::string> call = RequiredString(o, "tool_use_id", path);
    if (!call.ok()) return call.status();
    b.type = BlockType::kToolResult;
    b.id = std::move(*call);
    JsonElement content;
    if (o["content"].get(content) == simdjson::SUCCESS && !content.is_null()) {
      if (Status s = ReadTextOrParts(content, path.Member("content"), ReadBlock, &b.content); !s.ok()) return s;
    }
    JsonElement is_error;
    if (o["is_error"].get(is_error) == simdjson::SUCCESS && !is_error.is_null() &&
        is_error.get_bool().get(b.is_error) != simdjson::SUCCESS) {
      return BadMember(path.Member("is_error"), "expected true or false");
    }
    KeepOthers(o, {"type", "tool_use_id", "content", "is_error"}, kBlockOwn, &b.extra);
  } else {
    // document, search_result, server tool blocks, ...: kept as they are.
    return UnknownPart(o, *type);
  }
  return b;
}

}  // namespace

Result<Message> ReadAnthropicMessage(JsonObject o) {
  const JsonPath top;
  Message m;
  Result<std::string> role = RequiredString(o, "role", top);
  if (!role.ok()) return role.status();
  m.role = std::move(*role);
  JsonElement content;
  if (o["content"].get(content) != simdjson::SUCCESS) return BadMember(top.Member("content"), "missing");
  if (Status s = ReadTextOrParts(content, top.Member("content"), ReadBlock, &m.content); !s.ok()) return s;
  for (auto [key, field] : {std::pair{"model", &m.model}, std::pair{"stop_reason", &m.stop_reason}}) {
    Result<std::optional<std::string>> value = OptionalString(o, key, top);
    if (!value.ok()) return value.status();
    *field = value->value_or("");
  }
  JsonElement usage;
  if (o["usage"].get(usage) == simdjson::SUCCESS && !usage.is_null()) {
    Result<Usage> u = ReadUsage(usage, top.Member("usage"),
                                {.input = "input_tokens",
                                 .output = "output_tokens",
                                 .cache_read = "cache_read_input_tokens",
                                 .cache_write = "cache_creation_input_tokens"});
    if (!u.ok()) return u.status();
    m.usage = std::move(*u);
  }
  KeepOthers(o, {"role", "content", "model", "stop_reason", "usage"}, kMessageOwn, &m.extra);
  return m;
}

}  // namespace sessionstore::format
