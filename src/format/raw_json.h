// Checks for JSON text that sessionstore keeps without interpreting it:
// unknown members, tool-call arguments, session metadata.
//
// RawJsonValidator holds a simdjson DOM parser: one per thread.

#ifndef SESSIONSTORE_FORMAT_RAW_JSON_H_
#define SESSIONSTORE_FORMAT_RAW_JSON_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "sessionstore/status.h"

namespace sessionstore::format {

// The deepest nesting of arrays and objects in `json` (0 for a scalar).
// Assumes the text is JSON; brackets inside strings are not counted.
size_t JsonNestingDepth(std::string_view json);

class RawJsonValidator {
 public:
  RawJsonValidator();
  ~RawJsonValidator();

  // OK if `json` is exactly one valid JSON value (surrounding whitespace
  // allowed) nested at most `max_depth` deep; InvalidArgument (or, with
  // `corruption`, Corruption) saying what is wrong otherwise.
  Status Check(std::string_view json, size_t max_depth, bool corruption = false);
  // Whether `written`, put between quotes, is a JSON string that reads as
  // `text` (a key kept as a line wrote it: JsonField::written_key).
  bool Spells(std::string_view written, std::string_view text);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_RAW_JSON_H_
