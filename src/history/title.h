// The title a listing shows for a session without an explicit one.
// Pure function, thread-safe.

#ifndef SESSIONSTORE_HISTORY_TITLE_H_
#define SESSIONSTORE_HISTORY_TITLE_H_

#include <string>
#include <string_view>

namespace sessionstore::history {

inline constexpr size_t kTitleCodePoints = 60;
inline constexpr char kUntitled[] = "New session";

// `text` on one line (runs of whitespace become one space, ends trimmed) and
// cut to 60 code points followed by "…" if it is longer. Never splits a code
// point. Empty if `text` holds no visible character.
std::string TitleFromText(std::string_view text);

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_TITLE_H_
