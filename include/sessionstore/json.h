// The JSON codec: sessionstore's values to JSON text and back, exactly as
// session lines hold them (doc/format.md), with the same validation and the
// same byte-for-byte keeping of members sessionstore does not know; and the
// JSON forms of what the Store returns (listing rows, search hits,
// branches, context items), as the sessionstore command prints them with
// --json.
//
//   auto message = sessionstore::ParseMessage(R"({"role":"user","content":"hi"})");
//   auto line = sessionstore::ToJson(entry);
//
// Thread-safe: each thread parses and checks with state of its own.
// Parsing limits nesting to ReadOptions::max_depth (64), as readers do.

#ifndef SESSIONSTORE_JSON_H_
#define SESSIONSTORE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sessionstore/context.h"
#include "sessionstore/history.h"
#include "sessionstore/message.h"
#include "sessionstore/record.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"

namespace sessionstore {

// ---- Message shapes ----
// The shapes in which agents hold messages (doc/format.md, "Message
// shapes"): sessionstore's own, and those of the providers' APIs.
enum class Shape {
  kAuto,             // read: found by the message's members; write: not a shape
  kNative,           // sessionstore's: {"role", "content": [blocks]} (doc/format.md)
  kAnthropic,        // Anthropic Messages: text, image, thinking, tool_use, tool_result, ...
  kOpenAIChat,       // OpenAI Chat Completions: content parts, tool_calls, role "tool"
  kOpenAIResponses,  // OpenAI Responses items (the OpenAI Agents SDK's): message, function_call, ...
};
// "auto", "native", "anthropic", "openai-chat", "openai-responses".
std::string_view ShapeName(Shape shape);
// InvalidArgument naming the shapes for any other name.
Result<Shape> ShapeFromName(std::string_view name);

// ---- JSON text in ----
// Errors are InvalidArgument saying what is wrong and in which member.

// A message object in `shape` (kAuto: the shape its members mark; a
// message with members of two shapes is refused) read into the native
// model, losslessly: members with no slot in it are kept as raw JSON in the
// `extra` of the message, block or usage they stood in. A string "content"
// stands for one text block. A message without a role or content, a tool
// call without an id or name, a tool result without its call's id, and an
// image without data, url or source are refused, never filled with empty
// values.
Result<Message> ParseMessage(std::string_view json, Shape shape = Shape::kAuto);
// A record object: {"type", its members, optional "ts"}; seq, id and parent
// are read if present (the result is an Entry) and not needed.
Result<Entry> ParseRecord(std::string_view json);
// An entry line as a session holds it (without its '\n').
Result<Entry> ParseEntry(std::string_view line);
// A session's header line.
Result<SessionHeader> ParseHeader(std::string_view line);

// ---- JSON text out ----
// Compact JSON, without a '\n'. InvalidArgument for a value that cannot be
// stored: text that is not UTF-8, raw JSON (JsonFields, tool-call
// arguments, metadata) that is not JSON, a number that is not finite, an
// empty role or type.

Result<std::string> ToJson(const Message& message);
// The record without an envelope: type, members, "ts" if set.
Result<std::string> ToJson(const Record& record);
// The entry's line, with its seq, id, parent and time.
Result<std::string> ToJson(const Entry& entry);
Result<std::string> ToJson(const SessionHeader& header);

// The forms of results. Their text comes from a store, which holds only
// UTF-8; times are RFC 3339 (FormatTimestamp).
//   SessionInfo: id, title, created_at, updated_at, messages, workspace,
//     model, provider, cost_usd, bytes, archived, labels, parent
//     ({session, entry} or null)
//   SearchHit: session_id, entry_id, role, ts, snippet
//   BranchInfo: leaf, updated_at, messages, entries
//   ContextItem: kind (message, compaction_summary, branch_summary,
//     interrupted_result), entry_id, message
std::string ToJson(const SessionInfo& info);
std::string ToJson(const SearchHit& hit);
std::string ToJson(const BranchInfo& branch);
Result<std::string> ToJson(const ContextItem& item);

// `text` as a JSON string literal, quotes included. `text` must be UTF-8.
std::string JsonString(std::string_view text);

// Unix milliseconds as session lines write times: RFC 3339 in UTC with
// milliseconds, "2026-11-22T01:43:58.123Z".
std::string FormatTimestamp(int64_t ms);
// RFC 3339 ("YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)") to Unix
// milliseconds; InvalidArgument if it is not that.
Result<int64_t> ParseTimestamp(std::string_view text);

}  // namespace sessionstore

#endif  // SESSIONSTORE_JSON_H_
