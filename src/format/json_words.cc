#include "format/json_words.h"

namespace sessionstore::format {

std::string JsonErrorWords(simdjson::error_code error) {
  switch (error) {
    case simdjson::SUCCESS: return "is fine";
    case simdjson::INCORRECT_TYPE: return "has the wrong type";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return "is not a number that fits";
    case simdjson::UTF8_ERROR: return "is not valid UTF-8";
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS:
    case simdjson::UNCLOSED_STRING:
      return "holds a string that is not valid JSON (a bad escape or a raw control character)";
    case simdjson::DEPTH_ERROR: return "is nested too deep";
    case simdjson::EMPTY: return "is empty";
    case simdjson::NO_SUCH_FIELD: return "is missing";
    case simdjson::TRAILING_CONTENT: return "has more after its end";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "ends before its last object or array is closed";
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC: return "is too large to read";
    default: return "is not valid JSON";
  }
}

}  // namespace sessionstore::format
