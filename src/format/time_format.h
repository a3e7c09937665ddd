// Timestamps in session files: RFC 3339 UTC with milliseconds,
// "2026-11-22T01:43:58.123Z". Pure functions, thread-safe.

#ifndef SESSIONSTORE_FORMAT_TIME_FORMAT_H_
#define SESSIONSTORE_FORMAT_TIME_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sessionstore::format {

// Unix milliseconds now (CLOCK_REALTIME).
int64_t NowMs();

inline constexpr size_t kTimestampLength = 24;

// Writes `ms` as "YYYY-MM-DDTHH:MM:SS.mmmZ" (kTimestampLength bytes).
void WriteTimestamp(int64_t ms, char* out);
std::string FormatTimestamp(int64_t ms);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)"; nullopt if it is
// not of that form.
std::optional<int64_t> ParseTimestamp(std::string_view s);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_TIME_FORMAT_H_
