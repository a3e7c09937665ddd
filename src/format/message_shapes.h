// The message shapes of the providers' APIs (sessionstore/json.h Shape) read
// into the native model, losslessly: every member with no slot in the native
// model is kept as raw JSON in the `extra` of the message, block or usage it
// stood in. doc/format.md ("Message shapes") gives the mappings.
//
// Pure functions, thread-safe.

#ifndef SESSIONSTORE_FORMAT_MESSAGE_SHAPES_H_
#define SESSIONSTORE_FORMAT_MESSAGE_SHAPES_H_

#include "format/shape_reader.h"
#include "sessionstore/json.h"
#include "sessionstore/message.h"
#include "sessionstore/result.h"

namespace sessionstore::format {

// An Anthropic Messages API message: {role, content: string | blocks}, with
// the members of a response message (model, stop_reason, usage, ...).
Result<Message> ReadAnthropicMessage(JsonObject o);
// An OpenAI Chat Completions message: {role, content: string | null |
// parts, tool_calls, tool_call_id, reasoning_content, ...}. Also reads what
// older writers put beside a call (top-level name and arguments).
Result<Message> ReadOpenAiChatMessage(JsonObject o);
// OpenAI Chat Completions content parts (text, image_url, others kept as
// blocks of their type), appended to `out`; `path` names the array.
Status ReadOpenAiChatParts(JsonElement parts, const JsonPath& path, std::vector<ContentBlock>* out);
// An OpenAI Responses API item: message, function_call,
// function_call_output, reasoning; any other item type becomes an assistant
// message holding it as one block of its type.
Result<Message> ReadOpenAiResponsesItem(JsonObject o);

// The shape of a message object by the members it has; kNative when none
// marks another. InvalidArgument naming both when it has members of two.
Result<Shape> DetectShape(JsonObject o);

// InvalidArgument naming the member if `m` lacks what a message to store
// must hold, where a reader would otherwise invent an empty value: a role,
// some content, a tool call's id and name, a tool result's call id, an
// image's data, url or source.
Status CheckNewMessage(const Message& m);

// A message of a provider's shape (anthropic, openai-chat or
// openai-responses) read from its object and checked as a new message.
Result<Message> ReadShapedMessage(JsonObject o, Shape shape);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_MESSAGE_SHAPES_H_
