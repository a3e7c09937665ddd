// The context as the OpenAI Chat Completions API takes it
// (sessionstore/request.h).

#include <simdjson.h>

#include "format/request_writer.h"

namespace sessionstore::format {

namespace {

// Content as a string when it is one text, else as parts.
void WriteContent(const std::vector<const ContentBlock*>& blocks, JsonWriter* w) {
  w->Key("content");
  if (blocks.size() == 1 && blocks[0]->type == BlockType::kText) {
    w->String(blocks[0]->text);
    return;
  }
  w->BeginArray();
  for (const ContentBlock* b : blocks) {
    w->BeginObject();
    if (b->type == BlockType::kText) {
      w->Key("type");
      w->String("text");
      w->Key("text");
      w->String(b->text);
    } else {
      w->Key("type");
      w->String("image_url");
      w->Key("image_url");
      w->BeginObject();
      w->Key("url");
      w->String(ImageUrl(*b));
      if (const std::string* detail = FindField(b->extra, "detail")) {
        w->Key("detail");
        w->Raw(*detail);
      }
      w->EndObject();
    }
    w->EndObject();
  }
  w->EndArray();
}

// A call's members kept under "function" (Gemini's thought_signature) go
// back into its function.
void WriteFunctionExtras(const ContentBlock& call, JsonWriter* w) {
  const std::string* function = FindField(call.extra, "function");
  if (function == nullptr) return;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object members;
  if (parser.parse(function->data(), function->size()).get_object().get(members) != simdjson::SUCCESS) return;
  for (auto [key, value] : members) {
    if (key == "name" || key == "arguments") continue;
    w->Key(key);
    w->Raw(simdjson::minify(value));
  }
}

void WriteToolCalls(const std::vector<const ContentBlock*>& calls, JsonWriter* w) {
  w->Key("tool_calls");
  w->BeginArray();
  for (const ContentBlock* c : calls) {
    w->BeginObject();
    w->Key("id");
    w->String(c->id);
    w->Key("type");
    w->String("function");
    w->Key("function");
    w->BeginObject();
    w->Key("name");
    w->String(c->name);
    w->Key("arguments");
    w->String(ArgumentsText(c->arguments));
    WriteFunctionExtras(*c, w);
    w->EndObject();
    if (const std::string* extra = FindField(c->extra, "extra_content")) {
      w->Key("extra_content");
      w->Raw(*extra);
    }
    w->EndObject();
  }
  w->EndArray();
}

void WriteToolMessage(const ContentBlock& result, const Turn& turn, JsonWriter* w, LeftOutNotes* notes) {
  for (const ContentBlock& c : result.content) {
    if (c.type != BlockType::kText) notes->Add(turn, BlockWords(c) + " in the result of tool call " + result.id);
  }
  w->BeginObject();
  w->Key("role");
  w->String("tool");
  w->Key("tool_call_id");
  w->String(result.id);
  w->Key("content");
  w->String(JoinedText(result.content));
  w->EndObject();
}

}  // namespace

void WriteOpenAiChatRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes) {
  w->Key("messages");
  w->BeginArray();
  for (const Turn& turn : turns) {
    const Message& m = *turn.message;
    const bool system = m.role == "system" || m.role == "developer";
    const bool assistant = m.role == "assistant";
    if (!system && !assistant && m.role != "user" && m.role != "tool") {
      notes->Add(turn, "the role \"" + m.role + "\": sent as the user's");
    }
    // A tool's answers come first: they answer the calls before them.
    for (const ContentBlock& b : m.content) {
      if (b.type == BlockType::kToolResult) WriteToolMessage(b, turn, w, notes);
    }
    std::vector<const ContentBlock*> content, calls;
    for (const ContentBlock& b : m.content) {
      switch (b.type) {
        case BlockType::kText:
          if (!b.text.empty()) content.push_back(&b);
          break;
        case BlockType::kImage:
          if (!system && !assistant && !ImageUrl(b).empty()) {
            content.push_back(&b);
          } else {
            notes->Add(turn, ImageUrl(b).empty()
                                 ? "an image without data or url"
                                 : "an image in a message of the " + m.role + " (the API takes images from the user)");
          }
          break;
        case BlockType::kThinking: notes->Add(turn, "a thinking block (the API takes none)"); break;
        case BlockType::kToolCall:
          if (assistant) {
            calls.push_back(&b);
          } else {
            notes->Add(turn, "the tool call " + b.id + " outside the assistant's messages");
          }
          break;
        case BlockType::kToolResult: break;  // written above
        case BlockType::kUnknown: notes->Add(turn, BlockWords(b)); break;
      }
    }
    if (content.empty() && calls.empty()) continue;
    w->BeginObject();
    w->Key("role");
    w->String(system ? m.role : assistant ? "assistant" : "user");
    if (!content.empty()) {
      WriteContent(content, w);
    } else {
      w->Key("content");
      w->Null();
    }
    if (!calls.empty()) WriteToolCalls(calls, w);
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace sessionstore::format
