// Command-line values read with their rules checked when the command line
// is parsed: a number out of range, signed, fractional or empty, and an
// empty value where empty means nothing, are usage errors (exit 2) naming
// the option, never a wrapped number or a silent default.

#ifndef SESSIONSTORE_TOOLS_OPTIONS_H_
#define SESSIONSTORE_TOOLS_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace sessionstore::cli {

// A whole number from 0 to `max` ("--keep 5") into *out.
CLI::Option* AddCount(CLI::App* sub, const std::string& name, size_t* out, const std::string& help,
                      size_t max = size_t{1} << 31);

// An age like 45s, 90m, 12h, 30d or 2w, back to the Unix epoch at most, into
// *out_ms (milliseconds).
CLI::Option* AddAge(CLI::App* sub, const std::string& name, int64_t* out_ms, const std::string& help);

// A point in time, given as an age back from now (30d, 12h, as AddAge) or a
// date: 2026-11-22 (the day's start, local time), 2026-11-22T10:30 (local)
// or RFC 3339 (2026-11-22T10:30:00Z, +01:00). Into *out_ms (Unix ms).
CLI::Option* AddTime(CLI::App* sub, const std::string& name, int64_t* out_ms, const std::string& help);

// A workspace: a directory, kept as an absolute path without "." or ".."
// parts or a trailing slash, so that "/src/app/", "." in /src/app and
// "../app" in /src/web all name /src/app (NormalizeWorkspace).
CLI::Option* AddWorkspace(CLI::App* sub, const std::string& name, std::string* out, const std::string& help);
// `path` made absolute from the working directory and lexically
// normalised; symbolic links are not followed (the path may not exist).
std::string NormalizeWorkspace(std::string_view path);
// The working directory, as `new` records it for a session's workspace.
std::string CurrentWorkspace();

// Refuses an empty value for `option` (`--store ""` from an unset
// variable must not mean the default store). Returns `option`.
CLI::Option* NotEmpty(CLI::Option* option);

// Unix milliseconds now.
int64_t NowMs();

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_OPTIONS_H_
