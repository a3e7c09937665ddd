// Command-line values that are numbers, read with their ranges checked when
// the command line is parsed: a value out of range, signed, fractional or
// empty is a usage error (exit 2) naming the option, never a wrapped or
// truncated number.

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

// Unix milliseconds now.
int64_t NowMs();

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_OPTIONS_H_
