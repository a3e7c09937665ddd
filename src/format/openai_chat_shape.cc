// OpenAI Chat Completions messages (doc/format.md, "Message shapes").

#include "format/json_writer.h"
#include "format/message_shapes.h"

namespace sessionstore::format {

namespace {

// A content part: text, image_url; anything else is kept as a block of its
// own type.
Result<ContentBlock> ReadPart(JsonElement e, const JsonPath& path) {
  JsonObject o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return BadMember(path, "expected an object");
  Result<std::string> type = RequiredString(o, "type", path);
  if (!type.ok()) return type.status();
  ContentBlock b;
  if (*type == "text") {
    return ReadTextPart(o, path);
  } else if (*type == "image_url") {
    JsonObject image;
    if (o["image_url"].get_object().get(image) != simdjson::SUCCESS) {
      return BadMember(path.Member("image_url"), "expected an object with a url");
    }
    Result<std::string> url = RequiredString(image, "url", path.Member("image_url"));
    if (!url.ok()) return url.status();
    b = ImageFromUrl(*url);
    KeepOthers(image, {"url"}, kBlockOwn, &b.extra);  // detail
    KeepOthers(o, {"type", "image_url"}, kBlockOwn, &b.extra);
  } else {
    return UnknownPart(o, *type);
  }
  return b;
}

}  // namespace

Status ReadOpenAiChatParts(JsonElement parts, const JsonPath& path, std::vector<ContentBlock>* out) {
  return ReadParts(parts, path, ReadPart, out);
}

namespace {

// Content: a string (one text block, none if empty), null, or parts.
Status ReadContent(JsonObject o, const JsonPath& path, std::vector<ContentBlock>* out) {
  JsonElement content;
  if (o["content"].get(content) != simdjson::SUCCESS || content.is_null()) return Status::OK();
  return ReadTextOrParts(content, path.Member("content"), ReadPart, out);
}

Result<ContentBlock> ReadToolCall(JsonElement e, const JsonPath& path) {
  JsonObject call;
  if (e.get_object().get(call) != simdjson::SUCCESS) return BadMember(path, "expected an object");
  Result<std::string> id = RequiredString(call, "id", path);
  if (!id.ok()) return id.status();
  JsonObject function;
  ContentBlock b;
  if (call["function"].get_object().get(function) == simdjson::SUCCESS) {
    Result<std::string> name = RequiredString(function, "name", path.Member("function"));
    Result<std::optional<std::string>> arguments = OptionalString(function, "arguments", path.Member("function"));
    if (!name.ok()) return name.status();
    if (!arguments.ok()) return arguments.status();
    b = ContentBlock::ToolCall(std::move(*id), std::move(*name), ArgumentsJson(arguments->value_or("")));
    // Members of the function other than its name and arguments (Gemini's
    // thought_signature) go with the call, under "function".
    JsonFields others;
    KeepOthers(function, {"name", "arguments"}, Names(), &others);
    if (!others.empty()) {
      ByteBuffer object;
      JsonWriter w(&object);
      w.BeginObject();
      for (const JsonField& f : others) {
        w.Key(f.key);
        w.Raw(f.json);
      }
      w.EndObject();
      b.extra.push_back(JsonField{.key = "function", .json = std::string(object.view())});
    }
    KeepOthers(call, {"id", "function", "type"}, kBlockOwn, &b.extra);
  } else {
    // Older writers: the name, and the arguments as an object, beside the id.
    Result<std::string> name = RequiredString(call, "name", path);
    if (!name.ok()) return name.status();
    JsonElement arguments;
    const bool has_arguments = call["arguments"].get(arguments) == simdjson::SUCCESS;
    std::string_view text;
    std::string json = !has_arguments                                          ? "{}"
                       : arguments.get_string().get(text) == simdjson::SUCCESS ? ArgumentsJson(text)
                                                                               : RawJson(arguments);
    b = ContentBlock::ToolCall(std::move(*id), std::move(*name), std::move(json));
    KeepOthers(call, {"id", "name", "arguments", "type"}, kBlockOwn, &b.extra);
  }
  std::string_view type;
  if (call["type"].get_string().get(type) == simdjson::SUCCESS && type != "function") {
    b.extra.push_back(JsonField{.key = "original_type", .json = RawJson(call["type"])});
  }
  return b;
}

}  // namespace

Result<Message> ReadOpenAiChatMessage(JsonObject o) {
  const JsonPath top;
  Message m;
  Result<std::string> role = RequiredString(o, "role", top);
  if (!role.ok()) return role.status();
  m.role = std::move(*role);
  Result<std::optional<std::string>> reasoning = OptionalString(o, "reasoning_content", top);
  if (!reasoning.ok()) return reasoning.status();
  if (*reasoning && !(*reasoning)->empty()) m.content.push_back(ContentBlock::Thinking(std::move(**reasoning)));
  Result<std::optional<std::string>> call_id = OptionalString(o, "tool_call_id", top);
  if (!call_id.ok()) return call_id.status();
  if (*call_id) {
    // A tool's answer: its content is the result of the call it names.
    if ((*call_id)->empty()) return BadMember(top.Member("tool_call_id"), "empty");
    ContentBlock result;
    result.type = BlockType::kToolResult;
    result.id = std::move(**call_id);
    if (Status s = ReadContent(o, top, &result.content); !s.ok()) return s;
    Result<std::optional<std::string>> name = OptionalString(o, "name", top);
    if (!name.ok()) return name.status();
    result.name = name->value_or("");
    m.content.push_back(std::move(result));
  } else if (Status s = ReadContent(o, top, &m.content); !s.ok()) {
    return s;
  }
  simdjson::dom::array calls;
  JsonElement calls_member;
  if (o["tool_calls"].get(calls_member) == simdjson::SUCCESS && !calls_member.is_null()) {
    if (calls_member.get_array().get(calls) != simdjson::SUCCESS) {
      return BadMember(top.Member("tool_calls"), "expected an array");
    }
    size_t i = 0;
    for (JsonElement c : calls) {
      Result<ContentBlock> call = ReadToolCall(c, top.Member("tool_calls").Index(i++));
      if (!call.ok()) return call.status();
      m.content.push_back(std::move(*call));
    }
  }
  for (auto [key, field] : {std::pair{"model", &m.model}, std::pair{"finish_reason", &m.stop_reason}}) {
    Result<std::optional<std::string>> value = OptionalString(o, key, top);
    if (!value.ok()) return value.status();
    *field = value->value_or("");
  }
  JsonElement usage;
  if (o["usage"].get(usage) == simdjson::SUCCESS && !usage.is_null()) {
    Result<Usage> u = ReadUsage(usage, top.Member("usage"), {.input = "prompt_tokens", .output = "completion_tokens"});
    if (!u.ok()) return u.status();
    // Cached prompt tokens are a part of the prompt's (kept whole in extra).
    JsonObject details;
    int64_t cached = 0;
    if (usage["prompt_tokens_details"].get_object().get(details) == simdjson::SUCCESS &&
        details["cached_tokens"].get_int64().get(cached) == simdjson::SUCCESS) {
      u->cache_read_tokens = cached;
    }
    m.usage = std::move(*u);
  }
  const bool tool_answer = call_id->has_value();
  KeepOthers(o,
             tool_answer
                 ? std::initializer_list<std::string_view>{"role", "content", "reasoning_content", "tool_call_id",
                                                           "name", "tool_calls", "model", "finish_reason", "usage"}
                 : std::initializer_list<std::string_view>{"role", "content", "reasoning_content", "tool_call_id",
                                                           "tool_calls", "model", "finish_reason", "usage"},
             kMessageOwn, &m.extra);
  return m;
}

}  // namespace sessionstore::format
