// The context as the Anthropic Messages API takes it (sessionstore/request.h).

#include <algorithm>
#include <array>

#include "format/request_writer.h"

namespace sessionstore::format {

namespace {

// Block types of the Anthropic API that other versions may have kept as
// blocks of their type: sent back as they were.
constexpr std::array<std::string_view, 11> kAnthropicBlockTypes = {"document",
                                                                   "search_result",
                                                                   "server_tool_use",
                                                                   "web_search_tool_result",
                                                                   "web_fetch_tool_result",
                                                                   "code_execution_tool_result",
                                                                   "mcp_tool_use",
                                                                   "mcp_tool_result",
                                                                   "container_upload",
                                                                   "bash_code_execution_tool_result",
                                                                   "text_editor_code_execution_tool_result"};

// One message of the request: a role, and the blocks in it.
struct Out {
  std::string_view role;  // "user" or "assistant"
  std::vector<const ContentBlock*> blocks;
};

void PassThrough(const ContentBlock& b, std::initializer_list<std::string_view> keys, JsonWriter* w) {
  for (std::string_view key : keys) {
    if (const std::string* json = FindField(b.extra, key)) {
      w->Key(key);
      w->Raw(*json);
    }
  }
}

void WriteImage(const ContentBlock& b, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String("image");
  w->Key("source");
  if (const std::string* source = FindField(b.extra, "source"); source && b.data.empty() && b.url.empty()) {
    w->Raw(*source);  // a file id, or a source of a newer kind
  } else {
    w->BeginObject();
    w->Key("type");
    if (!b.data.empty()) {
      w->String("base64");
      w->Key("media_type");
      w->String(b.media_type);
      w->Key("data");
      w->String(b.data);
    } else {
      w->String("url");
      w->Key("url");
      w->String(b.url);
    }
    w->EndObject();
  }
  PassThrough(b, {"cache_control"}, w);
  w->EndObject();
}

void WriteText(const ContentBlock& b, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String("text");
  w->Key("text");
  w->String(b.text);
  PassThrough(b, {"cache_control", "citations"}, w);
  w->EndObject();
}

bool HasImageSource(const ContentBlock& b) {
  return !b.data.empty() || !b.url.empty() || FindField(b.extra, "source") != nullptr;
}

// What a tool result carries: text that is not empty, and images.
bool InToolResult(const ContentBlock& c) {
  return (c.type == BlockType::kText && !c.text.empty()) || (c.type == BlockType::kImage && HasImageSource(c));
}

void WriteBlock(const ContentBlock& b, JsonWriter* w) {
  switch (b.type) {
    case BlockType::kText: WriteText(b, w); return;
    case BlockType::kImage: WriteImage(b, w); return;
    case BlockType::kThinking:
      w->BeginObject();
      w->Key("type");
      if (!b.signature.empty()) {
        w->String("thinking");
        w->Key("thinking");
        w->String(b.text);
        w->Key("signature");
        w->String(b.signature);
      } else {
        w->String("redacted_thinking");
        w->Key("data");
        w->String(b.redacted_data);
      }
      w->EndObject();
      return;
    case BlockType::kToolCall:
      w->BeginObject();
      w->Key("type");
      w->String("tool_use");
      w->Key("id");
      w->String(b.id);
      w->Key("name");
      w->String(b.name);
      w->Key("input");
      if (IsJsonObject(b.arguments)) {
        w->Raw(b.arguments);
      } else {
        w->BeginObject();
        w->Key("arguments");
        w->Raw(b.arguments);
        w->EndObject();
      }
      PassThrough(b, {"cache_control"}, w);
      w->EndObject();
      return;
    case BlockType::kToolResult:
      w->BeginObject();
      w->Key("type");
      w->String("tool_result");
      w->Key("tool_use_id");
      w->String(b.id);
      if (std::any_of(b.content.begin(), b.content.end(), InToolResult)) {
        w->Key("content");
        w->BeginArray();
        for (const ContentBlock& c : b.content) {
          if (!InToolResult(c)) continue;
          if (c.type == BlockType::kText) WriteText(c, w);
          if (c.type == BlockType::kImage) WriteImage(c, w);
        }
        w->EndArray();
      }
      if (b.is_error) {
        w->Key("is_error");
        w->Bool(true);
      }
      PassThrough(b, {"cache_control"}, w);
      w->EndObject();
      return;
    case BlockType::kUnknown: WriteUnknownBlock(b, w); return;
  }
}

// The role a block goes to in the request, or empty if the API takes no
// such block (a note says so).
std::string_view RoleOf(const ContentBlock& b, std::string_view role, const Turn& turn, LeftOutNotes* notes) {
  switch (b.type) {
    case BlockType::kText: return b.text.empty() ? std::string_view() : role;
    case BlockType::kImage:
      if (role == "user" && HasImageSource(b)) return role;
      notes->Add(turn, role == "user" ? "an image without data or url"
                                      : "an image in a message of the " + std::string(role) +
                                            " (the API takes images from the user)");
      return {};
    case BlockType::kThinking:
      if (role == "assistant" && (!b.signature.empty() || !b.redacted_data.empty())) return role;
      notes->Add(turn, role == "assistant" ? "a thinking block without a signature"
                                           : "a thinking block outside the assistant's messages");
      return {};
    case BlockType::kToolCall:
      if (role == "assistant") {
        if (!IsJsonObject(b.arguments)) {
          notes->Add(turn, "the arguments of tool call " + b.id + " are not an object: sent as {\"arguments\": ...}");
        }
        return role;
      }
      notes->Add(turn, "the tool call " + b.id + " outside the assistant's messages");
      return {};
    case BlockType::kToolResult:
      for (const ContentBlock& c : b.content) {
        if (!InToolResult(c) && c.type != BlockType::kText) {
          notes->Add(turn, BlockWords(c) + " in the result of tool call " + b.id);
        }
      }
      return "user";
    case BlockType::kUnknown:
      if (std::find(kAnthropicBlockTypes.begin(), kAnthropicBlockTypes.end(), b.type_name) !=
          kAnthropicBlockTypes.end()) {
        return role;
      }
      notes->Add(turn, BlockWords(b));
      return {};
  }
  return {};
}

}  // namespace

void WriteAnthropicRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes) {
  std::vector<const ContentBlock*> system;
  std::vector<Out> messages;
  for (const Turn& turn : turns) {
    const std::string& role = turn.message->role;
    if (role == "system" || role == "developer") {
      for (const ContentBlock& b : turn.message->content) {
        if (b.type == BlockType::kText) {
          if (!b.text.empty()) system.push_back(&b);
        } else {
          notes->Add(turn, BlockWords(b) + " in a system message (the API's system takes text)");
        }
      }
      continue;
    }
    std::string_view as = role == "assistant" ? "assistant" : "user";
    if (role != "assistant" && role != "user" && role != "tool") {
      notes->Add(turn, "the role \"" + role + "\": sent as the user's");
    }
    for (const ContentBlock& b : turn.message->content) {
      const std::string_view to = RoleOf(b, as, turn, notes);
      if (to.empty()) continue;
      if (messages.empty() || messages.back().role != to) messages.push_back(Out{.role = to});
      std::vector<const ContentBlock*>& blocks = messages.back().blocks;
      if (b.type == BlockType::kToolResult) {
        // Tool results open the user's message, in the order of the calls.
        auto first_other = std::find_if(blocks.begin(), blocks.end(),
                                        [](const ContentBlock* c) { return c->type != BlockType::kToolResult; });
        blocks.insert(first_other, &b);
      } else {
        blocks.push_back(&b);
      }
    }
  }
  if (!system.empty()) {
    w->Key("system");
    w->BeginArray();
    for (const ContentBlock* b : system) WriteText(*b, w);
    w->EndArray();
  }
  w->Key("messages");
  w->BeginArray();
  for (const Out& m : messages) {
    w->BeginObject();
    w->Key("role");
    w->String(m.role);
    w->Key("content");
    w->BeginArray();
    for (const ContentBlock* b : m.blocks) WriteBlock(*b, w);
    w->EndArray();
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace sessionstore::format
