// The context as the OpenAI Responses API takes it, as input items
// (sessionstore/request.h).

#include <algorithm>
#include <array>

#include "format/request_writer.h"

namespace sessionstore::format {

namespace {

// Item types of the Responses API that a read kept as blocks of their
// type: sent back as they were.
constexpr std::array<std::string_view, 15> kItemTypes = {"custom_tool_call",
                                                         "custom_tool_call_output",
                                                         "web_search_call",
                                                         "file_search_call",
                                                         "computer_call",
                                                         "computer_call_output",
                                                         "image_generation_call",
                                                         "code_interpreter_call",
                                                         "local_shell_call",
                                                         "local_shell_call_output",
                                                         "mcp_call",
                                                         "mcp_list_tools",
                                                         "mcp_approval_request",
                                                         "mcp_approval_response",
                                                         "item_reference"};

constexpr std::string_view kSummaryText = "summary_text";

// The text and images of one message, gathered until an item of another
// type comes between.
class MessageItem {
 public:
  MessageItem(std::string_view role, JsonWriter* w) : role_(role), w_(w) {}
  void Add(const ContentBlock* b) { parts_.push_back(b); }
  void Flush() {
    if (parts_.empty()) return;
    const bool output = role_ == "assistant";
    w_->BeginObject();
    w_->Key("type");
    w_->String("message");
    w_->Key("role");
    w_->String(role_);
    w_->Key("content");
    w_->BeginArray();
    for (const ContentBlock* b : parts_) {
      w_->BeginObject();
      w_->Key("type");
      if (b->type == BlockType::kText) {
        w_->String(output ? "output_text" : "input_text");
        w_->Key("text");
        w_->String(b->text);
      } else if (b->type == BlockType::kImage) {
        w_->String("input_image");
        w_->Key("image_url");
        w_->String(ImageUrl(*b));
        if (const std::string* detail = FindField(b->extra, "detail")) {
          w_->Key("detail");
          w_->Raw(*detail);
        }
      } else {
        w_->String(b->type_name);  // input_file, input_audio
        for (const JsonField& f : b->extra) {
          w_->Key(f.key);
          w_->Raw(f.json);
        }
      }
      w_->EndObject();
    }
    w_->EndArray();
    w_->EndObject();
    parts_.clear();
  }

 private:
  std::string_view role_;
  JsonWriter* w_;
  std::vector<const ContentBlock*> parts_;
};

void WriteReasoning(const ContentBlock& b, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String("reasoning");
  if (const std::string* id = FindField(b.extra, "original_id")) {
    w->Key("id");
    w->Raw(*id);
  }
  w->Key("summary");
  if (const std::string* parts = FindField(b.extra, "summary")) {
    w->Raw(*parts);  // the parts as they came
  } else {
    w->BeginArray();
    if (!b.text.empty()) {
      w->BeginObject();
      w->Key("type");
      w->String(kSummaryText);
      w->Key("text");
      w->String(b.text);
      w->EndObject();
    }
    w->EndArray();
  }
  if (!b.redacted_data.empty()) {
    w->Key("encrypted_content");
    w->String(b.redacted_data);
  }
  w->EndObject();
}

void WriteCall(const ContentBlock& b, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String("function_call");
  w->Key("call_id");
  w->String(b.id);
  w->Key("name");
  w->String(b.name);
  w->Key("arguments");
  w->String(ArgumentsText(b.arguments));
  w->EndObject();
}

void WriteOutput(const ContentBlock& b, const Turn& turn, JsonWriter* w, LeftOutNotes* notes) {
  for (const ContentBlock& c : b.content) {
    if (c.type != BlockType::kText) notes->Add(turn, BlockWords(c) + " in the result of tool call " + b.id);
  }
  w->BeginObject();
  w->Key("type");
  w->String("function_call_output");
  w->Key("call_id");
  w->String(b.id);
  w->Key("output");
  w->String(JoinedText(b.content));
  w->EndObject();
}

bool IsItemType(std::string_view type) {
  return std::find(kItemTypes.begin(), kItemTypes.end(), type) != kItemTypes.end();
}

}  // namespace

void WriteOpenAiResponsesRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes) {
  w->Key("input");
  w->BeginArray();
  for (const Turn& turn : turns) {
    const Message& m = *turn.message;
    const bool known = m.role == "user" || m.role == "assistant" || m.role == "system" || m.role == "developer";
    if (!known && m.role != "tool") notes->Add(turn, "the role \"" + m.role + "\": sent as the user's");
    MessageItem message(known ? std::string_view(m.role) : "user", w);
    for (const ContentBlock& b : m.content) {
      switch (b.type) {
        case BlockType::kText:
          if (!b.text.empty()) message.Add(&b);
          break;
        case BlockType::kImage:
          if (m.role != "assistant" && !ImageUrl(b).empty()) {
            message.Add(&b);
          } else {
            notes->Add(turn,
                       ImageUrl(b).empty() ? "an image without data or url" : "an image in a message of the assistant");
          }
          break;
        case BlockType::kThinking:
          if (!b.redacted_data.empty() || FindField(b.extra, "original_id") != nullptr) {
            message.Flush();
            WriteReasoning(b, w);
          } else {
            notes->Add(turn, "a thinking block without its encrypted content or item id");
          }
          break;
        case BlockType::kToolCall:
          message.Flush();
          WriteCall(b, w);
          break;
        case BlockType::kToolResult:
          message.Flush();
          WriteOutput(b, turn, w, notes);
          break;
        case BlockType::kUnknown:
          if (b.type_name == "input_file" || b.type_name == "input_audio") {
            message.Add(&b);
          } else if (IsItemType(b.type_name)) {
            message.Flush();
            WriteUnknownBlock(b, w);
          } else {
            notes->Add(turn, BlockWords(b));
          }
          break;
      }
    }
    message.Flush();
  }
  w->EndArray();
}

}  // namespace sessionstore::format
