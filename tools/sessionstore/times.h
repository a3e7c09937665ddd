// How the command shows times to a person: RFC 3339 in UTC is for --json and
// scripts (FormatTimestamp); a table on a terminal says how long ago, and
// otherwise the local time with its zone, so that no time is read in the
// wrong zone.

#ifndef SESSIONSTORE_TOOLS_TIMES_H_
#define SESSIONSTORE_TOOLS_TIMES_H_

#include <cstdint>
#include <string>

namespace sessionstore::cli {

// "2026-11-22 02:43 +0100": local time ($TZ) with its offset from UTC;
// `seconds` adds them ("02:43:10").
std::string LocalTime(int64_t ms, bool seconds = false);
// "just now", "42 sec ago", "3 min ago", "5 hours ago", "2 days ago",
// "3 weeks ago"; past 8 weeks the local date ("2026-09-01"). A time after
// `now_ms` (a clock set back) is "in the future".
std::string Ago(int64_t ms, int64_t now_ms);
// A table's time column: Ago on a terminal (stdout), else LocalTime.
std::string TableTime(int64_t ms);
// stdout is a terminal.
bool StdoutIsTerminal();

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_TIMES_H_
