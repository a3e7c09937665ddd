// Factories and helpers of the public value types (message.h, record.h).

#include "sessionstore/record.h"

#include <utility>

#include "sessionstore/message.h"

namespace sessionstore {

ContentBlock ContentBlock::Text(std::string text) {
  ContentBlock b;
  b.type = BlockType::kText;
  b.text = std::move(text);
  return b;
}

ContentBlock ContentBlock::Thinking(std::string text, std::string signature) {
  ContentBlock b;
  b.type = BlockType::kThinking;
  b.text = std::move(text);
  b.signature = std::move(signature);
  return b;
}

ContentBlock ContentBlock::Image(std::string media_type, std::string base64_data) {
  ContentBlock b;
  b.type = BlockType::kImage;
  b.media_type = std::move(media_type);
  b.data = std::move(base64_data);
  return b;
}

ContentBlock ContentBlock::ToolCall(std::string id, std::string name, std::string arguments_json) {
  ContentBlock b;
  b.type = BlockType::kToolCall;
  b.id = std::move(id);
  b.name = std::move(name);
  b.arguments = std::move(arguments_json);
  return b;
}

ContentBlock ContentBlock::ToolResult(std::string call_id, std::string text, bool is_error) {
  ContentBlock b;
  b.type = BlockType::kToolResult;
  b.id = std::move(call_id);
  b.content.push_back(Text(std::move(text)));
  b.is_error = is_error;
  return b;
}

std::string Message::Text() const {
  std::string out;
  for (const ContentBlock& b : content) {
    if (b.type != BlockType::kText) continue;
    if (!out.empty()) out.push_back('\n');
    out += b.text;
  }
  return out;
}

Message Message::User(std::string text) {
  Message m;
  m.role = kRoleUser;
  m.content.push_back(ContentBlock::Text(std::move(text)));
  return m;
}

Message Message::Assistant(std::string text) {
  Message m;
  m.role = kRoleAssistant;
  m.content.push_back(ContentBlock::Text(std::move(text)));
  return m;
}

Record Record::FromMessage(Message message) {
  Record r;
  r.type = RecordType::kMessage;
  r.message = std::move(message);
  return r;
}

Record Record::ModelChange(std::string model, std::string provider) {
  Record r;
  r.type = RecordType::kModelChange;
  r.model = std::move(model);
  r.provider = std::move(provider);
  return r;
}

Record Record::Title(std::string title) {
  Record r;
  r.type = RecordType::kTitle;
  r.title = std::move(title);
  return r;
}

Record Record::FromUsage(Usage usage) {
  Record r;
  r.type = RecordType::kUsage;
  r.usage = std::move(usage);
  return r;
}

Record Record::Compaction(std::string summary, std::string first_kept, int64_t tokens_before) {
  Record r;
  r.type = RecordType::kCompaction;
  r.summary = std::move(summary);
  r.first_kept = std::move(first_kept);
  r.tokens_before = tokens_before;
  return r;
}

Record Record::BranchSummary(std::string summary, std::string branch_leaf) {
  Record r;
  r.type = RecordType::kBranchSummary;
  r.summary = std::move(summary);
  r.branch_leaf = std::move(branch_leaf);
  return r;
}

Record Record::Label(std::string target, std::string label) {
  Record r;
  r.type = RecordType::kLabel;
  r.target = std::move(target);
  r.label = std::move(label);
  return r;
}

Record Record::Custom(std::string type_name, JsonFields fields) {
  Record r;
  r.type = RecordType::kUnknown;
  r.type_name = std::move(type_name);
  r.extra = std::move(fields);
  return r;
}

}  // namespace sessionstore
