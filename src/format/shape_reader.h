// ShapeReader: what every reader of a foreign message shape (Anthropic,
// OpenAI Chat Completions, OpenAI Responses) does the same way, over a
// simdjson DOM: members read with their types checked, errors that name the
// member ("member content[2].tool_use_id: expected a string"), and members
// with no slot in the native model kept as raw JSON.
//
// Not thread-safe; one per message read.

#ifndef SESSIONSTORE_FORMAT_SHAPE_READER_H_
#define SESSIONSTORE_FORMAT_SHAPE_READER_H_

#include <simdjson.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sessionstore/json_fields.h"
#include "sessionstore/message.h"
#include "sessionstore/result.h"

namespace sessionstore::format {

using JsonObject = simdjson::dom::object;
using JsonElement = simdjson::dom::element;

// The names the native objects give their own members: extra keys must
// not clash with these.
using Names = std::span<const std::string_view>;
inline constexpr std::string_view kBlockOwn[] = {"type",      "text",          "media_type", "data",    "url",
                                                 "signature", "redacted_data", "id",         "call_id", "name",
                                                 "arguments", "content",       "is_error"};
inline constexpr std::string_view kUnknownBlockOwn[] = {"type"};
inline constexpr std::string_view kMessageOwn[] = {"role", "content", "model", "provider", "usage", "stop_reason"};
inline constexpr std::string_view kUsageOwn[] = {"input", "output", "cache_read", "cache_write", "cost_usd"};

// The member path being read, for errors: "content[2].source".
class JsonPath {
 public:
  JsonPath() = default;
  JsonPath Member(std::string_view key) const;
  JsonPath Index(size_t i) const;
  const std::string& text() const { return text_; }

 private:
  explicit JsonPath(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// InvalidArgument "member <path>: <what>" ("the message: <what>" at the top).
Status BadMember(const JsonPath& path, std::string_view what);

// The value as compact JSON text.
std::string RawJson(JsonElement e);

// Member `key` of `o` as a string: nullopt if it is absent or null, an
// error if it is something else.
Result<std::optional<std::string>> OptionalString(JsonObject o, std::string_view key, const JsonPath& path);
// The same, required and not empty.
Result<std::string> RequiredString(JsonObject o, std::string_view key, const JsonPath& path);
// A whole number member, 0 if absent.
Result<int64_t> OptionalInt(JsonObject o, std::string_view key, const JsonPath& path);

// A shape's reader of one element of a content array.
using PartReader = Result<ContentBlock> (*)(JsonElement e, const JsonPath& path);
// The elements of `array`, each read by `read`, appended to `out`; an
// error if it is not an array.
Status ReadParts(JsonElement array, const JsonPath& path, PartReader read, std::vector<ContentBlock>* out);
// Content as the APIs give it: a string (one text block, none if it is
// empty) or an array of parts (ReadParts).
Status ReadTextOrParts(JsonElement e, const JsonPath& path, PartReader read, std::vector<ContentBlock>* out);
// A text part: its "text" required, its other members but "type" kept.
Result<ContentBlock> ReadTextPart(JsonObject o, const JsonPath& path);
// A part of a type the native model has no slot for, kept whole: a block
// of that type with every other member.
ContentBlock UnknownPart(JsonObject o, std::string_view type);

// Adds `key` with raw JSON `e` to `extra`; a key the native object writes
// itself (`own`) is kept as "original_<key>", so that no line holds a key
// twice.
void KeepRaw(std::string_view key, JsonElement e, Names own, JsonFields* extra);

// Keeps in `extra` every member of `o` that is not in `read`.
void KeepOthers(JsonObject o, std::initializer_list<std::string_view> read, Names own, JsonFields* extra);

// Usage under the names a shape gives its counts (empty: none); the other
// members are kept in extra. An error if it is not an object or a count is
// not a whole number.
struct UsageNames {
  std::string_view input, output, cache_read, cache_write, cost;
};
Result<Usage> ReadUsage(JsonElement e, const JsonPath& path, const UsageNames& names);

// Tool-call arguments given as JSON text in a string (OpenAI's shapes):
// that JSON, or, when a model wrote something that is not JSON, the text
// as a JSON string.
std::string ArgumentsJson(std::string_view text);

// An image from a URL, "data:<media type>;base64,<data>" split into its
// media type and data, any other URL kept as the image's url.
ContentBlock ImageFromUrl(std::string_view url);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_SHAPE_READER_H_
