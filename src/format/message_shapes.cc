// Telling the shapes apart, and what every new message must hold.

#include "format/message_shapes.h"

#include <array>
#include <string>

namespace sessionstore::format {

namespace {

constexpr std::array kShapes = {Shape::kNative, Shape::kAnthropic, Shape::kOpenAIChat, Shape::kOpenAIResponses};

bool OneOf(std::string_view s, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (s == n) return true;
  }
  return false;
}

bool Has(JsonObject o, std::string_view key) {
  JsonElement e;
  return o[key].get(e) == simdjson::SUCCESS;
}

// What a block of content marks: the shape its type and members belong to,
// or kAuto when any shape could hold it (a text block).
Shape BlockShape(JsonObject b) {
  std::string_view type;
  if (b["type"].get_string().get(type) != simdjson::SUCCESS) return Shape::kAuto;
  if (OneOf(type, {"tool_call"})) return Shape::kNative;
  if (OneOf(type, {"tool_use", "redacted_thinking", "document", "search_result", "server_tool_use",
                   "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result", "mcp_tool_use",
                   "mcp_tool_result", "container_upload"})) {
    return Shape::kAnthropic;
  }
  if (OneOf(type, {"image_url", "input_audio", "file"})) return Shape::kOpenAIChat;
  if (OneOf(type, {"input_text", "output_text", "input_image", "input_file"})) return Shape::kOpenAIResponses;
  if (type == "tool_result") {
    if (Has(b, "tool_use_id")) return Shape::kAnthropic;
    if (Has(b, "call_id")) return Shape::kNative;
  }
  if (type == "thinking") {
    if (Has(b, "thinking")) return Shape::kAnthropic;
    if (Has(b, "text")) return Shape::kNative;
  }
  if (type == "image") {
    if (Has(b, "source")) return Shape::kAnthropic;
    if (Has(b, "media_type") || Has(b, "data") || Has(b, "url")) return Shape::kNative;
  }
  return Shape::kAuto;
}

}  // namespace

Result<Shape> DetectShape(JsonObject o) {
  bool marks[4] = {};
  auto mark = [&](Shape s) {
    for (size_t i = 0; i < kShapes.size(); ++i) marks[i] |= kShapes[i] == s;
  };
  std::string_view type;
  if (o["type"].get_string().get(type) == simdjson::SUCCESS) {
    if (OneOf(type,
              {"function_call", "function_call_output", "reasoning", "custom_tool_call", "custom_tool_call_output",
               "web_search_call", "file_search_call", "computer_call", "computer_call_output", "image_generation_call",
               "code_interpreter_call", "local_shell_call", "local_shell_call_output", "mcp_call", "mcp_list_tools",
               "mcp_approval_request", "mcp_approval_response", "item_reference"})) {
      return Shape::kOpenAIResponses;
    }
    // "message": an Anthropic response or a Responses item, by its content.
  }
  if (Has(o, "tool_calls") || Has(o, "tool_call_id") || Has(o, "reasoning_content") || Has(o, "function_call")) {
    mark(Shape::kOpenAIChat);
  }
  JsonElement content;
  if (o["content"].get(content) == simdjson::SUCCESS) {
    simdjson::dom::array blocks;
    if (content.is_null()) {
      mark(Shape::kOpenAIChat);
    } else if (content.get_array().get(blocks) == simdjson::SUCCESS) {
      for (JsonElement b : blocks) {
        JsonObject block;
        if (b.get_object().get(block) != simdjson::SUCCESS) continue;
        mark(BlockShape(block));
        // A text block in a typed message: an Anthropic response (a
        // Responses message says output_text).
        std::string_view block_type;
        if (type == "message" && block["type"].get_string().get(block_type) == simdjson::SUCCESS &&
            block_type == "text") {
          mark(Shape::kAnthropic);
        }
      }
    }
  }
  JsonObject usage;
  if (o["usage"].get_object().get(usage) == simdjson::SUCCESS) {
    if (Has(usage, "prompt_tokens")) mark(Shape::kOpenAIChat);
    if (Has(usage, "input_tokens") && !Has(usage, "prompt_tokens")) mark(Shape::kAnthropic);
    if (Has(usage, "input") || Has(usage, "output")) mark(Shape::kNative);
  }
  if (type == "message" && !marks[1]) mark(Shape::kOpenAIResponses);
  Shape found = Shape::kNative;
  int count = 0;
  for (size_t i = 0; i < kShapes.size(); ++i) {
    if (!marks[i]) continue;
    if (count++ > 0) {
      return Status::InvalidArgument("the message has members of the " + std::string(ShapeName(found)) + " and the " +
                                     std::string(ShapeName(kShapes[i])) + " shapes; say which it is (--shape)");
    }
    found = kShapes[i];
  }
  return found;
}

namespace {

Status CheckBlocks(const std::vector<ContentBlock>& blocks, const std::string& where) {
  for (size_t i = 0; i < blocks.size(); ++i) {
    const ContentBlock& b = blocks[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    auto missing = [&](std::string_view member) {
      return Status::InvalidArgument("member " + at + "." + std::string(member) + ": missing");
    };
    switch (b.type) {
      case BlockType::kToolCall:
        if (b.id.empty()) return missing("id");
        if (b.name.empty()) return missing("name");
        break;
      case BlockType::kToolResult:
        if (b.id.empty()) return missing("call_id");
        if (Status s = CheckBlocks(b.content, at + ".content"); !s.ok()) return s;
        break;
      case BlockType::kImage: {
        bool source = false;
        for (const JsonField& f : b.extra) source |= f.key == "source" || f.key == "file_id";
        if (b.data.empty() && b.url.empty() && !source) return missing("data");
        break;
      }
      case BlockType::kText:
      case BlockType::kThinking:
      case BlockType::kUnknown: break;
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckNewMessage(const Message& m) {
  if (m.role.empty()) return Status::InvalidArgument("member role: missing");
  if (m.content.empty()) return Status::InvalidArgument("member content: the message has no content");
  return CheckBlocks(m.content, "content");
}

Result<Message> ReadShapedMessage(JsonObject o, Shape shape) {
  Result<Message> m = shape == Shape::kAnthropic    ? ReadAnthropicMessage(o)
                      : shape == Shape::kOpenAIChat ? ReadOpenAiChatMessage(o)
                                                    : ReadOpenAiResponsesItem(o);
  if (!m.ok()) return m.status();
  if (Status s = CheckNewMessage(*m); !s.ok()) return s;
  return m;
}

}  // namespace sessionstore::format
