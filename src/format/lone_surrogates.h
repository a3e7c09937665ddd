// Lone surrogates: a JSON string may hold "\ud800" without the low half
// that makes it a character (JavaScript programs that cut strings by
// UTF-16 length write them). No UTF-8 text can hold one, so sessionstore
// reads each as U+FFFD, the replacement character, as JavaScript's own
// TextEncoder does, and the rest of the line as written.
//
// Pure functions.

#ifndef SESSIONSTORE_FORMAT_LONE_SURROGATES_H_
#define SESSIONSTORE_FORMAT_LONE_SURROGATES_H_

#include <optional>
#include <string>
#include <string_view>

namespace sessionstore::format {

// `json` with each escaped lone surrogate written as "\ufffd" (the same
// six bytes long, so that offsets into it still hold); nullopt if it has
// none. A pair of escapes that makes one character is kept.
std::optional<std::string> WithoutLoneSurrogates(std::string_view json);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_LONE_SURROGATES_H_
