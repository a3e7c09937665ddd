// ToRequest: a ContextView as a provider's API takes it, ready to send — the
// members of the request that hold the conversation, in the Anthropic
// Messages, OpenAI Chat Completions or OpenAI Responses shape — with a
// report of what that shape cannot carry.
//
// Pure functions over plain values, thread-safe.

#ifndef SESSIONSTORE_REQUEST_H_
#define SESSIONSTORE_REQUEST_H_

#include <string>
#include <vector>

#include "sessionstore/context.h"
#include "sessionstore/json.h"
#include "sessionstore/result.h"

namespace sessionstore {

// Something of the context the shape cannot carry, left out of the request.
struct LeftOut {
  std::string entry_id;  // the entry it stood in
  std::string what;      // e.g. "a thinking block without a signature"
};

struct Request {
  // A JSON object: Shape::kAnthropic {"system": [text blocks] (only if there
  // is a system message), "messages": [...]}; kOpenAIChat {"messages":
  // [...]}; kOpenAIResponses {"input": [items]}; kNative {"messages":
  // [native messages]}. Merge its members with the model, tools and limits
  // of the call.
  std::string json;
  std::vector<LeftOut> left_out;
};

// The context's messages in `shape`, as each API wants them:
//   Anthropic: system messages in "system"; strict user/assistant
//     alternation (consecutive messages of a role merged); tool results
//     in a user message, before its other content, right after the call;
//     thinking only with its signature (redacted thinking with its data).
//   OpenAI Chat: tool calls in the assistant's tool_calls with arguments as
//     JSON text; each tool result a "tool" message of its own, right after
//     the calls; images only in user messages; no thinking.
//   OpenAI Responses: messages as message items (input_text, output_text,
//     input_image), calls as function_call, results as
//     function_call_output; reasoning only with its encrypted content.
// Members kept from other shapes (JsonFields) go only where the shape
// defines them (Anthropic cache_control and citations; Gemini's
// thought_signature on OpenAI tool calls). InvalidArgument for Shape::kAuto
// and for stored raw JSON that is not JSON.
Result<Request> ToRequest(const ContextView& view, Shape shape);

}  // namespace sessionstore

#endif  // SESSIONSTORE_REQUEST_H_
