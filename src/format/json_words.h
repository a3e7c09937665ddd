// What a JSON parser's error means, in a user's words: "not valid JSON",
// "expected a string", never the parser's own ("The JSON element does not
// have the requested type"). Pure functions, thread-safe.

#ifndef SESSIONSTORE_FORMAT_JSON_WORDS_H_
#define SESSIONSTORE_FORMAT_JSON_WORDS_H_

#include <simdjson.h>

#include <string>

namespace sessionstore::format {

// `error` said of a value: "is not valid JSON", "has the wrong type", "is
// not valid UTF-8", "is nested too deep", ...
std::string JsonErrorWords(simdjson::error_code error);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_JSON_WORDS_H_
