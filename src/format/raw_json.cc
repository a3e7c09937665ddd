#include "format/raw_json.h"

#include <simdjson.h>

#include <string>

namespace sessionstore::format {

size_t JsonNestingDepth(std::string_view json) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (++depth > deepest) deepest = depth;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

struct RawJsonValidator::Parser {
  simdjson::dom::parser dom;
};

RawJsonValidator::RawJsonValidator() : parser_(std::make_unique<Parser>()) {}
RawJsonValidator::~RawJsonValidator() = default;

Status RawJsonValidator::Check(std::string_view json, size_t max_depth, bool corruption) {
  auto fail = [corruption](std::string msg) {
    return corruption ? Status::Corruption(std::move(msg)) : Status::InvalidArgument(std::move(msg));
  };
  if (JsonNestingDepth(json) > max_depth) {
    return fail("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  simdjson::dom::element element;
  // realloc_if_needed copies the text into padded memory of the parser's own.
  auto error = parser_->dom.parse(json.data(), json.size(), true).get(element);
  if (error) return fail(std::string("invalid JSON: ") + simdjson::error_message(error));
  return Status::OK();
}

}  // namespace sessionstore::format
