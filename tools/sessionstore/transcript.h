// A session as a readable transcript: roles, text, tool calls and results
// (long ones shortened), usage.

#ifndef SESSIONSTORE_TOOLS_TRANSCRIPT_H_
#define SESSIONSTORE_TOOLS_TRANSCRIPT_H_

#include <cstdio>
#include <string_view>

#include "sessionstore/cursor.h"

namespace sessionstore::cli {

// Prints the header, with the session's current `title`, and every
// remaining entry of `cursor` to `out`.
void PrintTranscript(Cursor& cursor, std::string_view title, std::FILE* out);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_TRANSCRIPT_H_
