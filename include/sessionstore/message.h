// Message, ContentBlock and Usage: one turn of a conversation as an agent sends
// it to or receives it from a model.
//
// Plain value types: copyable, no shared state.

#ifndef SESSIONSTORE_MESSAGE_H_
#define SESSIONSTORE_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sessionstore/json_fields.h"

namespace sessionstore {

enum class BlockType {
  kText,        // text
  kImage,       // media_type plus data (base64) or url
  kThinking,    // text (the reasoning), signature, redacted_data
  kToolCall,    // id, name, arguments (a JSON value)
  kToolResult,  // id (the call's id), name, content, is_error
  kUnknown,     // a block type this version does not know: type_name + extra
};

// A content block, tagged by `type`. Only the fields named for its type are
// written; the others stay empty.
struct ContentBlock {
  BlockType type = BlockType::kText;
  std::string text;                   // kText, kThinking
  std::string media_type;             // kImage, e.g. "image/png"
  std::string data;                   // kImage: base64 bytes
  std::string url;                    // kImage: a reference instead of data
  std::string signature;              // kThinking: the provider's signature
  std::string redacted_data;          // kThinking: opaque redacted reasoning
  std::string id;                     // kToolCall: the call id; kToolResult: the id it answers
  std::string name;                   // kToolCall: tool name; kToolResult: optional
  std::string arguments = "{}";       // kToolCall: JSON text (any JSON value)
  std::vector<ContentBlock> content;  // kToolResult: what the tool returned
  bool is_error = false;              // kToolResult
  std::string type_name;              // kUnknown: the block's "type" as stored
  JsonFields extra;                   // members this version does not know

  static ContentBlock Text(std::string text);
  static ContentBlock Thinking(std::string text, std::string signature = {});
  static ContentBlock Image(std::string media_type, std::string base64_data);
  static ContentBlock ToolCall(std::string id, std::string name, std::string arguments_json);
  static ContentBlock ToolResult(std::string call_id, std::string text, bool is_error = false);
};

// Token counts and cost of one model call (or a sum of calls).
struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  double cost_usd = 0;
  JsonFields extra;
};

// Roles used by sessionstore's tools; any other string is stored as is.
inline constexpr const char kRoleSystem[] = "system";
inline constexpr const char kRoleUser[] = "user";
inline constexpr const char kRoleAssistant[] = "assistant";
inline constexpr const char kRoleTool[] = "tool";

struct Message {
  std::string role;
  std::vector<ContentBlock> content;
  std::string model;     // optional: the model that produced it
  std::string provider;  // optional
  std::optional<Usage> usage;
  std::string stop_reason;  // optional, e.g. "end_turn", "tool_use"
  JsonFields extra;

  // The text blocks joined with "\n"; empty if there are none.
  std::string Text() const;

  static Message User(std::string text);
  static Message Assistant(std::string text);
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_MESSAGE_H_
