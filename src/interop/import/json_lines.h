// What every source format's reader needs: its lines one by one with their
// place, and a few ways to take members out of a line's JSON object.

#ifndef SESSIONSTORE_INTEROP_IMPORT_JSON_LINES_H_
#define SESSIONSTORE_INTEROP_IMPORT_JSON_LINES_H_

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "sessionstore/json_fields.h"
#include "sessionstore/message.h"
#include "sessionstore/result.h"

namespace sessionstore::interop {

// Calls `line` for each line of `content` that is not blank, with its
// 1-based number and the byte offset of its first byte. Returns whether
// there was any.
bool ForEachLine(std::string_view content,
                 const std::function<void(std::string_view line, int64_t number, int64_t offset)>& line);

// `line` as a JSON object, or InvalidArgument saying in a user's words why
// it is not one ("the line is not valid JSON"). The object lives in
// `parser` until its next parse.
Result<simdjson::dom::object> ParseLine(simdjson::dom::parser* parser, std::string_view line);

// The first line of `head` (a file's first bytes) as a JSON object; false
// if it is none, or not whole in `head`.
bool FirstLineObject(std::string_view head, simdjson::dom::parser* parser, simdjson::dom::object* o);

// The element as compact JSON text.
std::string Raw(simdjson::dom::element e);
std::string Raw(simdjson::dom::object o);

// The string member `key`, or `fallback` when it is missing or no string.
std::string StringOr(simdjson::dom::object o, std::string_view key, std::string fallback = {});

// The members of `o` other than `skip`, as one JSON object's text.
std::string MembersExcept(simdjson::dom::object o, std::initializer_list<std::string_view> skip);

// The usage object `o` whose members for input, output, cache reads, cache
// writes and (if it has one) the cost in dollars are named `names`; missing
// ones are 0, its other members are kept in the usage's extra.
struct UsageNames {
  std::string_view input, output, cache_read, cache_write, cost;
};
Usage TokenCounts(simdjson::dom::object o, const UsageNames& names);

// Adds each member of `o` not named in `own` to `extra`, as it was.
void KeepOthers(simdjson::dom::object o, std::initializer_list<std::string_view> own, JsonFields* extra);

// Adds `"key":json` to the JSON object text `object` (before its '}').
void AddMember(std::string* object, std::string_view key, std::string_view json);

// The whole content of the file at `path`; nullopt if it does not read.
std::optional<std::string> ReadTextFile(const std::string& path);

// The file name of `path` without its directory and its ".jsonl".
std::string_view FileStem(std::string_view path);

}  // namespace sessionstore::interop

#endif  // SESSIONSTORE_INTEROP_IMPORT_JSON_LINES_H_
